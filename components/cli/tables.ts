// What the CLI prints for people: the host's JSON answers as aligned tables, Heroku's way.
import { CliError } from "./cli-error";

/** HEADERS and ROWS as columns two spaces apart, each as wide as its widest cell. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
    const all = [headers, ...rows].map(row => row.map(cell));
    const widths = headers.map((_, i) => Math.max(...all.map(row => (row[i] ?? "").length)));
    return all.map(row => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}

// A cell is one line: what the host sends is data, and a newline in it would break the table.
const cell = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, " ");

/** The host's JSON answer to COMMAND, which must be an array. */
export function hostList(stdout: string, command: string): any[] {
    let value: unknown;
    try {
        value = JSON.parse(stdout);
    } catch {
        value = undefined;
    }
    if (!Array.isArray(value)) throw new CliError(`${command}: the host answered with something other than a JSON list`);
    return value;
}

const text = (v: unknown) => v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
const release = (v: unknown) => v === undefined || v === null || v === "" ? "" : /^v/.test(String(v)) ? String(v) : `v${v}`;

/** `web=2 worker=1`, from `{web: 2}` or `{web: {count: 2}}`. */
export function processCounts(processes: unknown): string {
    if (processes === null || typeof processes !== "object") return "";
    return Object.entries(processes as Record<string, unknown>)
        .map(([name, p]) => `${name}=${p !== null && typeof p === "object" ? text((p as { count?: unknown }).count) : text(p)}`)
        .join(" ");
}

/** `paas app list`: app, release, image, processes, URL (and whether it is in maintenance). */
export function appsTable(apps: readonly any[]): string {
    if (apps.length === 0) return "no apps yet\n";
    return renderTable(["APP", "RELEASE", "IMAGE", "PROCESSES", "URL"], apps.map(a => [
        text(a.app), release(a.release), text(a.image), processCounts(a.processes),
        `${text(Array.isArray(a.urls) ? a.urls[0] : a.urls)}${a.maintenance ? " (maintenance)" : ""}`,
    ]));
}

/** `paas app ps`: each container, its memory in use and limit, CPUs, restarts and kills for memory. */
export function psTable(app: string, containers: readonly any[]): string {
    if (containers.length === 0) return `no containers of ${app} are running\n`;
    return renderTable(["DYNO", "RELEASE", "STATE", "MEMORY", "CPUS", "RESTARTS", "STATUS", "PORT", "CONTAINER"], containers.map(c => [
        text(c.dyno ?? c.process), release(c.release), c.outOfMemory === true ? "crashed (out of memory)" : text(c.state), memoryCell(c),
        text(c.cpus), restartsCell(c), text(c.status), text(c.port), text(c.name),
    ]));
}

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** `41.2 / 256 MiB`: in use now (`-` when not running) and the limit. */
function memoryCell(c: any): string {
    if (!isNumber(c.memoryMiB)) return isNumber(c.memoryUsedMiB) ? `${c.memoryUsedMiB} MiB` : "";
    return `${isNumber(c.memoryUsedMiB) ? c.memoryUsedMiB : "-"} / ${c.memoryMiB} MiB`;
}

/** `3`, or `3 (2 out of memory, last 2026-12-07T22:01:07Z)`. */
function restartsCell(c: any): string {
    const restarts = isNumber(c.restarts) ? String(c.restarts) : "";
    if (!isNumber(c.memoryKills) || c.memoryKills === 0) return restarts;
    return `${restarts || "0"} (${c.memoryKills} out of memory${c.lastMemoryKillAt ? `, last ${text(c.lastMemoryKillAt)}` : ""})`;
}

/** `paas app releases`, newest first (Heroku's order; the host sends oldest first). */
export function releasesTable(app: string, releases: readonly any[]): string {
    if (releases.length === 0) return `${app} has no releases yet\n`;
    return renderTable(["VERSION", "CREATED", "SOURCE", "IMAGE"], [...releases].reverse().map(r => [
        release(r.version), text(r.createdAt), text(r.source), text(r.image),
    ]));
}

/**
 * `paas app config-vars`: the names, one a line, or with values `NAME=value`; a value that is not
 * one plain line is shown as a JSON string, so that every var stays one line.
 */
export function configVarsText(answer: unknown, reveal: boolean): string {
    const vars = configVars(answer);
    if (vars.length === 0) return "no config vars\n";
    const shown = (v: string) => /[\u0000-\u001f\u007f]|^\s|\s$/.test(v) ? JSON.stringify(v) : v;
    return vars.map(([name, value]) => reveal && value !== undefined ? `${name}=${shown(value)}` : name).join("\n") + "\n";
}

/** [name, value?] pairs, sorted, from `["NAME"]`, `{"NAME": "value"}` or `[{name, value}]`. */
function configVars(answer: unknown): [string, string | undefined][] {
    let pairs: [string, string | undefined][];
    if (Array.isArray(answer)) {
        pairs = answer.map(v => typeof v === "string" ? [v, undefined] : [text(v?.name), v?.value === undefined ? undefined : text(v.value)]);
    } else if (answer !== null && typeof answer === "object") {
        pairs = Object.entries(answer).map(([k, v]) => [k, v === null || v === undefined ? undefined : text(v)]);
    } else {
        throw new CliError("paas app config-vars: the host answered with something other than JSON names or values");
    }
    return pairs.sort(([a], [b]) => a.localeCompare(b));
}
