// The prod stack (stacks/index.ts with Pulumi.prod.yaml's example config) through the real
// engine and the linode, command and random plugins, against the fake Linode API. The Linode's
// address is a loopback address of its own (from the fake's address pool) whose SSH and HTTP
// ports lead to a local Debian 12 host: the bootstrap and the sample app run there, over SSH,
// exactly as on the Linode.
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { FakeLinode, RecordedRequest, startFakeLinode } from "../../fake-linode/server";
import { PulumiProject } from "../pulumi-cli";
import { configure, pointAt, pulumi, resources, testToken } from "./engine";
import { forward, Forwarder } from "./forward";

jest.setTimeout(1_800_000);

const repoRoot = path.resolve(__dirname, "../../..");
// Not 127.0.0.1: the Linode's address must differ from the machine's own services.
const linodeAddress = "127.0.0.42";

let api: FakeLinode;
let host: TestHost;
let tunnel: Forwarder;
let project: PulumiProject;

const writes = (rs: RecordedRequest[]) => rs.filter(r => r.method !== "GET").map(r => `${r.method} ${r.path.replace(/\d+/g, "N")}`);
const refused = (rs: RecordedRequest[]) => rs.filter(r => !r.valid).map(r => `${r.status} ${r.method} ${r.path}${r.query} ${JSON.stringify(r.errors)}`);

/** GET / of an app by its hostname, at the Linode's address. */
function visit(hostname: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: linodeAddress, port: 80, path: "/", headers: { Host: hostname }, agent: false }, res => {
            let body = "";
            res.on("data", d => (body += d));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
    });
}

beforeAll(async () => {
    api = await startFakeLinode({ token: testToken, ipv4Pool: [linodeAddress] });
    host = await startBootstrappedHost({ name: `paas-e2e-linode-${process.pid}` });
    // The sample app's Dockerfile builds FROM this image; a Linode would pull it.
    host.loadImage("debian:bookworm-slim");
    tunnel = await forward(linodeAddress, [[22, host.sshPort], [80, host.httpPort]]);
    project = PulumiProject.ofRepository("prod");
    fs.copyFileSync(path.join(repoRoot, "Pulumi.prod.yaml"), path.join(project.dir, "Pulumi.prod.yaml"));
    await pulumi(project, ["stack", "init", "prod"]);
    await pointAt(project, api);
    // The example config as it is, but for the keys (the host's own) and swap (none in a container).
    const publicKey = fs.readFileSync(`${host.privateKeyPath}.pub`, "utf8").trim();
    await configure(project, { "paas:sshPublicKeys": JSON.stringify([publicKey]), "paas:swapMiB": "0" },
        { "paas:sshPrivateKey": fs.readFileSync(host.privateKeyPath, "utf8") });
});

afterAll(async () => {
    project?.remove();
    await tunnel?.close();
    host?.stop();
    await api?.stop();
});

test("up makes the Linode, firewall and DNS through the plugin, then bootstraps it over SSH and the sample app answers", async () => {
    await pulumi(project, ["up", "--yes"]);
    expect(refused(api.requests)).toEqual([]);
    const [inst] = api.state.instances.values();
    expect(api.state.instances.size).toBe(1);
    expect(inst).toMatchObject({ region: "us-east", type: "g6-nanode-1", status: "running", ipv4: [linodeAddress] });
    expect([...api.state.firewalls.values()].map(f => f.entities.map(e => e.id))).toEqual([[inst.id]]);
    const [zone] = api.state.domains.values();
    expect(zone.domain).toBe("example.com");
    expect([...api.state.records.get(zone.id)!.values()].map(r => `${r.name} ${r.target}`).sort()).toEqual([` ${linodeAddress}`, `* ${linodeAddress}`]);
    // The platform is on the host, reached at the Linode's address.
    expect((await host.exec("systemctl is-active docker nginx postgresql")).stdout.trim().split("\n")).toEqual(["active", "active", "active"]);
    expect(await visit("sample.example.com")).toMatchObject({ status: 200, body: expect.stringContaining("Hello from paas") });
    const out = JSON.parse((await pulumi(project, ["stack", "output", "--json"])).stdout);
    expect(out.serverIpv4).toBe(linodeAddress);
});

test("a config var change and a new domain touch no Linode resource", async () => {
    await configure(project, { "paas:sampleGreeting": "Hello again", "paas:sampleDomains": JSON.stringify(["www.example.org"]) });
    const mark = api.requests.length;
    const preview = await pulumi(project, ["preview", "--diff"]);
    expect(preview.stdout).not.toMatch(/^\s*[~+-]+\s+linode:/m);
    await pulumi(project, ["up", "--yes"]);
    expect(writes(api.requests.slice(mark))).toEqual([]);
    expect(refused(api.requests.slice(mark))).toEqual([]);
    expect((await visit("sample.example.com")).body).toContain("Hello again");
    expect((await visit("www.example.org")).body).toContain("Hello again");
});

test("a plan change resizes the Linode in place; it is running after, and the app still answers", async () => {
    const [before] = api.state.instances.values();
    const id = before.id;
    await configure(project, { "paas:plan": "g6-standard-1" });
    const mark = api.requests.length;
    await pulumi(project, ["up", "--yes"]);
    expect(refused(api.requests.slice(mark))).toEqual([]);
    expect(writes(api.requests.slice(mark))).toContain("POST /vN/linode/instances/N/resize");
    expect([...api.state.instances.values()]).toEqual([expect.objectContaining({ id, type: "g6-standard-1", status: "running" })]);
    expect((await visit("sample.example.com")).status).toBe(200);
});

test("destroy deletes every Linode resource it made", async () => {
    await pulumi(project, ["destroy", "--yes"]);
    expect(api.state.instances.size + api.state.firewalls.size + api.state.domains.size).toBe(0);
    expect((await resources(project)).filter(r => r.type.startsWith("linode:"))).toEqual([]);
    expect(refused(api.requests)).toEqual([]);
});
