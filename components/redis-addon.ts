import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { hostCommand } from "./remote-command";
import * as validate from "./validate";

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
    /** `{ REDIS_URL }` for the apps it is attached to; a secret. */
    public readonly env: pulumi.Output<Record<string, string>>;
    /** `redis://` URL reachable from app containers; a secret. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: RedisAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const user = validate.checked(args.name, v => validate.identifier("name", v));
        const keepData = validate.checked(args.keepData ?? true, v => {
            if (typeof v !== "boolean") throw new validate.ValidationError("keepData", "must be true or false");
        });
        super("paas:index:RedisAddon", name, args, opts);

        const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
        hostCommand(`${name}-user`, {
            connection: args.connection,
            create: "paas addon redis create",
            delete: "paas addon redis delete",
            stdin: pulumi.jsonStringify({ name: user, password: password.result, keepData }),
            triggers: [user],
        }, { parent: this });

        this.url = pulumi.secret(pulumi.interpolate`redis://${user}:${password.result}@${hostFromContainers}:6379/0`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ REDIS_URL: url })));
        this.registerOutputs({ env: this.env, url: this.url });
    }
}
