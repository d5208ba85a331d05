import * as pulumi from "@pulumi/pulumi";

/** How Pulumi reaches the platform host over SSH. */
export interface HostConnection {
    /** Address of the host. */
    host: pulumi.Input<string>;
    /**
     * SSH port.
     * @default 22
     */
    port?: pulumi.Input<number>;
    /**
     * SSH user; must be root or have passwordless sudo.
     * @default "root"
     */
    user?: pulumi.Input<string>;
    /** Private key (OpenSSH PEM); keep it a secret. */
    privateKey: pulumi.Input<string>;
}
