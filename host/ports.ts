// Web containers publish on a loopback port chosen here, not an ephemeral one: docker gives an
// ephemeral port anew each time it restarts a container (after a crash, a reboot), behind nginx's
// back; a chosen port stays with the container.
import { containers, docker } from "./docker";
import { withLock, lockFiles } from "./locks";
import { lines, run } from "./run";

export const portRange = { start: 20000, size: 10000 };

/** A port of the range that is not in USED, or undefined after 100 tries. */
export function pickPort(used: ReadonlySet<number>, random: () => number = Math.random): number | undefined {
    for (let n = 0; n < 100; n++) {
        const port = portRange.start + Math.floor(random() * portRange.size);
        if (!used.has(port)) return port;
    }
    return undefined;
}

/** The ports of `ss -Htln` lines (`LISTEN 0 511 127.0.0.1:80 0.0.0.0:*`). */
export const listeningPorts = (ss: string): number[] =>
    lines(ss).map(l => l.split(/\s+/)[3] ?? "").map(a => Number(a.slice(a.lastIndexOf(":") + 1))).filter(Number.isInteger);

/** Ports the platform's containers hold (running or not) and ports something listens on. */
async function usedPorts(): Promise<Set<number>> {
    const ids = await containers({ "paas.app": "" });
    const bound = ids.length === 0 ? "" : (await docker(["inspect", "-f",
        "{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostPort}} {{end}}{{end}}", ...ids])).stdout;
    const published = bound.split(/\s+/).filter(p => /^[0-9]+$/.test(p)).map(Number);
    return new Set([...published, ...listeningPorts((await run("ss", ["-Htln"])).stdout)]);
}

/** Picks a free port and runs START with it, one deploy at a time, so two never take the same. */
export function withFreePort<T>(start: (port: number | undefined) => Promise<T>): Promise<T> {
    return withLock(lockFiles.ports(), async () => start(pickPort(await usedPorts())));
}
