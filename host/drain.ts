// The previous release's containers stop only once nginx's old workers have finished the requests
// they carried to them (a reload lets in-flight requests complete), and then with the app's stop
// timeout between SIGTERM and SIGKILL. A deploy hands this to a process of its own and returns as
// soon as the new release serves: a push or `pulumi up` does not wait for old requests. That
// drain is written down first (`draining-<release>.json` in the app's folder) and its process holds
// a lock of its own, so that when it dies before its end, the next command on the app finishes it.
import { spawn } from "child_process";
import * as fs from "fs";
import { appName, rule } from "../shared/rules";
import { docker } from "./docker";
import { readJsonTolerant, readText, removeFileDurably, writeJson } from "./files";
import { acquire, tryAcquire } from "./locks";
import { say } from "./output";
import { paths } from "./paths";
import { lines, run } from "./run";

/** Seconds a container gets between SIGTERM and SIGKILL: the app's `stopTimeoutSeconds`, else 30. */
export const stopTimeoutSeconds = (spec: { stopTimeoutSeconds?: number }) => spec.stopTimeoutSeconds ?? 30;

export interface DrainOrder {
    /** The containers to stop. */
    readonly ids: string[];
    /** Seconds each gets after SIGTERM. */
    readonly stopTimeout: number;
    /** Networks to remove once the containers are gone (an app's network under an earlier version's name). */
    readonly networks?: string[];
    /** A deploy's drain: the app, and the release that replaced these containers. */
    readonly app?: string;
    readonly release?: string;
}

/** Where a deploy's drain is written down until it is done, and the lock its process holds. */
const pendingFile = (app: string, release: string) => `${paths.app(app)}/draining-${release}.json`;
const pendingLock = (app: string, release: string) => `${paths.app(app)}/draining-${release}.lock`;

/** Checks a drain order (it comes from this program, but on stdin like every input). */
export function drainOrder(value: unknown): DrainOrder {
    const o = value as DrainOrder;
    rule(o !== null && typeof o === "object" && Array.isArray(o.ids) && o.ids.every(id => typeof id === "string" && /^[0-9a-f]{12,64}$/.test(id)),
        "ids", "must be container ids");
    rule(Number.isInteger(o.stopTimeout) && o.stopTimeout >= 1 && o.stopTimeout <= 3600, "stopTimeout", "must be a whole number of seconds from 1 to 3600");
    rule(o.networks === undefined || (Array.isArray(o.networks) && o.networks.every(n => typeof n === "string" && /^paas-[a-z0-9-]{1,30}$/.test(n))),
        "networks", "must be app networks");
    const networks = o.networks?.length ? { networks: o.networks } : {};
    if (o.app === undefined && o.release === undefined) return { ids: o.ids, stopTimeout: o.stopTimeout, ...networks };
    appName("app", typeof o.app === "string" ? o.app : "");
    rule(typeof o.release === "string" && /^v[0-9]{1,9}$/.test(o.release), "release", "must be v<N>");
    return { ids: o.ids, stopTimeout: o.stopTimeout, ...networks, app: o.app, release: o.release };
}

/** nginx workers still finishing requests after a reload. */
async function shuttingDown(): Promise<number> {
    const master = readText(paths.nginxPid())?.trim() || "1";
    return lines((await run("pgrep", ["-P", master, "-f", "^nginx: worker process is shutting down$"])).stdout).length;
}

/** Waits for nginx's old workers (at most the stop timeout), then stops and removes the containers. */
export async function drain(order: DrainOrder): Promise<void> {
    if (order.ids.length > 0) {
        const deadline = Date.now() + order.stopTimeout * 1000;
        while (Date.now() < deadline && await shuttingDown() > 0) await new Promise(r => setTimeout(r, 200));
        await docker(["stop", "-t", String(order.stopTimeout), ...order.ids]);
        await docker(["rm", "-f", ...order.ids]);
    }
    // Refused while a one-off or job still uses it: the next deploy asks again.
    for (const network of order.networks ?? []) await docker(["network", "rm", network]);
    if (order.app && order.release) {
        removeFileDurably(pendingFile(order.app, order.release));
        fs.rmSync(pendingLock(order.app, order.release), { force: true });
    }
}

/** Starts `paas app drain` for ORDER in a session of its own, which outlives this command; it
 * prunes old images after. A deploy's drain (with app and release) is written down first, and the
 * process gets its lock. */
export async function drainInBackground(order: DrainOrder): Promise<void> {
    const pending = order.app && order.release && order.ids.length > 0;
    if (pending) writeJson(pendingFile(order.app!, order.release!), order);
    const lock = pending ? await acquire(pendingLock(order.app!, order.release!)) : undefined;
    try {
        const child = spawn(process.execPath, [process.argv[1], "app", "drain"],
            { detached: true, stdio: ["pipe", "ignore", "ignore", ...(lock ? [lock.fd] : [])] });
        child.stdin!.end(JSON.stringify(order));
        child.unref();
    } finally {
        lock?.release();
    }
}

/** Drains written down for APP whose process is gone (its lock is free): done now. */
export async function finishPendingDrains(app: string): Promise<void> {
    let names: string[] = [];
    try { names = fs.readdirSync(paths.app(app)); } catch { return; }
    for (const release of names.map(n => /^draining-(v[0-9]+)\.json$/.exec(n)?.[1]).filter((r): r is string => r !== undefined)) {
        const lock = await tryAcquire(pendingLock(app, release));
        if (!lock) continue;
        try {
            const order = readJsonTolerant(pendingFile(app, release));
            if (order === undefined) {
                removeFileDurably(pendingFile(app, release));
                fs.rmSync(pendingLock(app, release), { force: true });
                continue;
            }
            const checked = drainOrder(order);
            say(`stopping ${checked.ids.length} container(s) an interrupted drain left running`);
            await drain(checked);
        } finally {
            lock.release();
        }
    }
}
