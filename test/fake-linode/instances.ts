// Linode instances: create (with the image's disks and boot config), read, update, delete, and the
// power and resize actions, each a long-running operation with its event (linode_create, ...).
import * as v from "@linode/validation";
import { find, id, invalid, list, notFound, Request, Route, route, validate } from "./api";
import { images, regions, typeById } from "./catalog";
import { detachLinode, firewallsOf, attachLinode } from "./firewalls";
import { Config, Disk, Instance, InstanceStatus, linodeEntity, now, State } from "./state";

const SWAP_MB = 512;

/** Linode's label rule, beyond the schema's length: letters, digits, '-', '_', '.', alphanumeric at both ends. */
function checkLabel(label: string | undefined | null): void {
    if (label && (!/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(label) || /--|__|\.\./.test(label))) {
        throw invalid("label", "Label must begin and end with a letter or number, and may only contain letters, numbers, dashes, underscores and periods (no two in a row).");
    }
}

function diskAndConfig(state: State, instance: Instance, imageLabel: string, swap: number): [Disk[], Config[]] {
    const t = now();
    const disk = (label: string, size: number, filesystem: Disk["filesystem"]): Disk =>
        ({ id: state.nextId(), label, status: "ready", size, filesystem, created: t, updated: t, disk_encryption: "disabled" });
    const disks = [disk(`${imageLabel} Disk`, instance.specs.disk - swap, "ext4"), disk(`${swap} MB Swap Image`, swap, "swap")];
    const devices: Config["devices"] = { sda: { disk_id: disks[0].id, volume_id: null }, sdb: { disk_id: disks[1].id, volume_id: null } };
    for (const d of ["sdc", "sdd", "sde", "sdf", "sdg", "sdh"]) devices[d] = null;
    return [disks, [{
        id: state.nextId(), label: `My ${imageLabel} Disk Profile`, comments: "", kernel: "linode/grub2", root_device: "/dev/sda",
        run_level: "default", virt_mode: "paravirt", memory_limit: 0, init_rd: null, devices, interfaces: [], created: t, updated: t,
        helpers: { updatedb_disabled: true, distro: true, modules_dep: true, network: true, devtmpfs_automount: true },
    }]];
}

export function instanceRoutes(state: State, nextIpv4: () => string): Route[] {
    const instanceOf = (req: Request): Instance => find(state.instances, id(req));
    const labelTaken = (label: string, except?: number) => [...state.instances.values()].some(i => i.label === label && i.id !== except);

    /** Starts a power or resize action: refused while another one runs, as Linode does ("Linode busy."). */
    function act(instance: Instance, action: string, during: InstanceStatus, after: () => InstanceStatus): void {
        if (state.busy(linodeEntity(instance))) throw invalid(undefined, "Linode busy.");
        instance.status = during;
        state.begin(action, linodeEntity(instance), () => { instance.status = after(); instance.updated = now(); });
    }

    return [
        route("POST", "/linode/instances", async req => {
            const body = await validate(v.CreateLinodeSchema, req.body);
            // What the schema cannot know: the catalog, the account's other linodes and firewalls.
            const type = typeById(body.type);
            if (!regions.some(r => r.id === body.region)) throw invalid("region", "region is not valid");
            if (!type) throw invalid("type", "A valid plan type by that ID was not found");
            const image = body.image ? images.find(i => i.id === body.image) : undefined;
            if (body.image && !image) throw invalid("image", "Not found");
            if (body.root_pass !== undefined && (body.root_pass.length < 11 || body.root_pass.length > 128)) {
                throw invalid("root_pass", "Length must be 11-128 characters");
            }
            checkLabel(body.label);
            if (body.label && labelTaken(body.label)) throw invalid("label", "Label must be unique among your linodes");
            const firewallId = typeof body.firewall_id === "number" ? body.firewall_id : undefined;
            if (firewallId !== undefined && !state.firewalls.has(firewallId)) throw invalid("firewall_id", "Not found");

            const t = now();
            const instanceId = state.nextId();
            const instance: Instance = {
                id: instanceId, label: body.label || `linode${instanceId}`, region: body.region, type: type.id, image: image?.id ?? null,
                status: "provisioning", ipv4: body.private_ip ? [nextIpv4(), "192.168.128.10"] : [nextIpv4()], ipv6: "2001:db8::f03c:91ff:fe00:2/128",
                group: "", tags: body.tags ?? [], created: t, updated: t, hypervisor: "kvm", host_uuid: "0000fake0000", watchdog_enabled: true,
                has_user_data: Boolean(body.metadata?.user_data),
                specs: { disk: type.disk, memory: type.memory, vcpus: type.vcpus, transfer: type.transfer, gpus: type.gpus },
                alerts: { cpu: 90 * type.vcpus, io: 10000, network_in: 10, network_out: 10, transfer_quota: 80 },
                backups: { enabled: Boolean(body.backups_enabled), available: false, last_successful: null, schedule: { day: null, window: null } },
                placement_group: null, disk_encryption: "disabled", lke_cluster_id: null, capabilities: ["Block Storage Encryption"],
            };
            const [disks, configs] = image ? diskAndConfig(state, instance, image.label, body.swap_size ?? SWAP_MB) : [[], []];
            state.instances.set(instanceId, instance);
            state.disks.set(instanceId, disks);
            state.configs.set(instanceId, configs);
            if (firewallId !== undefined) attachLinode(state, firewallId, instance);
            const booted = body.booted ?? Boolean(image);
            state.begin("linode_create", linodeEntity(instance), () => { instance.status = booted && image ? "running" : "offline"; });
            return instance;
        }),
        route("GET", "/linode/instances", req => list(state.instances.values(), req)),
        route("GET", "/linode/instances/:id", req => {
            const instance = instanceOf(req);
            state.observe({ entity: linodeEntity(instance) });
            return instance;
        }),
        route("PUT", "/linode/instances/:id", async req => {
            const instance = instanceOf(req);
            const body = await validate(v.UpdateLinodeSchema, req.body);
            checkLabel(body.label);
            if (body.label && labelTaken(body.label, instance.id)) throw invalid("label", "Label must be unique among your linodes");
            if (body.label) instance.label = body.label;
            if (body.tags) instance.tags = body.tags.filter((t): t is string => typeof t === "string");
            if (typeof body.watchdog_enabled === "boolean") instance.watchdog_enabled = body.watchdog_enabled;
            if (body.alerts) Object.assign(instance.alerts, body.alerts);
            const group = (req.body as { group?: unknown }).group;
            if (typeof group === "string") instance.group = group;
            instance.updated = now();
            return instance;
        }),
        route("DELETE", "/linode/instances/:id", req => {
            const instance = instanceOf(req);
            state.instances.delete(instance.id);
            state.disks.delete(instance.id);
            state.configs.delete(instance.id);
            detachLinode(state, instance.id);
            state.begin("linode_delete", linodeEntity(instance), () => undefined);
            return {};
        }),

        route("POST", "/linode/instances/:id/boot", req => {
            const instance = instanceOf(req);
            if (!state.configs.get(instance.id)?.length) throw invalid(undefined, "Linode has no configuration profiles to boot from.");
            act(instance, "linode_boot", "booting", () => "running");
            return {};
        }),
        route("POST", "/linode/instances/:id/reboot", req => {
            const instance = instanceOf(req);
            act(instance, "linode_reboot", "rebooting", () => "running");
            return {};
        }),
        route("POST", "/linode/instances/:id/shutdown", req => {
            const instance = instanceOf(req);
            act(instance, "linode_shutdown", "shutting_down", () => "offline");
            return {};
        }),
        route("POST", "/linode/instances/:id/resize", async req => {
            const instance = instanceOf(req);
            // @linode/validation has no schema for this body (Cloud Manager builds it from a picker).
            const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
            const type = typeById(body.type);
            if (!type) throw invalid("type", "A valid plan type by that ID was not found");
            if (type.id === instance.type) throw invalid("type", "Linode is already running this service plan.");
            if (body.migration_type !== undefined && body.migration_type !== "warm" && body.migration_type !== "cold") {
                throw invalid("migration_type", "Must be one of warm, cold");
            }
            const disks = state.disks.get(instance.id) ?? [];
            const used = disks.reduce((sum, d) => sum + d.size, 0);
            const autoResize = body.allow_auto_disk_resize !== false && disks.filter(d => d.filesystem !== "swap").length === 1;
            if (used > type.disk) throw invalid(undefined, "The Linode has allocated more disk than the new service plan allows. Delete or resize disks smaller.");
            const wasRunning = instance.status === "running";
            act(instance, "linode_resize", "resizing", () => {
                const main = disks.find(d => d.filesystem !== "swap");
                if (autoResize && main) main.size += type.disk - instance.specs.disk;
                instance.type = type.id;
                instance.specs = { disk: type.disk, memory: type.memory, vcpus: type.vcpus, transfer: type.transfer, gpus: type.gpus };
                return wasRunning ? "running" : "offline";
            });
            return {};
        }),

        // A cross data center migration (https://techdocs.akamai.com/linode-api/reference/post-migrate-linode-instance):
        // "When the migration begins, your Linode will be shutdown if not already off. If the
        // migration initiated the shutdown, it will reboot the Linode when completed." It comes
        // back with addresses of the new data center. @linode/validation has no schema for it.
        route("POST", "/linode/instances/:id/migrate", req => {
            const instance = instanceOf(req);
            const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
            if (body.type !== undefined && body.type !== "warm" && body.type !== "cold") throw invalid("type", "Must be one of warm, cold");
            if (body.region !== undefined) {
                if (typeof body.region !== "string" || !regions.some(r => r.id === body.region)) throw invalid("region", "region is not valid");
                if (body.region === instance.region) throw invalid("region", "Linode is already in this region.");
            }
            if (body.upgrade !== undefined && typeof body.upgrade !== "boolean") throw invalid("upgrade", "Must be a boolean");
            const wasRunning = instance.status === "running";
            act(instance, "linode_migrate_datacenter", "migrating", () => {
                if (typeof body.region === "string") {
                    instance.region = body.region;
                    instance.ipv4 = instance.ipv4.map(a => (a.startsWith("192.168.") ? a : nextIpv4()));
                }
                return wasRunning ? "running" : "offline";
            });
            return {};
        }),
        // A configuration profile's update (https://techdocs.akamai.com/linode-api/reference/put-linode-config):
        // the fields given replace the profile's.
        route("PUT", "/linode/instances/:id/configs/:configId", async req => {
            const instance = instanceOf(req);
            const config = (state.configs.get(instance.id) ?? []).find(c => c.id === id(req, "configId"));
            if (!config) throw notFound();
            const body = await validate(v.UpdateLinodeConfigSchema, req.body);
            const disks = state.disks.get(instance.id) ?? [];
            for (const [slot, device] of Object.entries(body.devices ?? {})) {
                const diskId = (device as { disk_id?: number | null } | null)?.disk_id;
                if (typeof diskId === "number" && !disks.some(d => d.id === diskId)) throw invalid(`devices.${slot}.disk_id`, "Disk not found");
            }
            const { devices, helpers, ...rest } = body as Record<string, unknown>;
            for (const [key, value] of Object.entries(rest)) if (value !== undefined && key in config) Object.assign(config, { [key]: value });
            if (helpers) Object.assign(config.helpers, helpers);
            if (devices) {
                for (const slot of Object.keys(config.devices)) {
                    const d = (devices as Record<string, { disk_id?: number | null; volume_id?: number | null } | null>)[slot];
                    config.devices[slot] = d ? { disk_id: d.disk_id ?? null, volume_id: d.volume_id ?? null } : null;
                }
            }
            config.updated = now();
            return config;
        }),
        route("GET", "/linode/instances/:id/configs", req => list(state.configs.get(instanceOf(req).id) ?? [], req)),
        route("GET", "/linode/instances/:id/configs/:configId", req => {
            const config = (state.configs.get(instanceOf(req).id) ?? []).find(c => c.id === id(req, "configId"));
            if (!config) throw notFound();
            return config;
        }),
        route("GET", "/linode/instances/:id/disks", req => list(state.disks.get(instanceOf(req).id) ?? [], req)),
        route("GET", "/linode/instances/:id/disks/:diskId", req => diskOf(state, req)[1]),
        route("POST", "/linode/instances/:id/disks/:diskId/resize", async req => {
            const [instance, disk] = diskOf(state, req);
            const body = await validate(v.ResizeLinodeDiskSchema, req.body);
            if (instance.status !== "offline" || state.busy(linodeEntity(instance))) throw invalid(undefined, "Linode busy.");
            const others = (state.disks.get(instance.id) ?? []).filter(d => d !== disk).reduce((sum, d) => sum + d.size, 0);
            if (others + body.size > instance.specs.disk) throw invalid("size", "Not enough free space on the Linode for a disk that size.");
            disk.status = "resizing";
            state.begin("disk_resize", linodeEntity(instance), () => {
                Object.assign(disk, { size: body.size, status: "ready", updated: now() });
            }, { id: disk.id, type: "disk", label: disk.label, url: `/v4/linode/instances/${instance.id}/disks/${disk.id}` });
            return disk;
        }),
        route("GET", "/linode/instances/:id/ips", req => {
            const instance = instanceOf(req);
            const address = (a: string, isPublic: boolean) => ({
                address: a, gateway: isPublic ? a.replace(/\.\d+$/, ".1") : null, subnet_mask: isPublic ? "255.255.255.0" : "255.255.128.0",
                prefix: isPublic ? 24 : 17, type: "ipv4", public: isPublic, rdns: isPublic ? `${a.replace(/\./g, "-")}.ip.linodeusercontent.com` : null,
                linode_id: instance.id, region: instance.region, vpc_nat_1_1: null, reserved: false,
            });
            const v6 = (a: string, prefix: number, type: string) =>
                ({ address: a, gateway: "fe80::1", subnet_mask: "ffff:ffff:ffff:ffff::", prefix, type, public: type !== "ipv6/link-local", rdns: null, linode_id: instance.id, region: instance.region });
            return {
                ipv4: {
                    public: instance.ipv4.filter(a => !a.startsWith("192.168.")).map(a => address(a, true)),
                    private: instance.ipv4.filter(a => a.startsWith("192.168.")).map(a => address(a, false)),
                    shared: [], reserved: [], vpc: [],
                },
                ipv6: {
                    link_local: v6("fe80::f03c:91ff:fe00:2", 64, "ipv6/link-local"),
                    slaac: v6(instance.ipv6.split("/")[0], 64, "ipv6"),
                    global: [],
                },
            };
        }),
        route("GET", "/linode/instances/:id/firewalls", req => list(firewallsOf(state, instanceOf(req).id), req)),
    ];
}

function diskOf(state: State, req: Request): [Instance, Disk] {
    const instance = find(state.instances, id(req));
    const disk = (state.disks.get(instance.id) ?? []).find(d => d.id === id(req, "diskId"));
    if (!disk) throw notFound();
    return [instance, disk];
}
