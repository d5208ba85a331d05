// Cloud Firewalls: the firewall, its rule set (versioned, with a fingerprint) and its devices.
// A Linode can be a device of one firewall only; deleting the Linode removes it from its firewall.
import { createHash } from "crypto";
import * as v from "@linode/validation";
import { find, id, invalid, list, notFound, Request, Route, route, validate } from "./api";
import { Firewall, FirewallDevice, FirewallRule, FirewallRules, firewallEntity, Instance, linodeEntity, now, State } from "./state";

interface RulesInput {
    inbound?: FirewallRule[];
    inbound_policy: string;
    outbound?: FirewallRule[];
    outbound_policy: string;
}

/** The ports check Linode runs (the schema skips it): Linode's own helper from @linode/validation. */
function checkPorts(rules: Partial<RulesInput>, prefix: string): void {
    for (const direction of ["inbound", "outbound"] as const) {
        (rules[direction] ?? []).forEach((rule, n) => {
            if (rule.ports !== undefined && rule.ports !== null && !v.isCustomPortsValid(rule.ports)) {
                throw invalid(`${prefix}${direction}[${n}].ports`, v.CUSTOM_PORTS_ERROR_MESSAGE || "Invalid ports");
            }
        });
    }
}

function ruleSet(input: RulesInput, version: number): FirewallRules {
    const rules = {
        inbound: input.inbound ?? [], inbound_policy: input.inbound_policy as FirewallRules["inbound_policy"],
        outbound: input.outbound ?? [], outbound_policy: input.outbound_policy as FirewallRules["outbound_policy"],
    };
    return { ...rules, version, fingerprint: createHash("sha256").update(JSON.stringify(rules)).digest("hex").slice(0, 8) };
}

/** The firewalls a Linode is a device of. */
export const firewallsOf = (state: State, linodeId: number): Firewall[] =>
    [...state.firewalls.values()].filter(f => (state.devices.get(f.id) ?? []).some(d => d.entity.type === "linode" && d.entity.id === linodeId));

function refreshEntities(state: State, firewall: Firewall): void {
    firewall.entities = (state.devices.get(firewall.id) ?? []).map(d => d.entity);
}

/** Refuses a Linode that does not exist or already has a firewall (`field` names it in the error). */
function checkAttachable(state: State, linodeId: unknown, field: string): Instance {
    const instance = typeof linodeId === "number" ? state.instances.get(linodeId) : undefined;
    if (!instance) throw invalid(field, `Linode ${String(linodeId)} not found`);
    if (firewallsOf(state, instance.id).length > 0) throw invalid(field, `Linode ${instance.id} already has an assigned firewall`);
    return instance;
}

export function attachLinode(state: State, firewallId: number, instance: Instance): FirewallDevice {
    const firewall = find(state.firewalls, firewallId);
    const t = now();
    const device: FirewallDevice = { id: state.nextId(), entity: linodeEntity(instance), created: t, updated: t };
    state.devices.get(firewallId)?.push(device);
    refreshEntities(state, firewall);
    state.notify("firewall_device_add", firewallEntity(firewall), linodeEntity(instance));
    return device;
}

export function detachLinode(state: State, linodeId: number): void {
    for (const firewall of firewallsOf(state, linodeId)) {
        state.devices.set(firewall.id, (state.devices.get(firewall.id) ?? []).filter(d => !(d.entity.type === "linode" && d.entity.id === linodeId)));
        refreshEntities(state, firewall);
    }
}

export function firewallRoutes(state: State): Route[] {
    const firewallOf = (req: Request): Firewall => find(state.firewalls, id(req));
    const labelTaken = (label: string, except?: number) => [...state.firewalls.values()].some(f => f.label === label && f.id !== except);

    return [
        route("POST", "/networking/firewalls", async req => {
            const body = await validate(v.CreateFirewallSchema, req.body);
            checkPorts(body.rules as RulesInput, "rules.");
            if (labelTaken(body.label ?? "")) throw invalid("label", "Label must be unique among your firewalls");
            const linodes = (body.devices?.linodes ?? []).map((l, n) => checkAttachable(state, l, `devices.linodes[${n}]`));
            if (new Set(linodes).size !== linodes.length) throw invalid("devices.linodes", "Duplicate Linode");
            if ((body.devices?.nodebalancers ?? []).length > 0) throw invalid("devices.nodebalancers", "NodeBalancer not found");

            const t = now();
            const firewall: Firewall = {
                id: state.nextId(), label: body.label ?? "", status: "enabled", tags: (body.tags ?? []).filter((x): x is string => typeof x === "string"),
                rules: ruleSet(body.rules as RulesInput, 1), entities: [], created: t, updated: t,
            };
            state.firewalls.set(firewall.id, firewall);
            state.devices.set(firewall.id, []);
            state.notify("firewall_create", firewallEntity(firewall));
            for (const instance of linodes) attachLinode(state, firewall.id, instance);
            return firewall;
        }),
        route("GET", "/networking/firewalls", req => list(state.firewalls.values(), req)),
        route("GET", "/networking/firewalls/:id", req => firewallOf(req)),
        route("PUT", "/networking/firewalls/:id", async req => {
            const firewall = firewallOf(req);
            const body = await validate(v.UpdateFirewallSchema, req.body);
            if (body.label && labelTaken(body.label, firewall.id)) throw invalid("label", "Label must be unique among your firewalls");
            if (body.label) firewall.label = body.label;
            if (body.tags) firewall.tags = body.tags.filter((x): x is string => typeof x === "string");
            if (body.status === "enabled" || body.status === "disabled") firewall.status = body.status;
            firewall.updated = now();
            state.notify("firewall_update", firewallEntity(firewall));
            return firewall;
        }),
        route("DELETE", "/networking/firewalls/:id", req => {
            const firewall = firewallOf(req);
            state.firewalls.delete(firewall.id);
            state.devices.delete(firewall.id);
            state.notify("firewall_delete", firewallEntity(firewall));
            return {};
        }),

        route("GET", "/networking/firewalls/:id/rules", req => firewallOf(req).rules),
        route("PUT", "/networking/firewalls/:id/rules", async req => {
            const firewall = firewallOf(req);
            const body = await validate(v.FirewallRuleSchema, req.body);
            checkPorts(body as RulesInput, "");
            firewall.rules = ruleSet(body as RulesInput, firewall.rules.version + 1);
            firewall.updated = now();
            state.notify("firewall_rules_update", firewallEntity(firewall));
            return firewall.rules;
        }),

        route("GET", "/networking/firewalls/:id/devices", req => list(state.devices.get(firewallOf(req).id) ?? [], req)),
        route("POST", "/networking/firewalls/:id/devices", async req => {
            const firewall = firewallOf(req);
            const body = await validate(v.FirewallDeviceSchema, req.body);
            if (body.type !== "linode") throw invalid("type", "Only Linodes can be devices of this fake's firewalls");
            return attachLinode(state, firewall.id, checkAttachable(state, body.id, "id"));
        }),
        route("GET", "/networking/firewalls/:id/devices/:deviceId", req => deviceOf(state, req)[1]),
        route("DELETE", "/networking/firewalls/:id/devices/:deviceId", req => {
            const [firewall, device] = deviceOf(state, req);
            state.devices.set(firewall.id, (state.devices.get(firewall.id) ?? []).filter(d => d !== device));
            refreshEntities(state, firewall);
            state.notify("firewall_device_remove", firewallEntity(firewall), device.entity);
            return {};
        }),
    ];
}

function deviceOf(state: State, req: Request): [Firewall, FirewallDevice] {
    const firewall = find(state.firewalls, id(req));
    const device = (state.devices.get(firewall.id) ?? []).find(d => d.id === id(req, "deviceId"));
    if (!device) throw notFound();
    return [firewall, device];
}
