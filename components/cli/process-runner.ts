// How the CLI starts programs (`pulumi`, `ssh`, a browser opener): behind an interface, so that
// tests give a fake and no real program runs. Arguments are always a list, never a shell line.
import { spawn } from "child_process";
import { CliError } from "./cli-error";

export interface RunOptions {
    readonly cwd?: string;
    /** Written to the program's stdin, which is then closed; without it, `attach` gives it the terminal's. */
    readonly input?: string;
}

export interface Collected {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface ProcessRunner {
    /** Runs PROGRAM to its end, keeping what it prints. */
    collect(program: string, args: readonly string[], options?: RunOptions): Promise<Collected>;
    /** Runs PROGRAM on the terminal (its output appears as it comes); resolves with its exit code. */
    attach(program: string, args: readonly string[], options?: RunOptions): Promise<number>;
    /** Starts PROGRAM on its own (a browser opener); resolves false when it cannot start. */
    launch(program: string, args: readonly string[]): Promise<boolean>;
}

const signalNumbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const running = new Set<import("child_process").ChildProcess>();
/** The exit code a signal the CLI received asks for (130 for Ctrl-C), once one came. */
let interruptedCode: number | undefined;

/**
 * Passes SIGINT, SIGTERM and SIGHUP to the programs running, so that they end (a local ssh that
 * ends closes the remote side) and the CLI cleans up after them; with none running, exits.
 */
export function forwardSignals(): void {
    for (const [signal, n] of Object.entries(signalNumbers)) {
        process.on(signal, () => {
            interruptedCode = 128 + n;
            if (running.size === 0) process.exit(interruptedCode);
            for (const child of running) child.kill(signal as NodeJS.Signals);
        });
    }
}

const exitCode = (code: number | null, signal: NodeJS.Signals | null) =>
    code ?? 128 + (signal ? signalNumbers[signal] ?? 1 : 1);

function started(program: string, child: import("child_process").ChildProcess): Promise<number> {
    running.add(child);
    return new Promise((resolve, reject) => {
        child.on("error", (e: NodeJS.ErrnoException) => {
            running.delete(child);
            reject(new CliError(e.code === "ENOENT" ? `${program}: not found on PATH` : `${program}: ${e.message}`));
        });
        child.on("close", (code, signal) => {
            running.delete(child);
            resolve(exitCode(code, signal));
        });
    });
}

/** The runner of real programs. */
export const systemRunner: ProcessRunner = {
    async collect(program, args, options = {}) {
        const child = spawn(program, args, { cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "", stderr = "";
        child.stdout.on("data", d => (stdout += d));
        child.stderr.on("data", d => (stderr += d));
        // The program may exit without reading its stdin.
        child.stdin.on("error", () => undefined);
        child.stdin.end(options.input ?? "");
        const code = await started(program, child);
        if (interruptedCode !== undefined) throw new CliError("interrupted", interruptedCode);
        return { code, stdout, stderr };
    },
    async attach(program, args, options = {}) {
        const piped = options.input !== undefined;
        const child = spawn(program, args, { cwd: options.cwd, stdio: [piped ? "pipe" : "inherit", "inherit", "inherit"] });
        if (piped && child.stdin) {
            child.stdin.on("error", () => undefined);
            child.stdin.end(options.input);
        }
        const code = await started(program, child);
        return interruptedCode ?? code;
    },
    launch(program, args) {
        return new Promise(resolve => {
            const child = spawn(program, args, { detached: true, stdio: "ignore" });
            child.on("error", () => resolve(false));
            child.on("spawn", () => {
                child.unref();
                resolve(true);
            });
        });
    },
};
