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
    const r = await docker(["build", ...(b.label ? ["--label", `paas.app=${b.app}`] : []), "-t", b.image, b.context],
        { stdout: "indent", stderr: "indent" });
    if (r.code !== 0) fail(`build failed; ${b.serving} keeps serving`);
}
