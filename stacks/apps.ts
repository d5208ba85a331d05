// The apps this platform runs. Add yours here: one `new App(...)` each.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { App, HostConnection, PostgresAddon } from "../components";

export interface PlatformRef {
    connection: pulumi.Input<HostConnection>;
    domain: pulumi.Input<string>;
    /** App name -> image, set by `npm run rollback` to bring back an earlier stack version. */
    releasePins: Record<string, string>;
    parent: pulumi.Resource;
}

/** Release arguments of an app, unless a rollback pinned it to an image. */
function release(platform: PlatformRef, name: string, own: { releaseSource: string; image?: string; dockerfileContext?: string }) {
    const pinned = platform.releasePins[name];
    return pinned ? { releaseSource: "image", image: pinned } : own;
}

export function defineApps(platform: PlatformRef): Record<string, App> {
    const config = new pulumi.Config();
    const db = new PostgresAddon("sample-db", { connection: platform.connection, name: "sample" }, { parent: platform.parent });

    const sample = new App("sample", {
        connection: platform.connection,
        platformDomain: platform.domain,
        ...release(platform, "sample", { releaseSource: "dockerfile", dockerfileContext: path.join(__dirname, "sample-app") }),
        config: { GREETING: config.get("sampleGreeting") ?? "Hello from paas" },
        addons: [db],
        processes: { web: { count: config.getNumber("sampleWebCount") ?? 1 } },
        port: 5000,
        healthPath: "/healthz",
    }, { parent: platform.parent });

    return { sample };
}
