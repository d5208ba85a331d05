// Programs run with their arguments as a list: never a shell, never a command line built from
// values. Values that must not show in a process list travel on stdin or in the environment.
import { spawn } from "child_process";
import { indenter } from "./output";

/** Where a child's output goes: kept for the caller, indented under the progress (and kept), or dropped. */
export type OutputMode = "capture" | "indent" | "indent-capture" | "indent-stderr" | "ignore";

export interface RunOptions {
    /** Written to the program's stdin, then closed. */
    readonly input?: string | Buffer;
    /** The program's whole environment (default: PATH and HOME only). */
    readonly env?: NodeJS.ProcessEnv;
    /** stdout: captured unless told otherwise. */
    readonly stdout?: OutputMode;
    /** stderr: captured unless told otherwise. */
    readonly stderr?: OutputMode;
    /** Open file descriptors the program gets as fd 3, 4, ... */
    readonly fds?: readonly number[];
    /** Seconds after which the program gets SIGTERM; the result's `timedOut` says so. */
    readonly timeoutSeconds?: number;
}

export interface RunResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
    readonly timedOut: boolean;
}

/** The environment the host's programs get unless a caller gives one. */
export const baseEnv: NodeJS.ProcessEnv = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: "/root",
    LANG: "C.UTF-8",
};

function sink(mode: OutputMode, into: Buffer[]): { stdio: "pipe" | "ignore"; attach?: (s: NodeJS.ReadableStream) => void } {
    switch (mode) {
    case "ignore": return { stdio: "ignore" };
    case "capture": return { stdio: "pipe", attach: s => s.on("data", (c: Buffer) => into.push(c)) };
    // Written chunk by chunk rather than piped: when nobody reads this process's output any more,
    // the program's output is dropped and it runs on, instead of stalling on a full pipe.
    case "indent": return { stdio: "pipe", attach: s => s.pipe(indenter()).on("data", c => process.stdout.write(c)) };
    case "indent-capture": return { stdio: "pipe", attach: s => { s.on("data", (c: Buffer) => into.push(c)); s.pipe(indenter()).on("data", c => process.stdout.write(c)); } };
    case "indent-stderr": return { stdio: "pipe", attach: s => s.pipe(indenter()).on("data", c => process.stderr.write(c)) };
    }
}

/** Runs PROGRAM with ARGS; resolves with its exit code and output (a failure to start is code 127). */
export function run(program: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const out: Buffer[] = [], err: Buffer[] = [];
    const stdout = sink(opts.stdout ?? "capture", out), stderr = sink(opts.stderr ?? "capture", err);
    return new Promise(resolve => {
        const child = spawn(program, args, { env: opts.env ?? baseEnv, stdio: ["pipe", stdout.stdio, stderr.stdio, ...(opts.fds ?? [])] });
        let timedOut = false;
        const timer = opts.timeoutSeconds === undefined ? undefined : setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
        }, opts.timeoutSeconds * 1000);
        if (child.stdout) stdout.attach?.(child.stdout);
        if (child.stderr) stderr.attach?.(child.stderr);
        child.stdin!.on("error", () => undefined);
        child.stdin!.end(opts.input ?? "");
        const finish = (code: number) => {
            if (timer) clearTimeout(timer);
            resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut });
        };
        child.on("error", e => { err.push(Buffer.from(String(e.message))); finish(127); });
        child.on("close", (code, signal) => finish(code ?? (signal ? 128 : 1)));
    });
}

/** Runs PROGRAM and returns its stdout; a non-zero exit throws with its stderr. */
export async function output(program: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
    const r = await run(program, args, opts);
    if (r.code !== 0) throw new Error(`${program} ${args[0] ?? ""} exited ${r.code}: ${r.stderr.trim()}`);
    return r.stdout;
}

/** The lines of a program's output, without empty ones. */
export const lines = (text: string): string[] => text.split("\n").map(l => l.trim()).filter(l => l !== "");
