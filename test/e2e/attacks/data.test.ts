// Least privilege in the data services, on a bootstrapped local host. Each test acts as the less
// trusted party (an app's code in its container, holding its add-on's credentials, or a local
// account) and checks that the attack is refused and that the path it imitates still works.
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultBootstrapSettings, startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(15 * 60_000);

// The scripts as they are when the suite starts: the bootstraps below install these.
const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-server-"));
fs.cpSync(path.resolve(__dirname, "../../../bin/server"), serverDir, { recursive: true });
const bootstrap = () => host.bootstrap(defaultBootstrapSettings, serverDir);

let host: TestHost;
let psql: string;
// An app's network, as the platform makes one: an address of the planned range (10.77.0.0/16).
const network = "paas-e2e-data";
const pg = { shop: "Pg0secretPassw0rdForShop", blog: "Pg0secretPassw0rdForBlog", git: "Pg0secretPassw0rdForGit" };
const redisPassword = { shop: "Rd0secretPassw0rdForShop", other: "Rd0secretPassw0rdOther1", legacy: "Rd0secretPassw0rdLegacy1" };

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-data-${process.pid}`, serverDir });
    host.loadImage("debian:bookworm-slim");
    await host.exec(`docker network create ${network}`);
    psql = (await host.exec("ls /usr/lib/postgresql/*/bin/psql")).stdout.trim();
    for (const [name, password] of Object.entries(pg)) {
        await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name, password }) });
    }
});

afterAll(() => {
    host?.stop();
    fs.rmSync(serverDir, { recursive: true, force: true });
});

/**
 * COMMAND run in a container on an app network, as app code runs, with the host's programs (its
 * /usr, read-only: psql, redis-cli); the first line of STDIN is the secret, read into the
 * environment variable SECRET, never onto a command line; the rest of stdin follows it.
 */
function inApp(secret: string, command: string, stdin: string): Promise<{ out: string; code: number }> {
    const script = `read -r ${secret}; export ${secret}; ${command}`;
    return host.exec(`docker run --rm -i --network ${network} --add-host paas-host:host-gateway -v /usr:/usr:ro debian:bookworm-slim sh -c '${script}'`,
        { stdin, allowFail: true }).then(r => ({ out: r.stdout + r.stderr, code: r.code }));
}

/** ROLE's query of the current database in DATABASE, from an app container with PASSWORD. */
const queryFromApp = (role: string, password: string, database: string) =>
    inApp("PGPASSWORD", `${psql} -h paas-host -U ${role} -d ${database} -tAXc "select current_database()"`, `${password}\n`);

/** Redis commands (one a line, as redis-cli reads them) as USER on the server on PORT, from an app container. */
const redisFromApp = async (port: number, user: string, password: string, commands: string[]) =>
    (await inApp("REDISCLI_AUTH", `redis-cli -h paas-host -p ${port} --user ${user} --no-auth-warning`, [password, ...commands, ""].join("\n"))).out;

const redisCreate = async (name: string, password: string) =>
    Number(/ready on port (\d+)$/.exec((await host.exec("paas addon redis create", { stdin: JSON.stringify({ name, password }) })).stdout.trim())![1]);

test("an app role connecting to postgres, template1 and another app's database is refused, from its container and from the host; its own works", async () => {
    expect((await queryFromApp("shop", pg.shop, "shop")).out.trim()).toBe("shop");
    for (const database of ["postgres", "template1", "blog"]) {
        const r = await queryFromApp("shop", pg.shop, database);
        expect(r.code).not.toBe(0);
        expect(r.out).toContain(`no pg_hba.conf entry for host`);
        expect(r.out).toContain(`database "${database}"`);
    }
    // From the host's loopback (which pg_hba admits for every database): PUBLIC may not connect.
    for (const database of ["postgres", "template1", "blog"]) {
        const r = await host.exec(`PGPASSWORD=$(cat) ${psql} -h 127.0.0.1 -U shop -d ${database} -tAXc "select 1"`, { stdin: pg.shop, allowFail: true });
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(new RegExp(`permission denied for database "?${database}"?`));
    }
    expect((await host.exec(`PGPASSWORD=$(cat) ${psql} -h 127.0.0.1 -U shop -d shop -tAXc "select current_user"`, { stdin: pg.shop })).stdout.trim()).toBe("shop");
    // The other app's role still reaches its own.
    expect((await queryFromApp("blog", pg.blog, "blog")).out.trim()).toBe("blog");
});

test("a local account (git) cannot get in without a password as the add-on role of its name; that role's password still works", async () => {
    const r = await host.exec(`runuser -u git -- ${psql} -h /var/run/postgresql -d git -w -tAXc "select current_user"`, { allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toContain("git");
    expect(r.stderr).toMatch(/password/);
    expect((await queryFromApp("git", pg.git, "git")).out.trim()).toBe("git");
});

test("databases an earlier version left open to every role are closed by the bootstrap; their owners keep them", async () => {
    // As an earlier version made an add-on's database (no REVOKE), and the stock postgres database.
    await host.exec(`runuser -u postgres -- ${psql} -tAX -c "CREATE ROLE legacy LOGIN PASSWORD '${pg.shop}legacy'" -c "CREATE DATABASE legacy OWNER legacy" -c "GRANT CONNECT, TEMPORARY ON DATABASE postgres TO PUBLIC"`);
    const before = await host.exec(`PGPASSWORD=$(cat) ${psql} -h 127.0.0.1 -U shop -d legacy -tAXc "select current_database()"`, { stdin: pg.shop });
    expect(before.stdout.trim()).toBe("legacy");
    const upgrade = await bootstrap();
    expect(upgrade.stdout).toContain("changed: postgres: database legacy closed to other roles");
    expect(upgrade.stdout).toContain("changed: postgres: database postgres closed to other roles");
    const after = await host.exec(`PGPASSWORD=$(cat) ${psql} -h 127.0.0.1 -U shop -d legacy -tAXc "select 1"`, { stdin: pg.shop, allowFail: true });
    expect(after.stderr).toMatch(/permission denied for database "?legacy"?/);
    expect((await host.exec(`PGPASSWORD=$(cat) ${psql} -h 127.0.0.1 -U legacy -d legacy -tAXc "select current_user"`, { stdin: `${pg.shop}legacy` })).stdout.trim()).toBe("legacy");
    expect((await bootstrap()).stdout).toBe("");
});

test("a Redis add-on user running MIGRATE, CONFIG, DEBUG, ACL, admin commands or a script calling them is refused; GET/SET, INFO, FLUSHDB and EVAL work", async () => {
    const shop = await redisCreate("shop", redisPassword.shop);
    const other = await redisCreate("other", redisPassword.other);
    const refused = [
        `MIGRATE paas-host ${other} shop:secret 0 5000 AUTH2 other ${redisPassword.other}`,
        "CONFIG GET *", "CONFIG SET dir /usr/local/lib/paas", "DEBUG SLEEP 0", "MODULE LIST", "REPLICAOF paas-host 6999", "SLAVEOF paas-host 6999",
        "FAILOVER", "MONITOR", "ACL SETUSER shop +@all", "ACL WHOAMI", "SAVE", "CLIENT LIST",
        // A script's calls run under the same rules (and CONFIG may not run in one at all).
        `EVAL "return redis.call('migrate', 'paas-host', '${other}', 'shop:secret', '0', '5000', 'AUTH2', 'other', '${redisPassword.other}')" 0`,
        `EVAL "return redis.call('config', 'get', '*')" 0`,
        "SHUTDOWN NOSAVE",
    ];
    const replies = (await redisFromApp(shop, "shop", redisPassword.shop, ["SET shop:secret s3cret", ...refused, "GET shop:secret"])).split("\n").filter(l => l !== "");
    expect(replies[0]).toBe("OK");
    expect(refused.map((command, n) => [command, replies[1 + n]])).toEqual(refused.map(command => [command,
        expect.stringMatching(/^(NOPERM this user has no permissions|ERR The user executing the script can.t run this command|ERR This Redis command is not allowed from script|ERR DEBUG command not allowed)/)]));
    // The key stayed, the server still runs (SHUTDOWN refused), and the other server got nothing.
    expect(replies[1 + refused.length]).toBe("s3cret");
    expect(await redisFromApp(other, "other", redisPassword.other, ["EXISTS shop:secret"])).toBe("0\n");
    // redis-cli answers these two by turning replica: each on its own.
    for (const command of ["SYNC", "PSYNC ? -1"]) {
        expect(await redisFromApp(shop, "shop", redisPassword.shop, [command])).toMatch(/NOPERM this user has no permissions to run the '(sync|psync)' command/);
    }
    // What client and queue libraries do.
    const ordinary = await redisFromApp(shop, "shop", redisPassword.shop, [
        "SET greeting hi", "GET greeting", `EVAL "return redis.call('incrby', KEYS[1], ARGV[1])" 1 jobs 5`, "SELECT 1", "SET elsewhere 1", "FLUSHDB", "KEYS *", "SELECT 0", "KEYS *"]);
    // Database 1's KEYS, after its FLUSHDB, is an empty list: no line.
    const lines = ordinary.split("\n").filter(l => l !== "");
    expect(lines.slice(0, 7)).toEqual(["OK", "hi", "5", "OK", "OK", "OK", "OK"]);
    expect(lines.slice(7).sort()).toEqual(["greeting", "jobs", "shop:secret"]);
    expect(await redisFromApp(shop, "shop", redisPassword.shop, ["INFO server"])).toContain("redis_version:");
});

test("an add-on server configured by an earlier version (its user allowed MIGRATE) gets the new rules at the bootstrap, with its data", async () => {
    const shop = await redisCreate("shop", redisPassword.shop);
    await host.exec("sed -i 's/ -acl -migrate$//' /etc/redis/redis-paas-shop.conf && systemctl restart redis-server@paas-shop");
    // MIGRATE ran: it tried to reach the server it was given.
    expect(await redisFromApp(shop, "shop", redisPassword.shop, ["SET kept yes", "MIGRATE paas-host 6999 kept 0 1000"])).toMatch(/^OK\n+IOERR/);
    const upgrade = await bootstrap();
    expect(upgrade.stdout).toContain("changed: /etc/redis/redis-paas-shop.conf");
    expect(await redisFromApp(shop, "shop", redisPassword.shop, ["GET kept", "MIGRATE paas-host 6999 kept 0 1000"])).toMatch(/^yes\n+NOPERM/);
    expect((await bootstrap()).stdout).toBe("");
});

test("the shared Redis is not running after the bootstrap: nothing answers on 6379, from an app container or the host", async () => {
    expect((await host.exec("systemctl is-enabled redis-server", { allowFail: true })).stdout.trim()).toBe("masked");
    expect((await host.exec("ss -Hltn 'sport = :6379'")).stdout.trim()).toBe("");
    const fromApp = await redisFromApp(6379, "default", "x", ["PING"]);
    expect(fromApp).toMatch(/Connection refused/);
    expect(await host.existing(["/etc/redis/paas-admin.pass", "/etc/redis/users.acl", "/etc/redis/paas.conf"])).toEqual([]);
});

test("an add-on made in the shared Redis of an earlier version moves to a server of its own: its user, password and data, in every database; the shared server is gone", async () => {
    // The shared server as the earlier bootstrap set it up, and the add-on as its `paas addon
    // redis create` made it: an ACL user confined to the keys legacy:*.
    const adminPassword = "Ad0minPassw0rdOfTheSharedServer";
    await host.exec([
        "systemctl unmask redis-server",
        "(umask 077 && cat >/etc/redis/paas-admin.pass)",
        `(umask 027 && printf 'user default off\\nuser paas on #%s ~* &* +@all\\n' "$(tr -d '\\n' </etc/redis/paas-admin.pass | sha256sum | cut -d' ' -f1)" >/etc/redis/users.acl)`,
        "chown redis:redis /etc/redis/users.acl",
        "printf 'bind 127.0.0.1 -::1 -10.77.0.1\\nprotected-mode no\\naclfile /etc/redis/users.acl\\n' >/etc/redis/paas.conf",
        "(grep -qx 'include /etc/redis/paas.conf' /etc/redis/redis.conf || echo 'include /etc/redis/paas.conf' >>/etc/redis/redis.conf)",
        "systemctl enable --now redis-server",
    ].join(" && "), { stdin: `${adminPassword}\n` });
    const legacyHash = crypto.createHash("sha256").update(redisPassword.legacy).digest("hex");
    const admin = (commands: string[]) => host.exec("read -r REDISCLI_AUTH; export REDISCLI_AUTH; redis-cli -p 6379 --user paas --no-auth-warning",
        { stdin: [adminPassword, ...commands, ""].join("\n") });
    await admin([`ACL SETUSER legacy reset on #${legacyHash} ~legacy:* &legacy:* +@all -@admin -@dangerous`, "ACL SAVE"]);
    const written = await redisFromApp(6379, "legacy", redisPassword.legacy, [
        "SET legacy:greeting hello", "HSET legacy:profile name ada", "SELECT 3", "SET legacy:session abc EX 3600", "RPUSH legacy:queue a b c"]);
    expect(written.split("\n").filter(l => l !== "")).toEqual(["OK", "1", "OK", "OK", "3"]);
    // Another shared server user's key, which is not the add-on's to take along.
    await admin(["SET other:key x"]);

    const upgrade = await bootstrap();
    expect(upgrade.stdout).toMatch(/^changed: redis add-on legacy moved from the shared server to one of its own, on port \d+$/m);
    expect(upgrade.stdout).toContain("changed: redis-server stopped, disabled and masked");
    expect(upgrade.stdout).toContain("changed: /etc/redis/paas-admin.pass removed");
    expect((await host.exec("systemctl is-active redis-server", { allowFail: true })).stdout.trim()).toBe("inactive");
    expect((await host.exec("ss -Hltn 'sport = :6379'")).stdout.trim()).toBe("");

    // What the next `pulumi up` runs for the add-on: the same server, its port said.
    const port = await redisCreate("legacy", redisPassword.legacy);
    expect(upgrade.stdout).toContain(`on port ${port}`);
    const data = await redisFromApp(port, "legacy", redisPassword.legacy, [
        "GET legacy:greeting", "HGET legacy:profile name", "SELECT 3", "GET legacy:session", "LRANGE legacy:queue 0 -1", "TTL legacy:session", "SELECT 0", "KEYS *"]);
    const [greeting, name, , session, a, b, c, ttl, , ...keys] = data.split("\n").filter(l => l !== "");
    expect([greeting, name, session, [a, b, c]]).toEqual(["hello", "ada", "abc", ["a", "b", "c"]]);
    expect(Number(ttl)).toBeGreaterThan(0);
    expect(keys.sort()).toEqual(["legacy:greeting", "legacy:profile"]);
    // The user has this version's rules there.
    expect(await redisFromApp(port, "legacy", redisPassword.legacy, ["CONFIG GET dir"])).toMatch(/^NOPERM/);
    expect((await bootstrap()).stdout).toBe("");
});
