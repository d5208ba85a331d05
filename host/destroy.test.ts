import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dropPostgres } from "./addons/postgres";
import { dropRedis } from "./addons/redis";
import { deleteCertificates } from "./certificates";
import { removeCronJobs } from "./cron";
import { grantKeys } from "./deploy-keys";
import { destroy } from "./destroy";
import { containers, docker } from "./docker";
import { drain } from "./drain";
import { unroute } from "./router";
import { AppState, configDigest, StoredSpec } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./addons/postgres");
jest.mock("./addons/redis");
jest.mock("./docker");
jest.mock("./router");
jest.mock("./certificates");
jest.mock("./cron");
jest.mock("./deploy-keys");
jest.mock("./as-user", () => ({ removeAs: async (_user: string, p: string) => require("fs").rmSync(p, { recursive: true, force: true }) }));
// No drain to wait for in a test.
jest.mock("./drain", () => ({ ...jest.requireActual("./drain"), drain: jest.fn() }));

let root: string, log: string[], out: string[];
const ok = (stdout = "") => ({ code: 0, stdout, stderr: "", timedOut: false });
const exists = (app: string) => fs.existsSync(new AppState(app).dir);

beforeEach(() => {
    root = makeHostRoot("destroy");
    [log, out] = [[], []];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(String(c)); return true; });
    jest.mocked(unroute).mockImplementation(async app => { log.push(`unroute ${app} state=${exists(app)}`); });
    // c1 and c2, and c3 that a `paas run` started while the app went.
    let listed = 0;
    jest.mocked(containers).mockImplementation(async labels => { log.push(`containers ${JSON.stringify(labels)}`); return listed++ === 0 ? ["c1", "c2"] : ["c3"]; });
    jest.mocked(removeCronJobs).mockImplementation(async app => { log.push(`cron jobs of ${app} removed`); });
    jest.mocked(drain).mockImplementation(async order => { log.push(`remove ${order.ids.join(" ")} state=${exists("my-shop")}`); });
    jest.mocked(deleteCertificates).mockImplementation(async (app, keep) => { log.push(`certificates ${app} ${keep ?? "all"}`); });
    jest.mocked(docker).mockImplementation(async args => {
        log.push(`docker ${args.join(" ")}`);
        if (args[0] === "images" && args[1] === "--format") return ok("paas/my-shop:0123456789ab\npaas/my-shop:<none>\n");
        if (args[0] === "images") return ok("sha256:dangling\n");
        return ok();
    });
    jest.mocked(grantKeys).mockImplementation(async (app, keys) => { log.push(`keys ${app} ${keys.length}`); });
    jest.mocked(dropPostgres).mockImplementation(async name => { log.push(`drop postgres ${name}`); });
    jest.mocked(dropRedis).mockImplementation(async name => { log.push(`drop redis ${name}`); });
});
afterEach(() => {
    jest.restoreAllMocks();
    removeHostRoot(root);
});

/** An app with releases of IMAGES and, when given, an owner. */
function app(name: string, images: string[], owner?: string): AppState {
    const state = new AppState(name);
    state.ensure();
    images.forEach((image, n) => state.recordRelease({ version: n + 1, image, configDigest: configDigest({}), createdAt: "2026-01-01T00:00:00Z",
        source: "image", spec: {} as StoredSpec, identity: `i${n}` }, {}));
    if (owner) fs.writeFileSync(state.ownerFile, `${owner}\n`);
    return state;
}

test("an app that belongs to another owner now is kept whole", async () => {
    const state = app("my-shop", ["shop:1"], "urn:new");
    await destroy(JSON.stringify({ app: "my-shop", owner: "urn:old" }), undefined);
    expect(out).toEqual(["kept my-shop: it belongs to urn:new now\n"]);
    expect(log).toEqual([]);
    expect(state.releases().map(r => r.image)).toEqual(["shop:1"]);
});

test("routing goes first, then the scheduled jobs, then every container, certificates, images; then the state; data is kept by default", async () => {
    app("my-shop", ["shop:1", "common:1"], "urn:same");
    app("other", ["common:1"]);
    const put = (p: string) => fs.mkdirSync(`${root}${p}`, { recursive: true });
    ["/home/git/my-shop.git", "/root/paas-uploads/build-my-shop-0123456789ab", "/root/paas-uploads/build-my-shop-two-0123456789ab", "/root/paas-uploads/build-my-shop-notes", "/root/paas-uploads/server-0123456789abcdef"].forEach(put);
    await destroy(JSON.stringify({ app: "my-shop", owner: "urn:same" }), "my-shop");
    expect(log).toEqual([
        "unroute my-shop state=true",
        "cron jobs of my-shop removed",
        'containers {"paas.app":"my-shop"}',
        "remove c1 c2 state=true",
        "docker network ls -q --filter label=paas.app=my-shop",
        "certificates my-shop all",
        "docker images --format {{.Repository}}:{{.Tag}} paas/my-shop",
        "docker rmi paas/my-shop:0123456789ab shop:1",
        "docker images -q --filter dangling=true --filter label=paas.app=my-shop",
        "docker rmi sha256:dangling",
        'containers {"paas.app":"my-shop"}',
        "docker rm -f c3",
        "docker network ls -q --filter label=paas.app=my-shop",
    ]);
    expect(exists("my-shop")).toBe(false);
    expect(exists("other")).toBe(true);
    expect(fs.readdirSync(`${root}/root/paas-uploads`).sort()).toEqual(["build-my-shop-notes", "build-my-shop-two-0123456789ab", "server-0123456789abcdef"]);
    expect(fs.existsSync(`${root}/home/git/my-shop.git`)).toBe(false);
    expect(out).toEqual(["destroyed my-shop\n"]);
});

test("keepData false removes the app's volumes and no add-on's data (each add-on's own delete decides); deploy keys go when there are any", async () => {
    app("my-shop", []);
    fs.mkdirSync(`${root}/home/git/.ssh`, { recursive: true });
    fs.writeFileSync(`${root}/home/git/.ssh/authorized_keys`, "");
    const plain = jest.mocked(docker).getMockImplementation()!;
    jest.mocked(docker).mockImplementation(async (args, opts) => {
        if (args[0] === "volume" && args[1] === "ls") { log.push(`docker ${args.join(" ")}`); return ok("paas-my-shop-uploads\n"); }
        return plain(args, opts);
    });
    await destroy(JSON.stringify({ app: "my-shop", keepData: false }), undefined);
    expect(log).toContain("docker volume rm paas-my-shop-uploads");
    expect(log).toContain("keys my-shop 0");
    expect(dropPostgres).not.toHaveBeenCalled();
    expect(dropRedis).not.toHaveBeenCalled();
    expect(out).toEqual(["destroyed my-shop and its volumes\n"]);
});

test("an app named only by the argument, with empty stdin, is destroyed with its data kept", async () => {
    app("my-shop", []);
    await destroy("", "my-shop");
    expect(log.some(l => l.startsWith("drop"))).toBe(false);
    expect(log.some(l => l.startsWith("keys"))).toBe(false);
    expect(out).toEqual(["destroyed my-shop\n"]);
});

test("bad input is refused before anything changes", async () => {
    app("my-shop", []);
    await expect(destroy("{", undefined)).rejects.toThrow(/^input: must be a JSON object$/);
    await expect(destroy(JSON.stringify({ app: "other" }), "my-shop")).rejects.toThrow(/^app: the argument and stdin name different apps$/);
    expect(log).toEqual([]);
    expect(exists("my-shop")).toBe(true);
});
