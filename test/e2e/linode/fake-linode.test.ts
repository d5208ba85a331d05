// The fake Linode API driven through the prod stack's whole life, in the order and with the
// bodies the Linode provider sends: region lookup, instance (polled until running), firewall,
// DNS zone with apex and wildcard A records, a record update, a resize, then everything deleted.
import { FakeLinode, startFakeLinode } from "../../fake-linode/server";
import { LinodeClient } from "./client";
import { allow, firewallRules, instanceBody } from "./fixtures";

let api: FakeLinode;
let linode: LinodeClient;

beforeEach(async () => {
    api = await startFakeLinode({ instanceIpv4: "203.0.113.10" });
    linode = new LinodeClient(api);
});
afterEach(async () => api.stop());

test("the prod stack's life: create, read back, change, resize, delete", async () => {
    // linode.getRegion: the stack sends first-boot data only where Metadata is offered.
    const region = await linode.get("/regions/us-east");
    expect(region.body.capabilities).toContain("Metadata");

    // linode.Instance: created booted, then polled until running.
    const created = await linode.post("/linode/instances", instanceBody);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ label: "paas", status: "provisioning", ipv4: ["203.0.113.10"], type: "g6-nanode-1", has_user_data: true, tags: ["paas"] });
    const id: number = created.body.id;
    expect(await linode.waitForStatus(id, "running")).toEqual(["provisioning", "running"]);
    const createEvent = (await linode.get("/account/events", { filter: { "entity.id": id, action: "linode_create" } })).body.data;
    expect(createEvent).toMatchObject([{ status: "finished", entity: { type: "linode", id, label: "paas" } }]);

    // What the provider reads back after create.
    const ips = (await linode.get(`/linode/instances/${id}/ips`)).body;
    expect(ips.ipv4.public.map((a: { address: string }) => a.address)).toEqual(["203.0.113.10"]);
    expect(ips.ipv4.private).toEqual([]);
    const disks = (await linode.get(`/linode/instances/${id}/disks`)).body;
    expect(disks.data.map((d: { filesystem: string }) => d.filesystem)).toEqual(["ext4", "swap"]);
    expect(disks.data[0].size + disks.data[1].size).toBe(25600);
    const configs = (await linode.get(`/linode/instances/${id}/configs`)).body;
    expect(configs).toMatchObject({ page: 1, pages: 1, results: 1, data: [{ devices: { sda: { disk_id: disks.data[0].id } } }] });

    // linode.Firewall, attached to the instance.
    const firewall = await linode.post("/networking/firewalls", { label: "paas-firewall", rules: firewallRules, tags: [], devices: { linodes: [id] } });
    expect(firewall.status).toBe(200);
    expect(firewall.body).toMatchObject({ status: "enabled", entities: [{ id, type: "linode" }], rules: { inbound_policy: "DROP", version: 1 } });
    const fwId: number = firewall.body.id;
    expect((await linode.get(`/linode/instances/${id}/firewalls`)).body.data.map((f: { id: number }) => f.id)).toEqual([fwId]);
    expect((await linode.get(`/networking/firewalls/${fwId}/devices`)).body.data).toMatchObject([{ entity: { id, type: "linode" } }]);
    const rules = await linode.put(`/networking/firewalls/${fwId}/rules`, { ...firewallRules, inbound: [...firewallRules.inbound, allow("alt-http", "8080-8081")] });
    expect(rules.body).toMatchObject({ version: 2, inbound: { length: 4 } });
    expect((await linode.get(`/networking/firewalls/${fwId}/rules`)).body.fingerprint).toBe(rules.body.fingerprint);

    // linode.Domain and linode.DomainRecord for the apex and the wildcard.
    const domain = await linode.post("/domains", { domain: "paas.example.com", type: "master", soa_email: "ops@example.com" });
    expect(domain.status).toBe(200);
    const domainId: number = domain.body.id;
    for (const name of ["", "*"]) {
        const r = await linode.post(`/domains/${domainId}/records`, { type: "A", name, target: "203.0.113.10", ttl_sec: 300 });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ type: "A", name, target: "203.0.113.10", ttl_sec: 300, priority: 0 });
    }
    const records = (await linode.get(`/domains/${domainId}/records`)).body;
    expect(records.results).toBe(2);
    const wildcard = records.data.find((r: { name: string }) => r.name === "*");
    const moved = await linode.put(`/domains/${domainId}/records/${wildcard.id}`, { type: "A", name: "*", target: "203.0.113.11", ttl_sec: 300 });
    expect(moved.body).toMatchObject({ id: wildcard.id, target: "203.0.113.11" });
    expect((await linode.get(`/domains/${domainId}/records/${wildcard.id}`)).body.target).toBe("203.0.113.11");

    // A plan change: the provider shuts down, resizes (waiting on the event), and boots again.
    expect((await linode.get("/linode/types/g6-standard-1")).body.disk).toBe(51200);
    await linode.post(`/linode/instances/${id}/shutdown`);
    expect(await linode.waitForStatus(id, "offline")).toEqual(["shutting_down", "offline"]);
    const resize = await linode.eventPoller("linode", id, "linode_resize");
    expect((await linode.post(`/linode/instances/${id}/resize`, { type: "g6-standard-1", allow_auto_disk_resize: false })).status).toBe(200);
    expect(await resize.wait()).toMatchObject({ action: "linode_resize", status: "finished", entity: { id } });
    expect((await linode.get(`/linode/instances/${id}`)).body).toMatchObject({ type: "g6-standard-1", status: "offline", specs: { disk: 51200, memory: 2048 } });
    expect((await linode.get(`/linode/instances/${id}/disks`)).body.data[0].size).toBe(disks.data[0].size); // not auto-resized
    await linode.post(`/linode/instances/${id}/boot`);
    await linode.waitForStatus(id, "running");

    // Deleting: the domain takes its records along; the instance leaves its firewall.
    expect((await linode.delete(`/domains/${domainId}`)).status).toBe(200);
    expect((await linode.get(`/domains/${domainId}/records`)).status).toBe(404);
    expect(api.state.records.size).toBe(0);
    const deletion = await linode.eventPoller("linode", id, "linode_delete");
    expect((await linode.delete(`/linode/instances/${id}`)).status).toBe(200);
    await deletion.wait();
    expect((await linode.get(`/linode/instances/${id}`)).status).toBe(404);
    expect((await linode.get(`/networking/firewalls/${fwId}`)).body.entities).toEqual([]);
    expect((await linode.get(`/networking/firewalls/${fwId}/devices`)).body.results).toBe(0);
    expect((await linode.delete(`/networking/firewalls/${fwId}`)).status).toBe(200);

    for (const list of ["/linode/instances", "/networking/firewalls", "/domains"]) {
        expect((await linode.get(list)).body).toEqual({ data: [], page: 1, pages: 1, results: 0 });
    }
    // Every call was accepted but the two reads of deleted things, and the recorded create is what was sent.
    expect(api.requests.filter(r => !r.valid).map(r => `${r.status} ${r.method} ${r.path}`))
        .toEqual([`404 GET /v4/domains/${domainId}/records`, `404 GET /v4/linode/instances/${id}`]);
    const post = api.requests.find(r => r.method === "POST" && r.path === "/v4/linode/instances");
    expect(post).toMatchObject({ body: instanceBody, status: 200, valid: true, response: { id, status: "provisioning" } });
    expect(api.requests.filter(r => r.path === "/v4/account/events" && r.filter).length).toBeGreaterThan(0);
    // The X-Filter header is recorded as sent.
    expect(api.requests.filter(r => r.path === "/v4/account/events" && r.filter).map(r => JSON.parse(r.filter!)))
        .toContainEqual({ "entity.id": id, action: "linode_create" });
});

test("events are filtered and ordered the way linodego asks", async () => {
    const a = (await linode.post("/linode/instances", { ...instanceBody, label: "one" })).body.id;
    const b = (await linode.post("/linode/instances", { ...instanceBody, label: "two" })).body.id;
    const since = new Date(Date.now() - 60_000).toISOString().slice(0, 19);
    const filter = { "+and": [{ action: "linode_create" }, { created: { "+gte": since } }], "+order_by": "id", "+order": "desc" };
    const events = (await linode.get("/account/events", { filter })).body.data;
    expect(events.map((e: { entity: { id: number } }) => e.entity.id)).toEqual([b, a]);
    expect((await linode.get("/account/events", { filter: { created: { "+gt": "2999-01-01T00:00:00" } } })).body.results).toBe(0);
    expect((await linode.get("/linode/instances", { filter: { label: "two" } })).body.data.map((i: { id: number }) => i.id)).toEqual([b]);
    expect((await linode.get("/linode/instances", { filter: { tags: "paas" } })).body.results).toBe(2);
    expect((await linode.get("/linode/instances", { filter: { "+or": [{ label: "one" }, { label: { "+contains": "tw" } }] } })).body.results).toBe(2);
    expect((await linode.get("/linode/types?page=1&page_size=25")).body).toMatchObject({ page: 1, pages: 1, results: 4 });
});

test("disks: an automatic resize grows the main disk; a disk resize wants the Linode offline and room for it", async () => {
    const quick = await startFakeLinode({ busyPolls: 0 });
    try {
        const client = new LinodeClient(quick);
        const instance = (await client.post("/linode/instances", instanceBody)).body;
        expect(instance.ipv4).toEqual(["127.0.0.2"]);
        expect(await client.waitForStatus(instance.id, "running")).toEqual(["running"]);
        const [main, swap] = (await client.get(`/linode/instances/${instance.id}/disks`)).body.data;
        const running = await client.post(`/linode/instances/${instance.id}/disks/${main.id}/resize`, { size: 20000 });
        expect(fieldsOf(running)).toEqual([undefined]);
        expect([running.status, running.body.errors]).toEqual([400, [{ reason: "Linode busy." }]]); // running, not offline
        await client.post(`/linode/instances/${instance.id}/resize`, { type: "g6-standard-2", allow_auto_disk_resize: true });
        expect(await client.waitForStatus(instance.id, "running")).toEqual(["running"]);
        expect((await client.get(`/linode/instances/${instance.id}/disks/${main.id}`)).body.size).toBe(81920 - swap.size);

        await client.post(`/linode/instances/${instance.id}/shutdown`);
        await client.waitForStatus(instance.id, "offline");
        expect(fieldsOf(await client.post(`/linode/instances/${instance.id}/disks/${main.id}/resize`, { size: "big" }))).toEqual(["size"]);
        expect(fieldsOf(await client.post(`/linode/instances/${instance.id}/disks/${main.id}/resize`, { size: 81920 }))).toEqual(["size"]);
        const poller = await client.eventPoller("linode", instance.id, "disk_resize");
        expect((await client.post(`/linode/instances/${instance.id}/disks/${main.id}/resize`, { size: 30000 })).body).toMatchObject({ status: "resizing" });
        expect(await poller.wait()).toMatchObject({ secondary_entity: { id: main.id, type: "disk" } });
        expect((await client.get(`/linode/instances/${instance.id}/disks/${main.id}`)).body).toMatchObject({ size: 30000, status: "ready" });
    } finally {
        await quick.stop();
    }
});

const fieldsOf = (a: { body: { errors?: { field?: string }[] } }) => (a.body.errors ?? []).map(e => e.field);

