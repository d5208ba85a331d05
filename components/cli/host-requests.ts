// What the CLI asks the host, as host/README.md's "operator's verbs" say: a fixed command line,
// and every value a user gave as JSON on stdin (for `run`, whose stdin is the terminal, as one
// base64url argument, whose alphabet no shell interprets). Values are checked here with the
// rules the host runs again, so a mistake is named before anything connects.
import { appName, count, command, logSource, oneOf, processName, rule } from "../../shared/rules";

/** The fixed command lines; nothing a user typed is ever added to them (but run's encoded spec). */
export const hostCommands = {
    list: "paas app list",
    ps: "paas app ps",
    logs: "paas app logs",
    run: "paas app run --spec",
    scale: "paas app scale",
    restart: "paas app restart",
    maintenance: "paas app maintenance",
    configVars: "paas app config-vars",
    releases: "paas app releases",
    rollback: "paas app rollback",
} as const;

/** One host command: its line, and its stdin unless it reads the terminal (`run`). */
export interface HostRequest {
    readonly line: string;
    readonly stdin?: string;
    /** `run` on a terminal: ssh allocates one on the host. */
    readonly tty?: boolean;
}

const json = (line: string, input: unknown): HostRequest => ({ line, stdin: JSON.stringify(input) });

/** The longest `--spec` sent: one argument of the remote command line, which Linux caps at 128 KiB. */
export const maxSpecLength = 100_000;

export function listRequest(): HostRequest {
    return { line: hostCommands.list, stdin: "" };
}

export function psRequest(app: string): HostRequest {
    return json(hostCommands.ps, { app: appName("app", app) });
}

export interface LogsOptions {
    readonly process?: string;
    /** As typed: checked to be 1 to 10000. */
    readonly num?: string;
    readonly follow?: boolean;
}

export function logsRequest(app: string, options: LogsOptions = {}): HostRequest {
    const input: Record<string, unknown> = { app: appName("app", app) };
    if (options.process !== undefined) input.process = logSource("process", options.process);
    if (options.num !== undefined) input.num = lineCount(options.num);
    if (options.follow) input.follow = true;
    return json(hostCommands.logs, input);
}

function lineCount(value: string): number {
    rule(/^[0-9]{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 10000, "num", "must be a whole number from 1 to 10000");
    return Number(value);
}

/** `run`: the command's arguments arrive as given, whatever they hold. */
export function runRequest(app: string, args: readonly string[], tty: boolean): HostRequest {
    const spec = { app: appName("app", app), command: command("command", [...args]), tty };
    const encoded = Buffer.from(JSON.stringify(spec), "utf8").toString("base64url");
    rule(encoded.length <= maxSpecLength, "command", `must be at most ${maxSpecLength} characters once encoded`);
    return { line: `${hostCommands.run} ${encoded}`, tty };
}

/** The spec a `run` line carries (what the host decodes). */
export function decodeRunSpec(line: string): unknown {
    const prefix = `${hostCommands.run} `;
    if (!line.startsWith(prefix)) throw new Error(`not a run line: ${line}`);
    return JSON.parse(Buffer.from(line.slice(prefix.length), "base64url").toString("utf8"));
}

/** `web=3 worker=0` as counts by process type. */
export function formation(assignments: readonly string[]): Record<string, number> {
    rule(assignments.length > 0, "processes", "give at least one PROCESS=COUNT, such as web=2");
    const counts: Record<string, number> = {};
    for (const a of assignments) {
        const match = /^([^=]*)=(.*)$/s.exec(a);
        rule(match !== null, "processes", `${JSON.stringify(a)} is not PROCESS=COUNT, such as web=2`);
        const [, name, value] = match as RegExpExecArray;
        processName("processes", name);
        rule(!(name in counts), `processes.${name}`, "given twice");
        counts[name] = count(`processes.${name}`, /^[0-9]{1,2}$/.test(value) ? Number(value) : NaN);
    }
    return counts;
}

export function scaleRequest(app: string, processes: Record<string, number>): HostRequest {
    return json(hostCommands.scale, { app: appName("app", app), processes });
}

export function restartRequest(app: string, process?: string): HostRequest {
    const input: Record<string, unknown> = { app: appName("app", app) };
    if (process !== undefined) input.process = processName("process", process);
    return json(hostCommands.restart, input);
}

export function maintenanceRequest(app: string, state: string): HostRequest {
    return json(hostCommands.maintenance, { app: appName("app", app), on: oneOf("state", state, ["on", "off"]) === "on" });
}

export function configVarsRequest(app: string, reveal: boolean): HostRequest {
    return json(hostCommands.configVars, reveal ? { app: appName("app", app), reveal: true } : { app: appName("app", app) });
}

export function releasesRequest(app: string): HostRequest {
    return json(hostCommands.releases, { app: appName("app", app) });
}

/** `v7` or `7` as 7. */
export function releaseVersion(value: string): number {
    rule(/^v?[1-9][0-9]{0,8}$/.test(value), "version", "must be a release such as v7 (paas releases lists them)");
    return Number(value.replace(/^v/, ""));
}

export function rollbackRequest(app: string, version: number): HostRequest {
    return json(hostCommands.rollback, { app: appName("app", app), version });
}
