// The fake's memory: Linode's objects in their API v4 shapes (as linodego reads them), and the
// events of the account. Long-running actions (create, boot, resize, ...) are "operations": the
// instance shows a transitional status and the event says `started` until the operation has been
// seen `busyPolls` times (by polling the instance or its events); then both settle.

export type InstanceStatus = "provisioning" | "booting" | "running" | "shutting_down" | "offline" | "rebooting" | "resizing" | "migrating";

export interface Instance {
    id: number;
    label: string;
    region: string;
    type: string;
    image: string | null;
    status: InstanceStatus;
    ipv4: string[];
    ipv6: string;
    group: string;
    tags: string[];
    created: string;
    updated: string;
    hypervisor: "kvm";
    host_uuid: string;
    watchdog_enabled: boolean;
    has_user_data: boolean;
    specs: { disk: number; memory: number; vcpus: number; transfer: number; gpus: number };
    alerts: { cpu: number; io: number; network_in: number; network_out: number; transfer_quota: number };
    backups: { enabled: boolean; available: boolean; last_successful: string | null; schedule: { day: string | null; window: string | null } };
    placement_group: null;
    disk_encryption: "disabled";
    lke_cluster_id: null;
    capabilities: string[];
}

export interface Disk {
    id: number;
    label: string;
    status: "ready" | "not ready" | "resizing";
    size: number;
    filesystem: "ext4" | "swap" | "raw";
    created: string;
    updated: string;
    disk_encryption: "disabled";
}

export interface Config {
    id: number;
    label: string;
    comments: string;
    kernel: string;
    root_device: string;
    run_level: "default";
    virt_mode: "paravirt";
    memory_limit: number;
    init_rd: number | null;
    devices: Record<string, { disk_id: number | null; volume_id: number | null } | null>;
    helpers: { updatedb_disabled: boolean; distro: boolean; modules_dep: boolean; network: boolean; devtmpfs_automount: boolean };
    interfaces: unknown[];
    created: string;
    updated: string;
}

export interface FirewallRule {
    label?: string;
    description?: string;
    action: "ACCEPT" | "DROP";
    protocol: "TCP" | "UDP" | "ICMP" | "IPENCAP";
    ports?: string;
    addresses?: { ipv4?: string[]; ipv6?: string[] };
}

export interface FirewallRules {
    inbound: FirewallRule[];
    inbound_policy: "ACCEPT" | "DROP";
    outbound: FirewallRule[];
    outbound_policy: "ACCEPT" | "DROP";
    fingerprint: string;
    version: number;
}

export interface Entity {
    id: number;
    type: string;
    label: string;
    url: string;
}

export interface FirewallDevice {
    id: number;
    entity: Entity;
    created: string;
    updated: string;
}

export interface Firewall {
    id: number;
    label: string;
    status: "enabled" | "disabled";
    tags: string[];
    rules: FirewallRules;
    entities: Entity[];
    created: string;
    updated: string;
}

export interface Domain {
    id: number;
    domain: string;
    type: "master" | "slave";
    status: "active" | "disabled";
    soa_email: string;
    description: string;
    group: string;
    tags: string[];
    ttl_sec: number;
    refresh_sec: number;
    retry_sec: number;
    expire_sec: number;
    master_ips: string[];
    axfr_ips: string[];
    created: string;
    updated: string;
}

export interface DomainRecord {
    id: number;
    type: string;
    name: string;
    target: string;
    priority: number;
    weight: number;
    port: number;
    service: string | null;
    protocol: string | null;
    ttl_sec: number;
    tag: string | null;
    created: string;
    updated: string;
}

export interface LinodeEvent {
    id: number;
    action: string;
    created: string;
    status: "scheduled" | "started" | "finished" | "failed" | "notification";
    entity: Entity | null;
    secondary_entity: Entity | null;
    percent_complete: number | null;
    duration: number | null;
    time_remaining: null;
    rate: null;
    read: boolean;
    seen: boolean;
    username: string;
    message: string;
}

interface Operation {
    event: LinodeEvent;
    seen: number;
    done: () => void;
}

/** Linode's timestamp format: UTC, seconds, no zone. */
export const now = (): string => new Date().toISOString().slice(0, 19);

export const username = "fake-user";

export class State {
    readonly instances = new Map<number, Instance>();
    readonly disks = new Map<number, Disk[]>();
    readonly configs = new Map<number, Config[]>();
    readonly firewalls = new Map<number, Firewall>();
    /** Devices of each firewall, by firewall id. */
    readonly devices = new Map<number, FirewallDevice[]>();
    readonly domains = new Map<number, Domain>();
    /** Records of each domain, by domain id. */
    readonly records = new Map<number, Map<number, DomainRecord>>();
    readonly events: LinodeEvent[] = [];
    private readonly operations: Operation[] = [];
    private lastId = 1000;

    constructor(private readonly busyPolls: number) {}

    nextId(): number {
        return ++this.lastId;
    }

    private event(action: string, status: LinodeEvent["status"], entity: Entity, secondary: Entity | null): LinodeEvent {
        const event: LinodeEvent = {
            id: this.nextId(), action, created: now(), status, entity: { ...entity }, secondary_entity: secondary,
            percent_complete: status === "notification" ? null : 0, duration: null, time_remaining: null, rate: null,
            read: false, seen: false, username, message: "",
        };
        this.events.unshift(event);
        return event;
    }

    /** Records an event that is done when it happens (firewall and domain changes). */
    notify(action: string, entity: Entity, secondary: Entity | null = null): void {
        this.event(action, "notification", entity, secondary);
    }

    /** Starts a long-running action; `done` applies its outcome when it finishes. */
    begin(action: string, entity: Entity, done: () => void, secondary: Entity | null = null): void {
        this.operations.push({ event: this.event(action, "started", entity, secondary), seen: 0, done });
    }

    /** True while an operation on this entity runs. */
    busy(entity: Pick<Entity, "type" | "id">): boolean {
        return this.operations.some(o => o.event.entity?.type === entity.type && o.event.entity.id === entity.id);
    }

    /** Someone looked at this entity (or at these events): the operations on it move on. */
    observe(which: { entity?: Pick<Entity, "type" | "id">; events?: LinodeEvent[] }): void {
        for (const op of [...this.operations]) {
            const e = op.event.entity;
            const concerned = (which.entity && e?.type === which.entity.type && e.id === which.entity.id) || which.events?.includes(op.event);
            if (!concerned) continue;
            if (op.seen < this.busyPolls) {
                op.seen++;
                op.event.percent_complete = Math.round((100 * op.seen) / (this.busyPolls + 1));
                continue;
            }
            this.operations.splice(this.operations.indexOf(op), 1);
            op.done();
            Object.assign(op.event, { status: "finished", percent_complete: 100, duration: op.seen });
        }
    }
}

export const linodeEntity = (i: Pick<Instance, "id" | "label">): Entity =>
    ({ id: i.id, type: "linode", label: i.label, url: `/v4/linode/instances/${i.id}` });
export const firewallEntity = (f: Pick<Firewall, "id" | "label">): Entity =>
    ({ id: f.id, type: "firewall", label: f.label, url: `/v4/networking/firewalls/${f.id}` });
export const domainEntity = (d: Pick<Domain, "id" | "domain">): Entity =>
    ({ id: d.id, type: "domain", label: d.domain, url: `/v4/domains/${d.id}` });
