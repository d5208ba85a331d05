// Faults during a deploy, through the real engine: `pulumi up` of a config change whose SSH
// session is cut at a phase of the release (a pause failpoint holds the deploy there, then the
// sshd process serving the session is killed), and deploys that crash at a phase (the crash
// failpoint: SIGKILL, as the OOM killer or a power loss). Each time the next `pulumi up` converges:
// one release serving the new config through nginx, every web container of that release, a
// release history that reads, and no request through nginx failing meanwhile. Then a release
// record cut short does not stop `paas app releases`, `paas app list` or another app's destroy.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(3_600_000);

const hostname = "shop.paas.test";
const image = "paas-e2e/faults:one";

let host: TestHost;
let project: PulumiProject;

const onHost = async (command: string) => (await host.exec(command)).stdout.trim();
const up = () => project.runAsync(["up", "--yes", "--skip-preview"], { allowFail: true });
const setGreeting = (greeting: string) => project.run(["config", "set", "greeting", greeting]);
const releases = async () => JSON.parse(await onHost("paas app releases shop")) as { version: number; configDigest: string }[];
const setFailpoint = (line: string) =>
    host.exec(`install -d -m 700 /run/paas && printf '%s\\n' '${line}' > /run/paas/failpoints && chmod 600 /run/paas/failpoints`);
const failpointFired = async () => (await onHost("cat /run/paas/failpoints 2>/dev/null || true")) === "";

/** Requests through nginx all along, until stopped: every one must be answered 200. */
function poll(): { stop: () => Promise<{ answered: number; failures: string[] }> } {
    let running = true, answered = 0;
    const failures: string[] = [];
    const loop = (async () => {
        while (running) {
            try {
                const r = await host.http(hostname, "/");
                if (r.status === 200) answered++;
                else failures.push(`${r.status} ${r.body.slice(0, 80)}`);
            } catch (e) {
                failures.push(String(e));
            }
            await new Promise(r => setTimeout(r, 50));
        }
    })();
    return { stop: async () => { running = false; await loop; return { answered, failures }; } };
}

const until = async (what: string, check: () => Promise<boolean>) => {
    for (let n = 0; n < 600; n++) {
        if (await check()) return;
        await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`${what}: not after 5 minutes`);
};

/** Kills the sshd process serving the `paas app deploy` the components started: its SSH session ends. */
async function cutDeploySession(): Promise<void> {
    await host.exec(`p=$(pgrep -of 'paas app deploy$'); [ -n "$p" ] || exit 1
        while [ "$(ps -o comm= -p "$p")" != sshd ]; do p=$(ps -o ppid= -p "$p" | tr -d ' '); [ "$p" -gt 1 ] || exit 1; done
        kill -9 "$p"`);
}

/** What a converged app shows: GREETING served through nginx, one release's web containers
 * (the current one's), a history that reads and grows by one, no journal or drain left. */
async function expectConverged(greeting: string, before: number): Promise<void> {
    expect((await host.http(hostname, "/")).body).toBe(greeting);
    await host.drained("shop");
    const history = await releases();
    expect(history.map(r => r.version)).toEqual(Array.from({ length: before + 1 }, (_, n) => n + 1));
    const current = await onHost("cat /var/lib/paas/apps/shop/current-release");
    expect(current).toBe(String(before + 1));
    const web = (await onHost(`docker ps -a --filter label=paas.app=shop --filter label=paas.process=web --format '{{.Label "paas.release"}} {{.State}}'`)).split("\n");
    expect(web).toEqual([`v${current} running`, `v${current} running`]);
    const upstream = await onHost("cat /etc/nginx/paas/upstreams/shop.conf");
    const ports = (await onHost(`docker ps --filter label=paas.app=shop --filter label=paas.process=web --format '{{.Ports}}'`)).match(/127\.0\.0\.1:[0-9]+/g);
    expect([...upstream.matchAll(/server (127\.0\.0\.1:[0-9]+);/g)].map(m => m[1]).sort()).toEqual([...ports!].sort());
    expect(await host.existing(["/var/lib/paas/apps/shop/deploy-journal.json", "/var/lib/paas/apps/shop/draining-*"])).toEqual([]);
}

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-faults-${process.pid}` });
    await host.buildSampleApp(image);
    project = PulumiProject.withComponents(path.join(__dirname, "faults-program"), "faults");
    project.run(["stack", "init", "faults"]);
    for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), image, greeting: "g-start" })) {
        project.run(["config", "set", key, value]);
    }
    project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
    const first = await up();
    expect(first.code).toBe(0);
    expect((await host.http(hostname, "/")).body).toBe("g-start");
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

// Before the image (pull/build) and the containers, during the health check, after the router
// switch, after the record.
test.each(["image", "health", "record", "drain"])("the SSH session of a deploy cut at %s: the deploy runs to its end, the next up converges", async phase => {
    const before = (await releases()).length;
    const greeting = `g-cut-${phase}`;
    setGreeting(greeting);
    await setFailpoint(`shop ${phase} pause 20`);
    const poller = poll();
    const cut = up();
    await until(`the deploy paused at ${phase}`, failpointFired);
    await cutDeploySession();
    const interrupted = await cut;
    expect(interrupted.code).not.toBe(0);
    // What a user does: up again. It waits for the deploy still running, which finishes.
    const again = await up();
    expect(again.code).toBe(0);
    const { answered, failures } = await poller.stop();
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    await expectConverged(greeting, before);
    expect(again.stdout).toMatch(/unchanged/);
});

test.each(["health", "switch", "record", "drain"])("a deploy that crashes at %s is finished or undone by the next up", async phase => {
    const before = (await releases()).length;
    const greeting = `g-crash-${phase}`;
    setGreeting(greeting);
    await setFailpoint(`shop ${phase} crash`);
    const poller = poll();
    const crashed = await up();
    expect(crashed.code).not.toBe(0);
    expect(crashed.stdout + crashed.stderr).toContain("the release engine was stopped by SIGKILL");
    expect(await failpointFired()).toBe(true);
    const again = await up();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/the deploy of v[0-9]+ stopped at its [a-z-]+ phase: (finishing|undoing) it/);
    const { answered, failures } = await poller.stop();
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(0);
    await expectConverged(greeting, before);
    // Converged for good: another up changes nothing.
    const third = await up();
    expect([third.code, third.stdout]).toEqual([0, expect.stringMatching(/unchanged/)]);
});

test("pulumi up itself killed mid-deploy: the stack stays locked until `pulumi cancel`; the next up converges", async () => {
    const before = (await releases()).length;
    const greeting = "g-cli-killed";
    setGreeting(greeting);
    await setFailpoint("shop health pause 20");
    const poller = poll();
    const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: project.dir, env: project.env, stdio: "ignore" });
    const exited = new Promise(r => cli.on("exit", r));
    await until("the deploy paused at health", failpointFired);
    cli.kill("SIGKILL");
    await exited;
    const locked = await up();
    expect(locked.code).not.toBe(0);
    expect(locked.stderr + locked.stdout).toContain("the stack is currently locked");
    expect(project.run(["cancel", "--yes"]).code).toBe(0);
    const again = await up();
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).toMatch(/pending operations from previous deployment/);
    const { failures } = await poller.stop();
    expect(failures).toEqual([]);
    await expectConverged(greeting, before);
});

test("a release record cut short: releases and list skip it with a warning; another app is destroyed", async () => {
    const blog = buildAppSpec({ app: "blog", platformDomain: "paas.test", source: "image", image, env: {},
        processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m" });
    await host.exec("paas app deploy", { stdin: JSON.stringify(blog) });
    const count = (await releases()).length;
    await host.exec("head -c 20 /var/lib/paas/apps/shop/releases/v1.json > /tmp/v1 && mv /tmp/v1 /var/lib/paas/apps/shop/releases/v1.json");
    const listed = await host.exec("paas app releases shop");
    expect(JSON.parse(listed.stdout).map((r: { version: number }) => r.version)).toEqual(Array.from({ length: count - 1 }, (_, n) => n + 2));
    expect(listed.stderr).toContain("skipping /var/lib/paas/apps/shop/releases/v1.json");
    expect(JSON.parse(await onHost("paas app list")).map((a: { app: string }) => a.app)).toEqual(["blog", "shop"]);
    const destroyed = await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "blog", keepData: true }) });
    expect(destroyed.stdout).toContain("destroyed blog");
    expect(await host.existing(["/var/lib/paas/apps/blog"])).toEqual([]);
    expect((await host.http(hostname, "/")).status).toBe(200);
});
