// The release engine runs apart from whoever started it. `paas app deploy` (push-deploy,
// rollback) starts `paas engine app deploy` as a process in a session of its own (a hangup of the
// SSH session does not reach it) and, where systemd runs, in a systemd scope of its own (the end of
// the login session does not stop it, whatever logind's KillUserProcesses says). The engine gets
// this process's stdin and output, so the caller sees its progress and exit code as before; when
// the caller goes away (the SSH connection cut, the pipes closed), the engine and its `docker`
// children run to their end and its output is dropped (output.ts keepRunningWithoutReader).
import { spawn } from "child_process";
import * as fs from "fs";
import { paths } from "./paths";

/** The first word of the engine's command line: `paas engine <command>`. */
export const engineWord = "engine";

/** The program and arguments that run `paas engine ARGV` detached from this process's session. */
export function engineCommand(argv: readonly string[], systemd = fs.existsSync(paths.under("/run/systemd/system"))): [string, string[]] {
    const node = [process.execPath, process.argv[1], engineWord, ...argv];
    return systemd ? ["systemd-run", ["--scope", "--quiet", "--collect", "--", ...node]] : [node[0], node.slice(1)];
}

/** Runs `paas ARGV` as the detached engine; resolves with its exit code. */
export function runDetached(argv: readonly string[]): Promise<number> {
    const [program, args] = engineCommand(argv);
    // This process only waits: a hangup or closed output must not make it report a failure the
    // engine did not have.
    process.on("SIGHUP", () => undefined);
    process.stderr.on("error", () => undefined);
    return new Promise(resolve => {
        const child = spawn(program, args, { detached: true, stdio: "inherit" });
        child.on("error", e => {
            process.stderr.write(`paas: could not start the release engine: ${e.message}\n`);
            resolve(1);
        });
        child.on("exit", (code, signal) => {
            if (signal) process.stderr.write(`paas: the release engine was stopped by ${signal}\n`);
            resolve(code ?? 1);
        });
    });
}
