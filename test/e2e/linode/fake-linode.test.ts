// The fake Linode API, driven the way the provider drives it for the prod stack.
import { FakeLinode, startFakeLinode } from "../../fake-linode/server";

let api: FakeLinode;
const token = "test-token";

async function call(method: string, path: string, body?: unknown, auth = true) {
    const res = await fetch(`${api.url}${path}`, {
        method, headers: { "Content-Type": "application/json", ...(auth ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as any };
}

const instanceBody = {
    label: "paas", region: "us-east", type: "g6-nanode-1", image: "linode/debian12",
    root_pass: "A-very-l0ng-and-complex-Root-Passw0rd!", authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop"],
};

beforeEach(async () => { api = await startFakeLinode({ instanceIpv4: "127.0.0.2" }); });
afterEach(async () => api.stop());

test("the prod stack's lifecycle: firewall, instance, DNS, resize, then everything deleted", async () => {
    expect((await call("GET", "/linode/types")).body.data.map((t: any) => t.id)).toContain("g6-nanode-1");
    const instance = await call("POST", "/linode/instances", instanceBody);
    expect(instance.status).toBe(200);
    expect(instance.body).toMatchObject({ status: "provisioning", ipv4: ["127.0.0.2"], region: "us-east" });
    const id = instance.body.id;
    expect((await call("GET", `/linode/instances/${id}`)).body.status).toBe("running");

    const rule = (label: string, ports: string) => ({ label, action: "ACCEPT", protocol: "TCP", ports, addresses: { ipv4: ["0.0.0.0/0"], ipv6: ["::/0"] } });
    const firewall = await call("POST", "/networking/firewalls", {
        label: "paas-firewall", rules: { inbound_policy: "DROP", outbound_policy: "ACCEPT", inbound: [rule("ssh", "22"), rule("http", "80"), rule("https", "443")] },
        devices: { linodes: [id] },
    });
    expect(firewall.status).toBe(200);
    expect((await call("GET", `/linode/instances/${id}/firewalls`)).body.data).toHaveLength(1);

    const domain = await call("POST", "/domains", { domain: "example.com", type: "master", soa_email: "ops@example.com" });
    expect(domain.status).toBe(200);
    for (const name of ["", "*"]) {
        expect((await call("POST", `/domains/${domain.body.id}/records`, { type: "A", name, target: "127.0.0.2", ttl_sec: 300 })).status).toBe(200);
    }
    const records = (await call("GET", `/domains/${domain.body.id}/records`)).body.data;
    expect(records.map((r: any) => r.name).sort()).toEqual(["", "*"]);
    expect((await call("PUT", `/domains/${domain.body.id}/records/${records[0].id}`, { target: "127.0.0.3" })).body.target).toBe("127.0.0.3");

    expect((await call("POST", `/linode/instances/${id}/resize`, { type: "g6-standard-1" })).status).toBe(200);
    expect(api.state.instances.get(id).type).toBe("g6-standard-1");

    expect((await call("DELETE", `/domains/${domain.body.id}`)).status).toBe(200);
    expect(api.state.records.size).toBe(0);
    expect((await call("DELETE", `/linode/instances/${id}`)).status).toBe(200);
    expect(api.state.firewalls.get(firewall.body.id).devices).toEqual([]);
    expect((await call("DELETE", `/networking/firewalls/${firewall.body.id}`)).status).toBe(200);
    expect(api.state.instances.size + api.state.firewalls.size + api.state.domains.size).toBe(0);
    expect(api.requests.every(r => r.status === 200)).toBe(true);
});

test.each([
    ["an unknown region", { region: "mars-1" }, "region"],
    ["an unknown plan", { type: "g6-huge-99" }, "type"],
    ["a label shorter than Linode allows", { label: "ab" }, "label"],
    ["no root password with an image", { root_pass: undefined }, "root_pass"],
])("%s is refused with a field error, and nothing is created", async (_what, override, field) => {
    const r = await call("POST", "/linode/instances", { ...instanceBody, ...override });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.field)).toContain(field);
    expect(api.state.instances.size).toBe(0);
    expect(api.requests[api.requests.length - 1]).toMatchObject({ method: "POST", path: "/v4/linode/instances", status: 400 });
});

test("firewall rules are checked with Linode's rule schema", async () => {
    const r = await call("POST", "/networking/firewalls", { label: "fw", rules: { inbound_policy: "DROP", outbound_policy: "ACCEPT", inbound: [{ action: "MAYBE", protocol: "TCP" }] } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.field)).toContain("rules.inbound[0].action");
    expect(api.state.firewalls.size).toBe(0);
});

test("a request without a token is refused; an unknown id is 404", async () => {
    expect((await call("GET", "/linode/instances", undefined, false)).status).toBe(401);
    expect((await call("GET", "/linode/instances/4242")).body).toEqual({ errors: [{ reason: "Not found" }] });
});
