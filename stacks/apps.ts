// The apps this platform runs: add yours here, one `new App(...)` each, with `platform` as
// parent. Config values come from the stack (`pulumi config set paas:<key> <value>`).
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { App, Platform, PostgresAddon } from "../components";

/** What the app definitions need from the stack. */
export interface AppsContext {
    /** The bootstrapped platform. */
    platform: Platform;
    /** App (resource) name to the image it is pinned to, set by `npm run rollback`. */
    releasePins: Record<string, string>;
}

/** Release arguments of an app: its own, unless a rollback pinned it to an image. */
function release(ctx: AppsContext, name: string, own: { releaseSource: string; image?: string; dockerfileContext?: string }) {
    const pinned = ctx.releasePins[name];
    return pinned !== undefined ? { releaseSource: "image", image: pinned } : own;
}

export function defineApps(ctx: AppsContext): Record<string, App> {
    const config = new pulumi.Config("paas");
    const { platform } = ctx;

    // The sample app: a Dockerfile built on the host, a greeting from a config var, and a
    // Postgres database counting visits.
    const sampleDb = new PostgresAddon("sample-db", { connection: platform.connection, name: "sample" }, { parent: platform });
    const sample = new App("sample", {
        connection: platform.connection,
        platformDomain: platform.domain,
        ...release(ctx, "sample", { releaseSource: "dockerfile", dockerfileContext: path.join(__dirname, "sample-app") }),
        config: { GREETING: config.get("sampleGreeting") ?? "Hello from paas" },
        addons: [sampleDb],
        processes: { web: { count: config.getNumber("sampleWebCount") ?? 1 } },
        port: 5000,
        healthPath: "/healthz",
    }, { parent: platform });

    return { sample };
}
