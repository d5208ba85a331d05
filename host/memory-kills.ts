// Containers killed for memory. At its memory limit the kernel kills inside the container, and
// Docker restarts a web or worker container at once. What is left to see afterwards does not
// say it: the restarted container has a new cgroup (its oom_kill count starts again at 0), and
// State.OOMKilled describes the last exit only (newer engines clear it when the container starts
// again). The engine's `oom` event is made at the kill itself, with the container's labels: the
// paas-oom-watch service hands each to `paas system oom-record`, which writes it as a journal
// entry with the app's fields, so `paas logs` shows the kill among the app's lines and `paas ps` counts them, across
// restarts of the container, of the engine and of the host, for as long as the journal keeps it.
import { fail } from "./output";
import { lines, run } from "./run";

/** The journal's MESSAGE_ID of a kill for memory. */
export const memoryKillMessageId = "086d2f21f37b47f390fc6b7e0cba16f9";

/** One `oom` event of a container of an app. */
export interface OomEvent {
    readonly id: string;
    readonly name: string;
    readonly app: string;
    readonly process: string;
    readonly dyno: string;
    readonly release: string;
    /** The limit the container was started with (its `paas.memory-mib` label), if known. */
    readonly memoryMiB?: number;
    /** The engine's time of the event, in nanoseconds since the epoch. */
    readonly timeNano: string;
}

// A journal field holds one line; labels are the platform's own, but nothing else may pass.
const fieldValue = (v: unknown) => String(v ?? "").replace(/[^\x20-\x7e]/g, "");

/** An event line of `docker events --format '{{json .}}'` as an OomEvent, or undefined when it is
 * none of an app's containers. */
export function parseOomEvent(line: string): OomEvent | undefined {
    let e: Record<string, any>;
    try { e = JSON.parse(line); } catch { return undefined; }
    const a = (e?.Actor?.Attributes ?? {}) as Record<string, string>;
    const id = fieldValue(e?.Actor?.ID ?? e?.id);
    if ((e?.Action ?? e?.status) !== "oom" || !/^[0-9a-f]{64}$/.test(id) || !a["paas.app"]) return undefined;
    const memory = Number(a["paas.memory-mib"]);
    return {
        id, name: fieldValue(a.name), app: fieldValue(a["paas.app"]), process: fieldValue(a["paas.process"]), dyno: fieldValue(a["paas.dyno"]),
        release: fieldValue(a["paas.release"]), ...(Number.isInteger(memory) && memory > 0 ? { memoryMiB: memory } : {}),
        // From the text: nanoseconds since the epoch are past a JSON number's precision.
        timeNano: /"timeNano":\s*([0-9]{1,20})[,}]/.exec(line)?.[1] ?? "0",
    };
}

/** What `paas logs` shows for the kill. */
export const memoryKillText = (e: Pick<OomEvent, "memoryMiB">) =>
    `out of memory: killed at ${e.memoryMiB ? `its limit of ${e.memoryMiB} MiB` : "its memory limit"}`;

/** The journal entry of E, as `logger --journald` reads it: the fields the journald log driver
 * gives the app's own lines, so `paas logs` (and `--process`) find it with them. */
export function memoryKillEntry(e: OomEvent): string {
    return [
        `MESSAGE_ID=${memoryKillMessageId}`, `MESSAGE=${memoryKillText(e)}`, "PRIORITY=3", "SYSLOG_IDENTIFIER=paas-oom-watch",
        `PAAS_APP=${e.app}`, `PAAS_PROCESS=${e.process}`, `PAAS_DYNO=${e.dyno}`, `PAAS_RELEASE=${e.release}`,
        // Not CONTAINER_ID_FULL: `docker logs` reads the journal by it, and would print this line as the app's.
        `PAAS_CONTAINER_ID=${e.id}`, `CONTAINER_NAME=${e.name}`, `PAAS_OOM_TIME=${e.timeNano}`,
    ].join("\n") + "\n";
}

/** The kills of one container: how many, and the last one's time. */
export interface MemoryKills {
    readonly count: number;
    readonly lastAt: string;
}

/** Recorded kills (journalctl -o json lines) by container id. */
export function parseMemoryKills(text: string): Map<string, MemoryKills> {
    const kills = new Map<string, MemoryKills>();
    for (const line of lines(text)) {
        let e: Record<string, unknown>;
        try { e = JSON.parse(line); } catch { continue; }
        const id = typeof e.PAAS_CONTAINER_ID === "string" ? e.PAAS_CONTAINER_ID : "";
        if (!id) continue;
        const at = new Date(Number(BigInt(String(e.__REALTIME_TIMESTAMP ?? "0")) / 1000n)).toISOString().replace(/\.[0-9]{3}Z$/, "Z");
        const before = kills.get(id);
        kills.set(id, { count: (before?.count ?? 0) + 1, lastAt: before && before.lastAt > at ? before.lastAt : at });
    }
    return kills;
}

const journalQuery = (matches: string[]) => ["--no-pager", "-o", "json", `MESSAGE_ID=${memoryKillMessageId}`, ...matches];

/** The app's containers killed for memory, by container id. */
export async function memoryKills(app: string): Promise<Map<string, MemoryKills>> {
    const r = await run("journalctl", journalQuery([`PAAS_APP=${app}`]));
    return parseMemoryKills(r.code === 0 ? r.stdout : "");
}

/**
 * `paas system oom-record` (stdin: one event of the engine's API, from paas-oom-watch): an app
 * container's kill for memory into the journal, unless it is there already (the watch asks for
 * the events the engine kept each time it starts).
 */
export async function recordMemoryKill(stdin: string): Promise<void> {
    const e = parseOomEvent(stdin.trim());
    if (!e) return;
    const known = await run("journalctl", [...journalQuery([`PAAS_CONTAINER_ID=${e.id}`, `PAAS_OOM_TIME=${e.timeNano}`]), "-n", "1"]);
    if (known.code === 0 && lines(known.stdout).length > 0) return;
    const written = await run("logger", ["--journald"], { input: memoryKillEntry(e) });
    if (written.code !== 0) fail(`oom-record: logger failed: ${written.stderr.trim()}`);
}
