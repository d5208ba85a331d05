import { buildContextUpload, isBuildContextOf, isBuildContextUpload, serverScriptsUpload } from "./uploads";

test("each version's scripts and each build context have a folder of their own under root's home", () => {
    expect(serverScriptsUpload("0123456789abcdef".repeat(4))).toBe("/root/paas-uploads/server-0123456789abcdef");
    expect(buildContextUpload("shop", "0123456789ab")).toBe("/root/paas-uploads/build-shop-0123456789ab");
});

test.each([
    ["/root/paas-uploads/build-shop-0123456789ab", true],
    ["/root/paas-uploads/build-../../etc", false],
    ["/root/paas-uploads/build-", false],
    ["/root/paas-uploads/server-0123456789abcdef", false],
    ["/tmp/paas-build/shop-0123456789ab", false],
    ["/root/paas-uploads/build-shop/../x", false],
])("%s is a build context folder: %s", (p, ok) => expect(isBuildContextUpload(p)).toBe(ok));

test("an app's build contexts are its own, not those of an app whose name starts with its name", () => {
    expect(isBuildContextOf("build-my-shop-0123456789ab", "my-shop")).toBe(true);
    expect(isBuildContextOf("build-my-shop-two-0123456789ab", "my-shop")).toBe(false);
    expect(isBuildContextOf("build-my-shop-notes", "my-shop")).toBe(false);
    expect(isBuildContextOf("server-0123456789abcdef", "my-shop")).toBe(false);
});
