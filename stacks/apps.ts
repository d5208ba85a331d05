// The apps this platform runs: add yours to `appDefinitions`. They are data first, so that the
// program checks every one of them before it creates any resource. Config values come from the
// stack (`pulumi config set paas:<key> <value>`).
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { App, AppArgs, Platform, PostgresAddon } from "../components";

/** An app of this stack: its arguments but for what the platform gives, and its add-ons. */
export interface AppDefinition {
    /** The App's arguments, but for what the platform gives (connection, domain) and the add-ons. */
    args: Omit<AppArgs, "connection" | "platformDomain" | "defaultDomainTls" | "addons">;
    /** A Postgres database of its own (`DATABASE_URL`), named after the app. */
    postgres?: boolean;
}

/** Release arguments of an app: its own, unless a rollback pinned it to an image. */
function release(releasePins: Record<string, string>, name: string, own: { releaseSource: string; image?: string; dockerfileContext?: string }) {
    const pinned = releasePins[name];
    return pinned !== undefined ? { releaseSource: "image", image: pinned } : own;
}

/**
 * The apps, by resource name (the app's name).
 * @param releasePins app name to the image it is pinned to, set by `npm run rollback`
 */
export function appDefinitions(releasePins: Record<string, string>): Record<string, AppDefinition> {
    const config = new pulumi.Config("paas");
    return {
        // The sample app: a Dockerfile built on the host, a greeting from a config var, and a
        // Postgres database counting visits.
        sample: {
            args: {
                ...release(releasePins, "sample", { releaseSource: "dockerfile", dockerfileContext: path.join(__dirname, "sample-app") }),
                // A secret config value stays one (`pulumi config set --secret paas:sampleGreeting`).
                config: { GREETING: config.getSecret("sampleGreeting") ?? "Hello from paas" },
                processes: { web: { count: config.getNumber("sampleWebCount") ?? 1 } },
                // More names it answers at, besides sample.<domain> (a JSON list).
                domains: (config.getObject<string[]>("sampleDomains") ?? []).map(name => ({ name })),
                port: 5000,
                healthPath: "/healthz",
            },
            postgres: true,
        },
    };
}

/**
 * The definitions with the process counts `paas scale` recorded (`paas:formation`, app name to
 * process to count) in place of the declared ones, so that a `pulumi up` keeps what was scaled.
 */
export function applyFormation(definitions: Record<string, AppDefinition>, formation: Record<string, Record<string, number>>): Record<string, AppDefinition> {
    return Object.fromEntries(Object.entries(definitions).map(([name, d]) => {
        const counts = formation[name];
        if (!counts) return [name, d];
        const declared = (d.args.processes ?? { web: { count: 1 } }) as Record<string, { count: number; command?: string[] }>;
        const processes = Object.fromEntries(Object.entries(declared).map(([p, settings]) => [p, { ...settings, count: counts[p] ?? settings.count }]));
        return [name, { ...d, args: { ...d.args, processes } }];
    }));
}

/** Creates the apps and their add-ons on the platform, each with `platform` as parent. */
export function defineApps(platform: Platform, definitions: Record<string, AppDefinition>): Record<string, App> {
    return Object.fromEntries(Object.entries(definitions).map(([name, d]) => {
        const addons = d.postgres
            ? [new PostgresAddon(`${name}-db`, { connection: platform.connection, name: name.replace(/-/g, "_") }, { parent: platform })]
            : [];
        const app = new App(name, { ...d.args, connection: platform.connection, platformDomain: platform.domain, defaultDomainTls: platform.tls, addons }, { parent: platform });
        return [name, app];
    }));
}
