import * as pulumi from "@pulumi/pulumi";
import { components, installMocks, resetRegistrations, isSecret, registered, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { LinodeServer } from "./linode-server";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop";
const args = { sshPublicKeys: [key], sshPrivateKey: pulumi.secret("PRIVATE"), domain: "example.com", manageDns: true, soaEmail: "ops@example.com" };
beforeEach(resetRegistrations);

test("a Debian 12 Linode, a firewall for 22/80/443, DNS for the apex and a wildcard", async () => {
    const server = new LinodeServer("paas", args);
    await settle();
    const byType = (t: string) => registered.filter(r => r.type === t);
    const [instance] = byType("linode:index/instance:Instance");
    expect(instance.inputs).toMatchObject({ region: "us-east", type: "g6-nanode-1", image: "linode/debian12", authorizedKeys: [key] });
    expect(Buffer.from(instance.inputs.metadatas[0].userData, "base64").toString()).toContain("#cloud-config");
    const [firewall] = byType("linode:index/firewall:Firewall");
    expect(firewall.inputs.inboundPolicy).toBe("DROP");
    expect(firewall.inputs.inbounds.map((r: any) => r.ports)).toEqual(["22", "80", "443"]);
    expect(byType("linode:index/domain:Domain")[0].inputs).toMatchObject({ domain: "example.com", type: "master" });
    expect(byType("linode:index/domainRecord:DomainRecord").map(r => r.inputs.name)).toEqual(["", "*"]);
    expect(await valueOf(server.ipv4)).toBe("203.0.113.10");
    expect(await isSecret(server.rootPassword)).toBe(true);
    expect(await isSecret(server.connection)).toBe(true);
});

test("no DNS unless asked", async () => {
    new LinodeServer("paas", { ...args, manageDns: false });
    await settle();
    expect(registered.filter(r => r.type.startsWith("linode:index/domain"))).toEqual([]);
});

test.each([
    [{ region: "US East" }, /^region: /],
    [{ plan: "tiny" }, /^plan: /],
    [{ sshPublicKeys: [] }, /^sshPublicKeys: at least one key/],
    [{ sshPublicKeys: ["nope"] }, /^sshPublicKeys\[0\]: /],
    [{ domain: "bad_domain" }, /^domain: /],
    [{ soaEmail: undefined }, /^manageDns: needs domain and soaEmail/],
])("bad input %o fails before any resource exists", async (override, message) => {
    expect(() => new LinodeServer("bad", { ...args, ...(override as object) })).toThrow(message);
    await settle();
    expect([...registered, ...components]).toEqual([]);
});
