import * as pulumi from "@pulumi/pulumi";
import { Addon, hostFromContainers } from "./addon";
import { HostConnection } from "./connection";
import { checkHostAddon, provisionHostAddon } from "./host-addon";

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
    /** The config vars it gives, known before it exists (an App refuses a config var of the same name). */
    static readonly envNames: readonly string[] = ["DATABASE_URL"];
    /** `{ DATABASE_URL }` for the apps it is attached to; a secret. */
    public readonly env: pulumi.Output<Record<string, string>>;
    /** `postgres://` URL reachable from app containers; a secret. */
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: PostgresAddonArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkHostAddon(args);
        super("paas:index:PostgresAddon", name, {}, opts);

        const { password } = provisionHostAddon(this, name, "postgres", "database", args.connection, checked);
        const dbName = checked.name;
        this.url = pulumi.secret(pulumi.interpolate`postgres://${dbName}:${password}@${hostFromContainers}:5432/${dbName}`);
        this.env = pulumi.secret(this.url.apply((url): Record<string, string> => ({ DATABASE_URL: url })));
        this.registerOutputs({ env: this.env, url: this.url });
    }
}
