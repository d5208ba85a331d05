// Stored specs in either format. Specs written before the host rendered vhosts itself carry the
// rendered text (`vhost`) in place of the body size; they are read as data, so scale, restart,
// rollback and certificates render every app's vhost the same way, and an unchanged app keeps
// its release identity across the change.
import type { AppSpec } from "../shared/app-spec";
import type { RenderedVhost, VhostOptions } from "../shared/nginx-vhost";

/** A stored spec as data (state.ts's StoredSpec). */
type StoredSpec = Omit<AppSpec, "env" | "config">;

/** A stored spec of the earlier format. */
export type EarlierSpec = Omit<StoredSpec, "clientMaxBodySize" | "hostnames" | "tlsDomains"> &
    Partial<Pick<StoredSpec, "hostnames" | "tlsDomains">> & { vhost: RenderedVhost };

/** Whether SPEC is of the earlier format. */
export const isEarlier = (spec: object): spec is EarlierSpec => "vhost" in spec;

/** The plain block and each TLS hostname's HTTP block, as one text. */
const blocks = (vhost: RenderedVhost) => [vhost.plain ?? "", ...Object.values(vhost.tls ?? {}).map(t => t.http)].join("\n");

/** The server names of rendered blocks, in their order, each once. */
const serverNames = (vhost: RenderedVhost): string[] =>
    [...new Set([...blocks(vhost).matchAll(/^\s*server_name ([^;]+);$/gm)].flatMap(m => m[1].trim().split(/\s+/)))];

/** A stored spec of either format, as data. */
export function specData(spec: StoredSpec | EarlierSpec): StoredSpec {
    if (!isEarlier(spec)) return spec;
    const { vhost, ...rest } = spec;
    const tlsDomains = rest.tlsDomains ?? Object.keys(vhost.tls ?? {}).sort();
    // The components have always sent hostnames and tlsDomains beside the vhost; a spec without them is read from its server names.
    const hostnames = rest.hostnames ?? serverNames(vhost);
    const size = /client_max_body_size (\S+);/.exec(blocks(vhost));
    return { ...rest, hostnames, tlsDomains, clientMaxBodySize: size ? size[1] : "10m" };
}

/** What the app's vhost is rendered from. */
export const vhostOptions = (spec: StoredSpec): VhostOptions =>
    ({ app: spec.app, hostnames: spec.hostnames, tlsHostnames: spec.tlsDomains, clientMaxBodySize: spec.clientMaxBodySize });
