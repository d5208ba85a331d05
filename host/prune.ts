// Pruning, so that the disk does not fill: each app keeps the images of its last releases (5) for
// rollback; the images of older ones go (unless another kept release uses them) and those
// releases are marked as no longer rollback-able; dangling layers and build cache go too. After
// every deploy, and daily by a systemd timer (`paas system prune`).
import * as fs from "fs";
import { docker } from "./docker";
import { paths } from "./paths";
import { AppState, ReleaseRecord } from "./state";

/** How many releases of an app keep their image. */
export const keptReleases = 5;

/** The releases whose image goes (an image a kept release of any app uses stays), given every app's releases. */
export function prunePlan(byApp: Record<string, ReleaseRecord[]>, current: Record<string, number>): { prune: [string, ReleaseRecord][]; images: string[] } {
    const keep = new Set<string>(), older: [string, ReleaseRecord][] = [];
    for (const [app, releases] of Object.entries(byApp)) {
        [...releases].sort((a, b) => b.version - a.version).forEach((r, n) => {
            if (n < keptReleases || r.version === current[app]) keep.add(r.image);
            else if (!r.pruned) older.push([app, r]);
        });
    }
    const prune = older.filter(([, r]) => !keep.has(r.image));
    return { prune, images: [...new Set(prune.map(([, r]) => r.image))] };
}

/** Prunes every app's old images, then dangling layers and build cache. */
export async function pruneImages(): Promise<void> {
    let apps: string[] = [];
    try { apps = fs.readdirSync(paths.apps()).filter(a => !a.startsWith(".")); } catch { return; }
    const states = Object.fromEntries(apps.map(a => [a, new AppState(a)]));
    const byApp = Object.fromEntries(apps.map(a => [a, states[a].releases()]));
    const current = Object.fromEntries(apps.map(a => [a, states[a].currentVersion()]));
    const { prune, images } = prunePlan(byApp, current);
    if (images.length > 0) await docker(["rmi", ...images]);
    for (const [app, record] of prune) states[app].markPruned(record.version);
    await docker(["image", "prune", "-f"]);
    await docker(["builder", "prune", "-f"]);
}
