// Where a stack's server is and how to log in to it, from what Pulumi keeps: the stack's outputs
// (`sshTarget`, else `serverIpv4`) and its config (`paas:sshPrivateKey`, and `paas:host`,
// `paas:port`, `paas:user` for a `host` target). Read through the `pulumi` CLI, secrets
// included: they arrive on a pipe, never on a command line.
import { hostKeyLine } from "../../shared/host-key";
import { port as portRule } from "../../shared/rules";
import { CliError } from "./cli-error";
import { ProcessRunner } from "./process-runner";

/** One config value as `pulumi config --json` prints it. */
export interface ConfigEntry {
    readonly value?: string;
    readonly objectValue?: unknown;
    readonly secret?: boolean;
}

/** The stack the CLI works on, and its server. */
export interface StackTarget {
    readonly stack: string;
    /** The Pulumi project directory the `pulumi` commands run in. */
    readonly cwd: string;
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly privateKey: string;
    /** The server's host key the stack pins (`sshTarget.hostKey`, else `paas:hostKey`); none for a stack that records none yet. */
    readonly hostKey?: string;
    /** The stack's config when it was read, which `scale` and `rollback` add to. */
    readonly config: Record<string, ConfigEntry>;
}

/** Runs `pulumi ARGS` in CWD; its stdout, or its error as one line. */
export async function pulumi(runner: ProcessRunner, cwd: string, args: readonly string[], input?: string): Promise<string> {
    const r = await runner.collect("pulumi", ["--non-interactive", ...args], { cwd, input });
    if (r.code !== 0) {
        const reason = r.stderr.split("\n").map(l => l.trim()).find(l => l !== "")?.replace(/^error: /, "");
        const verb = args.slice(0, Math.max(1, args.findIndex(a => a.startsWith("-")))).join(" ");
        throw new CliError(`pulumi ${verb}: ${reason ?? `exited ${r.code}`}`);
    }
    return r.stdout;
}

function parseJson(text: string, what: string): any {
    try {
        return JSON.parse(text);
    } catch {
        throw new CliError(`${what}: not the JSON it should print`);
    }
}

/** The stack named, else the one selected in CWD. */
export async function stackName(runner: ProcessRunner, cwd: string, given?: string): Promise<string> {
    if (given !== undefined) return given;
    const name = (await pulumi(runner, cwd, ["stack", "--show-name"])).trim();
    if (name === "") throw new CliError(`--stack: no stack is selected in ${cwd}; give --stack NAME or run pulumi stack select`);
    return name;
}

/** A config value as text (objects as JSON), or undefined. */
export function configText(config: Record<string, ConfigEntry>, key: string): string | undefined {
    const entry = config[key];
    if (entry?.value !== undefined) return entry.value;
    return entry?.objectValue !== undefined ? JSON.stringify(entry.objectValue) : undefined;
}

/** Reads STACK's outputs and config; names what is missing. */
export async function discoverTarget(runner: ProcessRunner, cwd: string, stack: string): Promise<StackTarget> {
    const [outputsText, configJson] = await Promise.all([
        pulumi(runner, cwd, ["stack", "output", "--json", "--show-secrets", "--stack", stack]),
        pulumi(runner, cwd, ["config", "--json", "--show-secrets", "--stack", stack]),
    ]);
    const outputs = parseJson(outputsText, "pulumi stack output") ?? {};
    const config: Record<string, ConfigEntry> = parseJson(configJson, "pulumi config") ?? {};

    const privateKey = configText(config, "paas:sshPrivateKey");
    if (!privateKey) throw new CliError(`paas:sshPrivateKey: not set in stack ${stack} (the key Pulumi reaches the server with)`);

    const server = serverOf(outputs, config, stack);
    const port = portRule("port", Number(server.port));
    if (typeof server.host !== "string" || !/^[^\s@-][^\s@]*$/.test(server.host)) {
        throw new CliError(`host: stack ${stack} names no server address (${JSON.stringify(server.host)})`);
    }
    if (typeof server.user !== "string" || !/^[a-z_][a-z0-9_.-]*$/i.test(server.user)) {
        throw new CliError(`user: stack ${stack} names no login user (${JSON.stringify(server.user)})`);
    }
    const hostKey = server.hostKey === undefined ? undefined : checkedHostKey(server.hostKey, stack);
    return { stack, cwd, host: server.host, port, user: server.user, privateKey, config, ...(hostKey === undefined ? {} : { hostKey }) };
}

function checkedHostKey(value: unknown, stack: string): string {
    try {
        return hostKeyLine("hostKey", value as string);
    } catch {
        throw new CliError(`hostKey: stack ${stack} pins no OpenSSH host key (${JSON.stringify(value)})`);
    }
}

/** The stack's `sshTarget` output; before it existed, what stacks/index.ts builds the connection from. */
function serverOf(outputs: any, config: Record<string, ConfigEntry>, stack: string): { host: unknown; port: unknown; user: unknown; hostKey?: unknown } {
    const t = outputs.sshTarget;
    const configKey = configText(config, "paas:target") === "host" ? configText(config, "paas:hostKey") : undefined;
    if (t && typeof t === "object") return { host: t.host, port: t.port ?? 22, user: t.user ?? "root", hostKey: t.hostKey ?? configKey };
    const onHost = configText(config, "paas:target") === "host";
    const host = onHost ? configText(config, "paas:host") : outputs.serverIpv4;
    if (host === undefined) {
        throw new CliError(onHost ? `paas:host: not set in stack ${stack}` : `serverIpv4: stack ${stack} has no server yet (run pulumi up first)`);
    }
    // A Linode is reached as root on 22 (LinodeServer); paas:port and paas:user are the host target's.
    return onHost
        ? { host, port: configText(config, "paas:port") ?? 22, user: configText(config, "paas:user") ?? "root", hostKey: configKey }
        : { host, port: 22, user: "root" };
}
