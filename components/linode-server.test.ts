import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, invokes, isSecret, isSecretInput, rejectionsDuring, resetRegistrations, resource, reveal, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { renderCloudInit } from "./cloud-init";
import * as linode from "@pulumi/linode";
import { LinodeServer } from "./linode-server";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop";
const args = { authorizedKeys: [key], privateKey: pulumi.secret("PRIVATE"), dnsDomain: "example.com", soaEmail: "ops@example.com" };
beforeEach(() => {
    resetRegistrations();
    answers.regionCapabilities = ["Linodes", "Cloud Firewall", "Metadata"];
});

test("a Debian 12 Linode, a firewall for 22/80/443 only, a generated root password, DNS for the apex and a wildcard", async () => {
    const server = new LinodeServer("paas", args);
    await settle();
    // Registration order depends on when inputs resolve: compare by name.
    expect(everything().map(r => [r.type, r.name]).sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
        ["paas:index:LinodeServer", "paas"],
        ["linode:index/domainRecord:DomainRecord", "paas-apex"],
        ["linode:index/domain:Domain", "paas-domain"],
        ["linode:index/firewall:Firewall", "paas-firewall"],
        ["command:remote:Command", "paas-host-key"],
        ["linode:index/instance:Instance", "paas-instance"],
        ["random:index/randomPassword:RandomPassword", "paas-root-password"],
        ["linode:index/domainRecord:DomainRecord", "paas-wildcard"],
    ]);
    for (const r of everything("paas-")) expect(r.parent).toBe(resource("paas").urn);

    expect(resource("paas-root-password").inputs).toEqual({
        length: 40, special: true, overrideSpecial: "-_.+=!@#%", minLower: 2, minUpper: 2, minNumeric: 2, minSpecial: 2,
    });

    const instance = resource("paas-instance");
    expect(isSecretInput(instance.inputs.rootPass)).toBe(true);
    expect(reveal(instance.inputs)).toEqual({
        label: expect.stringMatching(/^paas-[0-9a-f]{8}$/),
        booted: true,
        region: "us-east",
        type: "g6-nanode-1",
        image: "linode/debian12",
        rootPass: answers.password,
        authorizedKeys: [key],
        metadatas: [{ userData: Buffer.from(renderCloudInit({ hostname: "paas" })).toString("base64") }],
        tags: ["paas"],
    });
    expect(invokes).toEqual([{ token: "linode:index/getRegion:getRegion", inputs: { id: "us-east" } }]);

    expect(resource("paas-firewall").inputs).toEqual({
        label: "paas-firewall",
        inboundPolicy: "DROP",
        outboundPolicy: "ACCEPT",
        inbounds: [
            { label: "ssh", action: "ACCEPT", protocol: "TCP", ports: "22", ipv4s: ["0.0.0.0/0"], ipv6s: ["::/0"] },
            { label: "http", action: "ACCEPT", protocol: "TCP", ports: "80", ipv4s: ["0.0.0.0/0"], ipv6s: ["::/0"] },
            { label: "https", action: "ACCEPT", protocol: "TCP", ports: "443", ipv4s: ["0.0.0.0/0"], ipv6s: ["::/0"] },
        ],
        linodes: [4242],
    });

    expect(resource("paas-domain").inputs).toEqual({ domain: "example.com", type: "master", soaEmail: "ops@example.com" });
    expect(resource("paas-apex").inputs).toEqual({ domainId: 77, recordType: "A", name: "", target: answers.ipv4, ttlSec: 300 });
    expect(resource("paas-wildcard").inputs).toEqual({ domainId: 77, recordType: "A", name: "*", target: answers.ipv4, ttlSec: 300 });
    expect(await valueOf(server.instanceId)).toBe("4242");

    expect(await valueOf(server.ipv4)).toBe(answers.ipv4);
    expect(await valueOf(server.rootPassword)).toBe(answers.password);
    expect(await isSecret(server.rootPassword)).toBe(true);
    expect(await isSecret(server.connection)).toBe(true);
    const hostKey = answers.hostKey.split(" ").slice(0, 2).join(" ");
    expect(await valueOf(server.connection)).toEqual({ host: answers.ipv4, port: 22, user: "root", privateKey: "PRIVATE", dialErrorLimit: 60, hostKey });
    expect(await valueOf(server.hostKey)).toBe(hostKey);
    // Learnt at first contact, once per Linode: a new address (a migration) keeps it, a new Linode learns its own.
    const firstContact = resource("paas-host-key");
    expect(firstContact.inputs.create).toBe("cat /etc/ssh/ssh_host_ed25519_key.pub");
    expect(firstContact.inputs.triggers).toEqual([answers.linodeId]);
    expect(reveal(firstContact.inputs.connection)).toMatchObject({ host: answers.ipv4, port: 22, user: "root", privateKey: "PRIVATE", dialErrorLimit: 60 });
    expect(reveal(firstContact.inputs.connection)).not.toHaveProperty("hostKey");
});

test("region and plan are passed on; no DNS unless dnsDomain is set", async () => {
    new LinodeServer("paas", { authorizedKeys: [key], privateKey: "K", region: "eu-central", plan: "g6-standard-2" });
    await settle();
    expect(resource("paas-instance").inputs).toMatchObject({ region: "eu-central", type: "g6-standard-2" });
    expect(everything().filter(r => r.type.startsWith("linode:index/domain"))).toEqual([]);
});

test("in a region without Linode's Metadata service the server boots without first-boot data", async () => {
    answers.regionCapabilities = ["Linodes", "Cloud Firewall"];
    new LinodeServer("paas", { authorizedKeys: [key], privateKey: "K" });
    await settle();
    expect(resource("paas-instance").inputs.metadatas).toEqual([]);
});

test.each([
    [{ region: "US East" }, "region: must be a Linode region id such as us-east"],
    [{ plan: "tiny" }, "plan: must be a Linode plan id such as g6-nanode-1"],
    [{ authorizedKeys: [] }, "authorizedKeys: at least one SSH public key"],
    [{ authorizedKeys: ["nope"] }, "authorizedKeys[0]: must be one OpenSSH public key line"],
    [{ dnsDomain: "bad_domain" }, "dnsDomain: must be a lowercase domain name"],
    [{ soaEmail: undefined }, "soaEmail: required with dnsDomain"],
    [{ soaEmail: "ops" }, "soaEmail: must be an email address"],
])("bad input %j fails before any resource exists", async (override, message) => {
    expect(() => new LinodeServer("paas", { ...args, ...(override as object) })).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("the hostname is the name as a DNS label", async () => {
    new LinodeServer("Paas_Prod.1", { authorizedKeys: [key], privateKey: "K" });
    await settle();
    const userData = Buffer.from(resource("Paas_Prod.1-instance").inputs.metadatas[0].userData, "base64").toString();
    expect(userData).toBe(renderCloudInit({ hostname: "paas-prod-1" }));
});

test("a name starting with a digit gives a hostname starting with a letter", async () => {
    new LinodeServer("1st-paas", { authorizedKeys: [key], privateKey: "K" });
    await settle();
    const userData = Buffer.from(resource("1st-paas-instance").inputs.metadatas[0].userData, "base64").toString();
    expect(userData).toBe(renderCloudInit({ hostname: "st-paas" }));
});

test.each([
    ["p", "name: must be 3 to 64 letters"],
    ["paas-production-server-1", "name: at most 23 characters (the firewall's label adds '-firewall')"],
])("a name Linode would refuse, %s, fails first", async (name, message) => {
    expect(() => new LinodeServer(name, args)).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("a region known only later is checked when it resolves", async () => {
    const errors = await rejectionsDuring(() => new LinodeServer("late", { authorizedKeys: [key], privateKey: "K", region: pulumi.output("Mars") }));
    expect(errors).toContainEqual(expect.stringContaining("region: must be a Linode region id"));
    expect(everything().filter(r => r.type === "linode:index/instance:Instance")).toEqual([]);
});

const labelOf = async (opts: object) => {
    resetRegistrations();
    new LinodeServer("paas", { authorizedKeys: [key], privateKey: "K", ...opts });
    await settle();
    return resource("paas-instance").inputs.label as string;
};

test("the label changes exactly when the Linode is replaced, so the new one never clashes with the old", async () => {
    const first = await labelOf({});
    expect(await labelOf({})).toBe(first);
    // Region and plan change the Linode in place (a migration, a resize): same label.
    expect(await labelOf({ region: "eu-central", plan: "g6-standard-2" })).toBe(first);
    // New keys or new first-boot data replace it: a label of its own.
    const other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5BBBB you@laptop";
    expect(await labelOf({ authorizedKeys: [key, other] })).not.toBe(first);
    answers.regionCapabilities = ["Linodes"];
    expect(await labelOf({})).not.toBe(first);
});

test("a region Linode does not have fails naming the region", async () => {
    const lookup = jest.spyOn(linode, "getRegion").mockRejectedValue(
        new Error("Invoke of 'linode:index/getRegion:getRegion' failed: Error finding the specified Linode Region xx-nowhere: [404] Not found"));
    const errors = await rejectionsDuring(() => new LinodeServer("paas", { authorizedKeys: [key], privateKey: "K", region: "xx-nowhere" }));
    lookup.mockRestore();
    expect(errors).toContainEqual(expect.stringContaining("region: Linode has no region xx-nowhere"));
    expect(everything().filter(r => r.type === "linode:index/instance:Instance")).toEqual([]);
});

test("a host key known in advance is pinned, and nothing is learnt", async () => {
    const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl";
    const server = new LinodeServer("known", { authorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl a@b"],
        privateKey: "PRIVATE", hostKey: `${hostKey} root@image` });
    await settle();
    expect(everything().map(r => r.name)).not.toContain("known-host-key");
    expect((await valueOf(server.connection)).hostKey).toBe(hostKey);
});
