// The repository's own program (stacks/) through the real engine and provider plugins, on a
// local Debian 12 host reached over SSH: every step checked by what a user sees, through nginx,
// in the stack's history, on the host and in the state.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_800_000);

const repoRoot = path.resolve(__dirname, "../../..");
const domain = "paas.test";
const hostname = `sample.${domain}`;
// Quotes, a newline, command substitution, a semicolon, backquotes and a backslash.
const nasty = `it's "quoted"\nline two $(touch /tmp/paas-e2e-x) ; touch /tmp/paas-e2e-y \`touch /tmp/paas-e2e-z\` \\ end`;
const firstGreeting = "Hello from the first version 7c1d";
const secondGreeting = "Bonjour from the second version 93ab";

let host: TestHost;
let project: PulumiProject;
// Everything the CLI printed, for the secret checks at the end.
const printed: string[] = [];

const run = (args: string[], opts: { allowFail?: boolean; input?: string } = {}) => {
    const r = project.run(args, opts);
    printed.push(r.stdout, r.stderr);
    return r;
};
const up = () => run(["up", "--yes", "--skip-preview"]);
const page = async (urlPath = "/") => host.http(hostname, urlPath);
const env = async (name: string) => (await page(`/env/${name}`)).body;
const releases = async () => JSON.parse((await host.exec("paas app releases sample")).stdout) as { version: number; image: string }[];
const containers = async (process = "web") => {
    await host.drained("sample");
    return (await host.exec(`docker ps -q --filter label=paas.app=sample --filter label=paas.process=${process}`)).stdout.split("\n").filter(Boolean);
};
const visits = async (method = "GET") => Number((await host.http(hostname, "/visits", { method })).body);

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-stack-${process.pid}` });
    // The host cannot pull: the sample app's base image comes from the local engine.
    host.loadImage("debian:bookworm-slim");
    // The settings the snapshot was bootstrapped with: the bootstrap finds nothing to change.
    project = PulumiProject.repositoryStackOn("e2e", host, domain, { "paas:acmeEmail": "ops@example.com" }, { "paas:sampleGreeting": firstGreeting });
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test("1. up from nothing serves the sample app through nginx by its hostname; a second up changes nothing", async () => {
    // The deploy's progress (the build, the health check) shows while it runs.
    const first = up().stdout;
    expect(first).toContain("-----> building paas/sample:");
    expect(first).toContain("-----> health check passed");
    const outputs = JSON.parse(run(["stack", "output", "--json"]).stdout);
    expect(outputs.urls).toEqual({ sample: `http://${hostname}/` });
    expect(outputs.releases).toEqual({ sample: "v1" });
    const r = await page();
    expect(r.status).toBe(200);
    expect(r.body).toContain(firstGreeting);
    expect((await host.http("other.paas.test")).status).toBe(404);

    run(["preview", "--expect-no-changes"]);
    const again = run(["up", "--yes", "--expect-no-changes"]);
    expect(again.stdout).not.toMatch(/[~+-] {2}command:remote/);
    expect(await releases()).toHaveLength(1);
});

test("2. rows written through DATABASE_URL survive a redeploy", async () => {
    await visits("POST");
    await visits("POST");
    expect(await visits()).toBe(2);
});

test("3. a config change: the preview names GREETING without its value and touches nothing else; the new value serves on new containers", async () => {
    const before = await containers();
    run(["config", "set", "--secret", "paas:sampleGreeting", secondGreeting]);

    const preview = run(["preview", "--diff"]);
    const text = preview.stdout;
    expect(text).toContain("sample-deploy");
    expect(text).toMatch(/~\s*GREETING\s*:/);
    expect(text).not.toMatch(/~\s*DATABASE_URL\s*:/);
    for (const secret of [firstGreeting, secondGreeting]) expect(text).not.toContain(secret);
    const steps = JSON.parse(run(["preview", "--json"]).stdout).steps as { op: string; urn: string }[];
    const changed = steps.filter(s => s.op !== "same").map(s => `${s.op} ${s.urn.split("::").pop()}`).sort();
    // The server (bootstrap, scripts), the add-on and the app's registration are untouched.
    expect(changed).toEqual(["update sample-config", "update sample-deploy"]);

    // The pull request comment the preview workflow posts (.github/workflows/preview.yml).
    const comment = path.join(project.dir, "comment.md");
    const pr = spawnSync(path.join(repoRoot, "scripts/pr-preview.sh"), ["e2e", comment], { cwd: project.dir, env: project.env, encoding: "utf8" });
    expect(pr.status).toBe(0);
    const body = fs.readFileSync(comment, "utf8");
    printed.push(body);
    expect(body).toMatch(/^#### `pulumi preview` of `e2e`\n\nResources:\n\s+~ 2 to update\n/);
    expect(body).toMatch(/~\s*GREETING\s*:/);
    expect(body).toContain("<details><summary>The whole preview</summary>");
    for (const secret of [firstGreeting, secondGreeting]) expect(body).not.toContain(secret);

    up();
    expect((await page()).body).toContain(secondGreeting);
    const after = await containers();
    expect(after).toHaveLength(1);
    expect(before.filter(id => after.includes(id))).toEqual([]);
    expect(await releases()).toHaveLength(2);
    expect(await visits()).toBe(2);
});

test("4. scale web to 3 behind nginx, then back to 1", async () => {
    run(["config", "set", "paas:sampleWebCount", "3"]);
    up();
    expect(await containers()).toHaveLength(3);
    const upstream = (await host.exec("cat /etc/nginx/paas/upstreams/sample.conf")).stdout;
    expect(upstream.match(/server 127\.0\.0\.1:/g)).toHaveLength(3);
    for (let i = 0; i < 6; i++) expect((await page()).status).toBe(200);
    run(["config", "set", "paas:sampleWebCount", "1"]);
    up();
    expect(await containers()).toHaveLength(1);
});

test("5. a deploy under a steady stream of requests loses none", async () => {
    const third = "Hallo from the third version 5e0f";
    run(["config", "set", "--secret", "paas:sampleGreeting", third]);
    const statuses: number[] = [];
    const bodies = new Set<string>();
    let polling = true;
    // One request at a time, as fast as they come back, bounded by the deploy.
    const poller = (async () => {
        while (polling) {
            const r = await page().catch(() => ({ status: 0, body: "" }));
            statuses.push(r.status);
            bodies.add(r.body.includes(third) ? "new" : r.body.includes(secondGreeting) ? "old" : "other");
        }
    })();
    await new Promise(resolve => setTimeout(resolve, 300));
    const updated = await project.runAsync(["up", "--yes", "--skip-preview"]);
    printed.push(updated.stdout, updated.stderr);
    await new Promise(resolve => setTimeout(resolve, 300));
    polling = false;
    await poller;
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter(s => s !== 200)).toEqual([]);
    expect([...bodies].sort()).toEqual(["new", "old"]);
});

test("6. a config value with quotes, newlines, $() and ; arrives byte for byte; nothing runs on the host", async () => {
    run(["config", "set", "--secret", "paas:sampleGreeting", nasty]);
    up();
    expect(await env("GREETING")).toBe(nasty);
    expect(await host.existing(["/tmp/paas-e2e-x", "/tmp/paas-e2e-y", "/tmp/paas-e2e-z"])).toEqual([]);
    expect(await host.existing(["/tmp/paas-e2e-x", "/tmp/paas-e2e-y", "/tmp/paas-e2e-z"], (await containers())[0])).toEqual([]);
});

test("7. `npm run rollback` to the first version brings back its config and image; the rows stay", async () => {
    const list = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
        "--stack", "e2e", "--cwd", project.dir, "--list"], { cwd: repoRoot, env: project.env, encoding: "utf8" });
    expect(list.status).toBe(0);
    const first = list.stdout.split("\n").find(l => l.startsWith("1\t"));
    expect(first).toMatch(/\tupdate\tsucceeded\tsample=paas\/sample:[0-9a-f]{12}/);
    const image = /sample=(\S+)/.exec(first!)![1];

    const r = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
        "--stack", "e2e", "--cwd", project.dir, "--to", "1"], { cwd: repoRoot, env: project.env, encoding: "utf8" });
    printed.push(r.stdout, r.stderr);
    expect(r.status).toBe(0);
    expect((await page()).body).toContain(firstGreeting);
    const last = (await releases()).pop()!;
    expect(last.image).toBe(image);
    expect(await visits()).toBe(2);
    run(["preview", "--expect-no-changes"]);
});

test("8. no secret in plaintext in the state, in any preview or up output, or in the host's process list", async () => {
    // Watch the host's process list through a deploy.
    await host.exec("nohup sh -c 'for i in $(seq 1200); do ps -eww -o args; sleep 0.05; done' >/root/ps.log 2>&1 </dev/null & echo $! >/root/ps.pid");
    const marker = "Secret greeting 0f3e9a only in ciphertext";
    run(["config", "set", "--secret", "paas:sampleGreeting", marker]);
    up();
    await host.exec("kill $(cat /root/ps.pid) 2>/dev/null; sleep 0.2");
    expect((await page()).body).toContain(marker);
    const databaseUrl = await env("DATABASE_URL");
    const dbPassword = /^postgres:\/\/sample:([^@]+)@/.exec(databaseUrl)![1];
    const privateKey = fs.readFileSync(host.privateKeyPath, "utf8").split("\n").filter(l => !l.startsWith("-----"))[1];
    const secrets = [marker, firstGreeting, secondGreeting, dbPassword, privateKey, "line two"];

    const state = project.stateText() + run(["stack", "export"]).stdout;
    const ps = (await host.exec("cat /root/ps.log")).stdout;
    expect(ps).toContain("paas app deploy");
    for (const secret of secrets) {
        expect(state).not.toContain(secret);
        expect(printed.join("\n")).not.toContain(secret);
        expect(ps).not.toContain(secret);
    }
    // The pages a user sees show it; the state does not.
    expect(state).toContain("ciphertext");
});

test("9. destroy leaves nothing of the app; its database stays (keepData)", async () => {
    run(["destroy", "--yes", "--skip-preview"]);
    expect((await page()).status).toBe(404);
    expect(await host.exec("docker ps -aq --filter label=paas.app=sample").then(r => r.stdout.trim())).toBe("");
    expect(await host.existing(["/var/lib/paas/apps/sample", "/etc/nginx/sites-enabled/paas-sample.conf", "/etc/nginx/paas/upstreams/sample.conf"])).toEqual([]);
    const databases = (await host.exec("runuser -u postgres -- psql -tAc 'SELECT datname FROM pg_database'")).stdout.split("\n");
    expect(databases).toContain("sample");
    expect(JSON.parse(run(["stack", "export"]).stdout).deployment.resources ?? []).toEqual([]);
});
