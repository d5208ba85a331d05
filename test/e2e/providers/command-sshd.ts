// Debian's OpenSSH server on loopback, with its own host key, client key and configuration in a
// temporary directory, for the remote half of the command provider's suite.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const sshd = "/usr/sbin/sshd";

export interface Sshd {
    port: number;
    /** The server's host key as an authorized_keys line (RSA, so pinning meets rsa-sha2-*). */
    hostKey: string;
    /** The private key root logs in with. */
    clientKey: string;
    dir: string;
    stop(): Promise<void>;
}

function ensureInstalled(): void {
    if (fs.existsSync(sshd)) return;
    execFileSync("bash", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null"],
        { stdio: "inherit" });
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Resolves once the server answers with its SSH banner; the attempts are bounded. */
async function waitForBanner(port: number, child: ChildProcess, output: () => string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
        if (child.exitCode !== null) throw new Error(`sshd exited ${child.exitCode}:\n${output()}`);
        const banner = await new Promise<string>((resolve) => {
            const socket = net.connect(port, "127.0.0.1");
            socket.setTimeout(1000);
            socket.once("data", (d) => { socket.destroy(); resolve(d.toString()); });
            socket.once("error", () => resolve(""));
            socket.once("timeout", () => { socket.destroy(); resolve(""); });
        });
        if (banner.startsWith("SSH-2.0-")) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`sshd did not answer on port ${port}:\n${output()}`);
}

export async function startSshd(): Promise<Sshd> {
    ensureInstalled();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-sshd-"));
    const keygen = (file: string, type: string) =>
        execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-f", path.join(dir, file)]);
    keygen("host_rsa", "rsa");
    keygen("client", "ed25519");
    fs.copyFileSync(path.join(dir, "client.pub"), path.join(dir, "authorized_keys"));
    // sshd refuses to start without its privilege separation directory.
    fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

    const port = await freePort();
    const configFile = path.join(dir, "sshd_config");
    fs.writeFileSync(configFile, [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${path.join(dir, "host_rsa")}`,
        `PidFile ${path.join(dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
        "PermitRootLogin prohibit-password",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        // The key files live in a temporary directory that strict modes would reject.
        "StrictModes no",
        "AcceptEnv GREETING PULUMI_COMMAND_STDOUT PULUMI_COMMAND_STDERR",
        "Subsystem sftp internal-sftp",
        "",
    ].join("\n"));

    const child = spawn(sshd, ["-D", "-e", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await waitForBanner(port, child, () => output);

    return {
        port,
        hostKey: fs.readFileSync(path.join(dir, "host_rsa.pub"), "utf8").trim(),
        clientKey: fs.readFileSync(path.join(dir, "client"), "utf8"),
        dir,
        stop: () => new Promise<void>((resolve) => {
            const done = () => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); };
            if (child.exitCode !== null) return done();
            child.once("exit", done);
            child.kill("SIGTERM");
        }),
    };
}
