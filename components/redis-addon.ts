import * as pulumi from "@pulumi/pulumi";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { checkHostAddon, provisionHostAddon } from "./host-addon";

/** The port from the output of `paas addon redis create`. */
export function redisPort(stdout: string | undefined): number {
    const m = /ready on port ([0-9]+)\s*$/.exec(stdout ?? "");
    if (!m) throw new Error(`paas addon redis create: no port in its output: ${stdout}`);
    return Number(m[1]);
}

/** Arguments for {@link RedisAddon}. */
export interface RedisAddonArgs {
    /** SSH connection to the platform host (`Platform.connection`). */
    readonly connection: pulumi.Input<HostConnection>;
    /** Name of its server and of the one user there; lowercase letters, digits and `_`. */
    readonly name: pulumi.Input<string>;
    /**
     * Keep the server and its data when this resource is deleted.
     * @default true
     */
    readonly keepData?: pulumi.Input<boolean>;
}

/**
 * A Redis server of its own on the platform host (its own port, one user that may run every
 * command but the admin ones, so client libraries' INFO, FLUSHDB and SELECT work); gives apps `REDIS_URL`.
 */
export class RedisAddon extends pulumi.ComponentResource implements Addon {
    /** The config vars it gives, known before it exists (an App refuses a config var of the same name). */
    static readonly envNames: readonly string[] = ["REDIS_URL"];
    /** `{ REDIS_URL }` for the apps it is attached to; a secret. */
    public readonly env: pulumi.Output<Record<string, string>>;
    /** `redis://` URL reachable from app containers; a secret. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: RedisAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkHostAddon(args);
        super("paas:index:RedisAddon", name, {}, opts);

        // `update` is the create again, named: an add-on made by a version with one shared Redis
        // has an output without a port, and this new input runs the create once more, which
        // finds the server its keys moved to (host/addons/redis-upgrade.ts) and says its port.
        const { password, stdout } = provisionHostAddon(this, name, "redis", "user", args.connection, checked, { update: "paas addon redis create" });
        const user = checked.name;
        // The host picks the server's port and says it: `redis server shop ready on port 6381`.
        const port = stdout.apply(out => redisPort(out));
        this.url = pulumi.secret(pulumi.interpolate`redis://${user}:${password}@${hostFromContainers}:${port}/0`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ REDIS_URL: url })));
        this.registerOutputs({ env: this.env, url: this.url });
    }
}
