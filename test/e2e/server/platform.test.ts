// The platform's host side, end to end on a local Debian 12 host: the commands the components
// run (a fixed command line, JSON on stdin), checked by what a user sees through nginx on the
// host's published HTTP port.
import { execFileSync, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import Redis from "ioredis";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AppSpecInput, buildAppSpec, buildConfigStage, buildDeploySpec } from "../../../shared/app-spec";
import { renderVhost } from "../../../shared/nginx-vhost";
import { canonicalJson, StoredSpec } from "../../../host/state";
import { freePort, startHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const fixture = path.join(__dirname, "../../../stacks/sample-app");
const dbPassword = "Pg0secretPassw0rdForShop";
const dbUrl = `postgres://shop:${dbPassword}@paas-host:5432/shop`;
// Quotes, a newline, command substitution, a semicolon, backquotes and a backslash.
const nasty = `it's "quoted"\nline two $(touch /tmp/x) ; touch /tmp/x2 \`touch /tmp/x3\` \\ end $HOME`;

let host: TestHost;

function spec(overrides: Partial<AppSpecInput> = {}) {
    return buildAppSpec({
        app: "shop", platformDomain: domain, source: "image", image: "paas-e2e/app:one",
        env: { GREETING: "hello v1", DATABASE_URL: dbUrl }, processes: { web: { count: 1 } }, port: 5000,
        healthPath: "/healthz", domains: [], clientMaxBodySize: "10m", ...overrides,
    });
}

const deploy = (s: object, opts: { allowFail?: boolean; prefix?: string } = {}) =>
    host.exec(`${opts.prefix ?? ""}paas app deploy`, { stdin: JSON.stringify(s), allowFail: opts.allowFail });
const releases = async (app = "shop") => JSON.parse((await host.exec(`paas app releases ${app}`)).stdout);
const containers = async (app = "shop") => {
    await host.drained(app);
    return (await host.exec(`docker ps -aq --filter label=paas.app=${app}`)).stdout.trim().split("\n").filter(Boolean);
};
const get = (urlPath = "/", app = "shop") => host.http(`${app}.${domain}`, urlPath);
const body = async (urlPath = "/", app = "shop") => (await get(urlPath, app)).body;

beforeAll(async () => {
    // A name of its own per run: several runs may share this machine's engine.
    host = await startHost(`paas-e2e-server-${process.pid}`, { bootstrap: true });
    // The app image is built once, inside the host, from its Dockerfile; a second image of the
    // same app lets releases differ by image.
    const started = Date.now();
    await host.buildSampleApp();
    await host.exec("printf 'FROM paas-e2e/app:one\\nRUN echo two > /app/VERSION\\n' | docker build -q -t paas-e2e/app:two -");
    console.log(`app images built in the host in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: "shop", password: dbPassword, keepData: true }) });
});

afterAll(() => host?.stop());

test("an app answers through nginx by its hostname; unknown hosts get 404", async () => {
    const r = await deploy(spec());
    expect(r.stdout.trim().split("\n").pop()).toBe("released v1 paas-e2e/app:one");
    expect(r.stdout).toContain(`serving at http://shop.${domain}/`);
    expect(await body()).toBe("hello v1");
    expect((await host.http("nobody.example.com")).status).toBe(404);
    const record = (await releases())[0];
    expect(record).toMatchObject({ version: 1, image: "paas-e2e/app:one", source: "image", spec: { app: "shop", port: 5000 } });
    expect(record.configDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(dbPassword);
    const modes = (await host.exec("stat -c '%a %U %n' /var/lib/paas/apps/shop /var/lib/paas/apps/shop/env.json /var/lib/paas/apps/shop/releases/v1.env.json")).stdout;
    expect(modes).toBe("700 root /var/lib/paas/apps/shop\n600 root /var/lib/paas/apps/shop/env.json\n600 root /var/lib/paas/apps/shop/releases/v1.env.json\n");
    expect((await host.exec("cat /var/lib/paas/apps/shop/current.json")).stdout).not.toContain(dbPassword);
});

test("deploying the same spec and config again creates no release", async () => {
    const before = await containers();
    const r = await deploy(spec());
    expect(r.stdout.trim()).toBe("unchanged: v1 paas-e2e/app:one");
    expect(await releases()).toHaveLength(1);
    expect(await containers()).toEqual(before);
    expect(await body()).toBe("hello v1");
});

test("a config change is served and the old containers are gone", async () => {
    const before = await containers();
    const r = await deploy(spec({ env: { GREETING: "hello v2", DATABASE_URL: dbUrl } }));
    expect(r.stdout.trim().split("\n").pop()).toBe("released v2 paas-e2e/app:one");
    expect(await body()).toBe("hello v2");
    const after = await containers();
    expect(after).toHaveLength(1);
    expect(before.filter(id => after.includes(id))).toEqual([]);
    const [v1, v2] = await releases();
    expect(v2.configDigest).not.toBe(v1.configDigest);
});

test("an image named with a registry's port deploys (preview accepts it too)", async () => {
    await host.exec("docker tag paas-e2e/app:one registry.example.com:5000/team/app:1.2");
    const r = await deploy(spec({ app: "ported", image: "registry.example.com:5000/team/app:1.2" }));
    expect(r.stdout.trim().split("\n").pop()).toBe("released v1 registry.example.com:5000/team/app:1.2");
    expect(await body("/", "ported")).toBe("hello v1");
    await host.exec("paas app destroy ported", { stdin: "{}" });
});

test("bad input is refused with the field and the rule, and nothing changes", async () => {
    const cases: [object, string][] = [
        [{ ...spec(), env: { "lower-case": "x" } }, "env.lower-case: names are uppercase letters, digits and _, not starting with a digit"],
        [{ ...spec(), app: "Bad_Name" }, "app: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"],
        [{ ...spec(), app: "a".repeat(31) }, "app: must be a DNS label"],
        [{ ...spec(), processes: { web: { count: 21 } } }, "processes.web.count: must be a whole number from 0 to 20"],
        [{ ...spec(), port: 70000 }, "port: must be a whole number from 1 to 65535"],
        [{ ...spec(), env: { DOCKER_HOST: "tcp://example.com:2375" } }, "env.DOCKER_HOST: reserved"],
        [{ ...spec(), releaseCommand: "sh -c 'touch /tmp/x'" }, "releaseCommand: must be a non-empty list of arguments"],
        // What preview refuses too (components/validate.ts), each once a value only the host refused.
        [{ ...spec(), processes: { web: { count: 1, command: [""] } } }, "processes.web.command: must be a non-empty list of arguments, the first not empty"],
        [{ ...spec(), hostnames: ["shop.paas.test", "127.0.0.1"] }, "hostnames: must be a list of lowercase domain names"],
        [{ ...spec(), env: { BIG: "x".repeat(32 * 1024) } }, "config: names and values at most 32 KiB in all"],
        [{ ...spec(), app: "pg-x" }, "app: pg-x is reserved by the platform"],
    ];
    for (const [input, message] of cases) {
        const r = await deploy(input, { allowFail: true });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(message);
    }
    expect((await host.exec("paas app releases ../etc", { allowFail: true })).stderr).toContain("app: must be a DNS label");
    expect((await host.exec("paas app rollback shop '1;id'", { allowFail: true })).stderr).toContain("release: must be a release number");
    // The host's own accounts cannot be taken by an add-on or an app.
    for (const [command, name] of [["paas addon postgres create", "postgres"], ["paas addon redis create", "paas"]]) {
        const r = await host.exec(command, { stdin: JSON.stringify({ name, password: "Sup3rSecretPassw0rdX" }), allowFail: true });
        expect([r.code, r.stderr.trim()]).toEqual([1, `name: ${name} is reserved by the platform`]);
    }
    expect((await deploy({ ...spec(), app: "postgres" }, { allowFail: true })).stderr).toContain("app: postgres is reserved by the platform");
    expect(await releases()).toHaveLength(2);
});

test("a config value with quotes, newlines, $() and ; arrives byte for byte; nothing runs; no secret in a process list or log", async () => {
    // Watch the host's process list through the whole deploy.
    await host.exec("nohup sh -c 'for i in $(seq 600); do ps -eww -o args; sleep 0.05; done' >/root/ps.log 2>&1 </dev/null & echo $! >/root/ps.pid");
    await deploy(spec({ env: { GREETING: "hello v2", DATABASE_URL: dbUrl, NASTY: nasty } }));
    await host.exec("kill $(cat /root/ps.pid) 2>/dev/null; sleep 0.2");
    expect(await body("/env/NASTY")).toBe(nasty);
    expect(await body("/env/DATABASE_URL")).toBe(dbUrl);
    expect(await host.existing(["/tmp/x", "/tmp/x2", "/tmp/x3"])).toEqual([]);
    const id = (await containers())[0];
    expect(await host.existing(["/tmp/x", "/tmp/x2", "/tmp/x3"], id)).toEqual([]);
    const ps = (await host.exec("cat /root/ps.log")).stdout;
    expect(ps).toContain("paas app deploy");
    expect(ps).not.toContain("line two");
    expect(ps).not.toContain(dbPassword);
    // Neither value is in a file outside the app's root-only state, nor in a log.
    for (const secret of ["line two $(touch", dbPassword]) {
        expect((await host.exec(`grep -rlF -- '${secret}' /etc /tmp /home /var/log /var/lib/paas/acme`, { allowFail: true })).stdout).toBe("");
        expect((await host.exec(`journalctl --no-pager | grep -cF -- '${secret}'`, { allowFail: true })).stdout.trim()).toBe("0");
    }
});

test("postgres add-on: the app writes and reads rows through DATABASE_URL", async () => {
    expect(await (await host.http(`shop.${domain}`, "/visits", { method: "POST" })).body).toBe("1");
    expect(await (await host.http(`shop.${domain}`, "/visits", { method: "POST" })).body).toBe("2");
    // Creating it again keeps the data.
    await host.exec("paas addon postgres create", { stdin: JSON.stringify({ name: "shop", password: dbPassword }) });
    expect(await body("/visits")).toBe("2");
});

test("rows survive a redeploy with a new image, and a rollback restores the earlier image and config", async () => {
    await deploy(spec({ image: "paas-e2e/app:two", env: { GREETING: "image two", DATABASE_URL: dbUrl } }));
    expect(await body()).toBe("image two");
    expect(await body("/version")).toBe("two");
    expect(await body("/visits")).toBe("2");
    const all = await releases();
    const previous = all[all.length - 2];
    expect(previous.image).toBe("paas-e2e/app:one");
    const r = await host.exec(`paas app rollback shop ${previous.version}`);
    expect(r.stdout.trim().split("\n").pop()).toBe(`released v${all.length + 1} paas-e2e/app:one`);
    expect(await body()).toBe("hello v2");
    expect(await body("/version")).toBe("one");
    expect(await body("/env/NASTY")).toBe(nasty);
    expect(await body("/visits")).toBe("2");
    const ids = await containers();
    expect(ids).toHaveLength(1);
    expect((await host.exec(`docker inspect -f '{{.Config.Image}}' ${ids[0]}`)).stdout.trim()).toBe("paas-e2e/app:one");
    expect((await releases()).pop()).toMatchObject({ version: all.length + 1, source: `rollback:v${previous.version}`, image: "paas-e2e/app:one", configDigest: previous.configDigest });
});

test("scale web to 3: three containers answer behind nginx; then back to 1", async () => {
    const env = { GREETING: "scaled", DATABASE_URL: dbUrl };
    await deploy(spec({ env, processes: { web: { count: 3 } } }));
    expect(await containers()).toHaveLength(3);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add(await body("/whoami"));
    expect(seen.size).toBe(3);
    await deploy(spec({ env, processes: { web: { count: 1 } } }));
    expect(await containers()).toHaveLength(1);
    expect(await body()).toBe("scaled");
});

test("a worker process runs its own command, unpublished", async () => {
    const env = { GREETING: "with worker", DATABASE_URL: dbUrl };
    await deploy(spec({ env, processes: { web: { count: 1 }, worker: { count: 2, command: ["python3", "-c", "import time; time.sleep(3600)"] } } }));
    await host.drained("shop");
    const workers = (await host.exec("docker ps --filter label=paas.app=shop --filter label=paas.process=worker --format '{{.Ports}}|{{.Command}}'")).stdout.trim().split("\n");
    expect(workers).toHaveLength(2);
    for (const w of workers) expect(w).toMatch(/^\|"python3 -c/);
    await deploy(spec({ env }));
    expect(await containers()).toHaveLength(1);
});

test("a deploy under a steady stream of requests loses none", async () => {
    let stop = false, sent = 0;
    const failures: string[] = [];
    const bodies = new Set<string>();
    const stream = (async () => {
        while (!stop && sent < 20000) {
            sent++;
            const r = await get().catch(e => ({ status: 0, body: String(e) }));
            if (r.status !== 200) failures.push(`${r.status} ${r.body.slice(0, 80)}`);
            else bodies.add(r.body);
        }
    })();
    await new Promise(r => setTimeout(r, 500));
    await deploy(spec({ env: { GREETING: "under load", DATABASE_URL: dbUrl } }));
    await new Promise(r => setTimeout(r, 1000));
    stop = true;
    await stream;
    console.log(`requests during the deploy: ${sent}, failed: ${failures.length}`);
    expect(sent).toBeGreaterThan(50);
    expect(failures).toEqual([]);
    expect([...bodies].sort()).toEqual(["under load", "with worker"]);
    expect(await body()).toBe("under load");
});

test("a release whose health check fails leaves the previous release serving", async () => {
    const count = (await releases()).length;
    const before = await containers();
    const r = await deploy(spec({ env: { GREETING: "never served", DATABASE_URL: dbUrl }, healthPath: "/missing" }),
        { allowFail: true, prefix: "PAAS_HEALTH_TIMEOUT=6 " });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`health check failed: /missing did not answer 2xx/3xx within 6s; release v${count} keeps serving`);
    expect(await body()).toBe("under load");
    expect(await releases()).toHaveLength(count);
    expect(await containers()).toEqual(before);
});

test.each([
    ["fails", { releaseCommand: ["python3", "-c", "import sys; print('migration broke'); sys.exit(3)"] },
        "migration broke", "release command failed with exit code 3"],
    ["runs past its timeout", {
        releaseCommand: ["python3", "-c", "import time; print('migrating slowly', flush=True); time.sleep(600)"],
        releaseTimeoutSeconds: 3,
    }, "migrating slowly", "release command did not finish within 3 s"],
])("a release whose release command %s leaves the previous release serving", async (_, release, printed, why) => {
    const count = (await releases()).length;
    const before = await containers();
    const r = await deploy(spec({ env: { GREETING: "never served", DATABASE_URL: dbUrl }, ...release }), { allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(printed);
    expect(r.stderr).toContain(`${why}; release v${count} keeps serving`);
    expect(await body()).toBe("under load");
    expect(await releases()).toHaveLength(count);
    expect(await containers()).toEqual(before);
});

test("a release command that succeeds runs with the config before the new release serves", async () => {
    const r = await deploy(spec({
        env: { GREETING: "migrated", DATABASE_URL: dbUrl },
        releaseCommand: ["python3", "-c", "import os; print('migrating for', os.environ['GREETING'])"],
    }));
    // It saw the value: the output names it, and hides it (host/redaction.ts).
    expect(r.stdout).toContain("migrating for [config GREETING]");
    expect(r.stdout).not.toContain("migrating for migrated");
    expect(await body()).toBe("migrated");
    expect(await containers()).toHaveLength(1);
});

test("a Dockerfile folder copied to the host is built there once and deployed", async () => {
    const context = "/root/paas-uploads/build-shop-ctx1";
    await host.exec(`rm -rf ${context} && mkdir -p /root/paas-uploads && cp -r /root/app ${context} && echo built-here >${context}/VERSION && echo 'COPY VERSION /app/VERSION' >>${context}/Dockerfile`);
    const s = spec({ source: "dockerfile", image: "paas/shop:ctx1", buildContext: context, env: { GREETING: "from a folder", DATABASE_URL: dbUrl } });
    const r = await deploy(s);
    expect(r.stdout).toContain("building paas/shop:ctx1");
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^released v\d+ paas\/shop:ctx1$/);
    expect(await body("/version")).toBe("built-here");
    expect(await body()).toBe("from a folder");
    expect((await deploy(s)).stdout.trim()).toMatch(/^unchanged: v\d+ paas\/shop:ctx1$/);
});

test("two deploys at once are applied one after the other", async () => {
    const count = (await releases()).length;
    const greetings = ["first of two", "second of two"];
    const results = await Promise.all(greetings.map(g => deploy(spec({ env: { GREETING: g, DATABASE_URL: dbUrl } }))));
    for (const r of results) expect(r.stdout.trim().split("\n").pop()).toMatch(/^released v\d+ paas-e2e\/app:one$/);
    const all = await releases();
    expect(all.map((r: any) => r.version)).toEqual(Array.from({ length: count + 2 }, (_, n) => n + 1));
    expect(await containers()).toHaveLength(1);
    const last = results.find(r => r.stdout.includes(`released v${count + 2} `))!;
    expect(await body()).toBe(greetings[results.indexOf(last)]);
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (await check().catch(() => false)) return;
        await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
}

test("a crashed web container, and a restarted docker engine, serve again behind nginx on the same port", async () => {
    const [id] = await containers();
    const port = async () => (await host.exec(`docker port ${id} 5000/tcp`)).stdout.trim();
    const before = await port();
    const expected = await body();
    const pid = (await host.exec(`docker inspect -f '{{.State.Pid}}' ${id}`)).stdout.trim();
    await host.exec(`kill -9 ${pid}`);
    await until("the restarted container", async () => (await host.exec(`docker inspect -f '{{.RestartCount}}' ${id}`)).stdout.trim() !== "0");
    await until("the app after its crash", async () => (await get()).body === expected);
    expect(await port()).toBe(before);
    await host.exec("systemctl restart docker");
    await until("the app after docker restarted", async () => (await get()).body === expected);
    expect(await port()).toBe(before);
    expect(await body("/visits")).toBe("2");
});

describe("git push", () => {
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), "paas-keys-"));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-push-"));
    const key = (name: string) => {
        execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path.join(keys, name)]);
        return fs.readFileSync(path.join(keys, `${name}.pub`), "utf8").trim();
    };
    const git = (args: string[], keyName = "pushy-key") => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
        cwd: work, encoding: "utf8",
        env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, keyName)).join(" ")}` },
    });
    const remote = (app = "pushy") => `ssh://git@127.0.0.1:${host.sshPort}/${app}`;
    const gitSpec = () => spec({ app: "pushy", source: "git", image: undefined, env: { GREETING: "pushed" } });

    beforeAll(async () => {
        // As the App component does: keys (app in the JSON), then the spec.
        await host.exec("paas keys set", { stdin: JSON.stringify({ app: "pushy", keys: [key("pushy-key")] }) });
        await host.exec("paas keys set other", { stdin: JSON.stringify({ keys: [key("other-key")] }) });
        const waiting = await deploy(gitSpec());
        expect(waiting.stdout).toContain("waiting for git push");
        fs.cpSync(fixture, work, { recursive: true });
        for (const args of [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "one"]]) expect(git(args).status).toBe(0);
    });

    afterAll(() => {
        fs.rmSync(keys, { recursive: true, force: true });
        fs.rmSync(work, { recursive: true, force: true });
    });

    test("the deploy keys are forced to paas-git-shell of their own app", async () => {
        const entries = (await host.exec("cat /home/git/.ssh/authorized_keys")).stdout.trim().split("\n");
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatch(/^restrict,command="paas-git-shell pushy" ssh-ed25519 \S+ paas:pushy$/);
        expect(entries[1]).toMatch(/^restrict,command="paas-git-shell other" ssh-ed25519 \S+ paas:other$/);
    });

    test("a push builds the commit's Dockerfile and serves it as a new release", async () => {
        const r = git(["push", remote(), "main"]);
        expect(r.status).toBe(0);
        const sha = git(["rev-parse", "HEAD"]).stdout.trim().slice(0, 12);
        expect(r.stderr).toContain(`building paas/pushy:${sha}`);
        expect(r.stderr).toContain(`serving at http://pushy.${domain}/`);
        expect(r.stderr).toContain(`released v1 paas/pushy:${sha}`);
        expect(await body("/", "pushy")).toBe("pushed");
        expect((await host.exec("cat /var/lib/paas/apps/pushy/pushed-image")).stdout.trim()).toBe(`paas/pushy:${sha}`);
    });

    test("a second commit becomes the next release; the unchanged spec keeps it; a config change keeps the pushed image", async () => {
        fs.writeFileSync(path.join(work, "VERSION"), "second\n");
        fs.appendFileSync(path.join(work, "Dockerfile"), "COPY VERSION /app/VERSION\n");
        expect(git(["add", "."]).status).toBe(0);
        expect(git(["commit", "-q", "-m", "two"]).status).toBe(0);
        const sha = git(["rev-parse", "HEAD"]).stdout.trim().slice(0, 12);
        expect(git(["push", remote(), "main"]).stderr).toContain(`released v2 paas/pushy:${sha}`);
        expect(await body("/version", "pushy")).toBe("second");
        // What `pulumi up` sends for a git app never reverts the pushed release.
        expect((await deploy(gitSpec())).stdout.trim()).toBe(`unchanged: v2 paas/pushy:${sha}`);
        const r = await deploy(spec({ app: "pushy", source: "git", image: undefined, env: { GREETING: "pushed, reconfigured" } }));
        expect(r.stdout.trim().split("\n").pop()).toBe(`released v3 paas/pushy:${sha}`);
        expect(await body("/", "pushy")).toBe("pushed, reconfigured");
        expect(await body("/version", "pushy")).toBe("second");
    });

    test("another app's key is refused, a key reaches no other app, and a key gets no shell", async () => {
        const other = git(["push", remote(), "main"], "other-key");
        expect(other.status).not.toBe(0);
        expect(other.stderr).toContain("this key deploys other, not pushy");
        const cross = git(["push", remote("other"), "main"]);
        expect(cross.status).not.toBe(0);
        expect(cross.stderr).toContain("this key deploys pushy, not other");
        const fetch = git(["ls-remote", remote()]);
        expect(fetch.status).not.toBe(0);
        expect(fetch.stderr).toContain("only git push is allowed");
        const pushyKey = path.join(keys, "pushy-key");
        const shell = await host.exec("id; touch /tmp/x", { user: "git", keyPath: pushyKey, allowFail: true });
        expect(shell.code).not.toBe(0);
        expect(shell.stdout).toBe("");
        expect(shell.stderr).toContain("only git push is allowed");
        const sneaky = await host.exec("git-receive-pack '/pushy'; id", { user: "git", keyPath: pushyKey, allowFail: true });
        expect(sneaky.code).not.toBe(0);
        expect(sneaky.stderr).toContain("only git push is allowed");
        const login = spawnSync("ssh", [...host.sshOptions(pushyKey), "git@127.0.0.1"], { encoding: "utf8", input: "id\nexit\n" });
        expect(login.status).not.toBe(0);
        expect(login.stdout + login.stderr).toContain("no shell here");
        expect(login.stdout).not.toMatch(/uid=/);
        expect(await host.existing(["/tmp/x"])).toEqual([]);
    });

    test("`paas keys clear` (deployKeys removed from the app) revokes the app's keys, and only them", async () => {
        await host.exec("paas keys set other", { stdin: JSON.stringify({ keys: [fs.readFileSync(path.join(keys, "other-key.pub"), "utf8").trim()] }) });
        await host.exec("paas keys clear", { stdin: JSON.stringify({ app: "other", keys: ["ignored"] }) });
        const entries = (await host.exec("cat /home/git/.ssh/authorized_keys")).stdout;
        expect(entries).not.toContain("paas:other");
        expect(entries).toContain("paas:pushy");
        const other = git(["push", remote("other"), "main"], "other-key");
        expect(other.status).not.toBe(0);
        expect(other.stderr).not.toContain("this key deploys");
    });

    test("destroying a git app removes its repository, keys and images", async () => {
        await host.exec("paas app destroy pushy", { stdin: JSON.stringify({ keepData: true }) });
        expect((await get("/", "pushy")).status).toBe(404);
        expect(await containers("pushy")).toEqual([]);
        expect(await host.existing(["/home/git/pushy.git", "/var/lib/paas/apps/pushy"])).toEqual([]);
        expect((await host.exec("docker images -q paas/pushy")).stdout.trim()).toBe("");
        expect((await host.exec("cat /home/git/.ssh/authorized_keys")).stdout).not.toContain("paas:pushy");
        expect(git(["push", remote(), "main"]).status).not.toBe(0);
    });
});

test("add-on commands print only their result: nothing on stderr", async () => {
    for (const [command, input, line] of [
        ["paas addon postgres create", { name: "quiet", password: "Qu1etPassw0rdForAddon" }, "postgres database quiet ready"],
        ["paas addon postgres delete", { name: "quiet", keepData: false }, "postgres database quiet dropped"],
        ["paas addon redis create", { name: "quiet", password: "Qu1etPassw0rdForAddon" }, /^redis server quiet ready on port \d+$/],
        ["paas addon redis delete", { name: "quiet", keepData: false }, "redis server quiet removed"],
    ] as [string, object, string | RegExp][]) {
        const r = await host.exec(command, { stdin: JSON.stringify(input) });
        expect([r.stdout.trim(), r.stderr]).toEqual([typeof line === "string" ? line : expect.stringMatching(line), ""]);
    }
});

test("redis add-on: a server of its own, where a client library's ordinary calls work and another add-on's data is out of reach", async () => {
    const password = "Rd0secretPassw0rdForShop";
    const port = (name: string, out: string) => Number(new RegExp(`^redis server ${name} ready on port (\\d+)$`).exec(out.trim())![1]);
    const shop = port("shop", (await host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "shop", password }) })).stdout);
    const other = port("other", (await host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "other", password: "Ot4erPassw0rdForRedis" }) })).stdout);
    expect(other).not.toBe(shop);
    // ioredis, from here, through an SSH tunnel to the host's loopback: what an app's library does.
    const local = await freePort();
    const tunnel = spawn("ssh", [...host.sshOptions(), "-N", "-L", `${local}:127.0.0.1:${shop}`, `root@${host.sshHost}`], { stdio: "ignore" });
    try {
        let redis: Redis | undefined;
        for (let n = 0; n < 50 && !redis; n++) {
            const attempt = new Redis({ port: local, username: "shop", password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
            attempt.on("error", () => undefined);
            try { await attempt.connect(); redis = attempt; } catch { attempt.disconnect(); await new Promise(r => setTimeout(r, 200)); }
        }
        expect(redis).toBeDefined();
        expect(await redis!.set("greeting", "hi")).toBe("OK");
        expect(await redis!.info("server")).toContain("redis_version");
        expect(await redis!.select(1)).toBe("OK");
        expect(await redis!.flushdb()).toBe("OK");
        expect(await redis!.select(0)).toBe("OK");
        expect(await redis!.keys("*")).toEqual(["greeting"]);
        await expect(redis!.config("SET", "maxmemory", "1gb")).rejects.toThrow(/NOPERM/);
        redis!.disconnect();
    } finally {
        tunnel.kill();
    }
    // The other add-on's server does not know this user.
    const cli = (p: number, args: string) => host.exec(`REDISCLI_AUTH=$(cat) redis-cli -p ${p} --no-auth-warning --user shop ${args}`, { stdin: password, allowFail: true });
    expect((await cli(other, "GET greeting")).stdout + (await cli(other, "GET greeting")).stderr).toMatch(/WRONGPASS|NOAUTH|invalid/i);
    await host.exec("paas addon redis delete", { stdin: JSON.stringify({ name: "shop", keepData: false }) });
    await host.exec("paas addon redis delete", { stdin: JSON.stringify({ name: "other", keepData: false }) });
    expect((await cli(shop, "PING")).stdout + (await cli(shop, "PING")).stderr).toMatch(/refused|WRONGPASS|NOAUTH/i);
});

test("config staged by `paas app config` is what a deploy naming its fingerprints serves; another is refused", async () => {
    const settings = { app: "shop", platformDomain: domain, source: "image", image: "paas-e2e/app:one", processes: { web: { count: 1 } }, port: 5000,
        healthPath: "/healthz", domains: [], clientMaxBodySize: "10m" };
    const stage = buildConfigStage("shop", { GREETING: "staged hello", DATABASE_URL: dbUrl, NASTY: nasty }, "salt-of-the-app");
    const staged = await host.exec("paas app config", { stdin: JSON.stringify(stage) });
    expect(staged.stdout.trim()).toBe("config of shop staged: 3 var(s)");
    expect((await host.exec("stat -c '%a' /var/lib/paas/apps/shop/staged-config.json")).stdout.trim()).toBe("600");
    const deploySpec = buildDeploySpec(settings, stage.fingerprints);
    expect(JSON.stringify(deploySpec)).not.toContain("staged hello");
    const r = await deploy(deploySpec);
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^released v[0-9]+ paas-e2e\/app:one$/);
    expect(await body()).toBe("staged hello");
    expect(await body("/env/NASTY")).toBe(nasty);
    // The same deploy again: no release.
    expect((await deploy(deploySpec)).stdout.trim()).toMatch(/^unchanged: v[0-9]+ /);
    // A deploy that names other fingerprints than the staged ones changes nothing.
    const other = buildConfigStage("shop", { GREETING: "not staged", DATABASE_URL: dbUrl }, "salt-of-the-app");
    const refused = await deploy(buildDeploySpec(settings, other.fingerprints), { allowFail: true });
    expect([refused.code, refused.stderr.trim()]).toEqual([1, expect.stringMatching(/^config: the staged config is not the one this deploy names; release v[0-9]+ keeps serving$/)]);
    expect(await body()).toBe("staged hello");
    // Bad input to `paas app config` is refused naming the field.
    for (const [input, message] of [
        [{ ...stage, env: { PORT: "1" }, fingerprints: { PORT: "0123456789abcdef" } }, "env.PORT: set by the platform from port"],
        [{ ...stage, fingerprints: {} }, "fingerprints: must map each config var to its fingerprint"],
        [{ ...stage, app: "../x" }, "app: must be a DNS label"],
    ] as [object, string][]) {
        const bad = await host.exec("paas app config", { stdin: JSON.stringify(input), allowFail: true });
        expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining(message)]);
    }
    expect(await body()).toBe("staged hello");
    // Back to the config the tests below expect.
    await deploy(spec());
});

describe("a hostname belongs to one app", () => {
    const app = (name: string, domains: string[], greeting = `hello ${name}`) =>
        spec({ app: name, env: { GREETING: greeting }, domains: domains.map(d => ({ name: d })) });
    const vhostFile = (name: string) => `/etc/nginx/sites-enabled/paas-${name}.conf`;
    const released = (r: { stdout: string }) => r.stdout.trim().split("\n").pop();

    test("a second app asking for a served hostname is refused with the field and the app; the first keeps serving it", async () => {
        expect(released(await deploy(app("alpha", ["shared.example.test"])))).toBe("released v1 paas-e2e/app:one");
        expect(await body("/", "alpha")).toBe("hello alpha");
        expect((await host.http("shared.example.test")).body).toBe("hello alpha");

        const refused = await deploy(app("beta", ["beta.example.test", "shared.example.test"]), { allowFail: true });
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim()).toBe("domains[1].name: shared.example.test (app beta) is already a hostname of app alpha: " +
            "a hostname belongs to one app; no release keeps serving");
        // Nothing of beta was started or routed; alpha still answers at the name, through nginx.
        expect(await containers("beta")).toEqual([]);
        expect(await host.existing([vhostFile("beta"), "/etc/nginx/paas/upstreams/beta.conf"])).toEqual([]);
        expect((await host.http("shared.example.test")).body).toBe("hello alpha");
        expect((await host.exec("nginx -t 2>&1")).stdout).not.toContain("conflicting server name");

        // Another app's default hostname as a domain is refused too.
        const asDefault = await deploy(app("beta", ["alpha.paas.test"]), { allowFail: true });
        expect(asDefault.stderr).toContain("domains[0].name: alpha.paas.test (app beta) is already a hostname of app alpha");
        expect((await host.http("alpha.paas.test")).body).toBe("hello alpha");
    });

    test("two apps deploying one new hostname at once: one serves it, the other is refused", async () => {
        const results = await Promise.all(["gamma", "delta"].map(name => deploy(app(name, ["race.example.test"]), { allowFail: true })));
        const winner = results.findIndex(r => r.code === 0);
        expect(results.map(r => r.code).sort()).toEqual([0, 1]);
        const [won, lost] = winner === 0 ? ["gamma", "delta"] : ["delta", "gamma"];
        expect(results[1 - winner].stderr).toContain(`domains[0].name: race.example.test (app ${lost}) is already a hostname of app ${won}`);
        expect((await host.http("race.example.test")).body).toBe(`hello ${won}`);
        for (const name of ["gamma", "delta"]) await host.exec(`paas app destroy ${name}`, { stdin: "{}" });
    });

    test("a rollback to a release with a hostname another app took since is refused, and the current release keeps serving", async () => {
        expect(released(await deploy(app("beta", ["old.example.test"], "beta v1")))).toBe("released v1 paas-e2e/app:one");
        // beta gives the name up; alpha takes it.
        expect(released(await deploy(app("beta", [], "beta v2")))).toBe("released v2 paas-e2e/app:one");
        expect(released(await deploy(app("alpha", ["shared.example.test", "old.example.test"])))).toBe("released v2 paas-e2e/app:one");
        const refused = await host.exec("paas app rollback beta 1", { allowFail: true });
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim()).toBe("domains[0].name: old.example.test (app beta) is already a hostname of app alpha: " +
            "a hostname belongs to one app; release v2 keeps serving");
        expect((await releases("beta")).map((r: { version: number }) => r.version)).toEqual([1, 2]);
        expect(await body("/", "beta")).toBe("beta v2");
        expect((await host.http("old.example.test")).body).toBe("hello alpha");
    });

    test("a destroyed app's hostnames can then be taken", async () => {
        await host.exec("paas app destroy alpha", { stdin: "{}" });
        expect((await host.http("shared.example.test")).status).toBe(404);
        expect(released(await deploy(app("beta", ["shared.example.test", "alpha.paas.test"], "beta v3")))).toBe("released v3 paas-e2e/app:one");
        expect((await host.http("shared.example.test")).body).toBe("beta v3");
        expect((await host.http("alpha.paas.test")).body).toBe("beta v3");
        await host.exec("paas app destroy beta", { stdin: "{}" });
    });
});

test("an app deployed before the host rendered vhosts itself is unchanged by the same deploy, and scales, restarts and rolls back", async () => {
    const legacy = (greeting: string) => spec({ app: "legacy", env: { GREETING: greeting }, domains: [{ name: "legacy.example.test" }], clientMaxBodySize: "25m" });
    await deploy(legacy("legacy v1"));
    expect((await deploy(legacy("legacy v2"))).stdout.trim().split("\n").pop()).toBe("released v2 paas-e2e/app:one");
    // Its records as the earlier host wrote them: the rendered vhost in the spec, no body size,
    // and the identity of that spec.
    const dir = "/var/lib/paas/apps/legacy";
    const earlier = (s: StoredSpec) => {
        const { clientMaxBodySize, ...rest } = s;
        return { ...rest, vhost: renderVhost({ app: s.app, hostnames: s.hostnames, tlsHostnames: s.tlsDomains, clientMaxBodySize }) };
    };
    const write = (file: string, value: unknown) => host.exec(`cat > ${file}`, { stdin: `${JSON.stringify(value, null, 2)}\n` });
    for (const v of [1, 2]) {
        const record = JSON.parse((await host.exec(`cat ${dir}/releases/v${v}.json`)).stdout);
        const spec = earlier(record.spec);
        const { buildContext: _context, ...identified } = spec as typeof spec & { buildContext?: string };
        const identity = crypto.createHash("sha256").update(canonicalJson({ spec: identified, image: record.image, configDigest: record.configDigest })).digest("hex");
        await write(`${dir}/releases/v${v}.json`, { ...record, spec, identity });
        if (v === 2) await write(`${dir}/current.json`, spec);
    }
    expect((await host.exec(`cat ${dir}/current.json`)).stdout).toContain('"vhost"');

    // The same app deployed again after the upgrade: nothing to do.
    expect((await deploy(legacy("legacy v2"))).stdout.trim()).toBe("unchanged: v2 paas-e2e/app:one");
    expect(await releases("legacy")).toHaveLength(2);

    const vhost = async () => (await host.exec("cat /etc/nginx/sites-enabled/paas-legacy.conf")).stdout;
    const paas = (verb: string, input: object) => host.exec(`paas app ${verb}`, { stdin: JSON.stringify(input) });
    expect((await paas("scale", { app: "legacy", processes: { web: 2 } })).stdout).toContain("scaled legacy: web=2");
    expect(await containers("legacy")).toHaveLength(2);
    expect((await host.exec("cat /etc/nginx/paas/upstreams/legacy.conf")).stdout.match(/server 127\.0\.0\.1:/g)).toHaveLength(2);
    expect(await vhost()).toContain("server_name legacy.paas.test legacy.example.test;");
    expect(await vhost()).toContain("client_max_body_size 25m;");
    expect((await host.http("legacy.example.test")).body).toBe("legacy v2");
    expect((await paas("restart", { app: "legacy" })).stdout).toContain("restarted 2 container(s) of legacy");
    expect((await host.http("legacy.example.test")).body).toBe("legacy v2");
    await paas("maintenance", { app: "legacy", on: true });
    expect((await host.http("legacy.example.test")).status).toBe(503);
    await paas("maintenance", { app: "legacy", on: false });
    expect((await host.http("legacy.example.test")).body).toBe("legacy v2");

    // Back to v1, whose record is of the earlier format too.
    expect((await host.exec("paas app rollback legacy 1")).stdout.trim().split("\n").pop()).toBe("released v3 paas-e2e/app:one");
    expect((await host.http("legacy.example.test")).body).toBe("legacy v1");
    expect(await body("/", "legacy")).toBe("legacy v1");
    expect(await vhost()).toContain("client_max_body_size 25m;");
    const v3 = (await releases("legacy")).pop();
    expect(v3).toMatchObject({ version: 3, source: "rollback:v1", spec: { hostnames: ["legacy.paas.test", "legacy.example.test"], clientMaxBodySize: "25m" } });
    expect(v3.spec).not.toHaveProperty("vhost");
    await host.exec("paas app destroy legacy", { stdin: "{}" });
});

test("a delete from the app's former owner (a rename without an alias) leaves the app serving", async () => {
    await host.exec("paas app register", { stdin: JSON.stringify({ app: "shop", owner: "urn:pulumi:prod::paas::paas:index:App::old" }) });
    // The new resource registers itself, then the old one's delete runs.
    const registered = await host.exec("paas app register", { stdin: JSON.stringify({ app: "shop", owner: "urn:pulumi:prod::paas::paas:index:App::new" }) });
    expect(registered.stdout.trim()).toBe("shop belongs to urn:pulumi:prod::paas::paas:index:App::new");
    const kept = await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "shop", keepData: false, owner: "urn:pulumi:prod::paas::paas:index:App::old" }) });
    expect(kept.stdout.trim()).toBe("kept shop: it belongs to urn:pulumi:prod::paas::paas:index:App::new now");
    expect((await get()).status).toBe(200);
    // An add-on's data, likewise.
    const addon = (verb: string, owner: string) => host.exec(`paas addon postgres ${verb}`, { stdin: JSON.stringify({ name: "shop", password: dbPassword, keepData: false, owner }) });
    await addon("create", "urn:pulumi:prod::paas::paas:index:PostgresAddon::new");
    expect((await addon("delete", "urn:pulumi:prod::paas::paas:index:PostgresAddon::old")).stdout.trim())
        .toBe("postgres database shop kept: it belongs to urn:pulumi:prod::paas::paas:index:PostgresAddon::new now");
    expect(await body("/visits")).toMatch(/^[0-9]+$/);
    expect((await host.exec("paas app register", { stdin: JSON.stringify({ app: "shop", owner: "line\nbreak" }), allowFail: true })).stderr)
        .toContain("owner: must be a resource name");
});

test("destroy leaves nothing of the app; its database is kept with keepData", async () => {
    // A second name for the image, so that it outlives the destroy for the redeploy below.
    await host.exec("docker tag paas-e2e/app:one paas-e2e/spare:one");
    await host.exec("paas app destroy shop", { stdin: JSON.stringify({ keepData: true }) });
    expect((await get()).status).toBe(404);
    expect(await containers()).toEqual([]);
    expect(await host.existing(["/var/lib/paas/apps/shop", "/etc/nginx/sites-enabled/paas-shop.conf", "/etc/nginx/paas/upstreams/shop.conf"])).toEqual([]);
    expect((await host.exec("docker images -q paas-e2e/app")).stdout.trim()).toBe("");
    const databases = async () => (await host.exec("runuser -u postgres -- psql -tAc 'SELECT datname FROM pg_database'")).stdout.split("\n");
    expect(await databases()).toContain("shop");

    // Without keepData, the app's volumes go; the database is its add-on's, which drops it.
    await host.exec("docker tag paas-e2e/spare:one paas-e2e/app:one");
    await host.exec("paas app deploy", { stdin: JSON.stringify(spec()) });
    expect(await body("/visits")).toBe("2");
    // As the App component deletes it: `paas app destroy`, the app and keepData on stdin.
    await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "shop", keepData: false }) });
    expect(await databases()).toContain("shop");
    await host.exec("paas addon postgres delete", { stdin: JSON.stringify({ name: "shop", keepData: false }) });
    expect(await databases()).not.toContain("shop");
    expect((await host.exec("runuser -u postgres -- psql -tAc \"SELECT count(*) FROM pg_roles WHERE rolname = 'shop'\"")).stdout.trim()).toBe("0");
    expect((await host.exec("ls /var/lib/paas/apps")).stdout.trim()).toBe("");
});
