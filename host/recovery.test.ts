import * as http from "http";
import type { AddressInfo } from "net";
import { buildAppSpec } from "../shared/app-spec";
import * as certificates from "./certificates";
import * as docker from "./docker";
import * as drain from "./drain";
import * as failpoints from "./failpoints";
import { isBefore, Journal, JournalEntry, Phase, phases } from "./journal";
import * as ports from "./ports";
import { decideRecovery, recover } from "./recovery";
import { deployRelease } from "./release";
import * as router from "./router";
import { AppState, configDigest, StoredSpec } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./docker");
jest.mock("./router");
jest.mock("./ports");
jest.mock("./certificates");
jest.mock("./failpoints");
jest.mock("./drain", () => ({ ...jest.requireActual("./drain"), drainInBackground: jest.fn(), finishPendingDrains: jest.fn() }));
jest.setTimeout(20000);

const { env: _env, ...built } = buildAppSpec({
    app: "shop", platformDomain: "example.com", source: "image", image: "registry.example.com/shop:2", env: {},
    processes: { web: { count: 2 } }, port: 5000, healthPath: "/", domains: [], clientMaxBodySize: "10m",
});
const spec = built as StoredSpec;
const image = "registry.example.com/shop:2";
const env = { GREETING: "new" };
const ok = (stdout = "") => ({ code: 0, stdout, stderr: "", timedOut: false });

let root: string, server: http.Server, address: string, log: string[], live: Map<string, string>, upstream: string[];

beforeEach(async () => {
    root = makeHostRoot("recovery");
    [log, live, upstream] = [[], new Map(), ["127.0.0.1:20000"]];
    server = http.createServer((_req, res) => res.end());
    await new Promise<void>(r => server.listen(0, "127.0.0.1", r));
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    jest.mocked(docker.envFlags).mockImplementation(jest.requireActual("./docker").envFlags);
    jest.mocked(docker.dockerWithEnv).mockImplementation(async (_e, _port, args) => {
        const name = args[args.indexOf("--name") + 1];
        live.set(name, args.find(a => a.startsWith("paas.release="))!.slice("paas.release=".length));
        return ok(`${name}\n`);
    });
    jest.mocked(docker.docker).mockImplementation(async () => ok());
    jest.mocked(docker.imageExists).mockResolvedValue(true);
    jest.mocked(docker.isRunning).mockResolvedValue(true);
    jest.mocked(docker.publishedAddress).mockImplementation(async () => address);
    jest.mocked(docker.containers).mockImplementation(async labels => [...live].filter(([, r]) => r === labels["paas.release"]).map(([id]) => id));
    jest.mocked(docker.containerReleases).mockImplementation(async () => [...live].map(([id, release]) => ({ id, release, process: "web" })));
    jest.mocked(docker.removeContainers).mockImplementation(async ids => {
        if (ids.length > 0) log.push(`remove ${ids.join(" ")}`);
        ids.forEach(id => live.delete(id));
    });
    jest.mocked(ports.withFreePort).mockImplementation(start => start(20001));
    jest.mocked(router.switchRouter).mockImplementation(async (_app, _vhost, addresses) => {
        log.push(`switch ${addresses.join(" ")}`);
        upstream = addresses;
        return true;
    });
    jest.mocked(router.currentAddresses).mockImplementation(() => upstream);
    jest.mocked(router.unroute).mockImplementation(async () => { log.push("unroute"); });
    jest.mocked(certificates.hasCertificate).mockReturnValue(false);
    jest.mocked(certificates.obtainCertificates).mockImplementation(async () => { log.push("certificates"); return false; });
    jest.mocked(drain.drainInBackground).mockImplementation(async order => {
        log.push(`drain ${order.ids.join(" ")}`);
        order.ids.forEach(id => live.delete(id));
    });
    jest.mocked(failpoints.failpoint).mockResolvedValue(undefined);
});

afterEach(async () => {
    jest.restoreAllMocks();
    await new Promise(r => server.close(r));
    removeHostRoot(root);
});

/** An app serving v1 from one web container, "old-web". */
function serving(): AppState {
    const state = new AppState("shop");
    state.ensure();
    state.recordRelease({ version: 1, image: "registry.example.com/shop:1", configDigest: configDigest({}), createdAt: "2026-01-01T00:00:00Z",
        source: "image", spec, identity: "old" }, {});
    live.set("old-web", "v1");
    return state;
}

/** A deploy of v2 that dies as it enters PHASE: it never goes on (as a process killed there). */
async function dieAt(state: AppState, phase: Phase): Promise<void> {
    let reached!: () => void;
    const there = new Promise<void>(r => { reached = r; });
    jest.mocked(failpoints.failpoint).mockImplementation(async (_app, p) => {
        if (p !== phase) return;
        reached();
        await new Promise(() => undefined);
    });
    void deployRelease({ state, spec, env, image, source: "image" });
    await there;
    jest.mocked(failpoints.failpoint).mockResolvedValue(undefined);
    log.length = 0;
}

test("each phase has its way back: undone before the switch, finished from it on", () => {
    const entry = (phase: Phase): JournalEntry => ({ phase, version: 2, release: "v2", image, previous: { version: 1, addresses: [] }, web: ["w1"] });
    const all = new Set(["w1"]), none = new Set<string>();
    expect(phases.map(p => decideRecovery(entry(p), all))).toEqual([
        ...["image", "release-command", "start", "health"].map(() => ({ action: "undo" })),
        ...["switch", "record", "drain", "cron", "certificates"].map(from => ({ action: "finish", from })),
    ]);
    // The new web containers gone (removed by hand, say) before nginx certainly routed to them: back.
    expect(decideRecovery(entry("switch"), none)).toEqual({ action: "back" });
    expect(decideRecovery(entry("record"), none)).toEqual({ action: "finish", from: "record" });
    expect(phases.filter(p => isBefore(p, "switch"))).toEqual(["image", "release-command", "start", "health"]);
});

test.each<Phase>(["image", "release-command", "start", "health"])("a deploy that died at %s: its containers go, v1 keeps serving, nothing recorded", async phase => {
    const state = serving();
    await dieAt(state, phase);
    expect(Journal.read(state)?.entry).toMatchObject({ phase, version: 2, release: "v2", image, previous: { version: 1, addresses: ["127.0.0.1:20000"] } });
    await recover(state);
    expect([...live.keys()]).toEqual(["old-web"]);
    expect(log.filter(l => l.startsWith("switch"))).toEqual([]);
    expect([state.currentVersion(), state.lastVersion()]).toEqual([1, 1]);
    expect(Journal.read(state)).toBeUndefined();
});

test("a deploy that died at the switch is finished: routed to the new containers, recorded, the old one drained", async () => {
    const state = serving();
    await dieAt(state, "switch");
    const entry = Journal.read(state)!.entry;
    expect(entry).toMatchObject({ phase: "switch", web: ["paas_shop_v2_web_1", "paas_shop_v2_web_2"], addresses: [address, address],
        record: { version: 2, image, configDigest: configDigest(env) }, env });
    await recover(state);
    expect(log).toEqual([`switch ${address} ${address}`, "drain old-web", "certificates"]);
    expect([state.currentVersion(), state.releaseEnv(2), state.spec()]).toEqual([2, env, spec]);
    expect([...live.values()]).toEqual(["v2", "v2"]);
    expect(Journal.read(state)).toBeUndefined();
});

test("a deploy that died at the switch whose new containers are gone routes back to the previous release", async () => {
    const state = serving();
    await dieAt(state, "switch");
    upstream = [address, address];
    live.delete("paas_shop_v2_web_1");
    await recover(state);
    expect(log).toEqual(["switch 127.0.0.1:20000", "remove paas_shop_v2_web_2"]);
    expect(state.currentVersion()).toBe(1);
    expect(Journal.read(state)).toBeUndefined();
});

test.each<[Phase, string[]]>([
    ["record", ["drain old-web", "certificates"]],
    ["drain", ["drain old-web", "certificates"]],
    ["cron", ["certificates"]],
    ["certificates", ["certificates"]],
])("a deploy that died at %s is finished without routing again", async (phase, rest) => {
    const state = serving();
    await dieAt(state, phase);
    await recover(state);
    expect(log).toEqual(rest);
    expect([state.currentVersion(), state.lastVersion()]).toEqual([2, 2]);
    expect(Journal.read(state)).toBeUndefined();
});

test("a deploy that fails on its own removes its journal: nothing is left to recover", async () => {
    const state = serving();
    jest.mocked(docker.isRunning).mockResolvedValue(false);
    jest.mocked(docker.publishedAddress).mockResolvedValue(undefined);
    await expect(deployRelease({ state, spec, env, image, source: "image" })).rejects.toThrow(/health check failed/);
    expect(Journal.read(state)).toBeUndefined();
    expect([...live.keys()]).toEqual(["old-web"]);
});

test("a journal that does not read is reported and ignored", async () => {
    const state = serving();
    require("fs").writeFileSync(`${state.dir}/deploy-journal.json`, '{"phase": "swi');
    await recover(state);
    expect(log).toEqual([]);
    expect(jest.mocked(process.stderr.write).mock.calls.map(c => String(c[0])).join("")).toMatch(/skipping .*deploy-journal\.json/);
});
