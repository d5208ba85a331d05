// `paas app logs`: the app's lines from the journal, where the journald log driver keeps every
// container's output with the app, process and dyno as fields (so the lines of a release outlive
// its containers), beside nginx's access lines for the app (its syslog tag).
import { spawn } from "child_process";
import { routerLogTag } from "./names";
import { whenOperatorLeaves } from "./operator-session";

export interface LogsQuery {
    readonly app: string;
    /** A process type, or `router`; both when absent. */
    readonly process?: string;
    readonly num: number;
    readonly follow: boolean;
}

/** journalctl's arguments for QUERY. */
export function journalArgs(q: LogsQuery): string[] {
    const app = [`PAAS_APP=${q.app}`], router = [`SYSLOG_IDENTIFIER=${routerLogTag(q.app)}`];
    const matches = q.process === "router" ? router : q.process ? [...app, `PAAS_PROCESS=${q.process}`] : [...app, "+", ...router];
    return ["--no-pager", "-o", "json", "-n", String(q.num), ...(q.follow ? ["-f"] : []), ...matches];
}

/** One journal entry (journalctl -o json) as a log line: `<time> <app>[<dyno>|router]: <text>`. */
export function formatEntry(app: string, json: string): string {
    const e = JSON.parse(json) as Record<string, unknown>;
    // A message that is not valid UTF-8 comes as an array of bytes.
    const message = Array.isArray(e.MESSAGE) ? Buffer.from(e.MESSAGE as number[]).toString("utf8") : String(e.MESSAGE ?? "");
    const time = new Date(Number(BigInt(String(e.__REALTIME_TIMESTAMP ?? "0")) / 1000n)).toISOString().replace(/\.[0-9]{3}Z$/, "Z");
    const source = typeof e.PAAS_DYNO === "string" && e.PAAS_DYNO !== "" ? e.PAAS_DYNO : "router";
    return `${time} ${app}[${source}]: ${message.replace(/\n$/, "")}`;
}

/** Prints the app's lines, oldest first; with `follow`, until this process is stopped. */
export function printLogs(q: LogsQuery): Promise<number> {
    return new Promise(resolve => {
        const journal = spawn("journalctl", journalArgs(q), { stdio: ["ignore", "pipe", "inherit"] });
        let partial = "";
        journal.stdout.on("data", (chunk: Buffer) => {
            const parts = (partial + chunk.toString("utf8")).split("\n");
            partial = parts.pop() ?? "";
            for (const line of parts) if (line.trim() !== "") process.stdout.write(`${formatEntry(q.app, line)}\n`);
        });
        // `paas logs -f` ends when the operator's ssh goes away: journalctl goes with it.
        whenOperatorLeaves(() => journal.kill("SIGTERM"));
        journal.on("close", code => resolve(code ?? 0));
    });
}
