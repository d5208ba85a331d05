// What an app's containers share besides the release: a network of its own (Docker isolates one
// bridge network from another, so one app's containers cannot reach another's) and its persistent
// volumes, which outlive releases and rollbacks and go with the app only when keepData is false.
import type { VolumeSpec } from "../shared/app-spec";
import { docker } from "./docker";
import { fail } from "./output";
import { lines } from "./run";

export const networkName = (app: string) => `paas-${app}`;
export const volumeName = (app: string, volume: string) => `paas-${app}-${volume}`;

/** docker run's arguments for the app's network and volumes. */
export function sharedArgs(app: string, volumes: VolumeSpec[] = []): string[] {
    return ["--network", networkName(app),
        ...volumes.flatMap(v => ["--mount", `type=volume,src=${volumeName(app, v.name)},dst=${v.mountPath}`])];
}

/** Creates the app's network and volumes where missing (labelled with the app). */
export async function ensureShared(app: string, volumes: VolumeSpec[] = []): Promise<void> {
    if ((await docker(["network", "inspect", networkName(app)])).code !== 0) {
        const created = await docker(["network", "create", "--label", `paas.app=${app}`, networkName(app)]);
        // Said, not swallowed: with no address left, every container start would fail unexplained.
        if (created.code !== 0) fail(`network ${networkName(app)} could not be created: ${created.stderr.trim()}`);
    }
    for (const v of volumes) {
        if ((await docker(["volume", "inspect", volumeName(app, v.name)])).code !== 0) {
            await docker(["volume", "create", "--label", `paas.app=${app}`, volumeName(app, v.name)]);
        }
    }
}

/** Removes the app's network, and its volumes unless KEEPDATA. */
export async function removeShared(app: string, keepData: boolean): Promise<void> {
    await docker(["network", "rm", networkName(app)]);
    if (keepData) return;
    const volumes = lines((await docker(["volume", "ls", "-q", "--filter", `label=paas.app=${app}`])).stdout);
    if (volumes.length > 0) await docker(["volume", "rm", ...volumes]);
}
