import * as pulumi from "@pulumi/pulumi";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { checkHostAddon, provisionHostAddon } from "./host-addon";

/** Arguments for {@link RedisAddon}. */
export interface RedisAddonArgs {
    /** SSH connection to the platform host (`Platform.connection`). */
    readonly connection: pulumi.Input<HostConnection>;
    /** ACL user name, and the prefix `<name>:` of the only keys it may touch; lowercase letters, digits and `_`. */
    readonly name: pulumi.Input<string>;
    /**
     * Keep the user's keys when this resource is deleted.
     * @default true
     */
    readonly keepData?: pulumi.Input<boolean>;
}

/** A Redis ACL user confined to the keys `<name>:*` on the platform host; gives apps `REDIS_URL`. */
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

        const password = provisionHostAddon(this, name, "redis", "user", args.connection, checked);
        const user = checked.name;
        this.url = pulumi.secret(pulumi.interpolate`redis://${user}:${password}@${hostFromContainers}:6379/0`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ REDIS_URL: url })));
        this.registerOutputs({ env: this.env, url: this.url });
    }
}
