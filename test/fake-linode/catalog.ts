// What Linode sells, read-only: regions, plans (types) and public images.
import { list, notFound, Route, route } from "./api";

const capabilities = ["Linodes", "Block Storage", "Cloud Firewall", "Metadata", "Vlans", "VPCs"];
export const regions = [
    ["us-east", "Newark, NJ", "us"], ["us-central", "Dallas, TX", "us"], ["us-west", "Fremont, CA", "us"],
    ["eu-west", "London, UK", "gb"], ["eu-central", "Frankfurt, DE", "de"],
    // A region without the Metadata service, for stacks that must cope with one.
    ["ap-south", "Singapore, SG", "sg", "no-metadata"],
].map(([id, label, country, note]) => ({
    id, label, country, status: "ok", site_type: "core",
    capabilities: note === "no-metadata" ? capabilities.filter(c => c !== "Metadata") : capabilities,
    resolvers: { ipv4: "192.0.2.1,192.0.2.2", ipv6: "2001:db8::1,2001:db8::2" },
    placement_group_limits: { maximum_pgs_per_customer: null, maximum_linodes_per_pg: 5 },
}));

export interface LinodeType {
    id: string;
    label: string;
    class: "nanode" | "standard" | "dedicated";
    disk: number;
    memory: number;
    vcpus: number;
    transfer: number;
    network_out: number;
    gpus: number;
    successor: null;
    price: { hourly: number; monthly: number };
    addons: { backups: { price: { hourly: number; monthly: number }; region_prices: [] } };
    region_prices: [];
}

const plan = (id: string, label: string, memory: number, disk: number, vcpus: number, transfer: number, monthly: number): LinodeType => ({
    id, label, class: id === "g6-nanode-1" ? "nanode" : id.startsWith("g6-dedicated") ? "dedicated" : "standard", disk, memory, vcpus, transfer,
    network_out: 1000 * Math.min(vcpus, 4), gpus: 0, successor: null,
    price: { hourly: Math.round((monthly / 730) * 1000) / 1000, monthly },
    addons: { backups: { price: { hourly: 0.003, monthly: monthly / 5 }, region_prices: [] } }, region_prices: [],
});
export const types: LinodeType[] = [
    plan("g6-nanode-1", "Nanode 1GB", 1024, 25600, 1, 1000, 5),
    plan("g6-standard-1", "Linode 2GB", 2048, 51200, 1, 2000, 12),
    plan("g6-standard-2", "Linode 4GB", 4096, 81920, 2, 4000, 24),
    plan("g6-standard-4", "Linode 8GB", 8192, 163840, 4, 5000, 48),
    // As much disk as g6-standard-2: a plan change that is not an upsize.
    plan("g6-dedicated-2", "Dedicated 4GB", 8192, 81920, 2, 4000, 36),
];

export const images = [
    ["linode/debian12", "Debian 12", "Debian"], ["linode/debian11", "Debian 11", "Debian"],
    ["linode/ubuntu24.04", "Ubuntu 24.04 LTS", "Ubuntu"], ["linode/ubuntu22.04", "Ubuntu 22.04 LTS", "Ubuntu"],
].map(([id, label, vendor]) => ({
    id, label, vendor, description: "", created: "2023-06-12T00:00:00", updated: "2023-06-12T00:00:00", created_by: "linode",
    deprecated: false, is_public: true, size: 1300, total_size: 1300, status: "available", type: "manual", expiry: null, eol: null,
    capabilities: ["cloud-init"], regions: [], tags: [],
}));

export const typeById = (typeId: unknown): LinodeType | undefined => types.find(t => t.id === typeId);

function byId<T extends { id: string }>(items: T[], itemId: string): T {
    const item = items.find(i => i.id === itemId);
    if (!item) throw notFound();
    return item;
}

export const catalogRoutes = (): Route[] => [
    route("GET", "/regions", req => list(regions, req)),
    route("GET", "/regions/:id", req => byId(regions, req.params.id)),
    route("GET", "/linode/types", req => list(types, req)),
    route("GET", "/linode/types/:id", req => byId(types, req.params.id)),
    route("GET", "/images", req => list(images, req)),
    // The id holds a slash: `images/linode/debian12`, or escaped as `images/linode%2Fdebian12`.
    route("GET", "/images/:id", req => byId(images, req.params.id)),
    route("GET", "/images/:vendor/:name", req => byId(images, `${req.params.vendor}/${req.params.name}`)),
];

