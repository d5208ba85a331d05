// What the fake Linode API refuses, and how: 400 with the fields Linode's schemas name, 404 for
// unknown ids, 401 without a token; and a refused request leaves nothing half-created behind.
import { FakeLinode, startFakeLinode } from "../../fake-linode/server";
import { LinodeClient } from "./client";
import { firewallRules, instanceBody } from "./fixtures";

let api: FakeLinode;
let linode: LinodeClient;

beforeEach(async () => {
    api = await startFakeLinode({ token: "test-token" });
    linode = new LinodeClient(api);
});
afterEach(async () => api.stop());

const fields = (body: { errors: { field?: string }[] }) => body.errors.map(e => e.field);
const lastRequest = () => api.requests[api.requests.length - 1];

test.each([
    ["an unknown region", { region: "mars-1" }, "region"],
    ["a region that is not a string", { region: 7 }, "region"],
    ["an unknown plan", { type: "g6-huge-99" }, "type"],
    ["no plan", { type: undefined }, "type"],
    ["a label shorter than Linode allows", { label: "ab" }, "label"],
    ["a label with spaces", { label: "my server" }, "label"],
    ["no root password with an image", { root_pass: undefined }, "root_pass"],
    ["a short root password", { root_pass: "Sh0rt!" }, "root_pass"],
    ["an unknown image", { image: "linode/beos5" }, "image"],
    ["an unknown firewall", { firewall_id: 4242 }, "firewall_id"],
])("an instance with %s is refused on its field, and nothing is created", async (_what, override, field) => {
    const r = await linode.post("/linode/instances", { ...instanceBody, ...override });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain(field);
    expect(r.body.errors.every((e: { reason: unknown }) => typeof e.reason === "string" && e.reason.length > 0)).toBe(true);
    expect(lastRequest()).toMatchObject({ method: "POST", path: "/v4/linode/instances", status: 400, valid: false, errors: r.body.errors });
    expect((await linode.get("/linode/instances")).body.results).toBe(0);
    expect(api.state.instances.size + api.state.disks.size + api.state.configs.size + api.state.events.length).toBe(0);
});

test("labels are unique among the account's linodes", async () => {
    expect((await linode.post("/linode/instances", instanceBody)).status).toBe(200);
    expect(fields((await linode.post("/linode/instances", instanceBody)).body)).toEqual(["label"]);
    expect(api.state.instances.size).toBe(1);
});

test.each([
    ["an unknown action", { inbound: [{ ...firewallRules.inbound[0], action: "MAYBE" }] }, "rules.inbound[0].action"],
    ["an address that is not one", { inbound: [{ ...firewallRules.inbound[0], addresses: { ipv4: ["everywhere"] } }] }, "rules.inbound[0].addresses.ipv4[0]"],
    ["no outbound policy", { outbound_policy: undefined }, "rules.outbound_policy"],
    ["an unknown protocol", { inbound: [{ ...firewallRules.inbound[0], protocol: "SCTP" }] }, "rules.inbound[0].protocol"],
    ["a port range backwards", { inbound: [{ ...firewallRules.inbound[0], ports: "443-80" }] }, "rules.inbound[0].ports"],
])("a firewall with %s in its rules is refused, and nothing is created", async (_what, override, field) => {
    const r = await linode.post("/networking/firewalls", { label: "paas-firewall", rules: { ...firewallRules, ...override } });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toContain(field);
    expect(api.state.firewalls.size + api.state.events.length).toBe(0);
});

test("a firewall is refused whole when one of its linodes is unknown or already guarded", async () => {
    const id = (await linode.post("/linode/instances", instanceBody)).body.id;
    const unknown = await linode.post("/networking/firewalls", { label: "fw-one", rules: firewallRules, devices: { linodes: [id, 999999] } });
    expect(unknown.status).toBe(400);
    expect(fields(unknown.body)).toEqual(["devices.linodes[1]"]);
    expect(api.state.firewalls.size).toBe(0);
    expect((await linode.get(`/linode/instances/${id}/firewalls`)).body.results).toBe(0);

    expect((await linode.post("/networking/firewalls", { label: "fw-one", rules: firewallRules, devices: { linodes: [id] } })).status).toBe(200);
    const second = await linode.post("/networking/firewalls", { label: "fw-two", rules: firewallRules, devices: { linodes: [id] } });
    expect(fields(second.body)).toEqual(["devices.linodes[0]"]);
    expect(api.state.firewalls.size).toBe(1);
});

test("bad rule updates and devices leave the firewall as it was", async () => {
    const fw = (await linode.post("/networking/firewalls", { label: "paas-firewall", rules: firewallRules })).body;
    const r = await linode.put(`/networking/firewalls/${fw.id}/rules`, { inbound_policy: "DROP", inbound: firewallRules.inbound });
    expect(r.status).toBe(400);
    expect(fields(r.body)).toEqual(["outbound_policy"]);
    const ports = await linode.put(`/networking/firewalls/${fw.id}/rules`, { ...firewallRules, inbound: [{ ...firewallRules.inbound[0], ports: "22,70000" }] });
    expect(ports.body.errors).toEqual([{ field: "inbound[0].ports", reason: "Must be 1-65535" }]);
    expect((await linode.get(`/networking/firewalls/${fw.id}/rules`)).body).toEqual(fw.rules);
    expect(fields((await linode.post(`/networking/firewalls/${fw.id}/devices`, { type: "toaster" })).body)).toEqual(expect.arrayContaining(["type", "id"]));
    expect(fields((await linode.post(`/networking/firewalls/${fw.id}/devices`, { type: "linode", id: 31337 })).body)).toEqual(["id"]);
    expect((await linode.delete(`/networking/firewalls/${fw.id}/devices/31337`)).status).toBe(404);
    expect((await linode.get(`/networking/firewalls/${fw.id}`)).body).toEqual(fw);
});

test("domains and records are checked, and a refused one is not kept", async () => {
    const bad = await linode.post("/domains", { domain: "not a domain", type: "master" });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(expect.arrayContaining(["domain", "soa_email"]));
    expect(api.state.domains.size).toBe(0);

    const domain = (await linode.post("/domains", { domain: "example.com", type: "master", soa_email: "ops@example.com" })).body;
    expect(fields((await linode.post("/domains", { domain: "example.com", type: "master", soa_email: "ops@example.com" })).body)).toEqual(["domain"]);
    expect(fields((await linode.post(`/domains/${domain.id}/records`, { type: "Q", name: "www", target: "203.0.113.1" })).body)).toEqual(["type"]);
    expect(fields((await linode.post(`/domains/${domain.id}/records`, { type: "A", name: "www", target: "not-an-ip" })).body)).toEqual(["target"]);
    expect(fields((await linode.post(`/domains/${domain.id}/records`, { type: "A", name: "www", target: "203.0.113.1", ttl_sec: "300" })).body)).toEqual(["ttl_sec"]);
    expect((await linode.post("/domains/999999/records", { type: "A", name: "www", target: "203.0.113.1" })).status).toBe(404);
    expect((await linode.get(`/domains/${domain.id}/records`)).body.results).toBe(0);

    const record = (await linode.post(`/domains/${domain.id}/records`, { type: "A", name: "www", target: "203.0.113.1" })).body;
    expect(fields((await linode.put(`/domains/${domain.id}/records/${record.id}`, { target: "2001:db8::1" })).body)).toEqual(["target"]);
    expect((await linode.get(`/domains/${domain.id}/records/${record.id}`)).body.target).toBe("203.0.113.1");
    expect((await linode.put(`/domains/${domain.id}/records/999999`, { target: "203.0.113.2" })).status).toBe(404);
});

test("a resize to an unknown plan, or during another action, changes nothing", async () => {
    const id = (await linode.post("/linode/instances", instanceBody)).body.id;
    const busy = await linode.post(`/linode/instances/${id}/resize`, { type: "g6-standard-1" });
    expect(fields(busy.body)).toEqual([undefined]);
    expect([busy.status, busy.body.errors]).toEqual([400, [{ reason: "Linode busy." }]]); // still provisioning
    await linode.waitForStatus(id, "running");
    expect(fields((await linode.post(`/linode/instances/${id}/resize`, { type: "g6-huge-99" })).body)).toEqual(["type"]);
    expect(fields((await linode.post(`/linode/instances/${id}/resize`, { type: "g6-nanode-1" })).body)).toEqual(["type"]);
    expect(fields((await linode.put(`/linode/instances/${id}`, { label: "x" })).body)).toEqual(["label"]);
    const unknownDisk = await linode.post(`/linode/instances/${id}/disks/1/resize`, { size: "big" });
    expect(fields(unknownDisk.body)).toEqual([undefined]);
    expect([unknownDisk.status, unknownDisk.body.errors]).toEqual([404, [{ reason: "Not found" }]]);
    expect((await linode.get(`/linode/instances/${id}`)).body).toMatchObject({ type: "g6-nanode-1", label: "paas", status: "running" });
    expect(api.state.events.map(e => e.action)).toEqual(["linode_create"]);
});

test("no token is 401, unknown ids and paths are 404, broken JSON is 400", async () => {
    expect((await linode.get("/linode/instances", { token: null })).status).toBe(401);
    expect((await linode.get("/linode/instances", { token: "someone-else" })).body).toEqual({ errors: [{ reason: "Invalid Token" }] });
    expect((await linode.get("/linode/instances/4242")).body).toEqual({ errors: [{ reason: "Not found" }] });
    expect((await linode.get("/linode/instances/not-a-number")).status).toBe(404);
    expect((await linode.get("/regions/mars-1")).status).toBe(404);
    expect((await linode.get("/images/linode/beos5")).status).toBe(404);
    expect((await linode.get("/images/linode%2Fdebian12")).body.id).toBe("linode/debian12");
    expect((await linode.get("/volumes")).status).toBe(404);
    expect((await linode.call("POST", "/linode/instances", undefined, { rawBody: "{nope" })).status).toBe(400);
    expect((await linode.get("/linode/instances", { filter: { label: { "+near": "x" } } })).status).toBe(400);
    expect((await linode.get("/linode/types?page=9")).status).toBe(400);
    // All but the image lookup were refused, each recorded with its errors.
    expect(api.requests.filter(r => r.valid).map(r => r.path)).toEqual(["/v4/images/linode%2Fdebian12"]);
    expect(api.requests.filter(r => !r.valid).every(r => r.errors && r.errors.length > 0)).toBe(true);
});
