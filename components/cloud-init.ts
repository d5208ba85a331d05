// First-boot user data for a Linode. Editing it replaces the VPS, so it holds only what never
// changes; everything else is applied over SSH by the bootstrap, which can re-run.

export interface CloudInitOptions {
    /** The server's hostname. */
    readonly hostname: string;
}

export function renderCloudInit(o: CloudInitOptions): string {
    return [
        "#cloud-config",
        `hostname: ${o.hostname}`,
        "ssh_pwauth: false",
        "disable_root: false",
        "",
    ].join("\n");
}
