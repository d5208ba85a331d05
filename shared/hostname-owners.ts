// A hostname belongs to one app: nginx would serve only one of two apps asking for it. The same
// decision at preview (every app the program defines) and on the host (every app it has). Pure.
import type { DomainSpec } from "./app-spec";
import { rule } from "./rules";

/** A hostname an app asks for, with the field of the App's arguments that asks for it. */
export interface HostnameRequest {
    readonly field: string;
    readonly hostname: string;
}

/**
 * The requests of a deploy spec's `hostnames` (the default `<app>.<platform domain>` first, then
 * the domains in order, each once): `appName` for the default, `domains[n].name` for the others.
 */
export function hostnameRequests(hostnames: readonly string[]): HostnameRequest[] {
    return hostnames.map((hostname, n) => ({ field: n === 0 ? "appName" : `domains[${n - 1}].name`, hostname }));
}

/** Refuses the first of REQUESTS of APP that another app of CLAIMS (app → its hostnames) holds. */
export function checkHostnamesFree(app: string, requests: readonly HostnameRequest[], claims: Readonly<Record<string, readonly string[]>>): void {
    const others = Object.keys(claims).filter(o => o !== app).sort();
    for (const { field, hostname } of requests) {
        const owner = others.find(o => claims[o].includes(hostname));
        rule(owner === undefined, field, `${hostname} (app ${app}) is already a hostname of app ${owner}: a hostname belongs to one app`);
    }
}

/** One app of a platform, as the program defines it. */
export interface AppHostnames {
    readonly app: string;
    readonly platformDomain: string;
    readonly domains: readonly DomainSpec[];
}

/**
 * Every app of one platform asks for hostnames no other asks for. A domain that is another app's
 * default hostname is the domain's mistake (the default follows from the app's name), so the
 * defaults are claimed first; then each app's domains, in order.
 */
export function checkAppsHostnames(apps: readonly AppHostnames[]): void {
    const claims: Record<string, string[]> = {};
    for (const a of apps) {
        rule(!Object.prototype.hasOwnProperty.call(claims, a.app), "appName", `${a.app} is defined twice`);
        checkHostnamesFree(a.app, [{ field: "appName", hostname: `${a.app}.${a.platformDomain}` }], claims);
        claims[a.app] = [`${a.app}.${a.platformDomain}`];
    }
    for (const a of apps) {
        checkHostnamesFree(a.app, a.domains.map((d, n) => ({ field: `domains[${n}].name`, hostname: d.name })), claims);
        claims[a.app].push(...a.domains.map(d => d.name));
    }
}
