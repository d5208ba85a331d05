import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { HostConnection } from "./connection";
import * as validate from "./validate";

/** The scripts installed on the host, shipped with this package. */
export const serverScriptsDir = path.join(__dirname, "server");

/** A digest of the server scripts: a new version of them re-runs the bootstrap. */
export function serverScriptsDigest(dir = serverScriptsDir): string {
    const hash = crypto.createHash("sha256");
    for (const file of fs.readdirSync(dir).sort()) {
        hash.update(file).update(fs.readFileSync(path.join(dir, file)));
    }
    return hash.digest("hex");
}

/** Arguments for {@link PlatformHost}. */
export interface PlatformHostArgs {
    /** SSH connection to a Debian 12 host. */
    readonly connection: pulumi.Input<HostConnection>;
    /** Platform domain: every app is served at `<app>.<domain>`. */
    readonly domain: pulumi.Input<string>;
    /**
     * Swap file size in MiB, for small plans; 0 for none.
     * @default 1024
     */
    readonly swapMiB?: pulumi.Input<number>;
    /** Let's Encrypt account email; without it apps are served over HTTP only. */
    readonly acmeEmail?: pulumi.Input<string>;
}

/**
 * The platform on any Debian 12 host reachable by SSH: Docker, nginx, PostgreSQL, Redis, the
 * git receiver. The bootstrap is idempotent and re-runs when the server scripts change.
 */
export class PlatformHost extends pulumi.ComponentResource {
    /** SSH connection to the host, for apps and add-ons. */
    public readonly connection: pulumi.Output<HostConnection>;
    /** Platform domain. */
    public readonly domain: pulumi.Output<string>;
    /** What the last bootstrap changed. */
    public readonly bootstrapOutput: pulumi.Output<string>;

    constructor(name: string, args: PlatformHostArgs, opts?: pulumi.ComponentResourceOptions) {
        super("paas:index:PlatformHost", name, args, opts);
        const domain = pulumi.output(args.domain).apply(d => validate.domainName("domain", d));
        const digest = serverScriptsDigest();

        const copy = new command.remote.CopyToRemote(`${name}-scripts`, {
            connection: args.connection,
            source: new pulumi.asset.FileArchive(serverScriptsDir),
            remotePath: "/tmp/paas-server",
            triggers: [digest],
        }, { parent: this });

        const bootstrap = new command.remote.Command(`${name}-bootstrap`, {
            connection: args.connection,
            create: "bash /tmp/paas-server/bootstrap.sh",
            stdin: pulumi.jsonStringify({ swapMiB: args.swapMiB ?? 1024, acmeEmail: args.acmeEmail ?? "" }),
            triggers: [digest],
        }, { parent: this, dependsOn: [copy] });

        this.connection = pulumi.output(args.connection) as pulumi.Output<HostConnection>;
        this.domain = domain;
        this.bootstrapOutput = bootstrap.stdout;
        this.registerOutputs({ connection: this.connection, domain: this.domain, bootstrapOutput: this.bootstrapOutput });
    }
}
