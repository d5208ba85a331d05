// Images built on the host from a Dockerfile folder: a `git push`'s commit, or a folder the App
// component copied (`buildContext`).
import * as fs from "fs";
import { docker, imageExists } from "./docker";
import { lines } from "./run";
import { fail, say } from "./output";

export interface Build {
    readonly app: string;
    /** The folder with the Dockerfile. */
    readonly context: string;
    readonly image: string;
    /** Label the image with the app (so that destroying the app finds its dangling layers). */
    readonly label: boolean;
    /** What keeps serving when the build fails ("release v3"). */
    readonly serving: string;
    /** The field a missing Dockerfile is reported against. */
    readonly missing?: string;
}

/** Builds B.image unless it exists already; the build's output streams indented. */
export async function buildImage(b: Build): Promise<void> {
    if (!b.label && await imageExists(b.image)) return;
    if (!fs.existsSync(`${b.context}/Dockerfile`)) fail(b.missing ?? `buildContext: ${b.context} has no Dockerfile`);
    say(`building ${b.image}`);
    const before = new Set(await danglingImages());
    // --force-rm: a failed step's container goes too.
    const r = await docker(["build", "--force-rm", ...(b.label ? ["--label", `paas.app=${b.app}`] : []), "-t", b.image, b.context],
        { stdout: "indent", stderr: "indent" });
    if (r.code === 0) return;
    // What the failed build left: the untagged image of its last good step (and, with it, the
    // untagged layers under it). An image another build still uses is refused by docker and stays.
    const left = (await danglingImages()).filter(id => !before.has(id));
    if (left.length > 0) await docker(["rmi", ...left]);
    fail(`build failed; ${b.serving} keeps serving`);
}

const danglingImages = async () => lines((await docker(["images", "-q", "--no-trunc", "--filter", "dangling=true"])).stdout);
