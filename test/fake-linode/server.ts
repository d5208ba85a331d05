// A stateful fake of Linode's API v4 on loopback, for the prod stack's tests. Every request body
// is validated with Linode's own schemas (@linode/validation, which Cloud Manager uses) and
// refused the way Linode refuses it: HTTP 400 with `errors: [{field, reason}]`.
import * as http from "http";
import { AddressInfo } from "net";
import * as v from "@linode/validation";

/** A request the fake received, and what it answered. */
export interface RecordedRequest {
    method: string;
    path: string;
    body: unknown;
    status: number;
    errors?: { field?: string; reason: string }[];
}

export interface FakeLinode {
    /** API base, such as http://127.0.0.1:PORT/v4 (the provider's `linode:url`). */
    url: string;
    requests: RecordedRequest[];
    state: State;
    stop(): Promise<void>;
}

interface State {
    instances: Map<number, any>;
    firewalls: Map<number, any>;
    domains: Map<number, any>;
    records: Map<number, any>;
}

export const regions = ["us-east", "us-central", "us-west", "eu-west", "eu-central", "ap-south"].map(id => ({
    id, label: id, country: id.slice(0, 2), status: "ok",
    capabilities: ["Linodes", "Cloud Firewall", "Metadata", "Block Storage"],
    resolvers: { ipv4: "192.0.2.1", ipv6: "2001:db8::1" },
}));

export const types = [
    ["g6-nanode-1", 1024, 25600, 1, 5], ["g6-standard-1", 2048, 51200, 1, 12], ["g6-standard-2", 4096, 81920, 2, 24],
].map(([id, memory, disk, vcpus, monthly]) => ({
    id, label: id, class: id === "g6-nanode-1" ? "nanode" : "standard", memory, disk, vcpus, transfer: 1000,
    network_out: 1000, gpus: 0, successor: null, addons: { backups: { price: { hourly: 0, monthly: 0 } } },
    price: { hourly: Number(monthly) / 730, monthly },
}));

class ApiError extends Error {
    constructor(readonly status: number, readonly errors: { field?: string; reason: string }[]) { super(errors[0]?.reason); }
}

async function check(schema: { validate(value: unknown, options: object): Promise<unknown> }, body: unknown): Promise<void> {
    try {
        await schema.validate(body, { abortEarly: false });
    } catch (e: any) {
        const inner: any[] = e.inner?.length ? e.inner : [e];
        throw new ApiError(400, inner.map(i => ({ field: i.path || undefined, reason: i.message || "Invalid value" })));
    }
}

const notFound = () => new ApiError(404, [{ reason: "Not found" }]);
const page = (data: unknown[]) => ({ data, page: 1, pages: 1, results: data.length });
const now = () => new Date().toISOString().slice(0, 19);

/** Starts the fake; instances report `instanceIpv4` as their public address. */
export async function startFakeLinode(opts: { instanceIpv4?: string } = {}): Promise<FakeLinode> {
    const ipv4 = opts.instanceIpv4 ?? "127.0.0.2";
    const state: State = { instances: new Map(), firewalls: new Map(), domains: new Map(), records: new Map() };
    const requests: RecordedRequest[] = [];
    let nextId = 1000;

    const get = <T>(map: Map<number, T>, id: string): T => {
        const item = map.get(Number(id));
        if (!item) throw notFound();
        return item;
    };

    async function route(method: string, path: string, body: any): Promise<[number, unknown]> {
        const p = path.replace(/\/+$/, "").split("/").slice(2); // drop "" and "v4"
        const [area, ...rest] = p;
        const key = `${method} ${[area, ...rest.map(s => (/^\d+$/.test(s) ? ":id" : s))].join("/")}`;
        switch (key) {
        case "GET regions": return [200, page(regions)];
        case "GET regions/:id": { const r = regions.find(x => x.id === rest[0]); if (!r) throw notFound(); return [200, r]; }
        case "GET profile": return [200, { username: "paas-test", email: "ops@example.com", restricted: false }];
        case "GET account/events": return [200, page([])];
        case "GET linode/types": return [200, page(types)];
        case "GET linode/types/:id": { const t = types.find(x => x.id === rest[1]); if (!t) throw notFound(); return [200, t]; }
        case "GET images/:id": return [200, { id: `${rest[0]}/${rest[1] ?? ""}`.replace(/\/$/, ""), label: "Debian 12", capabilities: ["cloud-init"], status: "available" }];

        case "POST linode/instances": {
            await check(v.CreateLinodeSchema, body);
            if (!regions.some(r => r.id === body.region)) throw new ApiError(400, [{ field: "region", reason: "region is not valid" }]);
            if (!types.some(t => t.id === body.type)) throw new ApiError(400, [{ field: "type", reason: "A valid plan type by that ID was not found" }]);
            const id = nextId++;
            const instance = {
                id, label: body.label ?? `linode${id}`, region: body.region, type: body.type, image: body.image ?? null,
                status: "provisioning", ipv4: [ipv4], ipv6: "2001:db8::2/128", group: "", tags: body.tags ?? [],
                created: now(), updated: now(), hypervisor: "kvm", watchdog_enabled: true, alerts: {}, backups: { enabled: false, schedule: {} },
                specs: { disk: 25600, memory: 1024, vcpus: 1, transfer: 1000, gpus: 0 }, host_uuid: "fake", has_user_data: Boolean(body.metadata?.user_data),
            };
            state.instances.set(id, instance);
            return [200, instance];
        }
        case "GET linode/instances": return [200, page([...state.instances.values()])];
        case "GET linode/instances/:id": {
            const instance = get(state.instances, rest[1]);
            instance.status = "running"; // booted by the time anyone polls
            return [200, instance];
        }
        case "PUT linode/instances/:id": {
            await check(v.UpdateLinodeSchema, body);
            return [200, Object.assign(get(state.instances, rest[1]), body, { updated: now() })];
        }
        case "DELETE linode/instances/:id": {
            get(state.instances, rest[1]);
            state.instances.delete(Number(rest[1]));
            for (const fw of state.firewalls.values()) fw.devices = fw.devices.filter((d: any) => d.entity.id !== Number(rest[1]));
            return [200, {}];
        }
        case "POST linode/instances/:id/resize": {
            const instance = get(state.instances, rest[1]);
            if (!types.some(t => t.id === body?.type)) throw new ApiError(400, [{ field: "type", reason: "A valid plan type by that ID was not found" }]);
            instance.type = body.type;
            return [200, {}];
        }
        case "POST linode/instances/:id/boot": case "POST linode/instances/:id/reboot": case "POST linode/instances/:id/shutdown":
            get(state.instances, rest[1]);
            return [200, {}];
        case "GET linode/instances/:id/configs": case "GET linode/instances/:id/disks":
            get(state.instances, rest[1]);
            return [200, page([])];
        case "GET linode/instances/:id/ips": {
            const instance = get(state.instances, rest[1]);
            return [200, { ipv4: { public: [{ address: instance.ipv4[0], type: "ipv4", public: true, linode_id: instance.id, region: instance.region }], private: [], shared: [], reserved: [] }, ipv6: null }];
        }
        case "GET linode/instances/:id/firewalls": {
            const id = get(state.instances, rest[1]).id;
            return [200, page([...state.firewalls.values()].filter(fw => fw.devices.some((d: any) => d.entity.id === id)))];
        }

        case "POST networking/firewalls": {
            await check(v.CreateFirewallSchema, body);
            const id = nextId++;
            const devices = (body.devices?.linodes ?? []).map((linodeId: number) => {
                get(state.instances, String(linodeId));
                return { id: nextId++, entity: { id: linodeId, type: "linode", label: "", url: "" }, created: now(), updated: now() };
            });
            const firewall = { id, label: body.label, status: "enabled", tags: body.tags ?? [], rules: body.rules, devices, created: now(), updated: now(), entities: [] };
            state.firewalls.set(id, firewall);
            return [200, firewall];
        }
        case "GET networking/firewalls": return [200, page([...state.firewalls.values()])];
        case "GET networking/firewalls/:id": return [200, get(state.firewalls, rest[1])];
        case "PUT networking/firewalls/:id": {
            await check(v.UpdateFirewallSchema, body);
            return [200, Object.assign(get(state.firewalls, rest[1]), body, { updated: now() })];
        }
        case "DELETE networking/firewalls/:id": get(state.firewalls, rest[1]); state.firewalls.delete(Number(rest[1])); return [200, {}];
        case "GET networking/firewalls/:id/rules": return [200, get(state.firewalls, rest[1]).rules];
        case "PUT networking/firewalls/:id/rules": {
            await check(v.FirewallRuleSchema, body);
            const fw = get(state.firewalls, rest[1]);
            fw.rules = body;
            return [200, fw.rules];
        }
        case "GET networking/firewalls/:id/devices": return [200, page(get(state.firewalls, rest[1]).devices)];
        case "POST networking/firewalls/:id/devices": {
            await check(v.CreateFirewallDeviceSchema, body);
            const fw = get(state.firewalls, rest[1]);
            get(state.instances, String(body.id));
            const device = { id: nextId++, entity: { id: body.id, type: body.type, label: "", url: "" }, created: now(), updated: now() };
            fw.devices.push(device);
            return [200, device];
        }
        case "DELETE networking/firewalls/:id/devices/:id": {
            const fw = get(state.firewalls, rest[1]);
            fw.devices = fw.devices.filter((d: any) => d.id !== Number(rest[3]));
            return [200, {}];
        }

        case "POST domains": {
            await check(v.createDomainSchema, body);
            const id = nextId++;
            const domain = { id, type: "master", status: "active", tags: [], ttl_sec: 0, refresh_sec: 0, retry_sec: 0, expire_sec: 0,
                description: "", axfr_ips: [], master_ips: [], group: "", ...body };
            state.domains.set(id, domain);
            return [200, domain];
        }
        case "GET domains": return [200, page([...state.domains.values()])];
        case "GET domains/:id": return [200, get(state.domains, rest[0])];
        case "PUT domains/:id": {
            await check(v.updateDomainSchema, body);
            return [200, Object.assign(get(state.domains, rest[0]), body)];
        }
        case "DELETE domains/:id": {
            get(state.domains, rest[0]);
            state.domains.delete(Number(rest[0]));
            for (const [id, r] of state.records) if (r.domain_id === Number(rest[0])) state.records.delete(id);
            return [200, {}];
        }
        case "POST domains/:id/records": {
            get(state.domains, rest[0]);
            await check(v.createRecordSchema, body);
            const id = nextId++;
            const record = { id, domain_id: Number(rest[0]), name: "", target: "", priority: 0, weight: 0, port: 0, service: null,
                protocol: null, ttl_sec: 0, tag: null, created: now(), updated: now(), ...body };
            state.records.set(id, record);
            return [200, record];
        }
        case "GET domains/:id/records":
            get(state.domains, rest[0]);
            return [200, page([...state.records.values()].filter(r => r.domain_id === Number(rest[0])))];
        case "GET domains/:id/records/:id": return [200, get(state.records, rest[2])];
        case "PUT domains/:id/records/:id": {
            await check(v.updateRecordSchema, body);
            return [200, Object.assign(get(state.records, rest[2]), body, { updated: now() })];
        }
        case "DELETE domains/:id/records/:id": get(state.records, rest[2]); state.records.delete(Number(rest[2])); return [200, {}];
        }
        throw notFound();
    }

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", c => chunks.push(c));
        req.on("end", async () => {
            const path = (req.url ?? "/").split("?")[0];
            let body: unknown;
            let status: number, payload: unknown;
            try {
                const text = Buffer.concat(chunks).toString("utf8");
                body = text ? JSON.parse(text) : undefined;
                if (!/^Bearer \S+$/.test(req.headers.authorization ?? "")) throw new ApiError(401, [{ reason: "Invalid Token" }]);
                [status, payload] = await route(req.method ?? "GET", path, body);
            } catch (e) {
                const err = e instanceof ApiError ? e : new ApiError(400, [{ reason: e instanceof Error ? e.message : String(e) }]);
                status = err.status;
                payload = { errors: err.errors };
            }
            requests.push({ method: req.method ?? "GET", path, body, status, ...(status >= 400 ? { errors: (payload as any).errors } : {}) });
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(payload));
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}/v4`, requests, state,
        stop: () => new Promise(resolve => server.close(() => resolve())),
    };
}
