// The previous release's containers stop only once nginx's old workers have finished the requests
// they carried to them (a reload lets in-flight requests complete), and then with the app's stop
// timeout between SIGTERM and SIGKILL. A deploy hands this to a process of its own and returns as
// soon as the new release serves: a push or `pulumi up` does not wait for old requests.
import { spawn } from "child_process";
import { rule } from "../shared/rules";
import { docker } from "./docker";
import { readText } from "./files";
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
}

/** Checks a drain order (it comes from this program, but on stdin like every input). */
export function drainOrder(value: unknown): DrainOrder {
    const o = value as DrainOrder;
    rule(o !== null && typeof o === "object" && Array.isArray(o.ids) && o.ids.every(id => typeof id === "string" && /^[0-9a-f]{12,64}$/.test(id)),
        "ids", "must be container ids");
    rule(Number.isInteger(o.stopTimeout) && o.stopTimeout >= 1 && o.stopTimeout <= 3600, "stopTimeout", "must be a whole number of seconds from 1 to 3600");
    rule(o.networks === undefined || (Array.isArray(o.networks) && o.networks.every(n => typeof n === "string" && /^paas-[a-z0-9-]{1,30}$/.test(n))),
        "networks", "must be app networks");
    return { ids: o.ids, stopTimeout: o.stopTimeout, ...(o.networks?.length ? { networks: o.networks } : {}) };
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
}

/** Starts `paas app drain` for ORDER in a session of its own, which outlives this command; it
 * prunes old images after. */
export function drainInBackground(order: DrainOrder): void {
    const child = spawn(process.execPath, [process.argv[1], "app", "drain"], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    child.stdin!.end(JSON.stringify(order));
    child.unref();
}
