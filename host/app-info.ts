// What the operator's `paas apps`, `paas ps` and `paas config` show: read from the app's state and
// the engine, changing nothing.
import * as fs from "fs";
import { maintenanceFlag } from "../shared/nginx-vhost";
import { containerUsage, Usage } from "./container-usage";
import { docker } from "./docker";
import { paths } from "./paths";
import { serviceUrls } from "./release";
import { lines } from "./run";
import { AppState } from "./state";

export interface AppSummary {
    app: string;
    /** `v3`, or empty before the first release. */
    release: string;
    image: string;
    source: string;
    processes: Record<string, number>;
    urls: string[];
    maintenance: boolean;
}

/** Whether the app answers 503 for maintenance. */
export const inMaintenance = (app: string) => fs.existsSync(paths.under(maintenanceFlag(app)));

/** Every app on the host, by name. */
export function listApps(): AppSummary[] {
    let names: string[] = [];
    try { names = fs.readdirSync(paths.apps()); } catch { /* no app yet */ }
    return names.filter(n => !n.startsWith(".")).sort().map(app => {
        const state = new AppState(app);
        const spec = state.spec();
        const current = state.current();
        return {
            app,
            release: current ? `v${current.version}` : "",
            image: current?.image ?? "",
            source: spec?.source ?? "",
            processes: Object.fromEntries(Object.entries(spec?.processes ?? {}).map(([p, { count }]) => [p, count])),
            urls: spec ? serviceUrls(app, spec) : [],
            maintenance: inMaintenance(app),
        };
    });
}

export interface Dyno {
    id: string;
    name: string;
    process: string;
    dyno: string;
    release: string;
    state: string;
    status: string;
    /** The loopback port a web container is published on. */
    port: number | null;
}

/** `docker ps --format '{{json .}}'` lines as dynos. */
export function parseDynos(text: string): Dyno[] {
    return lines(text).map(line => JSON.parse(line) as Record<string, string>).map(c => {
        const labels = Object.fromEntries(c.Labels.split(",").map(l => { const i = l.indexOf("="); return [l.slice(0, i), l.slice(i + 1)]; }));
        const port = /127\.0\.0\.1:([0-9]+)->/.exec(c.Ports ?? "");
        return { id: c.ID, name: c.Names, process: labels["paas.process"] ?? "", dyno: labels["paas.dyno"] ?? "", release: labels["paas.release"] ?? "",
            state: c.State, status: c.Status, port: port ? Number(port[1]) : null };
    }).sort((a, b) => a.dyno.localeCompare(b.dyno, "en", { numeric: true }));
}

/** The app's containers. */
export async function dynos(app: string): Promise<Dyno[]> {
    return parseDynos((await docker(["ps", "-a", "--no-trunc", "--filter", `label=paas.app=${app}`, "--format", "{{json .}}"])).stdout);
}

/** `paas app ps`: the app's containers, each with its limits, what it uses now and its kills for memory. */
export async function dynosWithUsage(app: string): Promise<(Dyno & Usage)[]> {
    const all = await dynos(app);
    const usage = await containerUsage(app, all.map(d => d.id));
    return all.map(d => ({ ...d, ...usage.get(d.id)! }));
}

/** The app's config var names, or with REVEAL names and values. */
export function configVars(app: string, reveal: boolean): string[] | Record<string, string> {
    const env = new AppState(app).env();
    return reveal ? env : Object.keys(env).sort();
}
