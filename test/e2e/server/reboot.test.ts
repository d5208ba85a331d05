// A reboot of a host with apps, on a local Debian 12 host bootstrapped as a Linode is: five apps
// deployed with the host's commands (one with a Postgres add-on, one with a Redis add-on, one with
// two web containers, one with a worker, one with a cron job), then the host restarts. Everything
// must come back by itself: every app through nginx, its data, the worker, the cron timer.
import { AppSpecInput, buildAppSpec } from "../../../shared/app-spec";
import { HttpResponse, startBootstrappedHost, TestHost } from "../../harness/host";
import { cronUnit } from "../../../host/names";

jest.setTimeout(30 * 60_000);

const domain = "paas.test";
const pgPassword = "Pg0secretPassw0rdForBoot";
const redisPassword = "Rd0secretPassw0rdForBoot";
const apps = ["pg", "cache", "twin", "busy", "ticker"];

let host: TestHost;
let redisPort: number;

const spec = (app: string, overrides: Partial<AppSpecInput> = {}) => buildAppSpec({
    app, platformDomain: domain, source: "image", image: "paas-e2e/app:one", env: { GREETING: `hello ${app}` },
    processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m", ...overrides,
});
const deploy = async (s: object) => {
    const r = await host.exec("paas app deploy", { stdin: JSON.stringify(s) });
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^released v1 /);
};
const request = (app: string, urlPath = "/", method = "GET"): Promise<HttpResponse | undefined> =>
    host.http(`${app}.${domain}`, urlPath, { method }).catch(() => undefined);
const running = async (app: string, process: string) =>
    (await host.exec(`docker ps --filter label=paas.app=${app} --filter label=paas.process=${process} --filter status=running -q`)).stdout.trim().split("\n").filter(Boolean);
const cronService = `${cronUnit("ticker", 0)}.service`;
/** systemd's monotonic time of the job's last end: 0 until it has run since systemd started. */
const jobEnded = async () => Number((await host.exec(`systemctl show -p ExecMainExitTimestampMonotonic --value ${cronService}`)).stdout.trim());

/** Waits (at most LIMIT seconds, polling) until CHECK holds; returns whether it did. */
async function eventually(check: () => Promise<boolean>, limit = 300): Promise<boolean> {
    const until = Date.now() + limit * 1000;
    while (Date.now() < until) {
        if (await check().catch(() => false)) return true;
        await new Promise(r => setTimeout(r, 250));
    }
    return false;
}

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-reboot-${process.pid}` });
    await host.buildSampleApp();

    await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: "pg", password: pgPassword }) });
    const redis = await host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "cache", password: redisPassword }) });
    redisPort = Number(/on port (\d+)$/.exec(redis.stdout.trim())![1]);
    await deploy(spec("pg", { env: { DATABASE_URL: `postgres://pg:${pgPassword}@paas-host:5432/pg` } }));
    await deploy(spec("cache", { env: { REDIS_URL: `redis://cache:${redisPassword}@paas-host:${redisPort}/0` } }));
    await deploy(spec("twin", { processes: { web: { count: 2 } } }));
    await deploy(spec("busy", { processes: { web: { count: 1 }, worker: { count: 1, command: ["python3", "-c", "import time\nwhile True: time.sleep(1)"] } } }));
    await deploy(spec("ticker", { cron: [{ schedule: "* * * * *", command: ["python3", "-c", "print('tick')"] }] }));
});

afterAll(() => host?.stop());

test("after a reboot every app answers through nginx again, with its data, its worker and its cron timer", async () => {
    // Data before the reboot.
    expect((await request("pg", "/visits", "POST"))?.body).toBe("1");
    expect((await request("cache", "/counter", "POST"))?.body).toBe("1");
    for (const app of apps) expect([app, (await request(app))?.status]).toEqual([app, 200]);
    const webBefore = (await running("twin", "web")).length;
    expect(webBefore).toBe(2);
    expect(await running("busy", "worker")).toHaveLength(1);

    const rebooted = Date.now();
    host.reboot();
    // host.reboot() returns once the host has booted (sshd answers, systemd is up).
    const booted = Date.now() - rebooted;
    // Every app answering through nginx (polled; a figure, not an assertion on time).
    const answered: Record<string, number> = {};
    const allBack = await eventually(async () => {
        for (const app of apps.filter(a => answered[a] === undefined)) {
            if ((await request(app))?.status === 200) answered[app] = Date.now() - rebooted;
        }
        return Object.keys(answered).length === apps.length;
    });
    console.log(`reboot: ${apps.map(a => `${a} ${((answered[a] ?? NaN) / 1000).toFixed(1)} s`).join(", ")}; ` +
        `every app answering ${((Math.max(...Object.values(answered)) || NaN) / 1000).toFixed(1)} s after the restart began ` +
        `(the host up after ${(booted / 1000).toFixed(1)} s)`);
    expect(Object.keys(answered).sort()).toEqual([...apps].sort());

    // Their data, read by the apps through the network (the add-ons on the Docker bridge).
    expect((await request("pg", "/visits"))?.body).toBe("1");
    expect((await request("cache", "/counter"))?.body).toBe("1");
    expect((await request("cache", "/counter", "POST"))?.body).toBe("2");
    // The Redis add-on holds the bridge address again, not loopback only.
    expect((await host.exec(`ss -Hltn 'sport = :${redisPort}'`)).stdout).toContain("10.77.0.1:");
    expect(await running("twin", "web")).toHaveLength(2);
    expect(await running("busy", "worker")).toHaveLength(1);
    // The cron timer is back and its job runs (every minute).
    expect((await host.exec(`systemctl is-active ${cronUnit("ticker", 0)}.timer`)).stdout.trim()).toBe("active");
    expect(await eventually(async () => await jobEnded() > 0, 150)).toBe(true);
    expect((await host.exec(`systemctl show -p ExecMainStatus --value ${cronService}`)).stdout.trim()).toBe("0");
    // The add-ons' create, as the next `pulumi up` runs it, finds them as they were.
    const again = await host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "cache", password: redisPassword }) });
    expect(again.stdout.trim()).toBe(`redis server cache ready on port ${redisPort}`);
});
