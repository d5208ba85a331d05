// A local Debian 12 host for end-to-end tests: a container of the test engine with systemd and
// sshd, reached over SSH on loopback, exactly as the components reach a Linode.
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");
const hostScripts = path.join(repoRoot, "scripts/host");
const engineEnv = { ...process.env, DOCKER_HOST: "unix:///run/paas-test/docker.sock" };

export interface ExecResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

function runScript(script: string, args: string[]): void {
    execFileSync(path.join(hostScripts, script), args, { stdio: ["ignore", "inherit", "inherit"], env: engineEnv });
}

export class TestHost {
    readonly sshHost = "127.0.0.1";
    readonly user = "root";
    readonly privateKeyPath: string;

    constructor(readonly name: string, readonly sshPort: number, readonly httpPort: number) {
        this.privateKeyPath = `/var/lib/paas-test/hosts/${name}/id_ed25519`;
    }

    /** ssh options for this host, for `ssh` and for `GIT_SSH_COMMAND`. */
    sshOptions(keyPath = this.privateKeyPath): string[] {
        return ["-i", keyPath, "-p", String(this.sshPort), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes"];
    }

    /** Runs COMMAND as USER over SSH with STDIN; rejects on a non-zero exit unless allowFail. */
    exec(command: string, opts: { stdin?: string | Buffer; allowFail?: boolean; user?: string; keyPath?: string } = {}): Promise<ExecResult> {
        return new Promise((resolve, reject) => {
            const child = spawn("ssh", [...this.sshOptions(opts.keyPath), `${opts.user ?? this.user}@${this.sshHost}`, command]);
            let stdout = "", stderr = "";
            child.stdout.on("data", d => (stdout += d));
            child.stderr.on("data", d => (stderr += d));
            child.on("close", code => {
                const result = { code: code ?? -1, stdout, stderr };
                if (result.code !== 0 && !opts.allowFail) reject(new Error(`${command} exited ${code}\n${stdout}\n${stderr}`));
                else resolve(result);
            });
            child.stdin.end(opts.stdin ?? "");
        });
    }

    /** Copies a local directory's contents to REMOTEDIR (replaced). */
    copyDir(localDir: string, remoteDir: string): void {
        const tar = spawnSync("tar", ["-C", localDir, "-cf", "-", "."], { maxBuffer: 1 << 30 });
        const r = spawnSync("ssh", [...this.sshOptions(), `root@${this.sshHost}`,
            `rm -rf '${remoteDir}' && mkdir -p '${remoteDir}' && tar -C '${remoteDir}' -xf -`], { input: tar.stdout });
        if (r.status !== 0) throw new Error(`copy to ${remoteDir} failed: ${r.stderr}`);
    }

    /** Copies an image of the test engine into the host's own Docker engine. */
    loadImage(image: string): void {
        const save = spawnSync("docker", ["save", image], { env: engineEnv, maxBuffer: 1 << 30 });
        const r = spawnSync("ssh", [...this.sshOptions(), `root@${this.sshHost}`, "docker load -q"], { input: save.stdout });
        if (r.status !== 0) throw new Error(`loading ${image} failed: ${r.stderr}`);
    }

    /** Installs the platform's scripts and runs the bootstrap, as the PlatformHost component does. */
    async bootstrap(settings: object = { swapMiB: 0 }): Promise<ExecResult> {
        this.copyDir(path.join(repoRoot, "components/server"), "/tmp/paas-server");
        return this.exec("bash /tmp/paas-server/bootstrap.sh", { stdin: JSON.stringify(settings) });
    }

    /** An HTTP request to the host's nginx, by Host header, on the published loopback port. */
    http(hostname: string, urlPath = "/", init: { method?: string } = {}): Promise<{ status: number; body: string }> {
        // node:http, not fetch: fetch does not let a request choose its Host header.
        return new Promise((resolve, reject) => {
            const req = http.request({ host: "127.0.0.1", port: this.httpPort, path: urlPath, method: init.method ?? "GET",
                headers: { Host: hostname }, agent: false }, res => {
                const chunks: Buffer[] = [];
                res.on("data", c => chunks.push(c));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
            });
            req.on("error", reject);
            req.end();
        });
    }

    stop(): void {
        runScript("host.sh", ["stop", this.name]);
    }
}

/** Starts the engine (building images when missing) and a host; `bootstrap` also bootstraps it. */
export async function startHost(name: string, opts: { bootstrap?: boolean } = {}): Promise<TestHost> {
    runScript("engine.sh", ["start"]);
    runScript("images.sh", []);
    const host = new TestHost(name, await freePort(), await freePort());
    runScript("host.sh", ["start", name, String(host.sshPort), String(host.httpPort)]);
    if (opts.bootstrap) await host.bootstrap();
    return host;
}

/** Whether a file exists on this machine's disk (for "nothing ran" checks). */
export const localFileExists = (p: string) => fs.existsSync(p);
