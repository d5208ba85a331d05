import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { buildAppSpec } from "../shared/app-spec";
import * as certificates from "./certificates";
import * as docker from "./docker";
import { HostError } from "./output";
import * as ports from "./ports";
import * as drain from "./drain";
import { answers, deployRelease, isMutableTag, requestPath } from "./release";
import * as router from "./router";
import { AppState, configDigest, StoredSpec } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./docker");
jest.mock("./router");
jest.mock("./ports");
jest.mock("./certificates");
jest.mock("./drain", () => ({ ...jest.requireActual("./drain"), drainInBackground: jest.fn() }));
jest.setTimeout(20000);

const { env: _env, ...built } = buildAppSpec({
    app: "shop", platformDomain: "example.com", source: "image", image: "registry.example.com/shop:2", env: {},
    processes: { web: { count: 2 }, worker: { count: 1, command: ["node", "worker.js"] } }, port: 5000, healthPath: "/healthz",
    releaseCommand: ["npm", "run", "migrate"], domains: [], clientMaxBodySize: "10m",
});
const spec = built as StoredSpec;
const image = "registry.example.com/shop:2";
const env = { SECRET: "s3cr=t value", DATABASE_URL: "postgres://u:pw@paas-host/shop" };
const ok = (stdout = "") => ({ code: 0, stdout, stderr: "", timedOut: false });

let root: string, server: http.Server, address: string, status: number, nginxAccepts: boolean;
let log: string[], out: string[], live: Map<string, string>, processes: Map<string, string>, wait: ReturnType<typeof ok>;
let started: { name: string; env: Record<string, string>; port: number; args: readonly string[] }[];

beforeEach(async () => {
    root = makeHostRoot("release");
    [log, out, live, processes, started, status, nginxAccepts, wait] = [[], [], new Map(), new Map(), [], 200, true, ok("0\n")];
    server = http.createServer((req, res) => { log.push(`health ${req.url}`); res.statusCode = status; res.end(); });
    await new Promise<void>(r => server.listen(0, "127.0.0.1", r));
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(...String(c).split("\n").filter(l => l !== "")); return true; });
    jest.spyOn(process.stderr, "write").mockImplementation(() => true);

    // The engine as a map of container name → release label.
    jest.mocked(docker.envFlags).mockImplementation(jest.requireActual("./docker").envFlags);
    jest.mocked(docker.dockerWithEnv).mockImplementation(async (e, port, args) => {
        const name = args[args.indexOf("--name") + 1];
        live.set(name, args.find(a => a.startsWith("paas.release="))!.slice("paas.release=".length));
        processes.set(name, args.find(a => a.startsWith("paas.process="))!.slice("paas.process=".length));
        started.push({ name, env: e, port, args });
        log.push(`start ${name}`);
        return ok(`${name}\n`);
    });
    jest.mocked(docker.docker).mockImplementation(async args => {
        log.push(`docker ${args[0]}`);
        if (args[0] === "rm") live.delete(args[2]);
        return args[0] === "wait" ? wait : ok();
    });
    jest.mocked(docker.imageExists).mockResolvedValue(true);
    jest.mocked(docker.isRunning).mockResolvedValue(true);
    jest.mocked(docker.publishedAddress).mockImplementation(async () => address);
    jest.mocked(docker.containers).mockImplementation(async labels => [...live].filter(([, r]) => r === labels["paas.release"]).map(([id]) => id));
    jest.mocked(docker.containerReleases).mockImplementation(async () => {
        log.push(`list current=v${new AppState("shop").currentVersion()}`);
        return [...live].map(([id, release]) => ({ id, release, process: processes.get(id) ?? "web" }));
    });
    jest.mocked(docker.removeContainers).mockImplementation(async ids => {
        if (ids.length > 0) log.push(`remove ${ids.join(" ")}`);
        ids.forEach(id => live.delete(id));
    });
    let port = 20001;
    jest.mocked(ports.withFreePort).mockImplementation(start => start(port++));
    jest.mocked(router.switchRouter).mockImplementation(async (_app, _vhost, addresses) => {
        log.push(`switch ${addresses.join(" ")} current=v${new AppState("shop").currentVersion()}`);
        return nginxAccepts;
    });
    jest.mocked(router.currentAddresses).mockReturnValue([]);
    jest.mocked(certificates.hasCertificate).mockReturnValue(false);
    jest.mocked(certificates.obtainCertificates).mockImplementation(async () => { log.push("certificates"); return false; });
    jest.mocked(drain.drainInBackground).mockImplementation(async order => {
        log.push(`drain ${order.ids.join(" ")} after ${order.stopTimeout}s`);
        order.ids.forEach(id => live.delete(id));
    });
});

afterEach(async () => {
    jest.restoreAllMocks();
    await new Promise(r => server.close(r));
    delete process.env.PAAS_HEALTH_TIMEOUT;
    removeHostRoot(root);
});

/** Records releases VERSIONS (the last one serving, with one web container "old-web"). */
function previous(...versions: number[]): AppState {
    const state = new AppState("shop");
    state.ensure();
    for (const version of versions) {
        state.recordRelease({ version, image: "registry.example.com/shop:1", configDigest: configDigest({}), createdAt: "2026-01-01T00:00:00Z",
            source: "image", spec, identity: `old-${version}` }, {});
    }
    if (versions.length > 0) live.set("old-web", `v${versions[versions.length - 1]}`);
    return state;
}

test("steps in order: release command, containers, health, switch, record, old ones drain in the background, certificates, last line", async () => {
    const state = previous(1, 3);
    await deployRelease({ state, spec, env, image, source: "image" });
    expect(log).toEqual([
        "docker network",
        "start paas_shop_v4_release_1", "docker logs", "docker wait", "docker rm",
        "start paas_shop_v4_web_1", "start paas_shop_v4_web_2", "start paas_shop_v4_worker_1",
        "health /healthz", "health /healthz",
        `switch ${address} ${address} current=v3`,
        "list current=v4",
        "docker network",
        "drain old-web after 30s",
        "certificates",
    ]);
    expect(out[out.length - 1]).toBe(`released v4 ${image}`);
    expect([state.currentVersion(), state.lastVersion()]).toEqual([4, 4]);
    expect(state.release(4)).toMatchObject({ version: 4, image, source: "image", configDigest: configDigest(env) });
    expect(state.releaseEnv(4)).toEqual(env);
    expect([...live.keys()]).toEqual(["paas_shop_v4_web_1", "paas_shop_v4_web_2", "paas_shop_v4_worker_1"]);
});

test("config vars travel as -e NAME and the environment; only web is published on loopback", async () => {
    await deployRelease({ state: previous(), spec, env, image, source: "image" });
    expect(started.map(s => s.name)).toEqual(["paas_shop_v1_release_1", "paas_shop_v1_web_1", "paas_shop_v1_web_2", "paas_shop_v1_worker_1"]);
    const dynos = ["release.1", "web.1", "web.2", "worker.1"];
    started.forEach((s, n) => {
        // The app's config, and Heroku's runtime conventions: the dyno's name and the release's metadata.
        expect(s.env).toEqual({ ...env, DYNO: dynos[n], HEROKU_APP_NAME: "shop", HEROKU_RELEASE_VERSION: "v1",
            HEROKU_RELEASE_CREATED_AT: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
        expect(s.port).toBe(5000);
        const flags = s.args.flatMap((a, i) => a === "-e" ? [s.args[i + 1]] : []);
        expect(flags).toEqual(["PORT", "DATABASE_URL", "DYNO", "HEROKU_APP_NAME", "HEROKU_RELEASE_CREATED_AT", "HEROKU_RELEASE_VERSION", "SECRET"]);
        expect(s.args.join(" ")).not.toMatch(/s3cr=t|pw@|SECRET=|DATABASE_URL=/);
        expect(s.args).toContain(image);
    });
    const published = (n: number) => started[n].args.filter((a, i) => started[n].args[i - 1] === "-p");
    expect([published(0), published(1), published(2), published(3)]).toEqual([[], ["127.0.0.1:20001:5000"], ["127.0.0.1:20002:5000"], []]);
    expect(started[0].args.slice(-3)).toEqual(["npm", "run", "migrate"]);
    expect(started[3].args.slice(-3)).toEqual([image, "node", "worker.js"]);
    expect(started[3].args).toEqual(expect.arrayContaining(["paas.process=worker", "--restart", "unless-stopped"]));
    expect(out[out.length - 1]).toBe(`released v1 ${image}`);
});

const newOnes = "remove paas_shop_v2_web_1 paas_shop_v2_web_2 paas_shop_v2_worker_1";
test.each<[string, () => void, string, string | undefined]>([
    ["the release command exits 3", () => { wait = ok("3\n"); }, "release command failed with exit code 3", undefined],
    ["the release command times out", () => { wait = { ...ok(), code: 143, timedOut: true }; }, "release command did not finish within 1800 s", undefined],
    ["the health check answers 500", () => { status = 500; process.env.PAAS_HEALTH_TIMEOUT = "1"; },
        "health check failed: /healthz did not answer 2xx/3xx within 1s", newOnes],
    ["nginx refuses", () => { nginxAccepts = false; }, "nginx refused the new configuration", newOnes],
])("%s: the new containers go, nothing is recorded, the old release keeps serving", async (_what, setup, message, removed) => {
    const state = previous(1);
    setup();
    const e = await deployRelease({ state, spec, env, image, source: "image" }).catch(x => x);
    expect(e).toBeInstanceOf(HostError);
    expect(e.message).toBe(`${message}; release v1 keeps serving`);
    expect([state.currentVersion(), state.lastVersion(), state.release(2)]).toEqual([1, 1, undefined]);
    expect([...live.keys()]).toEqual(["old-web"]);
    if (removed) expect(log).toContain(removed);
    else expect(log.filter(l => l.startsWith("start"))).toEqual(["start paas_shop_v2_release_1"]);
    expect(log.filter(l => /^(list|certificates)/.test(l))).toEqual([]);
    expect(out.filter(l => l.startsWith("released"))).toEqual([]);
});

test("a first release that fails says no release keeps serving", async () => {
    nginxAccepts = false;
    await expect(deployRelease({ state: previous(), spec, env, image, source: "image" }))
        .rejects.toThrow(/^nginx refused the new configuration; no release keeps serving$/);
    expect([...live.keys()]).toEqual([]);
});

test("an image neither present nor pullable starts nothing", async () => {
    jest.mocked(docker.imageExists).mockResolvedValue(false);
    jest.mocked(docker.docker).mockResolvedValueOnce({ ...ok(), code: 1 });
    await expect(deployRelease({ state: previous(1), spec, env, image, source: "image" }))
        .rejects.toThrow(`image: ${image} is neither on the host nor pullable; release v1 keeps serving`);
    expect(started).toEqual([]);
});

test("a tag that moves is pulled again; a fixed one only when missing", () => {
    expect(["nginx", "nginx:latest", "registry.example.com:5000/team/app", "registry.example.com:5000/team/app:latest"].map(isMutableTag)).toEqual([true, true, true, true]);
    expect(["nginx:1.25", "registry.example.com:5000/team/app:1.2", `app@sha256:${"a".repeat(64)}`, "paas/shop:0123456789ab"].map(isMutableTag)).toEqual([false, false, false, false]);
});

test("a deploy drains the previous release's web and worker containers only: its one-off and job containers run on", async () => {
    const state = previous(1);
    for (const [name, process] of [["old-worker", "worker"], ["old-run", "run"], ["old-job", "scheduler"]]) {
        live.set(name, "v1");
        processes.set(name, process);
    }
    await deployRelease({ state, spec, env, image, source: "image" });
    expect(log.filter(l => l.startsWith("drain"))).toEqual(["drain old-web old-worker after 30s"]);
    expect([...live.keys()].filter(k => k.startsWith("old"))).toEqual(["old-run", "old-job"]);
});

test("the network of an earlier version's name goes with the drained containers", async () => {
    jest.mocked(docker.docker).mockImplementation(async args => {
        // Only `paas-shop` exists, labelled with the app.
        if (args[0] === "network" && args[1] === "inspect") return args[args.length - 1] === "paas-shop" ? ok("shop\n") : { ...ok(), code: 1 };
        return args[0] === "wait" ? wait : ok();
    });
    await deployRelease({ state: previous(1), spec, env, image, source: "image" });
    expect(jest.mocked(drain.drainInBackground).mock.lastCall![0]).toEqual({ ids: ["old-web"], stopTimeout: 30, networks: ["paas-shop"], app: "shop", release: "v2" });
    expect(started[1].args).toEqual(expect.arrayContaining(["--network", "paas_shop"]));
});

test("a health path outside Latin-1 is asked percent-encoded, and the deploy goes on", async () => {
    const unicode = { ...spec, healthPath: "/santé/健康?q=✓" } as StoredSpec;
    await deployRelease({ state: previous(1), spec: unicode, env, image, source: "image" });
    expect(log.filter(l => l.startsWith("health"))).toEqual(["health /sant%C3%A9/%E5%81%A5%E5%BA%B7?q=%E2%9C%93", "health /sant%C3%A9/%E5%81%A5%E5%BA%B7?q=%E2%9C%93"]);
    expect(out[out.length - 1]).toBe(`released v2 ${image}`);
    // Printable ASCII stays as it is (a %-escape already there included); a lone surrogate cannot throw either.
    expect(requestPath("/a/b?c=d&e=%20")).toBe("/a/b?c=d&e=%20");
    expect(requestPath("/\ud800")).toBe("/%EF%BF%BD");
    expect(await answers(address, "/\u{1F600}")).toBe(true);
});
