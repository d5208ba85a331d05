// `npm run bench`: the platform's speed and footprint on a local Debian 12 host. Prints figures;
// asserts nothing. Measures push-to-serving for a one-line change (warm build cache),
// rollback-to-serving, and the idle platform's memory (nginx, PostgreSQL, Redis, Docker engine).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildAppSpec } from "../../components/app-spec";
import { startHost, TestHost } from "../harness/host";

const repoRoot = path.resolve(__dirname, "../..");

async function untilServes(host: TestHost, hostname: string, expected: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const r = await host.http(hostname, "/").catch(() => ({ status: 0, body: "" }));
        if (r.status === 200 && r.body === expected) return;
        await new Promise(res => setTimeout(res, 100));
    }
    throw new Error(`${hostname} never served ${expected}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
    const host = await startHost("paas-bench", { bootstrap: true });
    try {
        host.loadImage("debian:bookworm-slim");
        const keys = fs.mkdtempSync(path.join(os.tmpdir(), "bench-keys-"));
        execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(keys, "id")]);
        await host.exec("paas keys set", { stdin: JSON.stringify({ app: "bench", keys: [fs.readFileSync(path.join(keys, "id.pub"), "utf8").trim()] }) });
        const spec = buildAppSpec({ app: "bench", platformDomain: "paas.test", source: "git", env: { GREETING: "bench" },
            processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m" });
        await host.exec("paas app deploy", { stdin: JSON.stringify(spec) });

        const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-app-"));
        fs.cpSync(path.join(repoRoot, "stacks/sample-app"), work, { recursive: true });
        const git = (...args: string[]) => {
            const r = spawnSync("git", ["-c", "user.name=b", "-c", "user.email=b@b", ...args], { cwd: work, encoding: "utf8",
                env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, "id")).join(" ")}` } });
            if (r.status !== 0) throw new Error(r.stderr);
        };
        const remote = `ssh://git@127.0.0.1:${host.sshPort}/bench`;
        git("init", "-q", "-b", "main"); git("add", "."); git("commit", "-q", "-m", "first");
        let t = Date.now();
        git("push", "-q", remote, "main");
        await untilServes(host, "bench.paas.test", "bench");
        console.log(`first push to serving (cold build): ${seconds(Date.now() - t)}`);

        const greetingLine = (text: string) => fs.writeFileSync(path.join(work, "app.py"),
            fs.readFileSync(path.join(work, "app.py"), "utf8").replace(/"hello from paas"|"changed \d+"/, `"${text}"`));
        const noGreeting = { ...spec, env: {} };
        await host.exec("paas app deploy", { stdin: JSON.stringify(noGreeting) });
        greetingLine("changed 1"); git("commit", "-qam", "one line");
        t = Date.now();
        git("push", "-q", remote, "main");
        await untilServes(host, "bench.paas.test", "changed 1");
        console.log(`push-to-serving, one-line change (warm build cache): ${seconds(Date.now() - t)}`);

        const releases = JSON.parse((await host.exec("paas app releases bench")).stdout);
        const previous = releases[releases.length - 2].version;
        t = Date.now();
        await host.exec(`paas app rollback bench ${previous}`);
        await untilServes(host, "bench.paas.test", "hello from paas");
        console.log(`rollback-to-serving: ${seconds(Date.now() - t)}`);

        await new Promise(res => setTimeout(res, 5000));
        const ps = (await host.exec("ps -eo rss=,comm=")).stdout;
        const byService: Record<string, number> = {};
        const service = (comm: string) =>
            /^nginx/.test(comm) ? "nginx" : /^postgres/.test(comm) ? "postgresql" : /^redis/.test(comm) ? "redis" :
            /^(dockerd|containerd|docker-proxy)/.test(comm) ? "docker engine" : /^sshd/.test(comm) ? "sshd (receiver)" : undefined;
        for (const line of ps.trim().split("\n")) {
            const [rss, comm] = line.trim().split(/\s+/, 2);
            const s = service(comm);
            if (s) byService[s] = (byService[s] ?? 0) + Number(rss);
        }
        const total = Object.values(byService).reduce((a, b) => a + b, 0);
        for (const [s, kib] of Object.entries(byService)) console.log(`idle memory, ${s}: ${(kib / 1024).toFixed(1)} MiB`);
        console.log(`idle memory, platform total (RSS): ${(total / 1024).toFixed(1)} MiB`);
    } finally {
        host.stop();
    }
}

main().catch(err => { console.error(err); process.exit(1); });
