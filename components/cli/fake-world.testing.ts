// A fake of everything the CLI runs, for its unit tests: `pulumi` answering from a stack's
// outputs and config, and `ssh` answering from a fake host. Every call is kept, and the key
// file ssh is given is checked while it exists.
import * as fs from "fs";
import * as path from "path";
import { Collected, ProcessRunner, RunOptions } from "./process-runner";
import { CliContext } from "./session";

export interface Call {
    readonly kind: "collect" | "attach" | "launch";
    readonly program: string;
    readonly args: readonly string[];
    readonly options: RunOptions;
}

/** What a fake host answers: its output, and an exit code (0 unless given). */
export interface HostAnswer {
    readonly stdout?: string;
    readonly stderr?: string;
    readonly code?: number;
}

export interface KeyFileSeen {
    readonly path: string;
    readonly mode: number;
    readonly content: string;
    /** The known_hosts file written beside the key (a stack that pins its host key). */
    readonly knownHosts?: string;
}

export interface FakeWorldOptions {
    readonly selectedStack?: string;
    readonly outputs?: Record<string, unknown>;
    readonly config?: Record<string, { value?: string; objectValue?: unknown; secret?: boolean }>;
    /** The host's answer to a remote command line and its stdin. */
    readonly host?: (line: string, stdin: string | undefined) => HostAnswer;
    /** The answer to a `pulumi` call other than the three reads (config set). */
    readonly pulumi?: (args: readonly string[]) => HostAnswer;
    readonly env?: NodeJS.ProcessEnv;
    readonly interactive?: boolean;
    readonly stdoutIsTTY?: boolean;
    readonly cwd?: string;
}

export const defaultConfig = {
    "paas:sshPrivateKey": { value: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----", secret: true },
    "paas:domain": { value: "example.com", secret: false },
};
export const defaultOutputs = { sshTarget: { host: "203.0.113.7", port: 22, user: "root" }, serverIpv4: "203.0.113.7", platformDomain: "example.com" };

/** A fake world; `main(argv, world.ctx)` runs the CLI in it. */
export function fakeWorld(options: FakeWorldOptions = {}) {
    const calls: Call[] = [];
    const keyFiles: KeyFileSeen[] = [];
    let out = "", err = "";
    const answer = (call: Call): HostAnswer => {
        if (call.program === "pulumi") {
            const args = call.args.filter(a => a !== "--non-interactive");
            if (args[0] === "stack" && args[1] === "--show-name") return { stdout: `${options.selectedStack ?? "dev"}\n` };
            if (args[0] === "stack" && args[1] === "output") return { stdout: JSON.stringify(options.outputs ?? defaultOutputs) };
            if (args[0] === "config" && args[1] === "--json") return { stdout: JSON.stringify(options.config ?? defaultConfig) };
            return options.pulumi?.(args) ?? { code: 0 };
        }
        if (call.program === "ssh") {
            const key = call.args[call.args.indexOf("-i") + 1];
            // A known_hosts file beside the key is the one the stack pins.
            const knownHostsArg = call.args.find(a => a.startsWith("UserKnownHostsFile="))?.slice("UserKnownHostsFile=".length);
            const pinned = knownHostsArg !== undefined && path.dirname(knownHostsArg) === path.dirname(key) ? fs.readFileSync(knownHostsArg, "utf8") : undefined;
            keyFiles.push({ path: key, mode: fs.statSync(key).mode & 0o777, content: fs.readFileSync(key, "utf8"), ...(pinned === undefined ? {} : { knownHosts: pinned }) });
            return options.host?.(call.args[call.args.length - 1], call.options.input) ?? { code: 0 };
        }
        return { code: 127, stderr: `${call.program}: not faked` };
    };
    const runner: ProcessRunner = {
        async collect(program, args, runOptions = {}) {
            const call: Call = { kind: "collect", program, args, options: runOptions };
            calls.push(call);
            const a = answer(call);
            return { code: a.code ?? 0, stdout: a.stdout ?? "", stderr: a.stderr ?? "" } satisfies Collected;
        },
        async attach(program, args, runOptions = {}) {
            const call: Call = { kind: "attach", program, args, options: runOptions };
            calls.push(call);
            const a = answer(call);
            out += a.stdout ?? "";
            err += a.stderr ?? "";
            return a.code ?? 0;
        },
        async launch(program, args) {
            calls.push({ kind: "launch", program, args, options: {} });
            return true;
        },
    };
    const ctx: CliContext = {
        runner,
        env: options.env ?? { PAAS_KNOWN_HOSTS: "/dev/null", PAAS_SSH_STRICT: "no", HOME: "/nonexistent" },
        cwd: options.cwd ?? process.cwd(),
        out: text => { out += text; },
        err: text => { err += text; },
        interactive: options.interactive ?? false,
        stdoutIsTTY: options.stdoutIsTTY ?? false,
        platform: "linux",
    };
    return {
        ctx,
        calls,
        keyFiles,
        out: () => out,
        err: () => err,
        ssh: () => calls.filter(c => c.program === "ssh"),
        pulumiWrites: () => calls.filter(c => c.program === "pulumi" && c.args.includes("set")),
        /** The remote command line of each ssh call. */
        remoteLines: () => calls.filter(c => c.program === "ssh").map(c => c.args[c.args.length - 1]),
    };
}
