// nginx, the router: an upstream per app (its web containers' loopback ports) and the app's
// vhost, rendered here by shared/nginx-vhost.ts from the app's data (its hostnames, which of them
// have TLS, its body size), never taken as text. Changes are tested before nginx reloads; a
// refused one puts the previous files back.
import * as fs from "fs";
import { renderVhost, RenderedVhost, VhostOptions } from "../shared/nginx-vhost";
import { readText, writeFileAtomic } from "./files";
import { lockFiles, withLock } from "./locks";
import { upstreamName } from "./names";
import { indented, say } from "./output";
import { paths } from "./paths";
import { lines, run } from "./run";

/** The app's upstream (upstreamName): the web containers' addresses; a `down` server when there are none. */
export function renderUpstream(app: string, addresses: string[]): string {
    const servers = addresses.length === 0 ? ["    server 127.0.0.1:1 down;"] : addresses.map(a => `    server ${a};`);
    return [`upstream ${upstreamName(app)} {`, ...servers, "}", ""].join("\n");
}

/** The addresses of an upstream file, as renderUpstream wrote them. */
export const upstreamAddresses = (text: string): string[] =>
    [...text.matchAll(/^ {4}server (127\.0\.0\.1:[0-9]+);$/gm)].map(m => m[1]);

/** The vhost file: the plain block, and each TLS domain's https blocks once it has a certificate. */
export function assembleVhost(vhost: RenderedVhost, hasCertificate: (domain: string) => boolean): string {
    const tls = Object.keys(vhost.tls ?? {}).sort().map(d => vhost.tls[d][hasCertificate(d) ? "https" : "http"]);
    return [vhost.plain, ...tls].join("");
}

/** The host nginx's own workers (app containers may run nginx too), shutting-down ones excluded. */
async function workers(): Promise<string[]> {
    const master = readText(paths.nginxPid())?.trim() || "1";
    return lines((await run("pgrep", ["-P", master, "-f", "^nginx: worker process$"])).stdout).sort();
}

/** Applies nginx's configuration and returns once new workers serve it: a reload only signals
 * nginx, and a request right after it may still meet the old configuration. */
export async function reloadNginx(): Promise<void> {
    const before = new Set(await workers());
    if ((await run("systemctl", ["reload-or-restart", "nginx"])).code !== 0) await run("nginx", ["-s", "reload"]);
    for (let n = 0; n < 200; n++) {
        const now = await workers();
        if (now.some(w => !before.has(w)) && !now.some(w => before.has(w))) return;
        await new Promise(r => setTimeout(r, 50));
    }
    say("nginx has not started new workers after 10 s");
}

const nginxAccepts = async () => (await run("nginx", ["-t", "-q"])).code === 0;

/** Writes FILES (path → content, undefined to remove), tests, reloads; restores them when refused. */
async function apply(files: Record<string, string | undefined>): Promise<boolean> {
    return withLock(lockFiles.router(), async () => {
        const before = Object.fromEntries(Object.keys(files).map(f => [f, readText(f)]));
        const put = (f: string, text: string | undefined) => text === undefined ? fs.rmSync(f, { force: true }) : writeFileAtomic(f, text);
        for (const [f, text] of Object.entries(files)) put(f, text);
        if (await nginxAccepts()) {
            await reloadNginx();
            return true;
        }
        process.stderr.write(indented((await run("nginx", ["-t"])).stderr));
        for (const [f, text] of Object.entries(before)) put(f, text);
        return false;
    });
}

/** Routes the app's hostnames (VHOST, rendered here) to ADDRESSES; false (and nothing changed) when nginx refuses. */
export function switchRouter(app: string, vhost: VhostOptions, addresses: string[], hasCertificate: (d: string) => boolean): Promise<boolean> {
    return apply({ [paths.upstream(app)]: renderUpstream(app, addresses), [paths.vhost(app)]: assembleVhost(renderVhost(vhost), hasCertificate) });
}

/** The addresses the app's upstream routes to now. */
export const currentAddresses = (app: string): string[] => upstreamAddresses(readText(paths.upstream(app)) ?? "");

/** Stops routing to the app. */
export async function unroute(app: string): Promise<void> {
    await apply({ [paths.upstream(app)]: undefined, [paths.vhost(app)]: undefined });
}

/** `paas router reload` (certbot's deploy hook): the configuration as it is, applied. */
export async function reloadRouter(): Promise<boolean> {
    return apply({});
}
