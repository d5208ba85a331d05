// A user's program at a real user's scale (./scale-program), through the real engine on a local
// Debian 12 host: forty apps each with a Postgres database of its own, the longest app name the
// rules allow, apps whose derived names once collided, two Redis add-ons created in one update, a
// one-off and a scheduled job that outlive a deploy of their app, a reboot, and destroy.
import * as fs from "fs";
import * as path from "path";
import { ExecResult, shellQuote, startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(3_600_000);

const count = 40;
const longName = "the-longest-app-name-allowed-x";
const numbered = Array.from({ length: count }, (_, n) => `app-${n + 1}`);
const others = [longName, "shop", "shop-media", "a", "a-x", "jobs"];
const every = [...numbered, ...others];

let host: TestHost;
let project: PulumiProject;

const up = (...extra: string[]) => project.run(["up", "--yes", "--skip-preview", ...extra]);
const page = (app: string, urlPath = "/", method = "GET") => host.http(`${app}.paas.test`, urlPath, { method });
const ids = async (app: string, process?: string) => (await host.exec(
    `docker ps -q --filter label=paas.app=${app}${process ? ` --filter label=paas.process=${process}` : ""}`)).stdout.split("\n").filter(Boolean);
const inContainer = (id: string, script: string, stdin?: string) => host.exec(`docker exec -i ${id} sh -c '${script}'`, { stdin, allowFail: true });
const sleep = (seconds: number) => new Promise(r => setTimeout(r, seconds * 1000));

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s`);
        await sleep(1);
    }
}

// Talks to the app's own Redis from inside its container, with REDIS_URL from the container's
// environment: the password never reaches a command line.
const redisClient = `
import os, socket, sys, urllib.parse
u = urllib.parse.urlparse(os.environ["REDIS_URL"])
s = socket.create_connection((u.hostname, u.port), timeout=5)
def call(*args):
    s.sendall(("*%d\\r\\n" % len(args) + "".join("$%d\\r\\n%s\\r\\n" % (len(a), a) for a in args)).encode())
    return " ".join(s.recv(4096).decode().strip().split("\\r\\n"))
print(call("AUTH", u.username, u.password))
for line in sys.stdin.read().split("\\n"):
    if line: print(call(*line.split(" ")))
`;
const redis = async (app: string, commands: string[]): Promise<string[]> => {
    const [id] = await ids(app, "web");
    const r = await host.exec(`docker exec -i ${id} python3 -c ${shellQuote(redisClient)}`, { stdin: commands.join("\n"), allowFail: true });
    if (r.code !== 0) throw new Error(`redis client in ${app}: ${r.stderr}`);
    return r.stdout.trim().split("\n");
};

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-scale-${process.pid}` });
    await host.buildSampleApp("paas-scale/app:one");
    project = PulumiProject.withComponents(path.join(__dirname, "scale-program"), "scale");
    project.run(["stack", "init", "scale"]);
    for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), count: String(count), longName, image: "paas-scale/app:one" })) {
        project.run(["config", "set", key, value]);
    }
    project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test(`up from nothing: ${count} apps each write and read a database of their own`, async () => {
    const t = Date.now();
    up();
    process.stderr.write(`scale: up of ${every.length} apps (${count} with Postgres) in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    const released = JSON.parse(project.run(["stack", "output", "--json"]).stdout).released as Record<string, string>;
    expect(Object.keys(released).sort()).toEqual([...every].sort());
    expect(new Set(Object.values(released))).toEqual(new Set(["v1"]));
    // Each app on a network of its own, from the range Postgres admits, beyond Docker's default pools (about 30).
    const subnets = new Set<string>();
    for (const app of every) {
        for (const id of await ids(app)) {
            const address = (await host.exec(`docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}/{{.IPPrefixLen}}{{end}}' ${id}`)).stdout.trim();
            expect({ app, address }).toEqual({ app, address: expect.stringMatching(/^10\.77\.[0-9]+\.[0-9]+\/24$/) });
            subnets.add(`${app} ${address.split(".").slice(0, 3).join(".")}`);
        }
    }
    expect(new Set([...subnets].map(s => s.split(" ")[1])).size).toBe(every.length);
    for (const app of numbered) {
        const posted = await page(app, "/visits", "POST");
        expect({ app, status: posted.status, body: posted.body }).toEqual({ app, status: 200, body: "1" });
        expect((await page(app, "/visits")).body).toBe("1");
        expect((await page(app)).body).toBe(`hello from ${app}`);
    }
});

test("the longest app name the rules allow deploys and serves", async () => {
    expect(longName).toHaveLength(30);
    const r = await page(longName);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`hello from ${longName}`);
});

test("apps whose names join into the same string get their own containers and volumes", async () => {
    expect(await ids("a", "web")).toHaveLength(1);
    expect(await ids("a", "x-web")).toHaveLength(1);
    expect(await ids("a-x", "web")).toHaveLength(1);
    expect((await page("a")).body).toBe("hello from a");
    expect((await page("a-x")).body).toBe("hello from a-x");

    const [shop] = await ids("shop", "web");
    const [media] = await ids("shop-media", "web");
    expect((await inContainer(shop, "echo shop > /data/owner")).code).toBe(0);
    expect((await inContainer(media, "cat /data/owner")).code).not.toBe(0);
    expect((await inContainer(media, "echo shop-media > /data/owner")).code).toBe(0);
    expect((await inContainer(shop, "cat /data/owner")).stdout.trim()).toBe("shop");
});

test("two Redis add-ons created in one update both work, each with its own data", async () => {
    const one = (await page("shop", "/env/REDIS_URL")).body;
    const two = (await page("shop-media", "/env/REDIS_URL")).body;
    expect(new URL(one).port).not.toBe(new URL(two).port);
    expect(await redis("shop", ["SET owner shop", "GET owner"])).toEqual(["+OK", "+OK", "$4 shop"]);
    expect((await redis("shop-media", ["GET owner"]))[1]).toBe("$-1");
});

test("an up with nothing changed changes nothing", () => {
    project.run(["preview", "--expect-no-changes"]);
    up("--expect-no-changes");
});

test("a one-off container and a running scheduled job outlive a deploy of their app", async () => {
    // The job runs every minute for 90 s; systemd starts the next only after it ends.
    const job = await until("a scheduled job container", 90, async () => (await ids("jobs", "scheduler"))[0]);
    const spec = Buffer.from(JSON.stringify({ app: "jobs", command: ["sh", "-c", "sleep 60 && echo ran >> /data/runs"] })).toString("base64url");
    const oneOff: Promise<ExecResult> = host.exec(`paas app run --spec ${spec}`, { allowFail: true });
    await until("the one-off container", 30, async () => (await ids("jobs", "run"))[0]);

    project.run(["config", "set", "jobsGreeting", "jobs two"]);
    up();
    expect((await page("jobs")).body).toBe("jobs two");
    await host.drained("jobs");
    expect(await ids("jobs", "run")).toHaveLength(1);

    expect((await oneOff).code).toBe(0);
    await until("the job's end", 120, async () => (await ids("jobs", "scheduler")).includes(job) ? undefined : true);
    const [web] = await ids("jobs", "web");
    expect((await inContainer(web, "cat /data/runs")).stdout.trim()).toBe("ran");
    expect((await inContainer(web, "cat /data/jobs")).stdout).toContain("done");
});

test("after a reboot every app answers again, with its data, and the next up changes nothing", async () => {
    const t = Date.now();
    host.reboot();
    const pending = new Set(every);
    await until("every app answering after the reboot", 600, async () => {
        for (const app of [...pending]) {
            const r = await page(app).catch(() => undefined);
            if (r?.status === 200) pending.delete(app);
        }
        return pending.size === 0 ? true : undefined;
    });
    process.stderr.write(`scale: every one of ${every.length} apps answers ${((Date.now() - t) / 1000).toFixed(1)} s after the reboot began\n`);
    for (const app of numbered) expect({ app, body: (await page(app, "/visits")).body }).toEqual({ app, body: "1" });
    expect((await redis("shop", ["GET owner"]))[1]).toBe("$4 shop");
    expect(await ids("a", "x-web")).toHaveLength(1);
    expect((await host.exec("systemctl list-timers --all --no-legend")).stdout).toMatch(/paas.*jobs/);
    up("--expect-no-changes");
});

test("destroy removes every app, its containers, volumes, timers and Redis servers", async () => {
    project.run(["destroy", "--yes", "--skip-preview"]);
    expect((await host.exec("docker ps -aq --filter label=paas.app")).stdout.trim()).toBe("");
    expect((await host.exec("docker volume ls -q --filter label=paas.app")).stdout.trim()).toBe("");
    expect(await host.existing(["/etc/redis/redis-paas-*.conf", "/var/lib/redis/paas-*"])).toEqual([]);
    expect((await host.exec("systemctl list-timers --all --no-legend")).stdout).not.toMatch(/jobs/);
    for (const app of ["app-1", "shop", longName]) expect((await page(app)).status).toBe(404);
});
