// Addresses and add-ons, on a local Debian 12 host bootstrapped as a Linode is: apps each on a
// network of its own from the planned range, every one reaching its own database (more apps than
// Docker's default pools hold go through the real engine in test/e2e/stack/scale.test.ts); the app
// limit; Redis add-ons created at the same time.
import { buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(60 * 60_000);

const domain = "paas.test";
const appCount = 3;
const apps = Array.from({ length: appCount }, (_, n) => `net-${n + 1}`);
const account = (app: string) => app.replace(/-/g, "_");
const password = (name: string) => `Pg0secretPassw0rd${account(name).replace(/_/g, "")}`;

let host: TestHost;

beforeAll(async () => {
    // A name of its own per run: several runs may share this machine's engine.
    host = await startBootstrappedHost({ name: `paas-e2e-addresses-${process.pid}` });
    await host.buildSampleApp();
});

afterAll(() => host?.stop());

const get = (app: string, urlPath: string, method = "GET") => host.http(`${app}.${domain}`, urlPath, { method });

/** The addresses of APP's containers on their network. */
async function addresses(app: string): Promise<string[]> {
    const ids = (await host.exec(`docker ps -q --filter label=paas.app=${app}`)).stdout.trim().split("\n").filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    const r = await host.exec(`docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}/{{.IPPrefixLen}} {{end}}' ${ids.join(" ")}`);
    return r.stdout.split(/\s+/).filter(Boolean);
}

test(`${appCount} apps, each with a database of its own, get networks in the planned range and write and read their rows through DATABASE_URL`, async () => {
    const deployOne = async (app: string) => {
        const db = account(app);
        await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: db, password: password(app), owner: `urn:test::${db}` }) });
        await host.exec("paas app register", { stdin: JSON.stringify({ app, owner: `urn:test::${app}` }) });
        const spec = buildAppSpec({
            app, platformDomain: domain, source: "image", image: "paas-e2e/app:one",
            env: { DATABASE_URL: `postgres://${db}:${password(app)}@paas-host:5432/${db}` }, processes: { web: { count: 1 } },
            port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m",
        });
        const r = await host.exec("paas app deploy", { stdin: JSON.stringify(spec) });
        expect(r.stdout.trim().split("\n").pop()).toBe("released v1 paas-e2e/app:one");
    };
    // A few at a time, as a `pulumi up` of many apps runs them.
    for (let n = 0; n < apps.length; n += 5) await Promise.all(apps.slice(n, n + 5).map(deployOne));

    const subnets = new Set<string>();
    for (const app of apps) {
        for (const address of await addresses(app)) {
            expect(address).toMatch(/^10\.77\.[0-9]+\.[0-9]+\/24$/);
            subnets.add(address.split(".").slice(0, 3).join("."));
        }
        // A row written and read by the app, through nginx: its database admits its network.
        const written = await get(app, "/visits", "POST");
        expect([app, written.status, written.body]).toEqual([app, 200, "1"]);
        expect((await get(app, "/visits")).body).toBe("1");
    }
    // Every app on a network of its own.
    expect(subnets.size).toBe(appCount);
});

test("the app count is the platform's: a register past it is refused naming the field and the rule", async () => {
    // The suite's apps are registered; the rest up to the limit are empty state folders.
    const { maxApps } = await import("../../../shared/rules");
    await host.exec(`for n in $(seq 1 ${maxApps - appCount}); do mkdir -p /var/lib/paas/apps/filler-$n; done`);
    try {
        const refused = await host.exec("paas app register", { stdin: JSON.stringify({ app: "one-too-many", owner: "urn:test::one-too-many" }), allowFail: true });
        expect([refused.code, refused.stderr.trim()]).toEqual([1, `app: at most ${maxApps} apps on one platform`]);
        expect(await host.existing(["/var/lib/paas/apps/one-too-many"])).toEqual([]);
        // An app already there registers again (a rename's new owner).
        await host.exec("paas app register", { stdin: JSON.stringify({ app: "net-1", owner: "urn:test::net-1" }) });
    } finally {
        await host.exec("rm -rf /var/lib/paas/apps/filler-*");
    }
});

describe("Redis add-ons", () => {
    const redisPassword = "Rd0secretPassw0rdForTwins";
    const create = (name: string) => host.exec("paas addon redis create", { stdin: JSON.stringify({ name, password: redisPassword, owner: `urn:test::${name}` }) });
    const portOf = (name: string, stdout: string) => Number(new RegExp(`^redis server ${name} ready on port (\\d+)$`).exec(stdout.trim())?.[1]);
    const ping = (name: string, port: number) =>
        host.exec(`REDISCLI_AUTH=$(cat) redis-cli -h 10.77.0.1 -p ${port} --no-auth-warning --user ${name} PING`, { stdin: redisPassword, allowFail: true });
    const leftovers = (name: string) => host.existing([`/etc/redis/redis-paas-${name}.conf`, `/var/lib/redis/paas-${name}`,
        `/var/lib/paas/addons/redis-${name}.owner`, `/etc/systemd/system/*.wants/redis-server@paas-${name}.service`]);

    test("two created at the same time get ports of their own and both answer on the bridge; a clash an earlier version left recovers", async () => {
        const [a, b] = await Promise.all([create("twin_a"), create("twin_b")]);
        const [portA, portB] = [portOf("twin_a", a.stdout), portOf("twin_b", b.stdout)];
        expect(portA).toBeGreaterThanOrEqual(6380);
        expect(portB).not.toBe(portA);
        expect((await ping("twin_a", portA)).stdout.trim()).toBe("PONG");
        expect((await ping("twin_b", portB)).stdout.trim()).toBe("PONG");

        // Two given one port (as before the lock): the one whose server is down moves at its next create.
        await host.exec(`sed -i 's/^port .*/port ${portA}/' /etc/redis/redis-paas-twin_b.conf && systemctl stop redis-server@paas-twin_b`);
        await host.exec("systemctl start redis-server@paas-twin_b", { allowFail: true });
        const again = portOf("twin_b", (await create("twin_b")).stdout);
        expect(again).not.toBe(portA);
        expect((await ping("twin_b", again)).stdout.trim()).toBe("PONG");
        expect(portOf("twin_a", (await create("twin_a")).stdout)).toBe(portA);
        expect((await ping("twin_a", portA)).stdout.trim()).toBe("PONG");
    });

    test("a delete leaves no file: configuration, data, unit enablement, owner record", async () => {
        expect((await leftovers("twin_a")).length).toBeGreaterThan(0);
        for (const name of ["twin_a", "twin_b"]) {
            const r = await host.exec("paas addon redis delete", { stdin: JSON.stringify({ name, keepData: false, owner: `urn:test::${name}` }) });
            expect(r.stdout.trim()).toBe(`redis server ${name} removed`);
            expect(await leftovers(name)).toEqual([]);
            expect((await host.exec(`systemctl is-enabled redis-server@paas-${name}`, { allowFail: true })).stdout.trim()).not.toBe("enabled");
            expect((await host.exec(`systemctl list-units --all --plain --no-legend 'redis-server@paas-${name}*'`)).stdout.trim()).toBe("");
        }
    });
});

test("an app's keepData: false removes its volumes and leaves its add-on's database to the add-on", async () => {
    const r = await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "net-1", keepData: false, owner: "urn:test::net-1" }) });
    expect(r.stdout.trim()).toBe("destroyed net-1 and its volumes");
    const databases = (await host.exec("runuser -u postgres -- psql -tAc 'SELECT datname FROM pg_database'")).stdout.split("\n");
    expect(databases).toContain("net_1");
    const dropped = await host.exec("paas addon postgres delete", { stdin: JSON.stringify({ name: "net_1", keepData: false, owner: "urn:test::net_1" }) });
    expect(dropped.stdout.trim()).toBe("postgres database net_1 dropped");
    expect(await host.existing(["/var/lib/paas/addons/postgres-net_1.owner"])).toEqual([]);
});
