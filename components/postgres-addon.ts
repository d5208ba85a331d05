import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { hostCommand } from "./remote-command";
import * as validate from "./validate";

/** Arguments for {@link PostgresAddon}. */
export interface PostgresAddonArgs {
    /** SSH connection to the platform host (`Platform.connection`). */
    readonly connection: pulumi.Input<HostConnection>;
    /** Database and role name: lowercase letters, digits and `_`, starting with a letter, at most 63. */
    readonly name: pulumi.Input<string>;
    /**
     * Keep the database and its role when this resource is deleted.
     * @default true
     */
    readonly keepData?: pulumi.Input<boolean>;
}

/** A PostgreSQL database and its own role on the platform host; gives apps `DATABASE_URL`. */
export class PostgresAddon extends pulumi.ComponentResource implements Addon {
    /** `{ DATABASE_URL }` for the apps it is attached to; a secret. */
    public readonly env: pulumi.Output<Record<string, string>>;
    /** `postgres://` URL reachable from app containers; a secret. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: PostgresAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const dbName = validate.checked(args.name, v => validate.identifier("name", v));
        const keepData = validate.checked(args.keepData ?? true, v => {
            if (typeof v !== "boolean") throw new validate.ValidationError("keepData", "must be true or false");
        });
        super("paas:index:PostgresAddon", name, args, opts);

        const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
        // A new name replaces the database: the new one is created, then the old one deleted
        // (dropped only when keepData is false).
        hostCommand(`${name}-database`, {
            connection: args.connection,
            create: "paas addon postgres create",
            delete: "paas addon postgres delete",
            stdin: pulumi.jsonStringify({ name: dbName, password: password.result, keepData }),
            triggers: [dbName],
        }, { parent: this });

        this.url = pulumi.secret(pulumi.interpolate`postgres://${dbName}:${password.result}@${hostFromContainers}:5432/${dbName}`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ DATABASE_URL: url })));
        this.registerOutputs({ env: this.env, url: this.url });
    }
}
