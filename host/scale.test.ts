import { buildAppSpec } from "../shared/app-spec";
import { dynos } from "./app-info";
import { ensureShared } from "./app-resources";
import { docker, removeContainers } from "./docker";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";
import { checkHealth, startDyno } from "./release";
import { currentAddresses, switchRouter } from "./router";
import { restart, scale } from "./scale";
import { AppState, configDigest, StoredSpec } from "./state";

jest.mock("./app-info");
jest.mock("./app-resources");
jest.mock("./docker");
jest.mock("./router");
jest.mock("./certificates");
jest.mock("./release", () => ({ ...jest.requireActual("./release"), startDyno: jest.fn(), checkHealth: jest.fn() }));

const { env: _env, ...built } = buildAppSpec({
    app: "shop", platformDomain: "example.com", source: "image", image: "shop:1", env: {},
    processes: { web: { count: 1 }, worker: { count: 1, command: ["node", "worker.js"] } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m",
});
const dyno = (process: string, n: number, release = "v1") =>
    ({ id: `${process}${n}`, name: `paas_shop_${release}_${process}_${n}`, process, dyno: `${process}.${n}`, release, state: "running", status: "Up", port: null });
let root: string, removed: string[][];

beforeEach(() => {
    root = makeHostRoot("scale");
    removed = [];
    const state = new AppState("shop");
    state.ensure();
    state.recordRelease({ version: 1, image: "shop:1", configDigest: configDigest({}), createdAt: "2026-01-01T00:00:00Z", source: "image",
        spec: built as StoredSpec, identity: "i" }, {});
    jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    jest.mocked(ensureShared).mockResolvedValue({ network: "paas_shop", mounts: [] });
    jest.mocked(dynos).mockResolvedValue([dyno("web", 1), dyno("worker", 1), dyno("run", 1234), dyno("scheduler", 1)]);
    jest.mocked(startDyno).mockImplementation(async (_step, process, n) => `${process}${n}`);
    jest.mocked(removeContainers).mockImplementation(async ids => { removed.push(ids); });
    jest.mocked(currentAddresses).mockReturnValue([]);
    jest.mocked(switchRouter).mockResolvedValue(true);
    jest.mocked(docker).mockResolvedValue({ code: 0, stdout: "", stderr: "", timedOut: false });
});
afterEach(() => {
    jest.restoreAllMocks();
    removeHostRoot(root);
});

test("a scale-up whose new web containers fail their health check removes them; no count changes", async () => {
    jest.mocked(checkHealth).mockImplementation(async step => step.failed("health check failed: /healthz did not answer 2xx/3xx within 60s"));
    await expect(scale(JSON.stringify({ app: "shop", processes: { web: 3 } })))
        .rejects.toThrow(/^health check failed: \/healthz did not answer 2xx\/3xx within 60s; the other containers keep serving$/);
    expect(removed).toEqual([["web2", "web3"]]);
    expect(switchRouter).not.toHaveBeenCalled();
    expect(new AppState("shop").current()!.spec.processes!.web.count).toBe(1);
});

test("containers that passed stay when a later process type fails", async () => {
    jest.mocked(checkHealth).mockResolvedValue(["127.0.0.1:20002"]);
    jest.mocked(startDyno).mockImplementation(async (step, process, n) => process === "worker" ? step.failed("could not start worker container 2 of v1") : `${process}${n}`);
    await expect(scale(JSON.stringify({ app: "shop", processes: { web: 2, worker: 2 } }))).rejects.toThrow(/^could not start worker container 2 of v1/);
    expect(removed).toEqual([[]]);
});

test("restart restarts the process types' containers only, not one-offs or jobs", async () => {
    await restart(JSON.stringify({ app: "shop" }));
    expect(jest.mocked(docker).mock.calls.map(c => c[0][c[0].length - 1])).toEqual(["paas_shop_v1_web_1", "paas_shop_v1_worker_1"]);
});
