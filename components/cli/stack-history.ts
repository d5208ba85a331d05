// What the file backend keeps of each update, numbered the way users see it.
//
// The file backend writes, per real update, `<stack>-<id>.history.json` (kind, times, result,
// that update's config) and `<stack>-<id>.checkpoint.json` (the state after it). It leaves the
// `version` field at 0, so versions here are positions in time: 1 is the oldest update.
import * as fs from "fs";
import * as path from "path";

/** One recorded update of a stack. */
export interface StackVersion {
    /** 1 for the oldest update. */
    readonly version: number;
    readonly kind: string;
    readonly result: string;
    /** Seconds since the epoch, as the backend records it. */
    readonly startTime: number;
    readonly historyFile: string;
    readonly checkpointFile: string | undefined;
}

/** The history folder of a stack in a `file://` backend. */
export function historyDir(backendUrl: string, project: string, stack: string): string {
    if (!backendUrl.startsWith("file://")) {
        throw new Error(`PULUMI_BACKEND_URL: rollback to a stack version reads a file:// backend's history; got ${backendUrl || "nothing"}`);
    }
    const root = backendUrl.slice("file://".length).replace(/^~(?=\/)/, process.env.HOME ?? "~");
    return path.join(root, ".pulumi", "history", project, stack);
}

/** Every update recorded in `dir`, oldest first, numbered from 1. Previews are never recorded. */
export function listVersions(dir: string): StackVersion[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir)
        .filter(f => f.endsWith(".history.json"))
        .map(f => {
            const record = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
            const checkpoint = path.join(dir, f.replace(/\.history\.json$/, ".checkpoint.json"));
            return {
                kind: String(record.kind),
                result: String(record.result),
                startTime: Number(record.startTime),
                historyFile: path.join(dir, f),
                checkpointFile: fs.existsSync(checkpoint) ? checkpoint : undefined,
            };
        })
        .sort((a, b) => a.startTime - b.startTime || a.historyFile.localeCompare(b.historyFile))
        .map((v, i) => ({ version: i + 1, ...v }));
}

/**
 * The release image of every `paas:index:App` in a checkpoint, by app name: what was serving
 * after that update.
 */
export function appImages(checkpoint: any): Record<string, string> {
    const images: Record<string, string> = {};
    for (const resource of checkpoint?.checkpoint?.latest?.resources ?? []) {
        if (resource.type !== "paas:index:App") continue;
        const name = String(resource.urn).split("::").pop() as string;
        const image = resource.outputs?.image;
        if (typeof image === "string" && image !== "") images[name] = image;
    }
    return images;
}

/** A config value as the Automation API takes it. */
export interface ConfigValue {
    value: string;
    secret?: boolean;
}

/**
 * The config edits that make a stack's config equal `target`: values to set, and keys to
 * remove because the target version did not have them.
 */
export function configEdits(current: Record<string, ConfigValue>, target: Record<string, ConfigValue>):
    { set: Record<string, ConfigValue>; remove: string[] } {
    const set: Record<string, ConfigValue> = {};
    for (const [key, v] of Object.entries(target)) {
        const now = current[key];
        if (!now || now.value !== v.value || Boolean(now.secret) !== Boolean(v.secret)) set[key] = { value: v.value, secret: Boolean(v.secret) };
    }
    const remove = Object.keys(current).filter(key => !(key in target));
    return { set, remove };
}
