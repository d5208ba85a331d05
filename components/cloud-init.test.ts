import { cloudInitUserData, renderCloudInit } from "./cloud-init";

test("first-boot data: the hostname and SSH by key only, nothing that ever changes", () => {
    expect(renderCloudInit({ hostname: "paas" })).toBe([
        "#cloud-config",
        "hostname: paas",
        "manage_etc_hosts: true",
        "ssh_pwauth: false",
        "disable_root: false",
        "",
    ].join("\n"));
});

test("no packages, keys, users or commands: those are applied over SSH and may change", () => {
    const text = renderCloudInit({ hostname: "paas" });
    for (const key of ["packages", "runcmd", "write_files", "users", "ssh_authorized_keys", "bootcmd"]) expect(text).not.toContain(key);
});

test("base64 for Linode's metadata service", () => {
    expect(Buffer.from(cloudInitUserData({ hostname: "paas" }), "base64").toString("utf8")).toBe(renderCloudInit({ hostname: "paas" }));
});

test("a hostname that is not a DNS label is refused", () => {
    expect(() => renderCloudInit({ hostname: "paas\nruncmd: [reboot]" })).toThrow(/^hostname: must be a DNS label/);
});
