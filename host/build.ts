// Images built on the host from a Dockerfile folder: a `git push`'s commit, or a folder the App
// component copied (`buildContext`). A build runs app code with the platform's Docker engine, so
// it is kept apart from the platform: its Docker client has a configuration of its own, empty
// (no registry credentials of root's), the images it reads are checked first
// (host/build-bases.ts), and its steps run within the build limits (host/build-limits.ts).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BuildLimits } from "../shared/host-inputs";
import { checkBuildImages } from "./build-bases";
import { readBuildLimits } from "./build-limits";
import { docker, dockerBin, imageExists } from "./docker";
import { fail, say } from "./output";
import { baseEnv, run } from "./run";

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
    /** The field a context past the size limit is reported against. */
    readonly field?: string;
}

/** `docker build` flags for LIMITS: each step's container gets the memory with no swap past it,
 * and the CPUs as a quota of each 100 ms. */
export function buildLimitFlags(limits: BuildLimits): string[] {
    const memory = `${limits.memoryMiB}m`;
    return ["--memory", memory, "--memory-swap", memory, "--cpu-period", "100000", "--cpu-quota", String(Math.round(limits.cpus * 100000))];
}

/** The bytes of the files under DIR, links not followed; undefined once past LIMIT. */
export function contextBytes(dir: string, limit: number): number | undefined {
    let total = 0;
    const walk = (d: string): boolean => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const p = path.join(d, entry.name);
            // The entry itself counts too, so that a tree of empty files has a size.
            total += entry.isFile() ? fs.lstatSync(p).size + 512 : 512;
            if (total > limit) return false;
            if (entry.isDirectory() && !walk(p)) return false;
        }
        return true;
    };
    return walk(dir) ? total : undefined;
}

const lstatOrUndefined = (p: string) => { try { return fs.lstatSync(p); } catch { return undefined; } };

/** Builds B.image unless it exists already; the build's output streams indented. */
export async function buildImage(b: Build): Promise<void> {
    if (!b.label && await imageExists(b.image)) return;
    const limits = readBuildLimits();
    const dockerfile = `${b.context}/Dockerfile`;
    const st = lstatOrUndefined(dockerfile);
    if (!st) fail(b.missing ?? `buildContext: ${b.context} has no Dockerfile`);
    if (!st.isFile()) fail("Dockerfile: must be a file (not a link or a folder)");
    // The docker client reads this one itself, as root.
    const ignore = lstatOrUndefined(`${b.context}/.dockerignore`);
    if (ignore && !ignore.isFile()) fail(".dockerignore: must be a file (not a link or a folder)");
    if (contextBytes(b.context, limits.contextMiB * 1024 * 1024) === undefined) {
        fail(`${b.field ?? "buildContext"}: the build's files are more than ${limits.contextMiB} MiB (the build limit contextMiB); ${b.serving} keeps serving`);
    }
    // A client configuration of the build's own: no registry credentials, no credential helper.
    const client = fs.mkdtempSync(path.join(os.tmpdir(), "paas-build-client-"));
    try {
        const env = { ...baseEnv, DOCKER_CONFIG: client, DOCKER_BUILDKIT: "0" };
        await checkBuildImages(b.app, fs.readFileSync(dockerfile, "utf8"), env);
        say(`building ${b.image}`);
        // --force-rm: a failed step's container goes too.
        const r = await run(dockerBin, ["build", "--force-rm", ...buildLimitFlags(limits), ...(b.label ? ["--label", `paas.app=${b.app}`] : []),
            "-t", b.image, b.context], { env, stdout: "indent-capture", stderr: "indent", timeoutSeconds: limits.timeoutSeconds });
        if (r.code === 0 && !r.timedOut) return;
        // A build stopped by its time limit leaves the engine to remove the step it ran; one it
        // had not removed yet goes here.
        if (r.timedOut) {
            const left = containersRun(r.stdout);
            if (left.length > 0) await docker(["rm", "-f", ...left]);
        }
        // What the failed build left: the untagged images of the steps it ran itself, newest first, each
        // alone (--no-prune). Those of cached steps, which another build made, stay, and so does one
        // of its own that another build took as its cache since (docker refuses it).
        for (const id of imagesBuilt(r.stdout).reverse()) await docker(["rmi", "--no-prune", id]);
        if (r.timedOut) fail(`build stopped after ${limits.timeoutSeconds} s (the build limit timeoutSeconds); ${b.serving} keeps serving`);
        fail(`build failed; ${b.serving} keeps serving`);
    } finally {
        fs.rmSync(client, { recursive: true, force: true });
    }
}

/** The containers a build's steps ran in, from its output (` ---> Running in <id>`). */
export function containersRun(output: string): string[] {
    return output.split("\n").flatMap(l => /^ ---> Running in ([0-9a-f]{12})$/.exec(l.trimEnd())?.[1] ?? []);
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
