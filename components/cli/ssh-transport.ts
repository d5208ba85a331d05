// The CLI's way to the host: the system `ssh`, logged in with the stack's private key (written
// to a file of its own, mode 0600, removed after, also when a signal ends the CLI), checking the
// host's key against a known_hosts file of the stack's own. The remote command line is always a
// fixed one from ./host-requests; values travel on stdin.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError } from "./cli-error";
import { HostRequest } from "./host-requests";
import { ProcessRunner } from "./process-runner";
import { StackTarget } from "./stack-discovery";

/** The known_hosts file of STACK: `PAAS_KNOWN_HOSTS`, else under `$XDG_STATE_HOME/paas/<stack>/`. */
export function knownHostsFile(stack: string, env: NodeJS.ProcessEnv): string {
    if (env.PAAS_KNOWN_HOSTS) return env.PAAS_KNOWN_HOSTS;
    const stateHome = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), ".local", "state");
    // A fully qualified stack name (org/project/stack) is one folder.
    return path.join(stateHome, "paas", stack.replace(/[^A-Za-z0-9_.-]/g, "_"), "known_hosts");
}

/** `StrictHostKeyChecking`: accept-new, or what `PAAS_SSH_STRICT` says (tests: `no`). */
export function hostKeyChecking(env: NodeJS.ProcessEnv): string {
    const value = env.PAAS_SSH_STRICT || "accept-new";
    if (!["yes", "no", "accept-new"].includes(value)) throw new CliError(`PAAS_SSH_STRICT: must be yes, no or accept-new, not ${JSON.stringify(value)}`);
    return value;
}

// ssh expands `%` tokens in file options, and splits a config value on spaces unless quoted.
const sshPath = (file: string) => {
    const escaped = file.replace(/%/g, "%%");
    return /\s/.test(escaped) ? `"${escaped}"` : escaped;
};

export interface SshOptions {
    readonly keyFile: string;
    readonly knownHosts: string;
    readonly strict: string;
}

/** ssh's arguments to run REQUEST's line on TARGET. */
export function sshArgs(target: Pick<StackTarget, "host" | "port" | "user">, options: SshOptions, request: HostRequest): string[] {
    return [
        "-i", sshPath(options.keyFile), "-l", target.user, "-p", String(target.port),
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", `StrictHostKeyChecking=${options.strict}`, "-o", `UserKnownHostsFile=${sshPath(options.knownHosts)}`,
        "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR",
        request.tty ? "-t" : "-T",
        "--", target.host, request.line,
    ];
}

/** Writes PRIVATEKEY to a file only its owner reads, for the time USE takes. */
export async function withKeyFile<T>(privateKey: string, use: (file: string) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-ssh-"));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    // Also when a signal ends the CLI before `finally` runs (forwardSignals exits).
    process.on("exit", remove);
    try {
        const file = path.join(dir, "id");
        // ssh refuses a key whose last line has no newline.
        fs.writeFileSync(file, privateKey.endsWith("\n") ? privateKey : `${privateKey}\n`, { mode: 0o600 });
        return await use(file);
    } finally {
        remove();
        process.off("exit", remove);
    }
}

/** ssh's own failure (exit 255: it could not log in, or lost the connection), naming the server. */
function sshFailure(target: StackTarget, knownHosts: string, reason: string): CliError {
    // A rebuilt server has a new host key; ssh refuses it rather than trust it silently.
    const hint = /host key verification failed/i.test(reason) ? ` (its host key is not the one in ${knownHosts}; if the server was rebuilt, remove its line there)` : "";
    return new CliError(`ssh ${target.user}@${target.host}:${target.port} (stack ${target.stack}): ${reason}${hint}`, 255);
}

const lastLine = (text: string) => text.split("\n").map(l => l.trim()).filter(l => l !== "").pop();

/** The host of a stack, reached over ssh for as long as a session lasts. */
export class SshTransport {
    private constructor(private readonly runner: ProcessRunner, readonly target: StackTarget, private readonly options: SshOptions) {}

    /** Runs USE with a transport to TARGET; the key file exists only meanwhile. */
    static async open<T>(runner: ProcessRunner, target: StackTarget, env: NodeJS.ProcessEnv, use: (t: SshTransport) => Promise<T>): Promise<T> {
        const strict = hostKeyChecking(env);
        const knownHosts = knownHostsFile(target.stack, env);
        if (!env.PAAS_KNOWN_HOSTS) fs.mkdirSync(path.dirname(knownHosts), { recursive: true, mode: 0o700 });
        return withKeyFile(target.privateKey, keyFile => use(new SshTransport(runner, target, { keyFile, knownHosts, strict })));
    }

    private args(request: HostRequest): string[] {
        return sshArgs(this.target, this.options, request);
    }

    /** What REQUEST prints; its refusal as a CliError. */
    async query(request: HostRequest): Promise<string> {
        const r = await this.runner.collect("ssh", this.args(request), { input: request.stdin ?? "" });
        if (r.code === 255) throw sshFailure(this.target, this.options.knownHosts, lastLine(r.stderr) ?? "failed");
        // The host refuses with one line on stderr and exit 1.
        if (r.code !== 0) throw new CliError(lastLine(r.stderr) ?? `${request.line} exited ${r.code}`, r.code);
        return r.stdout;
    }

    /** Runs REQUEST with its output on the terminal as it comes; its exit code. */
    async stream(request: HostRequest): Promise<number> {
        const code = await this.runner.attach("ssh", this.args(request), { input: request.stdin ?? "" });
        // ssh printed why; the host's own commands never exit 255.
        if (code === 255) throw sshFailure(this.target, this.options.knownHosts, "the connection failed (ssh says why above)");
        return code;
    }

    /** Runs REQUEST with the terminal as its stdin too (`run`); its exit code (255 may be the command's own). */
    async interactive(request: HostRequest): Promise<number> {
        return this.runner.attach("ssh", this.args(request));
    }
}
