// `npm run bench`: the platform's speed and footprint through real `pulumi up` on a local Debian 12
// host. Prints figures, each with how it was measured; asserts nothing.
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../harness/host";
import { PulumiProject } from "../e2e/pulumi-cli";

const repoRoot = path.resolve(__dirname, "../..");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise(res => setTimeout(res, ms));

/** Polls HOSTNAME's page (one request at a time) from now on; `seen(text, since)` resolves with
 * the first time at or after SINCE that it served TEXT. */
function poller(host: TestHost, hostname: string) {
    let running = true;
    const served: { body: string; at: number }[] = [];
    const loop = (async () => {
        while (running) {
            const r = await host.http(hostname, "/").catch(() => ({ status: 0, body: "" }));
            if (r.status === 200) served.push({ body: r.body, at: Date.now() });
            await sleep(20);
        }
    })();
    return {
        async seen(text: string, since: number, timeoutMs = 300_000): Promise<number> {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
                const hit = served.find(s => s.at >= since && s.body === text);
                if (hit) return hit.at;
                if (Date.now() > deadline) throw new Error(`${hostname} never served ${text}`);
                await sleep(20);
            }
        },
        async stop() { running = false; await loop; },
    };
}

/** The median of RUNS timings of FN, and every timing. */
function timedRuns(runs: number, fn: () => void): { median: number; all: number[] } {
    const all: number[] = [];
    for (let i = 0; i < runs; i++) {
        const t = Date.now();
        fn();
        all.push(Date.now() - t);
    }
    const sorted = [...all].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], all };
}

/** Prints the resident memory of the platform's services (ps) and of the app containers (docker stats). */
async function memory(host: TestHost, when: string): Promise<void> {
    const ps = (await host.exec("ps -eo rss=,comm=")).stdout;
    const byService: Record<string, number> = {};
    const service = (comm: string) =>
        /^nginx/.test(comm) ? "nginx" : /^postgres/.test(comm) ? "postgresql" : /^redis/.test(comm) ? "redis" :
        /^(dockerd|containerd|docker-proxy)/.test(comm) ? "docker engine" : /^sshd/.test(comm) ? "sshd" : undefined;
    for (const line of ps.trim().split("\n")) {
        const [rss, comm] = line.trim().split(/\s+/, 2);
        const s = service(comm);
        if (s) byService[s] = (byService[s] ?? 0) + Number(rss);
    }
    const total = Object.values(byService).reduce((a, b) => a + b, 0);
    const parts = Object.entries(byService).map(([s, kib]) => `${s} ${(kib / 1024).toFixed(1)}`).join(", ");
    console.log(`memory (RSS from ps, MiB), ${when}: platform services ${(total / 1024).toFixed(1)} (${parts})`);
    const usage = (await host.exec("docker stats --no-stream --format '{{.MemUsage}}'")).stdout.trim().split("\n").filter(Boolean);
    // "12.5MiB / 23.5GiB": the part before the slash is the container's.
    const mib = usage.map(u => u.split("/")[0].trim()).map(u => parseFloat(u) * (/GiB/.test(u) ? 1024 : /KiB/.test(u) ? 1 / 1024 : /^[0-9.]+B$/.test(u) ? 1 / 1048576 : 1));
    if (usage.length > 0) console.log(`memory (docker stats), ${when}: ${usage.length} app containers, ${mib.reduce((a, b) => a + b, 0).toFixed(1)} MiB in all`);
}

async function main() {
    const host = await startBootstrappedHost({ name: `paas-bench-${process.pid}` });
    const project = PulumiProject.withComponents(path.join(__dirname, "program"), "bench");
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), "bench-keys-"));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-app-"));
    try {
        host.loadImage("debian:bookworm-slim");
        host.copyDir(path.join(repoRoot, "stacks/sample-app"), "/root/app");
        await host.exec("docker build -q -t paas-bench/app:one /root/app");
        execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(keys, "id")]);

        project.run(["stack", "init", "bench"]);
        for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), count: "1", greeting: "bench one",
            deployKey: fs.readFileSync(path.join(keys, "id.pub"), "utf8").trim() })) project.run(["config", "set", key, value]);
        project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
        const up = () => project.run(["up", "--yes", "--skip-preview"]);
        await memory(host, "idle, before any app");
        up();

        const noop = () => project.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        let r = timedRuns(3, noop);
        console.log(`no-op \`pulumi up\`, 1 image app + 1 git app (${r.all.length} runs, median): ${seconds(r.median)}  [${r.all.map(seconds).join(", ")}]`);
        project.run(["config", "set", "count", "20"]);
        let t = Date.now();
        up();
        console.log(`\`pulumi up\` adding 19 image apps: ${seconds(Date.now() - t)}`);
        r = timedRuns(3, noop);
        console.log(`no-op \`pulumi up\`, 20 image apps + 1 git app (${r.all.length} runs, median): ${seconds(r.median)}  [${r.all.map(seconds).join(", ")}]`);

        // git push: the first (cold build), then a one-line change with the build cache warm.
        fs.cpSync(path.join(repoRoot, "stacks/sample-app"), work, { recursive: true });
        const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=b", "-c", "user.email=b@b", ...args], { cwd: work, encoding: "utf8",
            env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, "id")).join(" ")}` } });
        const remote = `ssh://git@127.0.0.1:${host.sshPort}/pushed`;
        git("init", "-q", "-b", "main"); git("add", "."); git("commit", "-q", "-m", "first");
        const push = () => new Promise<number>((resolve, reject) => {
            const child = spawn("git", ["push", "-q", remote, "main"], { cwd: work,
                env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, "id")).join(" ")}` } });
            child.on("close", code => (code === 0 ? resolve(Date.now()) : reject(new Error(`git push exited ${code}`))));
        });
        const watch = poller(host, "pushed.paas.test");
        t = Date.now();
        let returned = await push();
        let served = await watch.seen("bench one", t);
        console.log(`first git push (image layers cached from the image apps' build): serving after ${seconds(served - t)}, push returned after ${seconds(returned - t)}`);

        // One line of app.py changed: its default greeting, shown once GREETING is unset.
        project.run(["config", "rm", "greeting"]);
        up();
        const app = path.join(work, "app.py");
        const source = fs.readFileSync(app, "utf8");
        const changed = source.replace('b"hello from paas"', 'b"changed by one line"');
        if (changed === source) throw new Error("app.py has no default greeting to change");
        fs.writeFileSync(app, changed);
        git("commit", "-qam", "one line");
        t = Date.now();
        returned = await push();
        served = await watch.seen("changed by one line", t);
        console.log(`git push of a one-line change (warm build cache), poller running from the push's start: serving after ${seconds(served - t)}, push returned after ${seconds(returned - t)}`);

        // Rollback through the stack's history: the version before, with its greeting.
        const list = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
            "--stack", "bench", "--cwd", project.dir, "--list"], { cwd: repoRoot, env: project.env, encoding: "utf8" }).stdout;
        const versions = list.trim().split("\n").filter(l => /\tupdate\tsucceeded\t/.test(l)).map(l => Number(l.split("\t")[0]));
        const target = versions[versions.length - 2];
        t = Date.now();
        const rolled = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
            "--stack", "bench", "--cwd", project.dir, "--to", String(target)], { cwd: repoRoot, env: project.env, encoding: "utf8" });
        if (rolled.status !== 0) throw new Error(rolled.stdout + rolled.stderr);
        served = await watch.seen("bench one", t);
        console.log(`\`npm run rollback\` to version ${target}: its config serving after ${seconds(served - t)}, command returned after ${seconds(Date.now() - t)}`);
        await watch.stop();

        await watch.stop();
        await sleep(5000);
        await memory(host, "21 apps running");
    } finally {
        host.stop();
        project.remove();
        fs.rmSync(keys, { recursive: true, force: true });
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch(err => { console.error(err); process.exit(1); });
