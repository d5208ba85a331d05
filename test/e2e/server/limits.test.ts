// Container sizes end to end on a local Debian 12 host: what an app declares (and the defaults
// where it declares nothing) is what Docker enforces and the kernel applies inside the container;
// a container that allocates past its limit is killed and restarted by Docker, `paas app ps` and
// `paas app logs` say so, and meanwhile another app (through nginx, with a query through its
// DATABASE_URL) and Postgres keep answering.
import { AppSpecInput, buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const dbPassword = "Pg0secretPasswordForLimits";
const MiB = 1048576;

let host: TestHost;

const spec = (overrides: Partial<AppSpecInput>) => buildAppSpec({
    app: "steady", platformDomain: domain, source: "image", image: "paas-e2e/app:one", env: {},
    processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m", ...overrides,
});
// Reads its own limits from inside the container, from cgroup v2's files or v1's.
const ownLimits = "for f in memory.max memory.swap.max cpu.max memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes cpu/cpu.cfs_quota_us; do " +
    "[ -f /sys/fs/cgroup/$f ] && echo \"$f=$(cat /sys/fs/cgroup/$f)\"; done; true";
const leaky = spec({
    app: "leaky", memoryMiB: 96, cpus: 0.5,
    processes: {
        web: { count: 1, memoryMiB: 128 },
        // Allocates without end (tail keeps a line that never ends): killed at 48 MiB, again and again.
        worker: { count: 1, memoryMiB: 48, cpus: 0.25, command: ["sh", "-c", "echo allocating; tail /dev/zero"] },
    },
    releaseCommand: ["sh", "-c", ownLimits],
});

interface Row { id: string; dyno: string; state: string; memoryMiB: number | null; memoryUsedMiB: number | null; cpus: number | null; restarts: number; memoryKills: number; outOfMemory: boolean }
const ps = async (app: string) => JSON.parse((await host.exec("paas app ps", { stdin: JSON.stringify({ app }) })).stdout) as Row[];
const dyno = async (app: string, name: string) => (await ps(app)).find(r => r.dyno === name)!;
const inspect = async (id: string) => JSON.parse((await host.exec(`docker inspect ${id}`)).stdout)[0].HostConfig as { Memory: number; MemorySwap: number; NanoCpus: number; OomScoreAdj: number };
/** The cgroup files a container sees as `name=value` pairs. */
const limitsInside = async (id: string) => Object.fromEntries((await host.exec(`docker exec ${id} sh -c '${ownLimits}'`)).stdout.trim().split("\n").map(l => l.split("=")));
/** Its memory limit in bytes, its swap allowance past it, its CPU quota per 100 ms period, whichever cgroup version the host has. */
const enforced = (files: Record<string, string>) => files["memory.max"] !== undefined
    ? { memory: Number(files["memory.max"]), swapPastIt: Number(files["memory.swap.max"]), cpuQuota: Number(files["cpu.max"].split(" ")[0]) }
    : { memory: Number(files["memory/memory.limit_in_bytes"]), swapPastIt: Number(files["memory/memory.memsw.limit_in_bytes"]) - Number(files["memory/memory.limit_in_bytes"]),
        cpuQuota: Number(files["cpu/cpu.cfs_quota_us"]) };
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const visits = async (method = "GET") => {
    const r = await host.http(`steady.${domain}`, "/visits", { method });
    expect(r.status).toBe(200);
    return Number(r.body);
};

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-limits-${process.pid}` });
    await host.buildSampleApp();
    await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: "steady", password: dbPassword }) });
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ env: { DATABASE_URL: `postgres://steady:${dbPassword}@paas-host:5432/steady` } })) });
    await host.drained("steady");
});

afterAll(() => host?.stop());

let released = "";

test("an app without sizes gets the defaults: 256 MiB with no swap past it and one CPU, in Docker and in the kernel", async () => {
    const web = await dyno("steady", "web.1");
    // And the kernel takes an app's processes before the platform's when the whole server runs short.
    expect(await inspect(web.id)).toMatchObject({ Memory: 256 * MiB, MemorySwap: 256 * MiB, NanoCpus: 1e9, OomScoreAdj: 500 });
    expect(enforced(await limitsInside(web.id))).toEqual({ memory: 256 * MiB, swapPastIt: 0, cpuQuota: 100000 });
    expect(web).toMatchObject({ memoryMiB: 256, cpus: 1, restarts: 0, memoryKills: 0, outOfMemory: false });
    expect(web.memoryUsedMiB).toBeGreaterThan(0);
    expect(web.memoryUsedMiB).toBeLessThan(256);
});

test("declared sizes: a process type's own, else the app's, for the release command and `paas run` too", async () => {
    released = (await host.exec("paas app deploy", { stdin: JSON.stringify(leaky) })).stdout;
    // The release command printed what it saw: the app's 96 MiB, not web's 128.
    expect(released).toMatch(new RegExp(`(memory\\.max|memory\\.limit_in_bytes)=${96 * MiB}\\n`));
    const web = await dyno("leaky", "web.1"), worker = await dyno("leaky", "worker.1");
    expect(await inspect(web.id)).toMatchObject({ Memory: 128 * MiB, MemorySwap: 128 * MiB, NanoCpus: 0.5e9 });
    expect(enforced(await limitsInside(web.id))).toEqual({ memory: 128 * MiB, swapPastIt: 0, cpuQuota: 50000 });
    expect(await inspect(worker.id)).toMatchObject({ Memory: 48 * MiB, MemorySwap: 48 * MiB, NanoCpus: 0.25e9 });
    const run = await host.exec(`paas app run --spec ${Buffer.from(JSON.stringify({ app: "leaky", command: ["sh", "-c", ownLimits] })).toString("base64url")}`);
    const files = Object.fromEntries(run.stdout.trim().split("\n").map(l => l.split("=")));
    expect(enforced(files)).toEqual({ memory: 96 * MiB, swapPastIt: 0, cpuQuota: 50000 });
});

test("a container past its limit is killed and restarted by Docker, ps and logs say so, and the other app and Postgres keep answering", async () => {
    const before = await visits();
    let worker = await dyno("leaky", "worker.1");
    let answered = 0, sawDown = false;
    // Until Docker has restarted it after two kills for memory, and ps has shown it down after one.
    for (let n = 0; n < 600 && !(worker.memoryKills >= 2 && worker.restarts >= 2 && sawDown); n++) {
        expect((await host.http(`steady.${domain}`, "/")).status).toBe(200);
        expect(await visits("POST")).toBe(before + ++answered);
        expect((await host.http(`leaky.${domain}`, "/healthz")).status).toBe(200);
        worker = await dyno("leaky", "worker.1");
        if (worker.outOfMemory) {
            sawDown = true;
            expect(worker.state).toBe("restarting");
        }
        await sleep(200);
    }
    expect(worker).toMatchObject({ memoryMiB: 48, cpus: 0.25 });
    expect(worker.memoryKills).toBeGreaterThanOrEqual(2);
    expect(worker.restarts).toBeGreaterThanOrEqual(2);
    expect(sawDown).toBe(true);
    // The same container throughout: Docker restarts it, nothing replaces it.
    expect((await dyno("leaky", "worker.1")).id).toBe(worker.id);
    const logs = (await host.exec("paas app logs", { stdin: JSON.stringify({ app: "leaky", process: "worker", num: 500 }) })).stdout.split("\n");
    expect(logs.filter(l => /^\S+Z leaky\[worker\.1\]: out of memory: killed at its limit of 48 MiB$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(logs.filter(l => l.endsWith("leaky[worker.1]: allocating")).length).toBeGreaterThanOrEqual(2);
    // Nothing else of the host was touched: its services run, the other app's container never restarted.
    expect((await host.exec("systemctl is-active docker nginx postgresql", { allowFail: true })).stdout.split("\n").filter(Boolean)).toEqual(["active", "active", "active"]);
    expect(await dyno("steady", "web.1")).toMatchObject({ restarts: 0, memoryKills: 0 });
    expect(await dyno("leaky", "web.1")).toMatchObject({ restarts: 0, memoryKills: 0 });
    expect(await visits()).toBe(before + answered);
});

test("a kill while the watch was stopped is written when it starts again, and none twice", async () => {
    await host.exec("systemctl stop paas-oom-watch");
    const stoppedAt = Math.floor(Date.now() / 1000) - 1;
    const recorded = (await dyno("leaky", "worker.1")).memoryKills;
    // The engine's own record of the kills since then.
    const engineKills = async () => (await host.exec(`docker events --since ${stoppedAt} --until "$(date +%s)" --filter event=oom --filter label=paas.app=leaky --format '{{.TimeNano}}'`))
        .stdout.split("\n").filter(Boolean);
    let missed: string[] = [];
    for (let n = 0; n < 300 && missed.length === 0; n++) {
        missed = await engineKills();
        await sleep(500);
    }
    expect(missed.length).toBeGreaterThan(0);
    expect((await dyno("leaky", "worker.1")).memoryKills).toBe(recorded);
    await host.exec("systemctl start paas-oom-watch");
    const times = async () => (await host.exec("journalctl --no-pager -o json MESSAGE_ID=086d2f21f37b47f390fc6b7e0cba16f9 PAAS_APP=leaky --output-fields=PAAS_OOM_TIME")).stdout
        .split("\n").filter(Boolean).map(l => JSON.parse(l).PAAS_OOM_TIME as string);
    let written = await times();
    for (let n = 0; n < 100 && !missed.every(t => written.includes(t)); n++) {
        await sleep(300);
        written = await times();
    }
    expect(written).toEqual(expect.arrayContaining(missed));
    expect(new Set(written).size).toBe(written.length);
});

test("destroying the app stops its crash loop", async () => {
    await host.exec("paas app destroy leaky", { stdin: JSON.stringify({ keepData: false }) });
    expect((await host.exec("docker ps -aq --filter label=paas.app=leaky")).stdout.trim()).toBe("");
    expect((await host.http(`steady.${domain}`, "/")).status).toBe(200);
});
