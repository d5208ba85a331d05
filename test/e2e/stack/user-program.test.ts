// A user's own program importing the components (./program), through the real engine on a
// local Debian 12 host: `git push` deploys with deploy keys (one key, two apps), pushes that fail
// are rejected and leave the branch where it was, Heroku's runtime conventions in the containers,
// TLS on an app's default hostname, container sizes, failing releases that leave the previous one serving, a
// rename with an alias that keeps the app and its rows, and a stack rollback that brings back a
// pushed image.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_800_000);

const repoRoot = path.resolve(__dirname, "../../..");
const sampleApp = path.join(repoRoot, "stacks/sample-app");
const hostname = "shop.paas.test";

let host: TestHost;
let project: PulumiProject;
let acmeRoot: string;
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "paas-user-keys-"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-user-push-"));

const newKey = (name: string) => {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path.join(keys, name)]);
    return fs.readFileSync(path.join(keys, `${name}.pub`), "utf8").trim();
};
const git = (args: string[], keyName = "shop-key") => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    cwd: work, encoding: "utf8",
    env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, keyName)).join(" ")}` },
});
/** A push's exit code, with its output when it failed (the failure then says why). */
const pushStatus = (r: ReturnType<typeof git>) => (r.status === 0 ? 0 : `${r.status}: ${r.stderr}`);
const remote = (app: string) => `ssh://git@127.0.0.1:${host.sshPort}/${app}`;
const commit = (version: string) => {
    fs.writeFileSync(path.join(work, "VERSION"), `${version}\n`);
    for (const args of [["add", "."], ["commit", "-q", "-m", version]]) expect(git(args).status).toBe(0);
};
const page = (urlPath = "/") => host.http(hostname, urlPath);
const version = async () => (await page("/version")).body.trim();
const releases = async () => JSON.parse((await host.exec("paas app releases shop")).stdout) as { version: number; image: string }[];
const visits = async (method = "GET") => Number((await host.http(hostname, "/visits", { method })).body);
const up = (opts: { allowFail?: boolean } = {}) => project.run(["up", "--yes", "--skip-preview"], opts);
const rollback = (...args: string[]) => spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
    "--stack", "user", "--cwd", project.dir, ...args], { cwd: repoRoot, env: project.env, encoding: "utf8" });

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-user-${process.pid}` });
    host.loadImage("debian:bookworm-slim");
    const acme = await host.startAcmeServer(["api.paas.test"]);
    acmeRoot = acme.root;
    project = PulumiProject.withComponents(path.join(__dirname, "program"), "user");
    project.run(["stack", "init", "user"]);
    project.run(["config", "set", "acmeServer", acme.directory]);
    for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), hostKey: host.hostKey, shopDeployKey: newKey("shop-key"), otherDeployKey: newKey("other-key") })) {
        project.run(["config", "set", key, value]);
    }
    project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
    project.run(["config", "set", "--secret", "greeting", "hello one"]);
    fs.cpSync(sampleApp, work, { recursive: true });
    // The pushed code says which commit it is: GET /version answers /app/VERSION.
    fs.appendFileSync(path.join(work, "Dockerfile"), "COPY VERSION /app/VERSION\n");
    fs.writeFileSync(path.join(work, "VERSION"), "one\n");
    for (const args of [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]]) expect(git(args).status).toBe(0);
});

afterAll(() => {
    host?.stop();
    project?.remove();
    fs.rmSync(keys, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
});

test("up creates both apps waiting for their first push", async () => {
    up();
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout).releases).toEqual({ shop: "", other: "", api: "" });
    expect((await page()).status).toBe(404);
});

test("git push with the app's deploy key builds and serves it; another app's key and a shell are refused", async () => {
    commit("two");
    const pushed = git(["push", remote("shop"), "main"]);
    expect(pushed.status).toBe(0);
    expect(pushed.stderr).toContain("released v1");
    expect(await version()).toBe("two");
    expect((await page()).body).toBe("hello one");

    const wrongKey = git(["push", remote("other"), "main"], "shop-key");
    expect(wrongKey.status).not.toBe(0);
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout).releases.other).toBe("");
    const shell = spawnSync("ssh", [...host.sshOptions(path.join(keys, "shop-key")), "git@127.0.0.1", "id"], { encoding: "utf8" });
    expect(shell.status).not.toBe(0);
    expect(shell.stdout).not.toMatch(/uid=/);

    await visits("POST");
    expect(await visits()).toBe(1);
});

const head = () => git(["rev-parse", "HEAD"]).stdout.trim();
// The branch on the server (the git shell grants pushes only, so it is read on the host).
const served = async () => (await host.exec("runuser -u git -- git --git-dir /home/git/shop.git rev-parse --verify -q refs/heads/main", { allowFail: true })).stdout.trim();
const onHost = async (command: string) => (await host.exec(command)).stdout.trim();
const webIds = async () => { await host.drained("shop"); return (await onHost("docker ps -q --filter label=paas.app=shop --filter label=paas.process=web")).split("\n"); };

test("the app refuses an unknown Host, and still passes its health check and serves through nginx", async () => {
    const address = await onHost(`docker port ${(await webIds())[0]} 5000/tcp | head -1`);
    expect(await onHost(`curl -s -o /dev/null -w '%{http_code}' -H 'Host: elsewhere.example' http://${address}/`)).toBe("400");
    expect((await page()).status).toBe(200);
});

test("one key deploys two apps and is refused for a third; the second redirects to HTTPS and is served at its default hostname over TLS", async () => {
    const pushed = git(["push", remote("api"), "main"]);
    expect(pushed.status).toBe(0);
    expect(pushed.stderr).toContain("released v1");
    expect(pushed.stderr).toContain("serving at https://api.paas.test/");
    const secure = await host.https("api.paas.test", "/", acmeRoot);
    expect([secure.status, secure.body, secure.certificate.subjectaltname]).toEqual([200, "hello from paas", "DNS:api.paas.test"]);
    const plain = await host.http("api.paas.test", "/version");
    expect([plain.status, plain.headers.location]).toEqual([301, "https://api.paas.test/version"]);
    const third = git(["push", remote("other"), "main"]);
    expect(third.status).not.toBe(0);
    expect(third.stderr).toContain("this key deploys api, shop, not other");
});

test("the second app's volume keeps a file across a push, and its scheduled job has its timer", async () => {
    const apiWeb = async () => { await host.drained("api"); return onHost("docker ps -q --filter label=paas.app=api --filter label=paas.process=web"); };
    await host.exec(`docker exec ${await apiWeb()} sh -c 'echo kept > /data/file'`);
    commit("api two");
    expect(git(["push", remote("api"), "main"]).status).toBe(0);
    expect(await onHost(`docker exec ${await apiWeb()} cat /data/file`)).toBe("kept");
    expect(await onHost("systemctl is-active paas_cron_api_0.timer")).toBe("active");
    // Its Redis add-on: REDIS_URL names the add-on's own server, where a client's ordinary calls work.
    const url = await onHost(`docker exec ${await apiWeb()} printenv REDIS_URL`);
    expect(url).toMatch(/^redis:\/\/api:[A-Za-z0-9]+@paas-host:\d+\/0$/);
    const redis = (args: string) => host.exec(`redis-cli -u "$(cat)" --no-auth-warning ${args}`, { stdin: url.replace("@paas-host:", "@127.0.0.1:") });
    expect((await redis("SET greeting hi")).stdout.trim()).toBe("OK");
    expect((await redis("INFO server")).stdout).toContain("redis_version");
    expect((await redis("FLUSHDB")).stdout.trim()).toBe("OK");
    expect(await onHost("systemctl show -p TimersCalendar --value paas_cron_api_0.timer")).toContain("*-*-* *:00:00");
});

test("the sizes an App declares reach its containers; an App that declares none gets 256 MiB and one CPU", async () => {
    const hostConfig = async (app: string) => {
        await host.drained(app);
        const id = await onHost(`docker ps -q --filter label=paas.app=${app} --filter label=paas.process=web`);
        return JSON.parse(await onHost(`docker inspect ${id}`))[0].HostConfig as { Memory: number; MemorySwap: number; NanoCpus: number };
    };
    const MiB = 1048576;
    expect(await hostConfig("shop")).toMatchObject({ Memory: 192 * MiB, MemorySwap: 192 * MiB, NanoCpus: 0.5e9 });
    expect(await hostConfig("api")).toMatchObject({ Memory: 256 * MiB, MemorySwap: 256 * MiB, NanoCpus: 1e9 });
});

test("every container sees Heroku's conventions: DYNO web.1 and web.2, the app, the release, the commit", async () => {
    project.run(["config", "set", "webCount", "2"]);
    up();
    const ids = await webIds();
    const env = await Promise.all(ids.map(id => onHost(`docker exec ${id} printenv DYNO HEROKU_APP_NAME HEROKU_RELEASE_VERSION HEROKU_SLUG_COMMIT PORT`)));
    const latest = (await releases()).pop()!.version;
    // The commit the shop's image was built from: its branch on the server.
    const commit = await served();
    expect(env.map(e => e.split("\n")).sort()).toEqual([
        ["web.1", "shop", `v${latest}`, commit, "5000"],
        ["web.2", "shop", `v${latest}`, commit, "5000"],
    ]);
    project.run(["config", "set", "webCount", "1"]);
    up();
});

test("a push without a Dockerfile, with a failing build or a failing health check is rejected: the branch stays, the previous release serves, nothing is left behind", async () => {
    const before = await served();
    expect(before).toMatch(/^[0-9a-f]{40}$/);
    const rejected = (r: ReturnType<typeof git>, why: string) => {
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain(why);
        expect(r.stderr).toContain("[remote rejected] main -> main");
    };
    const dockerfile = fs.readFileSync(path.join(work, "Dockerfile"), "utf8");
    fs.rmSync(path.join(work, "Dockerfile"));
    commit("no dockerfile");
    rejected(git(["push", remote("shop"), "main"]), "Dockerfile: the pushed commit has none at its root");
    fs.writeFileSync(path.join(work, "Dockerfile"), `${dockerfile}RUN echo the build breaks; false\n`);
    commit("broken build");
    rejected(git(["push", remote("shop"), "main"]), "build failed; release v");
    await host.drained("shop");
    expect(await onHost("docker images -q --filter dangling=true")).toBe("");
    expect(await onHost("docker ps -aq --filter status=exited --filter status=created")).toBe("");
    expect([await served(), await version()]).toEqual([before, "two"]);

    // A slow boot past the app's health timeout is rejected; with a longer timeout the same commit deploys.
    fs.writeFileSync(path.join(work, "Dockerfile"), `${dockerfile}ENV STARTUP_DELAY=8\n`);
    commit("slow boot");
    project.run(["config", "set", "healthTimeoutSeconds", "3"]);
    up();
    rejected(git(["push", remote("shop"), "main"]), "health check failed: /healthz did not answer 2xx/3xx within 3s");
    expect([await served(), await version()]).toEqual([before, "two"]);
    project.run(["config", "set", "healthTimeoutSeconds", "30"]);
    up();
    const again = git(["push", remote("shop"), "main"]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("released v");
    expect([await served(), await version()]).toEqual([head(), "slow boot"]);
    // Back to a quick boot for the tests below.
    fs.writeFileSync(path.join(work, "Dockerfile"), dockerfile);
    commit("two");
    expect(pushStatus(git(["push", remote("shop"), "main"]))).toBe(0);
    project.run(["config", "rm", "healthTimeoutSeconds"]);
    up();
});

test("an up after a push keeps the pushed release and changes only the config", async () => {
    project.run(["config", "set", "--secret", "greeting", "hello two"]);
    up();
    expect(await version()).toBe("two");
    expect((await page()).body).toBe("hello two");
    const outputs = JSON.parse(project.run(["stack", "output", "--json"]).stdout);
    expect(outputs.images.shop).toMatch(/^paas\/shop:[0-9a-f]{12}$/);
});

test("a failing health check: up fails with the host's words and the previous release keeps serving", async () => {
    const before = (await releases()).length;
    project.run(["config", "set", "healthPath", "/no-such-page"]);
    project.run(["config", "set", "--secret", "greeting", "never served"]);
    const r = up({ allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("health check failed: /no-such-page did not answer 2xx/3xx");
    expect((await page()).body).toBe("hello two");
    expect(await releases()).toHaveLength(before);
    project.run(["config", "rm", "healthPath"]);
    project.run(["config", "set", "--secret", "greeting", "hello two"]);
});

test("a failing release command: up fails with its output and the previous release keeps serving", async () => {
    project.run(["config", "set", "releaseCommand", JSON.stringify(["sh", "-c", "echo migrating the schema; exit 3"])]);
    const r = up({ allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("migrating the schema");
    expect(r.stdout + r.stderr).toContain("release command failed with exit code 3");
    expect((await page()).body).toBe("hello two");
    project.run(["config", "rm", "releaseCommand"]);
    project.run(["config", "set", "--secret", "greeting", "hello three"]);
    up();
    expect((await page()).body).toBe("hello three");
});

test("renaming the App in code with an alias keeps the app serving, its releases and its rows", async () => {
    const before = await releases();
    project.run(["config", "set", "shopResourceName", "store"]);
    const preview = JSON.parse(project.run(["preview", "--json"]).stdout).steps as { op: string; urn: string }[];
    // Nothing is deleted or replaced: the children follow their parent's alias.
    expect(preview.filter(s => ["delete", "replace", "create-replacement", "delete-replaced"].includes(s.op))).toEqual([]);
    up();
    expect((await page()).body).toBe("hello three");
    expect(await visits()).toBe(1);
    expect((await releases()).length).toBeGreaterThanOrEqual(before.length);
    project.run(["preview", "--expect-no-changes"]);
});

test("renaming it without the alias cannot destroy the live app either", async () => {
    // The program without its alias: a new App, then the old one's delete, which the host refuses
    // because the app belongs to the new one.
    const index = path.join(project.dir, "index.ts");
    fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace('aliases: shopName === "shop" ? [] : [{ name: "shop" }]', "aliases: []"));
    project.run(["config", "set", "shopResourceName", "market"]);
    const r = up();
    expect(r.stdout).toMatch(/- .*store-app/);
    expect((await page()).body).toBe("hello three");
    expect(await visits()).toBe(1);
    expect((await host.exec("cat /var/lib/paas/apps/shop/owner")).stdout).toContain("App::market");
    // Its deploy keys too: the old keys' delete left the new owner's.
    expect((await host.exec("cat /home/git/.ssh/authorized_keys")).stdout).toMatch(/ paas:(\S+,)?shop\n/);
});

test("a second push, an up, then `npm run rollback` to the version before: the first pushed image and its config serve again", async () => {
    const history = rollback("--list");
    expect(history.status).toBe(0);
    // The latest succeeded update, serving the first pushed image.
    const pushedOne = history.stdout.split("\n").filter(l => /\tupdate\tsucceeded\t.*=paas\/shop:/.test(l)).pop()!;
    const targetVersion = Number(pushedOne.split("\t")[0]);
    const imageOne = /=(paas\/shop:\S+)/.exec(pushedOne)![1];

    commit("three");
    expect(pushStatus(git(["push", remote("shop"), "main"]))).toBe(0);
    expect(await version()).toBe("three");
    project.run(["config", "set", "--secret", "greeting", "hello four"]);
    up();
    expect((await page()).body).toBe("hello four");

    const r = rollback("--to", String(targetVersion));
    expect(r.status).toBe(0);
    expect((await releases()).pop()!.image).toBe(imageOne);
    expect((await page()).body).toBe("hello three");
    expect(await visits()).toBe(1);
});

test("destroy removes both apps and their keys; the database stays (keepData)", async () => {
    project.run(["destroy", "--yes", "--skip-preview"]);
    expect((await page()).status).toBe(404);
    expect(await host.existing(["/var/lib/paas/apps/shop", "/var/lib/paas/apps/other"])).toEqual([]);
    expect((await host.exec("cat /home/git/.ssh/authorized_keys")).stdout).not.toMatch(/paas:(shop|other)/);
    const databases = (await host.exec("runuser -u postgres -- psql -tAc 'SELECT datname FROM pg_database'")).stdout.split("\n");
    expect(databases).toContain("shop");
});
