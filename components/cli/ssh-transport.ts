// The CLI's way to the host: the system `ssh`, logged in with the stack's private key (written
// to a folder of its own, mode 0700, removed after, and by a detached reaper when the CLI is
// killed), checking the host's key against the one the stack pins (or, for a stack that records
// none yet, a known_hosts file of the stack's own). The remote command line is always a fixed
// one from ./host-requests; values travel on stdin.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hostKeyFingerprint, knownHostsLine } from "../../shared/host-key";
import { CliError } from "./cli-error";
import { HostRequest } from "./host-requests";
import { isKeyFolder, keyFolderPrefix } from "./key-folder-reaper";
import { ProcessRunner } from "./process-runner";
import { StackTarget } from "./stack-discovery";

/** The known_hosts file of STACK: `PAAS_KNOWN_HOSTS`, else under `$XDG_STATE_HOME/paas/<stack>/`. */
export function knownHostsFile(stack: string, env: NodeJS.ProcessEnv): string {
    if (env.PAAS_KNOWN_HOSTS) return env.PAAS_KNOWN_HOSTS;
    const stateHome = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), ".local", "state");
    // A fully qualified stack name (org/project/stack) is one folder.
    return path.join(stateHome, "paas", stack.replace(/[^A-Za-z0-9_.-]/g, "_"), "known_hosts");
}

/** `StrictHostKeyChecking` for a stack that pins no host key: accept-new, or what `PAAS_SSH_STRICT` says. */
export function hostKeyChecking(env: NodeJS.ProcessEnv): string {
    const value = env.PAAS_SSH_STRICT || "accept-new";
    if (!["yes", "no", "accept-new"].includes(value)) throw new CliError(`PAAS_SSH_STRICT: must be yes, no or accept-new, not ${JSON.stringify(value)}`);
    return value;
}

// A config value (`-o`): ssh expands `%` tokens in file options, and splits the value on spaces
// unless it is quoted.
const sshPath = (file: string) => {
    const escaped = file.replace(/%/g, "%%");
    return /\s/.test(escaped) ? `"${escaped}"` : escaped;
};

export interface SshOptions {
    readonly keyFile: string;
    readonly knownHosts: string;
    readonly strict: string;
    /** knownHosts holds exactly the key the stack pins: no other file counts. */
    readonly pinned?: boolean;
}

/** ssh's arguments to run REQUEST's line on TARGET. */
export function sshArgs(target: Pick<StackTarget, "host" | "port" | "user">, options: SshOptions, request: HostRequest): string[] {
    return [
        // An argument, not a config value: ssh takes it as it is (no quotes; see keyFolderBase).
        "-i", options.keyFile, "-l", target.user, "-p", String(target.port),
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", `StrictHostKeyChecking=${options.strict}`, "-o", `UserKnownHostsFile=${sshPath(options.knownHosts)}`,
        ...(options.pinned ? ["-o", "GlobalKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no"] : []),
        "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR",
        request.tty ? "-t" : "-T",
        "--", target.host, request.line,
    ];
}

/**
 * Where key folders are made: the system's temporary folder, unless its path holds what ssh
 * would expand in `-i` after checking the file exists (`%` tokens, `${VAR}`), then /tmp.
 */
export function keyFolderBase(tmpdir = os.tmpdir()): string {
    return /[%$]/.test(tmpdir) ? "/tmp" : tmpdir;
}

/**
 * A detached process that removes FOLDER when the pipe to it closes: when `stop` is called, or
 * when the CLI ends in any way, SIGKILL included (the kernel closes the pipe).
 */
function startReaper(folder: string): { stop: () => void } {
    const script = require.resolve("./key-folder-reaper");
    // From source (ts-node), the reaper is TypeScript too.
    const loader = script.endsWith(".ts") ? ["-r", require.resolve("ts-node/register/transpile-only")] : [];
    const child = spawn(process.execPath, [...loader, script, folder], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    child.on("error", () => undefined);
    child.unref();
    const pipe = child.stdin as NodeJS.WritableStream & { unref?: () => void; destroy: () => void };
    pipe.on("error", () => undefined);
    // Neither the reaper nor its pipe keeps the CLI running.
    (pipe as any)._handle?.unref?.();
    return { stop: () => pipe.destroy() };
}

/** A folder only its owner reads, with PRIVATEKEY in it as `id`, for the time USE takes. */
export async function withKeyFile<T>(privateKey: string, use: (file: string, folder: string) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(keyFolderBase(), keyFolderPrefix));
    if (!isKeyFolder(dir)) throw new CliError(`${dir}: not a folder the CLI may keep its key in`);
    // Started before the key is written: from then on the key goes with the CLI, however it ends.
    const reaper = startReaper(dir);
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    // When a signal ends the CLI before `finally` runs (forwardSignals exits), at once.
    process.on("exit", remove);
    try {
        const file = path.join(dir, "id");
        // ssh refuses a key whose last line has no newline.
        fs.writeFileSync(file, privateKey.endsWith("\n") ? privateKey : `${privateKey}\n`, { mode: 0o600 });
        return await use(file, dir);
    } finally {
        remove();
        process.off("exit", remove);
        reaper.stop();
    }
}

/**
 * ssh's own failure (exit 255: it could not log in, or lost the connection), naming the server;
 * for a host key it refused, which key was expected and (when ssh said) which the server showed.
 */
function sshFailure(target: StackTarget, options: SshOptions, reason: string, stderr = ""): CliError {
    let hint = "";
    if (/host key verification failed/i.test(reason)) {
        const presented = /SHA256:[A-Za-z0-9+/]+/.exec(stderr)?.[0];
        hint = options.pinned && target.hostKey !== undefined
            ? ` (${presented ? `the server presents ${presented}, not` : "the server's host key is not"} the one stack ${target.stack} pins, ` +
              `${target.hostKey.split(" ")[0]} ${hostKeyFingerprint(target.hostKey)}; nothing was sent to it. ` +
              "If the server was rebuilt on purpose, set its new key: paas:hostKey for a host of your own, a new first contact for a Linode)"
            : ` (its host key is not the one in ${options.knownHosts}; if the server was rebuilt, remove its line there)`;
    }
    return new CliError(`ssh ${target.user}@${target.host}:${target.port} (stack ${target.stack}): ${reason}${hint}`, 255);
}

const lastLine = (text: string) => text.split("\n").map(l => l.trim()).filter(l => l !== "").pop();

/** The host of a stack, reached over ssh for as long as a session lasts. */
export class SshTransport {
    private constructor(private readonly runner: ProcessRunner, readonly target: StackTarget, private readonly options: SshOptions) {}

    /**
     * Runs USE with a transport to TARGET; the key file exists only meanwhile. A stack that pins
     * its server's host key is held to exactly that key (PAAS_SSH_STRICT and PAAS_KNOWN_HOSTS
     * apply only to stacks that record none yet).
     */
    static async open<T>(runner: ProcessRunner, target: StackTarget, env: NodeJS.ProcessEnv, use: (t: SshTransport) => Promise<T>): Promise<T> {
        if (target.hostKey !== undefined) {
            const line = knownHostsLine(target.host, target.port, target.hostKey);
            return withKeyFile(target.privateKey, (keyFile, folder) => {
                const knownHosts = path.join(folder, "known_hosts");
                fs.writeFileSync(knownHosts, `${line}\n`, { mode: 0o600 });
                return use(new SshTransport(runner, target, { keyFile, knownHosts, strict: "yes", pinned: true }));
            });
        }
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
        if (r.code === 255) throw sshFailure(this.target, this.options, lastLine(r.stderr) ?? "failed", r.stderr);
        // The host refuses with one line on stderr and exit 1.
        if (r.code !== 0) throw new CliError(lastLine(r.stderr) ?? `${request.line} exited ${r.code}`, r.code);
        return r.stdout;
    }

    /** Runs REQUEST with its output on the terminal as it comes; its exit code. */
    async stream(request: HostRequest): Promise<number> {
        const code = await this.runner.attach("ssh", this.args(request), { input: request.stdin ?? "" });
        // ssh printed why; the host's own commands never exit 255.
        if (code === 255) throw sshFailure(this.target, this.options, "the connection failed (ssh says why above)");
        return code;
    }

    /** Runs REQUEST with the terminal as its stdin too (`run`); its exit code (255 may be the command's own). */
    async interactive(request: HostRequest): Promise<number> {
        return this.runner.attach("ssh", this.args(request));
    }
}
