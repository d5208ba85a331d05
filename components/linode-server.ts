import { createHash } from "crypto";
import * as linode from "@pulumi/linode";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { cloudInitUserData } from "./cloud-init";
import { HostConnection } from "./connection";
import { pinnedHostKey, withHostKey } from "./host-key";
import * as validate from "./validate";

/** Arguments for {@link LinodeServer}. */
export interface LinodeServerArgs {
    /**
     * Linode region id; changing it migrates the server to the new data center in place (Linode
     * shuts it down, moves it with its disks and boots it again there, with new IP addresses,
     * which the DNS records follow).
     * @default "us-east"
     */
    readonly region?: pulumi.Input<string>;
    /**
     * Linode plan (type) id; changing it resizes the server in place (shut down, resized, running
     * again after). Linode cannot shrink the disk: a plan with a smaller disk is refused.
     * @default "g6-nanode-1"
     */
    readonly plan?: pulumi.Input<string>;
    /** SSH public keys allowed to log in as root; changing them replaces the server. */
    readonly authorizedKeys: pulumi.Input<pulumi.Input<string>[]>;
    /** The private key Pulumi reaches the server with (matching one of `authorizedKeys`); a secret. */
    readonly privateKey: pulumi.Input<string>;
    /** Create a Linode DNS zone for this domain, with A records for it and `*.` it pointing at the server; none when unset. */
    readonly dnsDomain?: pulumi.Input<string>;
    /** Email of the DNS zone's SOA record; required with `dnsDomain`. */
    readonly soaEmail?: pulumi.Input<string>;
    /**
     * The server's SSH host key, when known before it first boots (an image of your own).
     * @default the key it shows at first contact, recorded in the state
     */
    readonly hostKey?: pulumi.Input<string>;
}

/** The cloud firewall rule that lets in TCP on one port from anywhere. */
function allow(label: string, port: number): linode.types.input.FirewallInbound {
    return { label, action: "ACCEPT", protocol: "TCP", ports: String(port), ipv4s: ["0.0.0.0/0"], ipv6s: ["::/0"] };
}

/**
 * A Debian 12 Linode for the platform: a cloud firewall that lets in SSH, HTTP and HTTPS only, a
 * generated root password (SSH itself takes keys only), your SSH keys, and optionally a Linode DNS
 * zone for the platform domain. Its first-boot data holds only what never changes; the platform
 * is installed over SSH (`Platform`).
 */
export class LinodeServer extends pulumi.ComponentResource {
    /** Public IPv4 address. */
    public readonly ipv4: pulumi.Output<string>;
    /** SSH connection as root, for `Platform`, pinning `hostKey`; a secret (it holds the private key). */
    public readonly connection: pulumi.Output<HostConnection>;
    /** Generated root password, for Linode's console (LISH); a secret. */
    public readonly rootPassword: pulumi.Output<string>;
    /** Linode id of the server. */
    public readonly instanceId: pulumi.Output<string>;
    /** The server's SSH host key, as it showed it at first contact; a new server (a replacement) is contacted afresh. */
    public readonly hostKey: pulumi.Output<string>;

    constructor(name: string, args: LinodeServerArgs, opts?: pulumi.ComponentResourceOptions) {
        validate.linodeLabel("name", name);
        // The Linode's label is `<name>-<8 hex digits>`; the firewall's is `<name>-firewall`, and
        // Linode allows firewall labels of 32 at most.
        if (name.length > 23) throw new validate.ValidationError("name", "at most 23 characters (the firewall's label adds '-firewall')");
        // The hostname: the name as a DNS label starting with a letter (Linode labels may also
        // hold '_' and '.', and start with a digit).
        const hostname = validate.hostLabel("hostname",
            name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+|-+$/g, "").slice(0, 63).replace(/-+$/, "") || "paas");
        const region = validate.checked(args.region ?? "us-east", v => validate.linodeRegion("region", v));
        const plan = validate.checked(args.plan ?? "g6-nanode-1", v => validate.linodePlan("plan", v));
        const keys = validate.checked(args.authorizedKeys, ks => {
            if (!Array.isArray(ks) || ks.length === 0) throw new validate.ValidationError("authorizedKeys", "at least one SSH public key");
            ks.forEach((k, n) => validate.sshPublicKey(`authorizedKeys[${n}]`, k));
        });
        const dns = args.dnsDomain !== undefined;
        if (dns && args.soaEmail === undefined) throw new validate.ValidationError("soaEmail", "required with dnsDomain");
        const dnsDomain = validate.checked(args.dnsDomain, v => v === undefined || validate.domainName("dnsDomain", v));
        const soaEmail = validate.checked(args.soaEmail, v => v === undefined || validate.email("soaEmail", v));
        super("paas:index:LinodeServer", name, args, opts);

        const rootPassword = new random.RandomPassword(`${name}-root-password`, {
            length: 40, special: true, overrideSpecial: "-_.+=!@#%", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 2,
        }, { parent: this });

        // First-boot data needs a region with Linode's Metadata service; elsewhere the server
        // boots without it (the bootstrap over SSH does the rest either way). A region Linode
        // does not have fails here, at preview, before anything is made.
        const metadataRegion = region.apply(id => linode.getRegion({ id }, { parent: this }).then(
            r => (r.capabilities ?? []).includes("Metadata"),
            (e: unknown) => {
                if (/\[404\]/.test(String(e))) throw new validate.ValidationError("region", `Linode has no region ${id}`);
                throw e;
            }));
        const image = "linode/debian12";
        const metadatas = metadataRegion.apply(ok => (ok ? [{ userData: cloudInitUserData({ hostname }) }] : []));
        // A new key, image or first-boot data replaces the Linode, and Pulumi makes the new one
        // before deleting the old; Linode refuses two Linodes with one label. So the label carries
        // a digest of exactly what replaces: unchanged inputs keep it, a replacement gets its own.
        const label = pulumi.all([keys, metadatas]).apply(([ks, md]) =>
            `${name}-${createHash("sha256").update(JSON.stringify({ image, keys: ks, metadatas: md })).digest("hex").slice(0, 8)}`);
        const instance = new linode.Instance(`${name}-instance`, {
            label,
            region,
            type: plan,
            image,
            rootPass: rootPassword.result,
            authorizedKeys: keys,
            metadatas,
            tags: ["paas"],
            // Kept running: without it a plan change to one with no bigger disk leaves the
            // Linode offline (Linode's provider reboots only after an upsize).
            booted: true,
        }, { parent: this });

        new linode.Firewall(`${name}-firewall`, {
            label: `${name}-firewall`,
            inboundPolicy: "DROP",
            outboundPolicy: "ACCEPT",
            inbounds: [allow("ssh", 22), allow("http", 80), allow("https", 443)],
            linodes: [instance.id.apply(Number)],
        }, { parent: this });

        if (dns) {
            const zone = new linode.Domain(`${name}-domain`, {
                domain: dnsDomain as pulumi.Output<string>,
                type: "master",
                soaEmail: soaEmail as pulumi.Output<string>,
            }, { parent: this });
            for (const [suffix, record] of [["apex", ""], ["wildcard", "*"]]) {
                new linode.DomainRecord(`${name}-${suffix}`, {
                    domainId: zone.id.apply(Number),
                    recordType: "A",
                    name: record,
                    target: instance.ipAddress,
                    ttlSec: 300,
                }, { parent: this });
            }
        }

        this.ipv4 = instance.ipAddress;
        this.instanceId = instance.id;
        this.rootPassword = pulumi.secret(rootPassword.result);
        const firstContact: HostConnection = {
            host: instance.ipAddress, port: 22, user: "root", privateKey: args.privateKey, dialErrorLimit: 60,
        };
        // Learnt once per Linode (its id), kept across migrations and resizes (same disk, same key).
        this.hostKey = pinnedHostKey(`${name}-host-key`, { ...firstContact, hostKey: args.hostKey }, [instance.id], { parent: this });
        this.connection = pulumi.secret(withHostKey(firstContact, this.hostKey));
        this.registerOutputs({
            ipv4: this.ipv4, connection: this.connection, rootPassword: this.rootPassword, instanceId: this.instanceId, hostKey: this.hostKey,
        });
    }
}
