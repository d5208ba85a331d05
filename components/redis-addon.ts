import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { hostCommand } from "./remote-command";
import * as validate from "./validate";

/** Arguments for {@link RedisAddon}. */
export interface RedisAddonArgs {
    /** SSH connection to the platform host. */
    readonly connection: pulumi.Input<HostConnection>;
    /** ACL user name and key prefix (`<name>:`); lowercase letters, digits and `_`. */
    readonly name: string;
    /**
     * Keep the user when this resource is deleted.
     * @default true
     */
    readonly keepData?: boolean;
}

/** A Redis ACL user confined to the keys `<name>:*`; gives `REDIS_URL`. */
export class RedisAddon extends pulumi.ComponentResource implements Addon {
    /** `REDIS_URL` for the apps it is attached to; secret. */
    public readonly env: pulumi.Output<Record<string, string>>;
    /** `redis://` URL reachable from app containers; secret. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: RedisAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const user = validate.identifier("name", args.name);
        super("paas:index:RedisAddon", name, args, opts);

        const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
        hostCommand(`${name}-user`, {
            connection: args.connection,
            create: "paas addon redis create",
            delete: "paas addon redis delete",
            stdin: pulumi.jsonStringify({ name: user, password: password.result, keepData: args.keepData ?? true }),
        }, { parent: this });

        this.url = pulumi.secret(pulumi.interpolate`redis://${user}:${password.result}@${hostFromContainers}:6379/0`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ REDIS_URL: url })));
        this.registerOutputs({ url: this.url, env: this.env });
    }
}
