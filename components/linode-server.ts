import * as linode from "@pulumi/linode";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { renderCloudInit } from "./cloud-init";
import { HostConnection } from "./connection";
import * as validate from "./validate";

/** Arguments for {@link LinodeServer}. */
export interface LinodeServerArgs {
    /**
     * Linode region, such as `us-east`.
     * @default "us-east"
     */
    readonly region?: string;
    /**
     * Linode plan, such as `g6-nanode-1`; changing it resizes the VPS.
     * @default "g6-nanode-1"
     */
    readonly plan?: string;
    /** SSH public keys allowed to log in as root. */
    readonly sshPublicKeys: string[];
    /** The private key Pulumi uses to reach the server; a secret. */
    readonly sshPrivateKey: pulumi.Input<string>;
    /** Platform domain; with `manageDns`, a Linode DNS zone with `@` and `*` records. */
    readonly domain?: string;
    /**
     * Create the DNS zone and records for `domain` in Linode DNS.
     * @default false
     */
    readonly manageDns?: boolean;
    /** Email of the DNS zone's SOA record, when `manageDns`. */
    readonly soaEmail?: string;
}

/** A Debian 12 Linode with a firewall that lets in SSH, HTTP and HTTPS only. */
export class LinodeServer extends pulumi.ComponentResource {
    /** Public IPv4 address. */
    public readonly ipv4: pulumi.Output<string>;
    /** SSH connection for the platform. */
    public readonly connection: pulumi.Output<HostConnection>;
    /** Generated root password (SSH takes keys only); a secret. */
    public readonly rootPassword: pulumi.Output<string>;

    constructor(name: string, args: LinodeServerArgs, opts?: pulumi.ComponentResourceOptions) {
        const region = args.region ?? "us-east";
        const plan = args.plan ?? "g6-nanode-1";
        if (!/^[a-z]{2}-[a-z]+(-[0-9])?$/.test(region)) throw new validate.ValidationError("region: must be a Linode region id such as us-east");
        if (!/^g[0-9]-[a-z]+-[0-9]+$/.test(plan)) throw new validate.ValidationError("plan: must be a Linode plan id such as g6-nanode-1");
        if (args.sshPublicKeys.length === 0) throw new validate.ValidationError("sshPublicKeys: at least one key is required");
        args.sshPublicKeys.forEach((k, i) => validate.sshPublicKey(`sshPublicKeys[${i}]`, k));
        if (args.domain !== undefined) validate.domainName("domain", args.domain);
        if (args.manageDns && (args.domain === undefined || args.soaEmail === undefined)) {
            throw new validate.ValidationError("manageDns: needs domain and soaEmail");
        }
        super("paas:index:LinodeServer", name, args, opts);

        const rootPassword = new random.RandomPassword(`${name}-root-password`, { length: 40, special: true }, { parent: this });
        const instance = new linode.Instance(`${name}-instance`, {
            label: name,
            region,
            type: plan,
            image: "linode/debian12",
            rootPass: rootPassword.result,
            authorizedKeys: args.sshPublicKeys,
            metadatas: [{ userData: Buffer.from(renderCloudInit({ hostname: name })).toString("base64") }],
        }, { parent: this });

        const rule = (label: string, ports: string) => ({ label, action: "ACCEPT", protocol: "TCP", ports, ipv4s: ["0.0.0.0/0"], ipv6s: ["::/0"] });
        new linode.Firewall(`${name}-firewall`, {
            label: `${name}-firewall`,
            inboundPolicy: "DROP",
            outboundPolicy: "ACCEPT",
            inbounds: [rule("ssh", "22"), rule("http", "80"), rule("https", "443")],
            linodes: [instance.id.apply(Number)],
        }, { parent: this });

        if (args.manageDns && args.domain) {
            const zone = new linode.Domain(`${name}-zone`, { domain: args.domain, type: "master", soaEmail: args.soaEmail! }, { parent: this });
            for (const [suffix, record] of [["apex", ""], ["wildcard", "*"]]) {
                new linode.DomainRecord(`${name}-${suffix}`, {
                    domainId: zone.id.apply(Number), recordType: "A", name: record, target: instance.ipAddress, ttlSec: 300,
                }, { parent: this });
            }
        }

        this.ipv4 = instance.ipAddress;
        this.rootPassword = pulumi.secret(rootPassword.result);
        this.connection = pulumi.output({ host: instance.ipAddress, port: 22, user: "root", privateKey: pulumi.secret(args.sshPrivateKey) });
        this.registerOutputs({ ipv4: this.ipv4, connection: this.connection, rootPassword: this.rootPassword });
    }
}
