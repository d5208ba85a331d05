import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import { renderVhost } from "../shared/nginx-vhost";
import { AppState, canonicalJson, configDigest, releaseIdentity, StoredSpec } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";
import { listApps } from "./app-info";
import { pruneImages } from "./prune";
import * as docker from "./docker";

jest.mock("fs", () => { const real = jest.requireActual("fs"); return { ...real, renameSync: jest.fn(real.renameSync) }; });
jest.mock("./docker");

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

let root: string;
beforeEach(() => {
    root = makeHostRoot("state");
});
afterEach(() => {
    removeHostRoot(root);
});

const spec = { app: "shop", source: "image", image: "x:1", port: 5000, healthPath: "/", processes: { web: { count: 1 } },
    tlsDomains: [], hostnames: ["shop.example.com"], clientMaxBodySize: "10m" } as unknown as StoredSpec;

test("canonical JSON sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[{"e":2,"f":1}]},"b":1}');
    expect(configDigest({ A: "1", B: "2" })).toBe(configDigest({ B: "2", A: "1" }));
});

test("a release's identity depends on spec, image and config, not on the build folder", () => {
    const id = releaseIdentity(spec, { A: "1" }, "x:1");
    expect(releaseIdentity({ ...spec, buildContext: "/root/paas-uploads/build-shop-1" } as StoredSpec, { A: "1" }, "x:1")).toBe(id);
    expect(releaseIdentity(spec, { A: "2" }, "x:1")).not.toBe(id);
    expect(releaseIdentity(spec, { A: "1" }, "x:2")).not.toBe(id);
    expect(releaseIdentity({ ...spec, port: 5001 }, { A: "1" }, "x:1")).not.toBe(id);
});

test("releases are recorded, numbered and kept root-only; the config file is 0600", () => {
    const state = new AppState("shop");
    state.ensure();
    expect([state.currentVersion(), state.lastVersion(), state.servingLabel()]).toEqual([0, 0, "no release"]);
    const record = { version: 1, image: "x:1", configDigest: configDigest({ A: "1" }), createdAt: "2026-12-01T00:00:00Z", source: "image", spec, identity: "i" };
    state.recordRelease(record, { A: "1" });
    state.recordRelease({ ...record, version: 2 }, { A: "2" });
    expect([state.currentVersion(), state.lastVersion(), state.servingLabel()]).toEqual([2, 2, "release v2"]);
    expect(state.releases().map(r => r.version)).toEqual([1, 2]);
    expect(state.releaseEnv(1)).toEqual({ A: "1" });
    expect(state.env()).toEqual({ A: "2" });
    const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
    expect(mode(state.dir)).toBe("700");
    expect(mode(`${state.dir}/env.json`)).toBe("600");
    expect(mode(`${state.dir}/releases/v1.env.json`)).toBe("600");
});

test("staged config and the pushed image round-trip", () => {
    const state = new AppState("shop");
    state.ensure();
    expect(state.stagedConfig()).toBeUndefined();
    state.stageConfig({ B: "2", A: "1" }, { A: "0123456789abcdef", B: "fedcba9876543210" });
    expect(state.stagedConfig()).toEqual({ env: { A: "1", B: "2" }, fingerprints: { A: "0123456789abcdef", B: "fedcba9876543210" } });
    expect((fs.statSync(`${state.dir}/staged-config.json`).mode & 0o777).toString(8)).toBe("600");
    state.setPushed("paas/shop:0123456789ab", "0123456789ab0123456789ab0123456789ab0123");
    expect([state.pushedImage(), state.pushedCommit()]).toEqual(["paas/shop:0123456789ab", "0123456789ab0123456789ab0123456789ab0123"]);
});

const record = (version: number) => ({ version, image: `x:${version}`, configDigest: configDigest({}), createdAt: "2026-12-01T00:00:00Z", source: "image", spec, identity: `i${version}` });

test.each([0, 1, 2, 3, 4])("a crash after %i of a record's files leaves a history that reads: the current release has its record and config", n => {
    const state = new AppState("shop");
    state.ensure();
    state.recordRelease(record(1), { A: "1" });
    const rename = jest.mocked(fs.renameSync);
    let left = n;
    rename.mockImplementation((from, to) => {
        if (left-- <= 0) throw new Error("crash");
        jest.requireActual("fs").renameSync(from, to);
    });
    try {
        expect(() => state.recordRelease(record(2), { A: "2" })).toThrow("crash");
    } finally {
        rename.mockImplementation(jest.requireActual("fs").renameSync);
    }
    const current = state.currentVersion();
    expect([1, 2]).toContain(current);
    expect(state.current()?.version).toBe(current);
    expect(state.releaseEnv(current)).toEqual({ A: String(current) });
    for (const r of state.releases()) expect(state.releaseEnv(r.version)).toBeDefined();
    expect(fs.readdirSync(`${state.dir}/releases`).filter(f => f.startsWith("."))).toEqual([]);
});

test("a record cut short is skipped with a warning naming it: releases, list and prune go on, for this app and the others", async () => {
    const warnings: string[] = [];
    jest.spyOn(process.stderr, "write").mockImplementation(c => { warnings.push(String(c)); return true; });
    jest.mocked(docker.docker).mockResolvedValue({ code: 0, stdout: "", stderr: "", timedOut: false });
    const shop = new AppState("shop"), blog = new AppState("blog");
    for (const s of [shop, blog]) {
        s.ensure();
        s.recordRelease(record(1), {});
        s.recordRelease(record(2), {});
    }
    fs.writeFileSync(`${shop.dir}/releases/v1.json`, '{"version": 1, "ima');
    fs.writeFileSync(`${shop.dir}/releases/v2.json`, "[]");
    expect(shop.releases()).toEqual([]);
    expect(blog.releases().map(r => r.version)).toEqual([1, 2]);
    expect(warnings.join("")).toMatch(new RegExp(`skipping ${shop.dir}/releases/v1.json: .*JSON`));
    expect(warnings.join("")).toContain(`skipping ${shop.dir}/releases/v2.json: not a release record`);
    expect(listApps().map(a => [a.app, a.release])).toEqual([["blog", "v2"], ["shop", ""]]);
    await pruneImages();
    expect(shop.lastVersion()).toBe(2);
    jest.restoreAllMocks();
});

test("a record and spec stored before the host rendered vhosts itself read as data, their identity that of the same deploy now", () => {
    const state = new AppState("shop");
    state.ensure();
    const data = { ...spec, hostnames: ["shop.example.com", "www.example.com"], tlsDomains: ["www.example.com"], clientMaxBodySize: "25m" } as StoredSpec;
    const { clientMaxBodySize: _size, ...rest } = data;
    const earlier = { ...rest, vhost: renderVhost({ app: "shop", hostnames: data.hostnames, tlsHostnames: data.tlsDomains, clientMaxBodySize: "25m" }) };
    // The identity as the earlier host computed it: the spec with its rendered text.
    const earlierIdentity = sha256(canonicalJson({ spec: earlier, image: "x:1", configDigest: configDigest({ A: "1" }) }));
    fs.mkdirSync(`${state.dir}/releases`);
    fs.writeFileSync(`${state.dir}/releases/v1.json`, JSON.stringify({ version: 1, image: "x:1", configDigest: configDigest({ A: "1" }),
        createdAt: "2026-12-01T00:00:00Z", source: "image", spec: earlier, identity: earlierIdentity }));
    fs.writeFileSync(`${state.dir}/current.json`, JSON.stringify(earlier));
    fs.writeFileSync(`${state.dir}/current-release`, "1\n");
    expect(state.spec()).toEqual(data);
    expect(state.current()?.spec).toEqual(data);
    expect(state.releases()[0].spec).toEqual(data);
    // The same app deployed again is unchanged.
    expect(state.current()?.identity).toBe(releaseIdentity(data, { A: "1" }, "x:1"));
    expect(releaseIdentity(data, { A: "1" }, "x:1")).not.toBe(earlierIdentity);
});
