// A local Debian 12 host for end-to-end tests: a container of the local engine booting systemd,
// reached over SSH on loopback with a key of its own, exactly as the components reach a Linode.
// The shell side is scripts/host/ (engine.sh, images.sh, host.sh, load-image.sh); this is the
// TypeScript API the jest suites use.
//
//   const host = await startHost({ name: "paas-e2e-x", bootstrap: true });
//   const { stdout } = await host.exec("paas app releases shop");
//   host.loadImage("debian:bookworm-slim");
//   host.stop();
import { execFileSync, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import * as tls from "tls";
import { bootstrapCommand, serverScriptsDigest } from "../../components/platform-host";
import { serverScriptsUpload } from "../../shared/uploads";
import { spawnCollect } from "./spawn";

const repoRoot = path.resolve(__dirname, "../..");
const hostScripts = path.join(repoRoot, "scripts/host");
const serverDir = path.join(repoRoot, "bin/server");
// The same defaults and overrides as scripts/host/lib.sh.
const stateDir = process.env.PAAS_TEST_STATE ?? "/var/lib/paas-test";
const runDir = process.env.PAAS_TEST_RUN ?? "/run/paas-test";
export const engineEnv = { ...process.env, DOCKER_HOST: `unix://${runDir}/docker.sock` };

/** The settings the PlatformHost component passes to bootstrap.sh (no swap in a container). */
export const defaultBootstrapSettings = { swapMiB: 0, acmeEmail: "ops@example.com" };

export interface ExecResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface ExecOptions {
    /** Written to the command's stdin (JSON, usually). */
    stdin?: string | Buffer;
    /** Resolve with a non-zero exit code instead of rejecting. */
    allowFail?: boolean;
    /** Log in as this user (default root). */
    user?: string;
    /** Log in with this private key (default the host's root key). */
    keyPath?: string;
}

export interface StartOptions {
    /** The container's name: unique per concurrently running suite (add process.pid). */
    name: string;
    /** Run the real bootstrap (bootstrap.sh from bin/server) after start. */
    bootstrap?: boolean;
    /** Settings for the bootstrap (JSON on its stdin). */
    bootstrapSettings?: object;
    /** Where the bootstrap's scripts come from (default bin/server). A suite that
     * bootstraps more than once can pass a copy made at its start, so that edits to the working
     * tree in the meantime do not show up as changes. */
    serverDir?: string;
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

/** Quotes S for a POSIX shell (the remote side of ssh runs one). */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = engineEnv): void {
    // The scripts' progress goes to stderr, which jest shows when a suite fails.
    execFileSync(path.join(hostScripts, script), args, { stdio: ["ignore", "inherit", "inherit"], env });
}

function docker(args: string[]): string {
    return execFileSync("docker", args, { env: engineEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export interface HttpResponse {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

/** Sends REQ and collects its response. */
function response(req: http.ClientRequest): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
        req.on("response", res => {
            const chunks: Buffer[] = [];
            res.on("data", c => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        });
        req.on("error", reject);
        req.end();
    });
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

export class TestHost {
    readonly sshHost = "127.0.0.1";
    readonly user = "root";
    readonly privateKeyPath: string;

    constructor(readonly name: string, readonly sshPort: number, readonly httpPort: number, readonly httpsPort: number) {
        this.privateKeyPath = path.join(stateDir, "hosts", name, "id_ed25519");
    }

    /** The host's ed25519 host key as host.sh read it at start (not over SSH), for a stack to pin. */
    get hostKey(): string {
        return fs.readFileSync(path.join(stateDir, "hosts", this.name, "ssh_host_ed25519_key.pub"), "utf8").trim();
    }

    /** ssh options for this host, for `ssh` and for `GIT_SSH_COMMAND`. */
    sshOptions(keyPath = this.privateKeyPath): string[] {
        return ["-i", keyPath, "-p", String(this.sshPort), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"];
    }

    /** Runs COMMAND (a remote shell line) over SSH; rejects on a non-zero exit unless allowFail. */
    exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
        return spawnCollect("ssh", [...this.sshOptions(opts.keyPath), `${opts.user ?? this.user}@${this.sshHost}`, command],
            { stdin: opts.stdin, allowFail: opts.allowFail, label: command });
    }

    /** Waits (up to a minute) until APP's web and worker containers all belong to one release: a
     * deploy returns as soon as the new release serves, and the previous one's containers stop
     * after it (its one-offs and jobs run on to their end). */
    async drained(app: string): Promise<void> {
        for (let n = 0; n < 200; n++) {
            const r = await this.exec(`docker ps -a --filter label=paas.app=${app} --format '{{.Label "paas.release"}} {{.Label "paas.process"}}'`);
            const releases = r.stdout.split("\n").filter(Boolean).map(l => l.split(" ")).filter(([, p]) => p !== "run" && p !== "scheduler").map(([rel]) => rel);
            if (new Set(releases).size <= 1) return;
            await new Promise(resolve => setTimeout(resolve, 300));
        }
        throw new Error(`${app}: the previous release's containers are still there after a minute`);
    }

    /** Which of PATHS (fixed paths or globs, written by the test) exist on the host, or inside
     * its container CONTAINER: `[]` when none does. */
    async existing(paths: string[], container?: string): Promise<string[]> {
        const list = `ls -d ${paths.join(" ")} 2>/dev/null || true`;
        const r = await this.exec(container ? `docker exec ${container} sh -c ${shellQuote(list)}` : list);
        return r.stdout.split("\n").filter(Boolean);
    }

    /** Copies a local directory's contents to REMOTEDIR, replacing it (tar over SSH). */
    copyDir(localDir: string, remoteDir: string): void {
        const tar = spawnSync("tar", ["-C", localDir, "-cf", "-", "."], { maxBuffer: 1 << 30 });
        if (tar.status !== 0) throw new Error(`tar of ${localDir} failed: ${tar.stderr}`);
        const dir = shellQuote(remoteDir);
        const r = spawnSync("ssh", [...this.sshOptions(), `${this.user}@${this.sshHost}`,
            `rm -rf ${dir} && mkdir -p ${dir} && tar -C ${dir} --no-same-owner --no-same-permissions -xf -`], { input: tar.stdout, maxBuffer: 1 << 26 });
        if (r.status !== 0) throw new Error(`copy to ${remoteDir} failed: ${r.stderr}`);
    }

    /** Starts a test certificate authority on the host (scripts/host/acme-server.sh) for DOMAINS;
     * returns its ACME directory URL and the PEM of the root its certificates chain to. */
    async startAcmeServer(domains: string[]): Promise<{ directory: string; root: string }> {
        runScript("acme-server.sh", ["start", this.name, ...domains]);
        const root = (await this.exec("curl -fsS https://localhost:15000/roots/0")).stdout;
        return { directory: "https://localhost:14000/dir", root };
    }

    /** Copies an image of the local engine into the host's own Docker engine (it cannot pull). */
    loadImage(image: string): void {
        runScript("load-image.sh", [this.name, image]);
    }

    /** Builds the repository's sample app (stacks/sample-app) on the host as TAG, from the local
     * engine's Debian image (the host cannot pull). */
    async buildSampleApp(tag = "paas-e2e/app:one"): Promise<void> {
        this.loadImage("debian:bookworm-slim");
        this.copyDir(path.join(repoRoot, "stacks/sample-app"), "/root/app");
        await this.exec(`docker build -q -t ${tag} /root/app`);
    }

    /** Installs the platform's scripts and runs the bootstrap as the PlatformHost component does:
     * bin/server (or FROMDIR) copied to the folder of its digest (shared/uploads.ts), its
     * bootstrap.sh run through the check of host/run-upload.sh, the settings as JSON on stdin. */
    async bootstrap(settings: object = defaultBootstrapSettings, fromDir = serverDir): Promise<ExecResult> {
        const remoteDir = serverScriptsUpload(serverScriptsDigest(fromDir));
        this.copyDir(fromDir, remoteDir);
        return this.exec(bootstrapCommand(remoteDir, fromDir), { stdin: JSON.stringify(settings) });
    }

    /** An HTTP request to the host's nginx by Host header, on the published loopback port. */
    http(hostname: string, urlPath = "/", init: { method?: string } = {}): Promise<HttpResponse> {
        // node:http, not fetch: fetch does not let a request choose its Host header.
        return response(http.request({ host: "127.0.0.1", port: this.httpPort, path: urlPath, method: init.method ?? "GET",
            headers: { Host: hostname }, agent: false }));
    }

    /** An HTTPS request for HOSTNAME (SNI and Host) on the published loopback port. It fails
     * unless the certificate chains to CA (PEM) and names HOSTNAME, as a browser would. */
    https(hostname: string, urlPath: string, ca: string): Promise<HttpResponse & { certificate: tls.PeerCertificate }> {
        const req = https.request({ host: "127.0.0.1", port: this.httpsPort, servername: hostname, path: urlPath,
            headers: { Host: hostname }, ca, agent: false });
        let certificate: tls.PeerCertificate | undefined;
        req.on("response", res => (certificate = (res.socket as tls.TLSSocket).getPeerCertificate()));
        return response(req).then(r => ({ ...r, certificate: certificate! }));
    }

    /** Restarts the host container, as a reboot of the VPS, and waits until it has booted. */
    reboot(): void {
        docker(["restart", this.name]);
        runScript("host.sh", ["start", this.name, String(this.sshPort), String(this.httpPort), String(this.httpsPort)],
            { ...engineEnv, PAAS_HOST_IMAGE: docker(["inspect", "--format", "{{.Config.Image}}", this.name]) });
    }

    /** Removes the host container, its volumes and its key. */
    stop(): void {
        runScript("host.sh", ["stop", this.name]);
    }
}

/** Starts the local engine and builds the images when missing (seconds when they exist). */
export function prepareEngine(): void {
    runScript("engine.sh", ["start"]);
    runScript("images.sh", []);
}

async function launch(name: string, image?: string): Promise<TestHost> {
    prepareEngine();
    const env = image ? { ...engineEnv, PAAS_HOST_IMAGE: image } : engineEnv;
    // Fixed ports (not engine-picked ones, which change when the container restarts), so a
    // reboot keeps them. Another suite may take one between the pick and the start: pick again.
    for (let attempt = 1; ; attempt++) {
        const host = new TestHost(name, await freePort(), await freePort(), await freePort());
        const r = spawnSync(path.join(hostScripts, "host.sh"),
            ["start", name, String(host.sshPort), String(host.httpPort), String(host.httpsPort)],
            { stdio: ["ignore", "inherit", "inherit"], env });
        if (r.status === 0) return host;
        if (r.status !== 3 || attempt === 5) throw new Error(`host.sh start ${name} exited ${r.status ?? r.signal}`);
    }
}

/** Starts a fresh local Debian 12 host (the engine and images too, when missing). With
 * `bootstrap: true` it then runs the real bootstrap on it. */
export async function startHost(opts: StartOptions): Promise<TestHost>;
/** @deprecated form: startHost(name, { bootstrap }). */
export async function startHost(name: string, opts?: Omit<StartOptions, "name">): Promise<TestHost>;
export async function startHost(arg: string | StartOptions, rest: Omit<StartOptions, "name"> = {}): Promise<TestHost> {
    const opts: StartOptions = typeof arg === "string" ? { ...rest, name: arg } : arg;
    const host = await launch(opts.name);
    if (opts.bootstrap) {
        const started = Date.now();
        try {
            await host.bootstrap(opts.bootstrapSettings, opts.serverDir);
        } catch (e) {
            host.stop();
            throw e;
        }
        process.stderr.write(`harness: bootstrapped ${opts.name} in ${seconds(started)} s\n`);
    }
    return host;
}

const snapshotRepo = "paas-host-bootstrapped";

/** The tag of the bootstrapped-host snapshot for the current bootstrap.sh and host image. What a
 * bootstrap leaves behind depends on those two only; the other files of bin/server are
 * copied in again by the (quick) bootstrap that follows every start from the snapshot. */
export function bootstrappedImage(settings: object = defaultBootstrapSettings, fromDir = serverDir): string {
    const hash = crypto.createHash("sha256")
        .update(docker(["image", "inspect", "--format", "{{.Id}}", "paas-host:bookworm"]))
        .update(fs.readFileSync(path.join(fromDir, "bootstrap.sh")))
        .update(JSON.stringify(settings));
    return `${snapshotRepo}:${hash.digest("hex").slice(0, 16)}`;
}

function hasImage(image: string): boolean {
    return spawnSync("docker", ["image", "inspect", image], { env: engineEnv }).status === 0;
}

/**
 * A bootstrapped host, fast: suites that need a platform host but do not test the bootstrap
 * itself start from a snapshot (`docker commit`) of a host the real bootstrap ran on, and then
 * run bootstrap.sh again, which only refreshes the platform's scripts. When no snapshot matches
 * bootstrap.sh and the host image, this host is bootstrapped for real and becomes the snapshot.
 * Snapshots live in the local engine (under /var/lib/paas-test), so later runs reuse them.
 */
export async function startBootstrappedHost(opts: Omit<StartOptions, "bootstrap">): Promise<TestHost> {
    prepareEngine();
    const settings = opts.bootstrapSettings ?? defaultBootstrapSettings;
    const image = bootstrappedImage(settings, opts.serverDir);
    if (!hasImage(image)) {
        const host = await startHost({ ...opts, bootstrap: true, bootstrapSettings: settings });
        await saveBootstrapSnapshot(host, settings, opts.serverDir);
        return host;
    }
    const host = await launch(opts.name, image);
    const started = Date.now();
    try {
        await host.bootstrap(settings, opts.serverDir);
    } catch (e) {
        host.stop();
        throw e;
    }
    process.stderr.write(`harness: ${opts.name} started from ${image}, bootstrap rerun in ${seconds(started)} s\n`);
    return host;
}

/**
 * Keeps HOST, freshly bootstrapped with SETTINGS, as the snapshot startBootstrappedHost starts
 * from (unless one exists already), and drops older snapshots no container uses. Returns the
 * snapshot's image.
 */
export async function saveBootstrapSnapshot(host: TestHost, settings: object = defaultBootstrapSettings, fromDir = serverDir): Promise<string> {
    const image = bootstrappedImage(settings, fromDir);
    if (hasImage(image)) return image;
    const started = Date.now();
    // Never keep a host the bootstrap did not finish on: every later suite would start from it.
    await host.exec("test -x /usr/local/bin/paas && id git && systemctl is-active --quiet docker nginx postgresql");
    // Committing pauses the container, so the copy is consistent (Postgres recovers from it as
    // from a power cut). /var/lib/docker is a volume and /run a tmpfs: neither is copied, and the
    // host's Docker engine starts empty, as a freshly bootstrapped one does.
    docker(["commit", "--change", 'CMD ["/lib/systemd/systemd"]', host.name, image]);
    for (const old of docker(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", snapshotRepo]).split("\n")) {
        if (old && old !== image) spawnSync("docker", ["rmi", old], { env: engineEnv });
    }
    process.stderr.write(`harness: snapshot ${image} of ${host.name} in ${seconds(started)} s\n`);
    return image;
}

/** Whether a file exists on this machine's disk (for "nothing ran" checks). */
export const localFileExists = (p: string) => fs.existsSync(p);
