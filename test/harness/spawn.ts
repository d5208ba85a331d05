// Runs a program without blocking the event loop (servers of the same test process answer it
// meanwhile), collecting its output.
import { spawn } from "child_process";

export interface SpawnResult {
    code: number;
    stdout: string;
    stderr: string;
}

export interface SpawnOptions {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    /** Written to its stdin. */
    stdin?: string | Buffer;
    /** Resolve with a non-zero exit code instead of rejecting. */
    allowFail?: boolean;
    /** What the rejection's message calls it (default: the program and its arguments). */
    label?: string;
}

/** Runs PROGRAM ARGS; rejects with its output on a non-zero exit unless `allowFail`. */
export function spawnCollect(program: string, args: string[], opts: SpawnOptions = {}): Promise<SpawnResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(program, args, { cwd: opts.cwd, env: opts.env });
        let stdout = "", stderr = "";
        child.stdout.on("data", d => (stdout += d));
        child.stderr.on("data", d => (stderr += d));
        child.on("error", reject);
        child.on("close", code => {
            const result = { code: code ?? -1, stdout, stderr };
            if (result.code !== 0 && !opts.allowFail) reject(new Error(`${opts.label ?? [program, ...args].join(" ")} exited ${code}\n${stdout}\n${stderr}`));
            else resolve(result);
        });
        // The program may exit without reading its stdin.
        child.stdin.on("error", () => undefined);
        child.stdin.end(opts.stdin ?? "");
    });
}
