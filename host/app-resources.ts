// What an app's containers share besides the release: a network of its own (Docker isolates one
// bridge network from another, so one app's containers cannot reach another's) and its persistent
// volumes, which outlive releases and rollbacks and go with the app only when keepData is false.
import type { VolumeSpec } from "../shared/app-spec";
import { docker } from "./docker";
import * as names from "./names";
import { fail } from "./output";
import { lines } from "./run";

/** The app's network and the Docker volume of each of its volumes, as containers mount them. */
export interface AppResources {
    readonly network: string;
    readonly mounts: { readonly source: string; readonly target: string }[];
}

const labelOf = async (kind: "volume" | "network", name: string): Promise<string | undefined> => {
    const r = await docker([kind, "inspect", "--format", '{{index .Labels "paas.app"}}', name]);
    return r.code === 0 ? r.stdout.trim() : undefined;
};

/** The Docker volume of the app's volume NAME: its own name; or, where only a volume of an earlier
 * version's name exists, that one when it is labelled with this app (the one that made it, whose
 * data it holds); else a new one, labelled with the app and the volume. */
async function ensureVolume(app: string, name: string): Promise<string> {
    const own = names.volume(app, name);
    if (await labelOf("volume", own) !== undefined) return own;
    const legacy = names.legacyVolume(app, name);
    if (await labelOf("volume", legacy) === app) return legacy;
    await docker(["volume", "create", "--label", `paas.app=${app}`, "--label", `paas.volume=${name}`, own]);
    return own;
}

/** Creates the app's network and volumes where missing (labelled with the app); what containers join and mount. */
export async function ensureShared(app: string, volumes: VolumeSpec[] = []): Promise<AppResources> {
    const network = names.network(app);
    if (await labelOf("network", network) === undefined) {
        const created = await docker(["network", "create", "--label", `paas.app=${app}`, network]);
        // Said, not swallowed: with no address left, every container start would fail unexplained.
        if (created.code !== 0) fail(`network ${network} could not be created: ${created.stderr.trim()}`);
    }
    const mounts = [];
    for (const v of volumes) mounts.push({ source: await ensureVolume(app, v.name), target: v.mountPath });
    return { network, mounts };
}

/** The app's networks of earlier versions' names, if any: a deploy removes them once the old release is gone. */
export async function legacyNetworks(app: string): Promise<string[]> {
    return await labelOf("network", names.legacyNetwork(app)) === app ? [names.legacyNetwork(app)] : [];
}

/** Removes the app's networks, and its volumes unless KEEPDATA (each found by its `paas.app` label). */
export async function removeShared(app: string, keepData: boolean): Promise<void> {
    const networks = lines((await docker(["network", "ls", "-q", "--filter", `label=paas.app=${app}`])).stdout);
    if (networks.length > 0) await docker(["network", "rm", ...networks]);
    if (keepData) return;
    const volumes = lines((await docker(["volume", "ls", "-q", "--filter", `label=paas.app=${app}`])).stdout);
    if (volumes.length > 0) await docker(["volume", "rm", ...volumes]);
}
