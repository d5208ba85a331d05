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
 * `Step N/M : ...`, then ` ---> Running in <container>` for a step it runs, ` ---> Using cache`
 * for one it takes from the cache, and last ` ---> <image>`). The label of `--label` is only on
 * the last step's image, so the output is what tells one build's images from another's. */
export function imagesBuilt(output: string): string[] {
    const built: string[] = [];
    let ran = false;
    for (const line of output.split("\n")) {
        if (/^Step [0-9]+\/[0-9]+ : /.test(line)) ran = false;
        else if (/^ ---> Running in [0-9a-f]{12}$/.test(line.trimEnd())) ran = true;
        else {
            const image = /^ ---> ([0-9a-f]{12})$/.exec(line.trimEnd());
            if (image && ran) built.push(image[1]);
        }
    }
    return built;
}
