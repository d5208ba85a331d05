import * as pulumi from "@pulumi/pulumi";

/** How Pulumi reaches the platform host over SSH (the `connection` of every command it runs there). */
export interface HostConnection {
    /** Address of the host. */
    readonly host: pulumi.Input<string>;
    /**
     * SSH port.
     * @default 22
     */
    readonly port?: pulumi.Input<number>;
    /**
     * SSH user; root, as the platform's commands manage Docker, nginx and system users.
     * @default "root"
     */
    readonly user?: pulumi.Input<string>;
    /**
     * The server's SSH host key, one OpenSSH public key line (`ssh-ed25519 AAAA…`, as in
     * /etc/ssh/ssh_host_ed25519_key.pub); every command refuses a server presenting another.
     * @default the key the server shows at first contact, recorded in the state (`PlatformHost`)
     */
    readonly hostKey?: pulumi.Input<string>;
    /** Private key in OpenSSH format; keep it a secret. */
    readonly privateKey: pulumi.Input<string>;
    /**
     * How many failed dials to retry before giving up (a new server needs a while to answer).
     * @default 10
     */
    readonly dialErrorLimit?: pulumi.Input<number>;
}
