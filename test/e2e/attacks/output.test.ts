// Apps that print their whole environment (config vars, add-on credentials, plainly and in
// base64) in their release command, their web process and their build, deployed through the real
// engine (`pulumi up`) and through `git push`: what Pulumi and git show holds none of the values
// nor the add-on passwords, only their names; the apps still get every value.
import { execFileSync, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_200_000);

const repoRoot = path.resolve(__dirname, "../../..");
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "paas-output-keys-"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-output-push-"));
const secretToken = `tok-${crypto.randomBytes(18).toString("base64url")}`;

let host: TestHost;
let project: PulumiProject;

const up = (opts: { allowFail?: boolean } = {}) => {
    const r = project.run(["up", "--yes", "--skip-preview"], opts);
    return { code: r.code, text: `${r.stdout}\n${r.stderr}` };
};
const setConfig = (key: string, value: string) => project.run(["config", "set", key, value]);
const git = (args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    cwd: work, encoding: "utf8",
    env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, "deploy")).join(" ")}` },
});

/** An app's config as the host keeps it (root's file). */
const hostEnv = async (app: string): Promise<Record<string, string>> =>
    JSON.parse((await host.exec(`cat /var/lib/paas/apps/${app}/env.json`)).stdout);

/** Every secret value an app has: its config vars of 8 characters and more, and its add-on URL's password. */
async function secretsOf(app: string): Promise<string[]> {
    const env = await hostEnv(app);
    const values = Object.values(env).filter(v => v.length >= 8);
    const passwords = Object.values(env).map(v => /^[a-z]+:\/\/[^:/@]*:([^@/]+)@/.exec(v)?.[1]).filter((p): p is string => p !== undefined);
    return [...values, ...passwords, ...passwords.map(decodeURIComponent)];
}

/** The secrets of SECRETS that TEXT shows: as they are, URL-encoded, or inside any base64 run of it. */
function shown(text: string, secrets: string[]): string[] {
    // Each run decoded from each of its first four characters: one of them is its alignment.
    const decoded = [...text.matchAll(/[A-Za-z0-9+/=_-]{12,}/g)].flatMap(m => [0, 1, 2, 3].map(k => Buffer.from(m[0].slice(k), "base64").toString("latin1")));
    return secrets.filter(s => text.includes(s) || text.includes(encodeURIComponent(s)) || decoded.some(d => d.includes(s)));
}

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-attack-output-${process.pid}` });
    await host.buildSampleApp("paas-e2e/app:one");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "deploy", "-f", path.join(keys, "deploy")]);
    project = PulumiProject.withComponents(path.join(__dirname, "output-program"), "output");
    project.run(["stack", "init", "output"]);
    for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), deployKey: fs.readFileSync(path.join(keys, "deploy.pub"), "utf8").trim() })) {
        setConfig(key, value);
    }
    project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
    project.run(["config", "set", "--secret", "secretToken", secretToken]);
});

afterAll(() => {
    host?.stop();
    project?.remove();
    fs.rmSync(keys, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
});

test("pulumi up of an app whose release command prints its environment shows the names, none of the values; the app gets them", async () => {
    const r = up();
    const secrets = await secretsOf("leaky");
    expect(secrets).toEqual(expect.arrayContaining([secretToken]));
    expect(secrets.some(s => s.startsWith("postgres://"))).toBe(true);
    expect(r.text).toContain("SECRET_TOKEN=[config SECRET_TOKEN]");
    expect(r.text).toContain("DATABASE_URL=[config DATABASE_URL]");
    // A short value is not worth hiding, and hiding it would blank out every "true" in the output.
    expect(r.text).toContain("DEBUG=true");
    expect(shown(r.text, secrets)).toEqual([]);

    expect((await host.http("leaky.paas.test", "/env/SECRET_TOKEN")).body).toBe(secretToken);
    expect((await host.http("leaky.paas.test", "/env/DATABASE_URL")).body).toBe((await hostEnv("leaky")).DATABASE_URL);
});

test("a release command that prints its environment and fails shows the names only, and the release stays", async () => {
    setConfig("failRelease", "true");
    const r = up({ allowFail: true });
    setConfig("failRelease", "false");
    expect(r.code).not.toBe(0);
    expect(r.text).toContain("release command failed with exit code 3");
    expect(r.text).toContain("SECRET_TOKEN=[config SECRET_TOKEN]");
    expect(shown(r.text, await secretsOf("leaky"))).toEqual([]);
    expect((await host.http("leaky.paas.test", "/env/SECRET_TOKEN")).body).toBe(secretToken);
});

test("a failed health check shows the web container's logs with the names only", async () => {
    setConfig("failWeb", "true");
    const r = up({ allowFail: true });
    setConfig("failWeb", "false");
    expect(r.code).not.toBe(0);
    expect(r.text).toContain("health check failed");
    expect(r.text).toContain("SECRET_TOKEN=[config SECRET_TOKEN]");
    expect(shown(r.text, await secretsOf("leaky"))).toEqual([]);
    expect(up().code).toBe(0);
    expect((await host.http("leaky.paas.test", "/env/SECRET_TOKEN")).body).toBe(secretToken);
});

test("git push of an app that prints its environment in its build and release shows git the names only; the app gets the values", async () => {
    fs.cpSync(path.join(repoRoot, "stacks/sample-app"), work, { recursive: true });
    // A secret committed with the code, that the build prints.
    fs.writeFileSync(path.join(work, "token.txt"), `${secretToken}\n`);
    fs.writeFileSync(path.join(work, "Dockerfile"), [
        "FROM paas-e2e/app:one",
        "COPY token.txt /app/token.txt",
        "RUN cat /app/token.txt && base64 -w0 /app/token.txt && echo",
        'CMD ["sh", "-c", "env; env | base64 -w0; echo; exec python3 /app/app.py"]', ""].join("\n"));
    for (const args of [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]]) expect(git(args).status).toBe(0);
    const pushed = git(["push", `ssh://git@127.0.0.1:${host.sshPort}/pushed`, "main"]);
    expect(pushed.status).toBe(0);
    expect(pushed.stderr).toContain("released v1");
    const secrets = await secretsOf("pushed");
    expect(secrets.some(s => s.startsWith("redis://"))).toBe(true);
    expect(pushed.stderr).toContain("REDIS_URL=[config REDIS_URL]");
    expect(pushed.stderr).toMatch(/remote: +\[config SECRET_TOKEN\]/);
    expect(shown(pushed.stderr, secrets)).toEqual([]);

    expect((await host.http("pushed.paas.test", "/env/SECRET_TOKEN")).body).toBe(secretToken);
    expect((await host.http("pushed.paas.test", "/env/REDIS_URL")).body).toBe((await hostEnv("pushed")).REDIS_URL);
    await host.http("pushed.paas.test", "/counter", { method: "POST" });
    expect((await host.http("pushed.paas.test", "/counter")).body).toBe("1");
});

test("no process on the host shows a config value or an add-on password in its arguments", async () => {
    const secrets = [...await secretsOf("leaky"), ...await secretsOf("pushed")];
    // Every process's whole command line, NULs as spaces (ps would cut long ones).
    const list = (await host.exec("for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$f\" 2>/dev/null; echo; done")).stdout;
    expect(list).toContain("python3 /app/app.py");
    expect(shown(list, secrets)).toEqual([]);
});
