import * as pulumi from "@pulumi/pulumi";
import { everything, installMocks, rejectionsDuring, resetRegistrations, resource, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { Platform } from "./platform";

const connection = { host: "203.0.113.10", port: 2222, privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test("a PlatformHost under it; exposes the bootstrapped connection, the domain and the host", async () => {
    const platform = new Platform("paas", { connection, domain: "paas.example", acmeEmail: "ops@example.com", swapMiB: 512,
        acmeServer: "https://ca.internal.example:14000/dir" });
    await settle();
    expect(everything().map(r => [r.type, r.name])).toEqual([
        ["paas:index:Platform", "paas"],
        ["paas:index:PlatformHost", "paas-host"],
        ["command:remote:Command", "paas-host-host-key"],
        ["command:remote:CopyToRemote", "paas-host-scripts"],
        ["command:remote:Command", "paas-host-bootstrap"],
    ]);
    expect(resource("paas-host").parent).toBe(resource("paas").urn);
    expect(JSON.parse(resource("paas-host-bootstrap").inputs.stdin)).toEqual({ swapMiB: 512, acmeEmail: "ops@example.com",
        acmeServer: "https://ca.internal.example:14000/dir" });
    expect(await valueOf(platform.domain)).toBe("paas.example");
    expect(await valueOf(platform.host)).toBe("203.0.113.10");
    expect(await pulumi.isSecret(platform.host)).toBe(false);
    expect(await pulumi.isSecret(platform.connection)).toBe(true);
    const resources = await (platform.connection as any).allResources();
    expect([...resources].map((r: any) => r.__name)).toContain("paas-host-bootstrap");
});

test.each([
    [{ domain: "localhost" }, "domain: must be a lowercase domain name"],
    [{ domain: "*.paas.example" }, "domain: must be a lowercase domain name"],
    [{ acmeEmail: "ops@" }, "acmeEmail: must be an email address"],
    [{ swapMiB: -5 }, "swapMiB: must be a whole number of MiB from 0 to 65536"],
    [{ acmeServer: "https://acme.example/dir; rm -rf /" }, "acmeServer: must be the https:// URL of an ACME directory"],
])("bad input %j fails before any resource exists", async (override, message) => {
    expect(() => new Platform("bad", { connection, domain: "paas.example", ...(override as object) })).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("a domain known only later is checked when it resolves", async () => {
    const errors = await rejectionsDuring(async () => {
        const p = new Platform("late", { connection, domain: pulumi.output("Not A Domain") });
        await (p.domain as any).promise().catch(() => undefined);
    });
    expect(errors).toContainEqual(expect.stringContaining("domain: must be a lowercase domain name"));
});

test("a hostKey that is no OpenSSH public key fails before the platform is made", async () => {
    expect(() => new Platform("badkey", { connection: { ...connection, hostKey: "not a key" }, domain: "paas.example" }))
        .toThrow("hostKey: must be one OpenSSH public key line");
    await settle();
    expect(everything().map(r => r.name).filter(n => n.startsWith("badkey"))).toEqual([]);
});
