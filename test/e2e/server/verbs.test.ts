// The host side of the operator's verbs (host/README.md), end to end on a local Debian 12 host:
// what `paas ps`, `logs`, `run`, `scale`, `restart`, `maintenance` and `config` ask of it, checked
// by what a user sees through nginx and in the engine.
import { AppSpecInput, buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const dbPassword = "Pg0secretPassw0rdForVerbs";

let host: TestHost;

const spec = (overrides: Partial<AppSpecInput> = {}) => buildAppSpec({
    app: "shop", platformDomain: domain, source: "image", image: "paas-e2e/app:one",
    env: { GREETING: "hello verbs", DATABASE_URL: `postgres://shop:${dbPassword}@paas-host:5432/shop` },
    processes: { web: { count: 1 }, worker: { count: 1, command: ["python3", "-c", "import time\nprint('worker up', flush=True)\nwhile True: time.sleep(1)"] } },
    port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m", ...overrides,
});
const paas = async (command: string, input?: object) => (await host.exec(`paas app ${command}`, { stdin: input ? JSON.stringify(input) : "" })).stdout;
const ps = async () => { await host.drained("shop"); return JSON.parse(await paas("ps", { app: "shop" })) as { name: string; process: string; dyno: string; release: string; port: number | null }[]; };
const releases = async () => JSON.parse(await paas("releases shop")) as { version: number }[];
const page = (urlPath = "/") => host.http(`shop.${domain}`, urlPath);
const run = (command: string[]) => host.exec(`paas app run --spec ${Buffer.from(JSON.stringify({ app: "shop", command })).toString("base64url")}`, { allowFail: true });

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-verbs-${process.pid}` });
    await host.buildSampleApp();
    await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: "shop", password: dbPassword }) });
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec()) });
});

afterAll(() => host?.stop());

test("apps and ps list the app, its release and its dynos", async () => {
    const apps = JSON.parse(await paas("list"));
    expect(apps).toEqual([expect.objectContaining({ app: "shop", release: "v1", image: "paas-e2e/app:one", processes: { web: 1, worker: 1 },
        urls: [`http://shop.${domain}/`], maintenance: false })]);
    expect((await ps()).map(d => [d.dyno, d.process, d.release, d.port === null])).toEqual([["web.1", "web", "v1", false], ["worker.1", "worker", "v1", true]]);
});

test("logs: app and router lines, and the lines of a release are still there after the next deploy", async () => {
    expect((await page()).status).toBe(200);
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ env: { GREETING: "hello v2", DATABASE_URL: `postgres://shop:${dbPassword}@paas-host:5432/shop` } })) });
    expect((await ps()).map(d => d.release)).toEqual(["v2", "v2"]);
    const lines = (await paas("logs", { app: "shop", num: 1000 })).split("\n");
    expect(lines.filter(l => /^\S+Z shop\[worker\.1\]: worker up$/.test(l)).length).toBe(2);
    expect(lines.some(l => /^\S+Z shop\[router\]: .*"GET \/ HTTP\/1\.1" 200/.test(l))).toBe(true);
    const worker = (await paas("logs", { app: "shop", process: "worker", num: 10 })).split("\n").filter(Boolean);
    expect(worker.every(l => l.includes("shop[worker.1]"))).toBe(true);
    expect((await host.exec("paas app logs", { stdin: JSON.stringify({ app: "shop", num: 0 }), allowFail: true })).stderr.trim())
        .toBe("num: must be a whole number of lines from 1 to 10000");
});

test("run: a one-off container with the config and add-ons, its exit code, nothing left behind", async () => {
    const r = await run(["sh", "-c", "echo \"$GREETING|$DYNO|${DATABASE_URL%%@*}\"; exit 7"]);
    expect(r.code).toBe(7);
    expect(r.stdout.trim()).toMatch(/^hello v2\|run\.\d{4}\|postgres:\/\/shop:Pg0secretPassw0rdForVerbs$/);
    expect(await host.exec("docker ps -aq --filter label=paas.process=run")).toMatchObject({ stdout: "" });
    // The command is data: quotes, $() and ; reach it as they are.
    expect((await run(["printf", "%s", "it's $(id); `x`"])).stdout).toBe("it's $(id); `x`");
});

test("scale web 1 to 3: three answer behind nginx, the worker is not touched, no release is written", async () => {
    const worker = (await ps()).find(d => d.process === "worker")!.name;
    const before = (await releases()).length;
    expect(await paas("scale", { app: "shop", processes: { web: 3 } })).toContain("scaled shop: web=3");
    const after = await ps();
    expect(after.filter(d => d.process === "web").map(d => d.dyno)).toEqual(["web.1", "web.2", "web.3"]);
    expect(after.find(d => d.process === "worker")!.name).toBe(worker);
    expect(await releases()).toHaveLength(before);
    const seen = new Set<string>();
    for (let n = 0; n < 30; n++) seen.add((await page("/whoami")).body);
    expect(seen.size).toBe(3);
    // A deploy of the same spec with the scaled count is no release either.
    expect((await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ env: { GREETING: "hello v2", DATABASE_URL: `postgres://shop:${dbPassword}@paas-host:5432/shop` },
        processes: { web: { count: 3 }, worker: { count: 1, command: ["python3", "-c", "import time\nprint('worker up', flush=True)\nwhile True: time.sleep(1)"] } } })) })).stdout)
        .toMatch(/^unchanged: v2 /m);
    await paas("scale", { app: "shop", processes: { web: 1 } });
    expect((await ps()).filter(d => d.process === "web").map(d => d.dyno)).toEqual(["web.1"]);
    expect((await page()).body).toBe("hello v2");
});

test("restart: the containers restart and serve again on their ports", async () => {
    const before = await ps();
    expect(await paas("restart", { app: "shop" })).toContain("restarted 2 container(s) of shop");
    expect((await ps()).map(d => [d.name, d.port])).toEqual(before.map(d => [d.name, d.port]));
    expect((await page()).body).toBe("hello v2");
});

test("maintenance: 503 from nginx while on, the containers untouched; then back", async () => {
    const before = (await ps()).map(d => d.name);
    expect(await paas("maintenance", { app: "shop", on: true })).toContain("maintenance of shop: on");
    const down = await page();
    expect([down.status, down.body]).toEqual([503, "shop is down for maintenance\n"]);
    expect((await ps()).map(d => d.name)).toEqual(before);
    await paas("maintenance", { app: "shop", on: false });
    expect((await page()).body).toBe("hello v2");
});

test("a deploy under requests that take 20 s loses none, and returns before they end", async () => {
    // Long enough that the deploy returning first shows it did not wait for them, however slow the machine.
    const started = Date.now();
    const slow = Array.from({ length: 8 }, () => page("/sleep/20").then(r => ({ status: r.status, body: r.body, at: Date.now() })));
    await new Promise(r => setTimeout(r, 500));
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ env: { GREETING: "hello v3", DATABASE_URL: `postgres://shop:${dbPassword}@paas-host:5432/shop` } })) });
    const deployed = Date.now();
    const answers = await Promise.all(slow);
    expect(answers.map(a => [a.status, a.body])).toEqual(answers.map(() => [200, "slept"]));
    expect(deployed).toBeLessThan(Math.min(...answers.map(a => a.at)));
    expect(Math.min(...answers.map(a => a.at)) - started).toBeGreaterThanOrEqual(20000);
    expect((await page()).body).toBe("hello v3");
    const latest = `v${(await releases()).length}`;
    expect((await ps()).every(d => d.release === latest)).toBe(true);
});

test("config-vars: the names, and the values only when revealed", async () => {
    expect(JSON.parse(await paas("config-vars", { app: "shop" }))).toEqual(["DATABASE_URL", "GREETING"]);
    expect(JSON.parse(await paas("config-vars", { app: "shop", reveal: true }))).toMatchObject({ GREETING: "hello v3" });
});

test("a volume's file survives a deploy and a rollback; a one-off container sees it too", async () => {
    const withVolume = (greeting: string) => spec({ env: { GREETING: greeting, DATABASE_URL: `postgres://shop:${dbPassword}@paas-host:5432/shop` },
        volumes: [{ name: "data", mountPath: "/data" }] });
    await host.exec("paas app deploy", { stdin: JSON.stringify(withVolume("with a volume")) });
    const withIt = (await releases()).length;
    expect((await run(["sh", "-c", "echo kept > /data/file"])).code).toBe(0);
    await host.exec("paas app deploy", { stdin: JSON.stringify(withVolume("after the volume")) });
    await host.exec(`paas app rollback shop ${withIt}`);
    expect((await run(["cat", "/data/file"])).stdout).toBe("kept\n");
    const web = (await ps()).find(d => d.process === "web")!.name;
    expect((await host.exec(`docker exec ${web} cat /data/file`)).stdout).toBe("kept\n");
});

test("another app's container cannot connect to this app's; the app's own can", async () => {
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ app: "other", env: {}, processes: { web: { count: 1 } } })) });
    await host.drained("other");
    const address = async (name: string) => (await host.exec(`docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' ${name}`)).stdout.trim();
    const [shopWeb, shopWorker] = [(await ps()).find(d => d.process === "web")!.name, (await ps()).find(d => d.process === "worker")!.name];
    const other = (await host.exec("docker ps -q --filter label=paas.app=other")).stdout.trim();
    const connect = (from: string, ip: string) => host.exec(`docker exec ${from} python3 -c "import socket; socket.create_connection(('${ip}', 5000), timeout=3); print('connected')"`, { allowFail: true });
    const ip = await address(shopWeb);
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await connect(shopWorker, ip)).stdout.trim()).toBe("connected");
    const refused = await connect(other, ip);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toContain("connected");
    await host.exec("paas app destroy other", { stdin: JSON.stringify({ keepData: false }) });
});

test("after 10 deploys only the last 5 releases' images remain, and rollback to each of them works", async () => {
    for (let n = 1; n <= 10; n++) await host.exec(`docker tag paas-e2e/app:one paas-e2e/app:r${n}`);
    for (let n = 1; n <= 10; n++) await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ image: `paas-e2e/app:r${n}` })) });
    await host.drained("shop");
    const tags = async () => (await host.exec("docker images --format '{{.Tag}}' paas-e2e/app")).stdout.split("\n").filter(Boolean).sort();
    for (let n = 0; n < 50 && (await tags()).length > 5; n++) await new Promise(r => setTimeout(r, 200));
    expect(await tags()).toEqual(["r10", "r6", "r7", "r8", "r9"]);
    const all = await releases();
    const kept = all.slice(-5);
    const pruned = all[all.length - 6];
    expect((await host.exec(`paas app rollback shop ${pruned.version}`, { allowFail: true })).stderr.trim())
        .toBe(`release: v${pruned.version}'s image was pruned (the last 5 releases keep theirs)`);
    for (const r of kept) {
        const out = await host.exec(`paas app rollback shop ${r.version}`);
        expect(out.stdout.trim().split("\n").pop()).toMatch(new RegExp(`^released v\\d+ ${(r as unknown as { image: string }).image}$`));
        expect((await page()).status).toBe(200);
    }
});

test("a scheduled job runs on its schedule, in the logs, and never two at once", async () => {
    const job = ["sh", "-c", "echo job start; sleep 70; echo job end"];
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ image: "paas-e2e/app:r10", cron: [{ schedule: "* * * * *", command: job }] })) });
    expect((await host.exec("systemctl is-active paas_cron_shop_0.timer")).stdout.trim()).toBe("active");
    const jobLines = async () => (await paas("logs", { app: "shop", process: "scheduler", num: 100 })).split("\n").filter(l => l.includes("job "));
    for (let n = 0; n < 90 && !(await jobLines()).some(l => l.endsWith("job end")); n++) await new Promise(r => setTimeout(r, 2000));
    const lines = (await jobLines()).map(l => l.replace(/^.*\]: /, ""));
    expect(lines.slice(0, 2)).toEqual(["job start", "job end"]);
    // A minute passed while it ran: the next run waited for this one to end.
    lines.forEach((l, n) => expect(l).toBe(n % 2 === 0 ? "job start" : "job end"));
    expect((await jobLines())[0]).toMatch(/shop\[scheduler\.1\]: job start$/);
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec({ image: "paas-e2e/app:r10" })) });
    expect(await host.existing(["/etc/systemd/system/paas_cron_shop_0.timer"])).toEqual([]);
});
