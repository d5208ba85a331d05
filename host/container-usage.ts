// What an app's containers may use and use now, for `paas ps`: the limits Docker enforces
// (`docker inspect`), the memory in use (`docker stats`, which reads cgroup v1 and v2 alike and
// leaves out the page cache the kernel takes back before it kills), restarts, and kills for
// memory (the journal's record, ./memory-kills).
import { docker } from "./docker";
import { lines } from "./run";
import { MemoryKills, memoryKills } from "./memory-kills";

/** One container's limits and restarts, from `docker inspect`. */
export interface ContainerState {
    /** Its memory limit in MiB; null for none. */
    readonly memoryMiB: number | null;
    /** The CPUs it may use; null for no limit. */
    readonly cpus: number | null;
    /** How often Docker restarted it. */
    readonly restarts: number;
    /** The engine's state (`running`, `restarting`, `exited`, ...). */
    readonly state: string;
    readonly running: boolean;
    /** Its last exit was a kill for memory. */
    readonly oomKilled: boolean;
    readonly startedAt: string;
}

/** `docker inspect` output (a JSON array) by container id. */
export function parseInspect(text: string): Map<string, ContainerState> {
    let all: any[];
    try { all = JSON.parse(text); } catch { all = []; }
    const states = new Map<string, ContainerState>();
    for (const c of Array.isArray(all) ? all : []) {
        const memory = Number(c?.HostConfig?.Memory ?? 0), nano = Number(c?.HostConfig?.NanoCpus ?? 0);
        states.set(String(c?.Id), {
            memoryMiB: memory > 0 ? Math.round(memory / 1048576) : null,
            cpus: nano > 0 ? Math.round(nano / 1e7) / 100 : null,
            restarts: Number(c?.RestartCount ?? 0),
            state: String(c?.State?.Status ?? ""),
            // Running is true while Docker waits to restart it too: the status tells.
            running: c?.State?.Status === "running",
            oomKilled: c?.State?.OOMKilled === true,
            startedAt: String(c?.State?.StartedAt ?? ""),
        });
    }
    return states;
}

const units: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** Bytes from a size as `docker stats` prints it (`12.5MiB`). */
export function parseSize(text: string): number | undefined {
    const m = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]i?B|kB|B)$/.exec(text.trim());
    return m && units[m[2]] !== undefined ? Number(m[1]) * units[m[2]] : undefined;
}

/** `docker stats --no-stream --no-trunc --format '{{json .}}'` lines: MiB in use (one decimal) by container id. */
export function parseStats(text: string): Map<string, number> {
    const used = new Map<string, number>();
    for (const line of lines(text)) {
        let s: Record<string, string>;
        try { s = JSON.parse(line); } catch { continue; }
        const bytes = parseSize(String(s.MemUsage ?? "").split("/")[0]);
        if (s.ID && bytes !== undefined) used.set(s.ID, Math.round(bytes / 104857.6) / 10);
    }
    return used;
}

/** What `paas ps` adds to each container: its size, what it uses and how it fared. */
export interface Usage {
    /** The engine's state, read with the rest (so it agrees with outOfMemory). */
    state?: string;
    /** Memory limit in MiB (null: none). */
    memoryMiB: number | null;
    /** Memory in use now in MiB; null when it is not running. */
    memoryUsedMiB: number | null;
    /** CPUs it may use (null: no limit). */
    cpus: number | null;
    /** How often Docker restarted it. */
    restarts: number;
    /** How often it was killed for memory, and when last. */
    memoryKills: number;
    lastMemoryKillAt: string | null;
    /** Down now because it was killed for memory (Docker starts it again). */
    outOfMemory: boolean;
}

/** A container's usage from what was read of it. */
export function usageOf(state: ContainerState | undefined, usedMiB: number | undefined, kills: MemoryKills | undefined): Usage {
    const running = state?.running ?? false;
    return {
        ...(state?.state ? { state: state.state } : {}),
        memoryMiB: state?.memoryMiB ?? null,
        memoryUsedMiB: running && usedMiB !== undefined ? usedMiB : null,
        cpus: state?.cpus ?? null,
        restarts: state?.restarts ?? 0,
        memoryKills: kills?.count ?? 0,
        lastMemoryKillAt: kills?.lastAt ?? null,
        // The engine's flag, or a recorded kill since its last start (the flag may be cleared).
        outOfMemory: state !== undefined && !running && (state.oomKilled || (kills !== undefined && kills.lastAt >= state.startedAt.replace(/\.[0-9]+Z$/, "Z"))),
    };
}

/** The usage of each of APP's containers IDS. */
export async function containerUsage(app: string, ids: string[]): Promise<Map<string, Usage>> {
    if (ids.length === 0) return new Map();
    const states = parseInspect((await docker(["inspect", ...ids])).stdout);
    const running = ids.filter(id => states.get(id)?.running);
    const used = running.length === 0 ? new Map<string, number>()
        : parseStats((await docker(["stats", "--no-stream", "--no-trunc", "--format", "{{json .}}", ...running], { timeoutSeconds: 30 })).stdout);
    const kills = await memoryKills(app);
    return new Map(ids.map(id => [id, usageOf(states.get(id), used.get(id), kills.get(id))]));
}
