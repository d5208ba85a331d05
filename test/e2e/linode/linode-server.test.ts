// LinodeServer through the real engine and the linode plugin, against the fake Linode API:
// what each change does to the Linode and what Linode is asked, with every request checked
// by Linode's own schemas.
import { FakeLinode, RecordedRequest, startFakeLinode } from "../../fake-linode/server";
import { PulumiProject } from "../pulumi-cli";
import { configure, linodeServerProject, pointAt, pulumi, resources } from "./engine";

jest.setTimeout(600_000);

const key1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyNumberOne0000000000000000000000000 one@laptop";
const key2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyNumberTwo0000000000000000000000000 two@laptop";

let api: FakeLinode;
let project: PulumiProject;

beforeAll(async () => {
    api = await startFakeLinode({ token: "fake-linode-test-token" });
    project = linodeServerProject("server");
    await pulumi(project, ["stack", "init", "server"]);
    await pointAt(project, api);
    await configure(project, { "test:authorizedKeys": JSON.stringify([key1]), "test:dnsDomain": "example.com" }, { "test:privateKey": "PRIVATE KEY" });
});

afterAll(async () => {
    project?.remove();
    await api?.stop();
});

/** The requests since MARK (an index into api.requests). */
const since = (mark: number) => api.requests.slice(mark);
const writes = (rs: RecordedRequest[]) => rs.filter(r => r.method !== "GET").map(r => `${r.method} ${r.path.replace(/\d+/g, "N")}`);
const refused = (rs: RecordedRequest[]) => rs.filter(r => !r.valid).map(r => `${r.status} ${r.method} ${r.path}${r.query} ${JSON.stringify(r.errors)}`);
const instances = () => [...api.state.instances.values()];

test("up creates the Linode (running), its firewall and the DNS zone with apex and wildcard records", async () => {
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    const rs = since(mark);
    expect(refused(rs)).toEqual([]);
    expect(writes(rs).sort()).toEqual([
        "POST /vN/domains", "POST /vN/domains/N/records", "POST /vN/domains/N/records", "POST /vN/linode/instances", "POST /vN/networking/firewalls",
    ]);
    const [inst] = instances();
    expect(instances()).toHaveLength(1);
    expect(inst).toMatchObject({ region: "us-east", type: "g6-nanode-1", image: "linode/debian12", status: "running", tags: ["paas"] });
    expect(inst.label).toMatch(/^paas-[0-9a-f]{8}$/);
    const create = rs.find(r => r.method === "POST" && r.path === "/v4/linode/instances")!;
    expect(create.body).toMatchObject({ booted: true, authorized_keys: [key1], metadata: { user_data: expect.any(String) } });
    expect(String((create.body as { root_pass: string }).root_pass)).toHaveLength(40);
    // The configure-time call Linode's provider makes, answered as Linode answers it.
    expect(rs.find(r => r.path === "/v4/linode/types" && r.query === "?page=100")).toMatchObject({ status: 200, response: { data: [], page: 100 } });

    const [fw] = api.state.firewalls.values();
    expect(fw.label).toBe("paas-firewall");
    expect(fw.entities.map(e => e.id)).toEqual([inst.id]);
    expect(fw.rules.inbound.map(r => r.ports)).toEqual(["22", "80", "443"]);
    const [zone] = api.state.domains.values();
    expect(zone).toMatchObject({ domain: "example.com", type: "master", soa_email: "ops@example.com" });
    const records = [...api.state.records.get(zone.id)!.values()].map(r => `${r.type} '${r.name}' ${r.target}`).sort();
    expect(records).toEqual([`A '' ${inst.ipv4[0]}`, `A '*' ${inst.ipv4[0]}`]);

    const out = JSON.parse((await pulumi(project, ["stack", "output", "--json"])).stdout);
    expect(out).toEqual({ ipv4: inst.ipv4[0], instanceId: String(inst.id) });
});

test("an up with nothing changed asks Linode for nothing but lookups", async () => {
    const mark = api.requests.length;
    const preview = await pulumi(project, ["preview", "--diff"]);
    expect(preview.stdout).not.toMatch(/[~+-] linode:/);
    await pulumi(project, ["up", "--yes"]);
    expect(writes(since(mark))).toEqual([]);
    expect(refused(since(mark))).toEqual([]);
});

test("a plan change resizes the Linode in place and leaves it running", async () => {
    const before = instances()[0];
    await configure(project, { "test:plan": "g6-standard-2" });
    const preview = await pulumi(project, ["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ linode:index\/instance:Instance/);
    expect(preview.stdout).not.toMatch(/\+-\s*linode:index\/instance/);
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    const rs = since(mark);
    expect(refused(rs)).toEqual([]);
    // A bigger disk: Linode's provider reboots after the resize itself.
    expect(writes(rs)).toEqual([
        "POST /vN/linode/instances/N/shutdown", "POST /vN/linode/instances/N/resize",
        "PUT /vN/linode/instances/N/configs/N", "POST /vN/linode/instances/N/reboot",
    ]);
    expect(instances()).toEqual([expect.objectContaining({ id: before.id, type: "g6-standard-2", status: "running", specs: expect.objectContaining({ disk: 81920 }) })]);
});

test("a plan change that is not an upsize also ends running, booted again", async () => {
    await configure(project, { "test:plan": "g6-dedicated-2" });
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    const rs = since(mark);
    expect(refused(rs)).toEqual([]);
    // Left offline by the resize (no reboot for the same disk), then booted because booted is set.
    expect(writes(rs)).toEqual([
        "POST /vN/linode/instances/N/shutdown", "POST /vN/linode/instances/N/resize",
        "PUT /vN/linode/instances/N/configs/N", "POST /vN/linode/instances/N/boot",
    ]);
    expect(instances()[0]).toMatchObject({ type: "g6-dedicated-2", status: "running" });
});

test("a region change migrates the Linode in place; its new address reaches the DNS records", async () => {
    const before = structuredClone(instances()[0]);
    await configure(project, { "test:region": "eu-central" });
    const preview = await pulumi(project, ["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ linode:index\/instance:Instance/);
    expect(preview.stdout).toMatch(/~ region\s*: "us-east" => "eu-central"/);
    expect(preview.stdout).not.toMatch(/\+-\s*linode:index\/instance/);
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    const rs = since(mark);
    expect(refused(rs)).toEqual([]);
    expect(writes(rs)).toEqual([
        "POST /vN/linode/instances/N/migrate", "PUT /vN/linode/instances/N/configs/N",
        "PUT /vN/domains/N/records/N", "PUT /vN/domains/N/records/N",
    ]);
    const after = instances()[0];
    expect(after).toMatchObject({ id: before.id, label: before.label, region: "eu-central", status: "running" });
    expect(after.ipv4[0]).not.toBe(before.ipv4[0]);
    const [zone] = api.state.domains.values();
    expect([...api.state.records.get(zone.id)!.values()].map(r => r.target)).toEqual([after.ipv4[0], after.ipv4[0]]);
});

test("a key change replaces the Linode, the new one made first under a label of its own", async () => {
    const before = instances()[0];
    await configure(project, { "test:authorizedKeys": JSON.stringify([key2]) });
    const preview = await pulumi(project, ["preview", "--diff"]);
    expect(preview.stdout).toMatch(/\+-\s*linode:index\/instance:Instance/);
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    const rs = since(mark);
    expect(refused(rs)).toEqual([]);
    const [after] = instances();
    expect(instances()).toHaveLength(1);
    expect(after.id).not.toBe(before.id);
    expect(after.label).not.toBe(before.label);
    expect(after).toMatchObject({ region: "eu-central", type: "g6-dedicated-2", status: "running" });
    // Created before the old one was deleted, and the firewall moved over to it.
    const order = writes(rs);
    expect(order.indexOf("POST /vN/linode/instances")).toBeLessThan(order.indexOf("DELETE /vN/linode/instances/N"));
    expect([...api.state.firewalls.values()][0].entities.map(e => e.id)).toEqual([after.id]);
});

test.each([
    ["region", "test:region", "xx-nowhere", "region: Linode has no region xx-nowhere"],
    ["plan", "test:plan", "g6-huge-99", "property type value {g6-huge-99} has a problem: Linode has no plan \"g6-huge-99\""],
])("a %s Linode does not have fails at preview naming the field, and nothing is made", async (_what, key, value, message) => {
    // A fake of its own: the lookups refused here stay out of the main one's record.
    const other = await startFakeLinode({ token: "fake-linode-test-token" });
    const fresh = linodeServerProject(`bad-${value}`);
    try {
        await pulumi(fresh, ["stack", "init", `bad-${value}`]);
        await pointAt(fresh, other);
        await configure(fresh, { "test:authorizedKeys": JSON.stringify([key1]), [key]: value }, { "test:privateKey": "K" });
        const r = await pulumi(fresh, ["up", "--yes"], { allowFail: true });
        expect(r.code).not.toBe(0);
        expect(r.stdout + r.stderr).toContain(message);
        expect(r.stdout).toMatch(/Previewing update/);
        expect(r.stdout).not.toMatch(/Updating \(/); // the preview failed: the update never began
        expect(writes(other.requests)).toEqual([]);
        expect((await resources(fresh)).filter(x => !x.type.startsWith("pulumi:"))).toEqual([]);
    } finally {
        fresh.remove();
        await other.stop();
    }
});

test("destroy deletes every Linode resource it made", async () => {
    const mark = api.requests.length;
    await pulumi(project, ["destroy", "--yes"]);
    expect(refused(since(mark))).toEqual([]);
    expect(writes(since(mark)).sort()).toEqual([
        "DELETE /vN/domains/N", "DELETE /vN/domains/N/records/N", "DELETE /vN/domains/N/records/N",
        "DELETE /vN/linode/instances/N", "DELETE /vN/networking/firewalls/N",
    ]);
    expect(api.state.instances.size + api.state.firewalls.size + api.state.domains.size).toBe(0);
    // Over the whole life, every request Linode was sent passed its schemas.
    expect(refused(api.requests)).toEqual([]);
});
