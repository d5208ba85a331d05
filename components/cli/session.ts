// What a verb runs with: the CLI's surroundings (programs, terminal, output), and the stack's
// host once it is found. Built after the verb has checked its arguments, so that a mistake is
// named before Pulumi or SSH is asked anything.
import * as fs from "fs";
import * as path from "path";
import { CliError } from "./cli-error";
import { CommandLine } from "./command-line";
import { ProcessRunner } from "./process-runner";
import { SshTransport } from "./ssh-transport";
import { discoverTarget, stackName, StackTarget } from "./stack-discovery";

/** The CLI's surroundings, given whole so that tests replace every part. */
export interface CliContext {
    readonly runner: ProcessRunner;
    readonly env: NodeJS.ProcessEnv;
    /** The directory `--cwd` is relative to, and its default. */
    readonly cwd: string;
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    /** stdin and stdout are a terminal: `run` gets one on the host. */
    readonly interactive: boolean;
    /** stdout is a terminal: `open` starts a browser. */
    readonly stdoutIsTTY: boolean;
    readonly platform: NodeJS.Platform;
}

export interface Session {
    readonly ctx: CliContext;
    readonly target: StackTarget;
    readonly host: SshTransport;
}

/** A verb whose arguments are checked: what it does once its stack's host is reachable. */
export type Prepared = (session: Session) => Promise<number>;

/** A verb: checks LINE's arguments (throwing their rule's message) and returns what it runs. */
export type Verb = (line: CommandLine, ctx: CliContext) => Prepared;

/** Finds LINE's stack and its server, and runs USE with a transport to it. */
export async function withSession(ctx: CliContext, line: CommandLine, use: Prepared): Promise<number> {
    const cwd = path.resolve(ctx.cwd, line.cwd ?? ".");
    if (!fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--cwd: ${cwd} is not a directory`);
    const stack = await stackName(ctx.runner, cwd, line.stack);
    const target = await discoverTarget(ctx.runner, cwd, stack);
    return SshTransport.open(ctx.runner, target, ctx.env, host => use({ ctx, target, host }));
}

/** The value of option NAME, when given. */
export function optionValue(line: CommandLine, name: string): string | undefined {
    const v = line.options[name];
    return typeof v === "string" ? v : undefined;
}
