// The operator's `paas` command against the repository's own stack on a local Debian 12 host:
// each verb as a developer runs it (`paas VERB ... --stack S --cwd DIR`), found through the stack,
// spoken over SSH with the stack's key, checked by what a user sees; and the next `pulumi up`
// keeps what `paas scale` and `paas rollback` changed.
import { spawnSync } from "child_process";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_800_000);

const repoRoot = path.resolve(__dirname, "../../..");
const hostname = "sample.paas.test";

let host: TestHost;
let project: PulumiProject;

/** `paas ARGS` as a developer runs it from the repository, for the stack `verbs`. */
const paas = (args: string[], input?: string) => {
    // The stack's options right after the verb: what follows `--` in `run` is the command's own.
    const [verb, ...rest] = args;
    const r = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/paas.ts"), verb, "--stack", "verbs", "--cwd", project.dir, ...rest],
        { cwd: repoRoot, env: project.env, encoding: "utf8", input });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const ok = (args: string[]) => {
    const r = paas(args);
    if (r.code !== 0) throw new Error(`paas ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
};
const page = (urlPath = "/") => host.http(hostname, urlPath);
const releases = async () => JSON.parse((await host.exec("paas app releases sample")).stdout) as { version: number; image: string }[];
const webs = async () => {
    await host.drained("sample");
    return (await host.exec("docker ps -q --filter label=paas.app=sample --filter label=paas.process=web")).stdout.split("\n").filter(Boolean);
};
const up = () => project.run(["up", "--yes", "--skip-preview"]);

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-verbs-stack-${process.pid}` });
    host.loadImage("debian:bookworm-slim");
    project = PulumiProject.repositoryStackOn("verbs", host, "paas.test", { "paas:acmeEmail": "ops@example.com" }, { "paas:sampleGreeting": "hello one" });
    up();
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test("--help lists the verbs; a bad app name is refused before anything connects", () => {
    expect(ok(["--help"])).toMatch(/apps[\s\S]*ps[\s\S]*logs[\s\S]*run[\s\S]*releases[\s\S]*rollback[\s\S]*config[\s\S]*scale[\s\S]*restart[\s\S]*maintenance[\s\S]*open/);
    const bad = paas(["ps", "Bad;rm -rf /"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("must be a DNS label");
});

test("apps, ps, releases and open show the stack's app", () => {
    expect(ok(["apps"])).toMatch(/sample\s+v1\s+paas\/sample:[0-9a-f]{12}\s+web=1\s+http:\/\/sample\.paas\.test\//);
    // The sample app sets no size: the default limit, what it uses now, one CPU, no restart.
    expect(ok(["ps", "sample"])).toMatch(/web\.1\s+v1\s+running\s+[0-9.]+ \/ 256 MiB\s+1\s+0\s+Up /);
    expect(ok(["releases", "sample"])).toMatch(/v1\s+\S+\s+image\s+paas\/sample:/);
    expect(ok(["open", "sample"]).trim()).toBe(`http://${hostname}/`);
});

test("logs: router and app lines, and the previous release's lines are still there after a deploy", async () => {
    expect((await page("/env/GREETING")).body).toBe("hello one");
    project.run(["config", "set", "--secret", "paas:sampleGreeting", "hello two"]);
    up();
    expect((await page()).body).toBe("hello two");
    const lines = ok(["logs", "sample", "--num", "500"]).split("\n");
    expect(lines.filter(l => /sample\[web\.1\]: listening on port 5000$/.test(l)).length).toBe(2);
    expect(lines.some(l => /sample\[router\]: .*"GET \/env\/GREETING HTTP\/1\.1" 200/.test(l))).toBe(true);
    expect(ok(["logs", "sample", "--process", "router", "--num", "5"]).split("\n").filter(Boolean).every(l => l.includes("sample[router]"))).toBe(true);
});

test("run: a one-off container sees the config and the add-on, passes its exit code, and leaves nothing behind", async () => {
    const r = paas(["run", "sample", "--", "sh", "-c", "echo \"$GREETING|$DYNO|${DATABASE_URL%%:*}\"; exit 3"]);
    expect(r.code).toBe(3);
    expect(r.stdout.trim()).toMatch(/^hello two\|run\.\d{4}\|postgres$/);
    expect((await host.exec("docker ps -aq --filter label=paas.process=run")).stdout).toBe("");
    // Its words arrive as they were written.
    expect(paas(["run", "sample", "--", "printf", "%s", "it's $(id); `x`"]).stdout).toBe("it's $(id); `x`");
});

test("scale web=3 touches no other container and writes no release; the next up keeps it", async () => {
    const before = (await releases()).length;
    expect(ok(["scale", "sample", "web=3"])).toContain("scaled sample: web=3");
    expect(await webs()).toHaveLength(3);
    expect(await releases()).toHaveLength(before);
    expect(JSON.parse(project.run(["config", "get", "paas:formation"]).stdout)).toEqual({ sample: { web: 3 } });
    up();
    expect(await webs()).toHaveLength(3);
    expect(await releases()).toHaveLength(before);
    ok(["scale", "sample", "web=1"]);
    up();
    expect(await webs()).toHaveLength(1);
});

test("restart, maintenance on and off, config with and without --reveal", async () => {
    expect(ok(["restart", "sample"])).toContain("restarted 1 container(s) of sample");
    expect((await page()).body).toBe("hello two");
    ok(["maintenance", "sample", "on"]);
    expect((await page()).status).toBe(503);
    ok(["maintenance", "sample", "off"]);
    expect((await page()).body).toBe("hello two");
    const names = ok(["config", "sample"]);
    expect(names).toContain("GREETING");
    expect(names).not.toContain("hello two");
    expect(ok(["config", "sample", "--reveal"])).toContain("hello two");
});

test("rollback to v1 serves its config again, and the next up keeps its image", async () => {
    const count = (await releases()).length;
    ok(["rollback", "sample", "v1"]);
    expect((await page()).body).toBe("hello one");
    const all = await releases();
    expect(all).toHaveLength(count + 1);
    expect(all[all.length - 1].image).toBe(all[0].image);
    expect(JSON.parse(project.run(["config", "get", "paas:releasePins"]).stdout)).toEqual({ sample: all[0].image });
    up();
    expect((await releases()).pop()!.image).toBe(all[0].image);
});
