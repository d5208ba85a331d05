// Images built on the host from a Dockerfile folder: a `git push`'s commit, or a folder the App
// component copied (`buildContext`).
import * as fs from "fs";
import { docker, imageExists } from "./docker";
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
    // --force-rm: a failed step's container goes too.
    const r = await docker(["build", "--force-rm", ...(b.label ? ["--label", `paas.app=${b.app}`] : []), "-t", b.image, b.context],
        { stdout: "indent-capture", stderr: "indent" });
    if (r.code === 0) return;
    // What the failed build left: the untagged images of the steps it ran itself, newest first, each
    // alone (--no-prune). Those of cached steps, which another build made, stay, and so does one
    // of its own that another build took as its cache since (docker refuses it).
    for (const id of imagesBuilt(r.stdout).reverse()) await docker(["rmi", "--no-prune", id]);
    fail(`build failed; ${b.serving} keeps serving`);
}

/** The images a build made itself, oldest first, from its output (docker's classic builder:
 * `Step N/M : ...`, then ` ---> Using cache` for a step it takes from the cache, and last
 * ` ---> <image>`; a FROM step's image is the base, unless it ran the base's ONBUILD triggers).
 * The label of `--label` is only on the last step's image, so the output is what tells one
 * build's images from another's. */
export function imagesBuilt(output: string): string[] {
    const built: string[] = [];
    let cached = false, from = false, ran = false;
    for (const raw of output.split("\n")) {
        const line = raw.trimEnd();
        const step = /^Step [0-9]+\/[0-9]+ : (\S+)/.exec(line);
        if (step) [cached, from, ran] = [false, step[1].toUpperCase() === "FROM", false];
        else if (line === " ---> Using cache") cached = true;
        else if (/^ ---> Running in [0-9a-f]{12}$/.test(line)) ran = true;
        else {
            const image = /^ ---> ([0-9a-f]{12})$/.exec(line);
            if (image && !cached && (!from || ran)) built.push(image[1]);
        }
    }
    return built;
}
