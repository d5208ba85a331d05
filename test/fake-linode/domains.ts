// DNS Manager: domains (zones) and their records. Deleting a domain deletes its records.
import { isIPv4, isIPv6 } from "net";
import * as v from "@linode/validation";
import { find, id, invalid, list, notFound, Request, Route, route, validate } from "./api";
import { Domain, domainEntity, DomainRecord, now, State } from "./state";

/** What Linode checks beyond the schema: A and AAAA records point at an address of their family. */
function checkTarget(record: Pick<DomainRecord, "type" | "target">): void {
    if (record.type === "A" && !isIPv4(record.target)) throw invalid("target", "Must be a valid IPv4 address.");
    if (record.type === "AAAA" && !isIPv6(record.target)) throw invalid("target", "Must be a valid IPv6 address.");
}

const strings = (xs: unknown[] | undefined | null): string[] => (xs ?? []).filter((x): x is string => typeof x === "string");

/**
 * Linode takes `null` for a domain's master_ips, axfr_ips and tags (all optional in
 * https://techdocs.akamai.com/linode-api/reference/post-domain) as "not given": linodego,
 * Linode's own Go client, sends null for each one left unset on every create and update
 * (DomainCreateOptions and DomainUpdateOptions have no omitempty there), which the API accepts.
 * @linode/validation (written for Cloud Manager, which never sends null) refuses it, so the
 * nulls are taken out before the schema sees the body.
 */
function withoutNullLists(body: unknown): unknown {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
    const out = { ...(body as Record<string, unknown>) };
    for (const key of ["master_ips", "axfr_ips", "tags"]) if (out[key] === null) delete out[key];
    return out;
}

export function domainRoutes(state: State): Route[] {
    const domainOf = (req: Request): Domain => find(state.domains, id(req));
    const recordsOf = (domain: Domain): Map<number, DomainRecord> => state.records.get(domain.id) ?? new Map();
    const recordOf = (req: Request): [Domain, DomainRecord] => {
        const domain = domainOf(req);
        const record = recordsOf(domain).get(id(req, "recordId"));
        if (!record) throw notFound();
        return [domain, record];
    };
    const taken = (name: string, except?: number) => [...state.domains.values()].some(d => d.domain === name && d.id !== except);

    return [
        route("POST", "/domains", async req => {
            const body = await validate(v.createDomainSchema, withoutNullLists(req.body));
            if (taken(body.domain)) throw invalid("domain", "Domain already exists.");
            const t = now();
            const domain: Domain = {
                id: state.nextId(), domain: body.domain, type: body.type as Domain["type"], status: "active",
                soa_email: body.soa_email ?? "", description: body.description ?? "", group: "", tags: strings(body.tags),
                ttl_sec: body.ttl_sec ?? 0, refresh_sec: body.refresh_sec ?? 0, retry_sec: body.retry_sec ?? 0, expire_sec: body.expire_sec ?? 0,
                master_ips: strings(body.master_ips), axfr_ips: strings(body.axfr_ips), created: t, updated: t,
            };
            state.domains.set(domain.id, domain);
            state.records.set(domain.id, new Map());
            state.notify("domain_create", domainEntity(domain));
            return domain;
        }),
        route("GET", "/domains", req => list(state.domains.values(), req)),
        route("GET", "/domains/:id", req => domainOf(req)),
        route("PUT", "/domains/:id", async req => {
            const domain = domainOf(req);
            const body = await validate(v.updateDomainSchema, withoutNullLists(req.body));
            if (body.domain && taken(body.domain, domain.id)) throw invalid("domain", "Domain already exists.");
            const { tags, master_ips, axfr_ips, ...rest } = body;
            for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== null) Object.assign(domain, { [key]: value });
            if (tags) domain.tags = strings(tags);
            if (master_ips) domain.master_ips = strings(master_ips);
            if (axfr_ips) domain.axfr_ips = strings(axfr_ips);
            domain.updated = now();
            state.notify("domain_update", domainEntity(domain));
            return domain;
        }),
        route("DELETE", "/domains/:id", req => {
            const domain = domainOf(req);
            state.domains.delete(domain.id);
            state.records.delete(domain.id);
            state.notify("domain_delete", domainEntity(domain));
            return {};
        }),

        route("GET", "/domains/:id/records", req => list(recordsOf(domainOf(req)).values(), req)),
        route("POST", "/domains/:id/records", async req => {
            const domain = domainOf(req);
            const body = await validate(v.createRecordSchema, req.body);
            const t = now();
            const record: DomainRecord = {
                id: state.nextId(), type: String(body.type), name: body.name ?? "", target: body.target ?? "",
                priority: body.priority ?? 0, weight: body.weight ?? 0, port: body.port ?? 0, service: body.service ?? null,
                protocol: body.protocol ?? null, ttl_sec: body.ttl_sec ?? 0, tag: body.tag ?? null, created: t, updated: t,
            };
            checkTarget(record);
            recordsOf(domain).set(record.id, record);
            state.notify("domain_record_create", domainEntity(domain));
            return record;
        }),
        route("GET", "/domains/:id/records/:recordId", req => recordOf(req)[1]),
        route("PUT", "/domains/:id/records/:recordId", async req => {
            const [domain, record] = recordOf(req);
            const body = await validate(v.updateRecordSchema, req.body);
            const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
            checkTarget({ ...record, ...changes });
            Object.assign(record, changes, { updated: now() });
            state.notify("domain_record_update", domainEntity(domain));
            return record;
        }),
        route("DELETE", "/domains/:id/records/:recordId", req => {
            const [domain, record] = recordOf(req);
            recordsOf(domain).delete(record.id);
            state.notify("domain_record_delete", domainEntity(domain));
            return {};
        }),
    ];
}
