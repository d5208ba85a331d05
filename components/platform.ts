import * as pulumi from "@pulumi/pulumi";
import { HostConnection } from "./connection";
import { checkConnectionHostKey } from "./host-key";
import { bootstrapSettings, PlatformHost, PlatformHostArgs } from "./platform-host";
import * as validate from "./validate";

/** Arguments for {@link Platform}: the host's, and the platform's domain. */
export interface PlatformArgs extends PlatformHostArgs {
    /** Platform domain: every app is served at `<app>.<domain>`; point `*.<domain>` at the host. */
    readonly domain: pulumi.Input<string>;
}

/**
 * Checks a platform's arguments as its constructor does (plain values at once, Outputs when they
 * resolve): call it before creating the server, so that bad input fails before anything exists.
 */
export function checkPlatformArgs(args: Omit<PlatformArgs, "connection">): { domain: pulumi.Output<string> } {
    const domain = validate.checked(args.domain, v => validate.domainName("domain", v));
    bootstrapSettings(args);
    return { domain };
}

/**
 * The platform: a bootstrapped host and its domain. Give its `connection` and `domain` to every
 * `App`, `PostgresAddon` and `RedisAddon`; they then wait for the bootstrap.
 */
export class Platform extends pulumi.ComponentResource {
    /** SSH connection to the host, available once the bootstrap has run; a secret (it holds the key). */
    public readonly connection: pulumi.Output<HostConnection>;
    /** Platform domain. */
    public readonly domain: pulumi.Output<string>;
    /** Host address, for `git push git@<host>:<app>` and DNS. */
    public readonly host: pulumi.Output<string>;
    /** Whether the platform obtains certificates (it has an acmeEmail): give it to each `App` as `defaultDomainTls`. */
    public readonly tls: pulumi.Output<boolean>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        const { domain } = checkPlatformArgs(args);
        checkConnectionHostKey(args.connection);
        super("paas:index:Platform", name, {}, opts);

        const host = new PlatformHost(`${name}-host`, {
            connection: args.connection,
            swapMiB: args.swapMiB,
            acmeEmail: args.acmeEmail,
            acmeServer: args.acmeServer,
        }, { parent: this });

        this.connection = pulumi.secret(host.connection);
        this.domain = domain;
        this.host = pulumi.unsecret(pulumi.output(args.connection).apply(c => c.host));
        this.tls = pulumi.output(args.acmeEmail).apply(email => email !== undefined && email !== "");
        this.registerOutputs({ connection: this.connection, domain: this.domain, host: this.host, tls: this.tls });
    }
}
