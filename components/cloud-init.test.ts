import { renderCloudInit } from "./cloud-init";

test("first-boot data sets the hostname and turns password login off, nothing else", () => {
    expect(renderCloudInit({ hostname: "paas" })).toBe("#cloud-config\nhostname: paas\nssh_pwauth: false\ndisable_root: false\n");
});
