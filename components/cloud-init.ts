// First-boot user data for a Linode (cloud-init). Editing it replaces the VPS, so it holds only
// what never changes; everything else (packages, nginx, Docker, SSH hardening, swap) is applied
// over SSH by host/bootstrap.sh, which can re-run at any time.
import * as validate from "./validate";

/** What the first-boot data is rendered from. */
export interface CloudInitOptions {
    /** The server's hostname: a DNS label. */
    readonly hostname: string;
}

/** The `#cloud-config` document: the hostname, and SSH by key only from the first boot on. */
export function renderCloudInit(o: CloudInitOptions): string {
    validate.hostLabel("hostname", o.hostname);
    return [
        "#cloud-config",
        `hostname: ${o.hostname}`,
        "manage_etc_hosts: true",
        "ssh_pwauth: false",
        "disable_root: false",
        "",
    ].join("\n");
}

/** The same, base64-encoded as Linode's metadata service takes it. */
export function cloudInitUserData(o: CloudInitOptions): string {
    return Buffer.from(renderCloudInit(o), "utf8").toString("base64");
}
