// Which images a build of an app may read. The Docker engine is one for all apps, and its
// builder takes an image it has locally before asking any registry, so a Dockerfile could name
// another app's image (its baked-in files and secrets), or a private image the engine pulled
// for another app with root's credentials. Before a build starts, every image its Dockerfile
// reads (FROM, COPY --from, RUN --mount from=, and the ONBUILD triggers of its bases) is
// resolved as the builder would resolve it, and refused, naming the line, when it is:
// - in another app's repository, `paas/<other>` (by name, whether present or not);
// - an image present here that belongs to another app: tagged `paas/<other>`, labelled
//   `paas.app=<other>`, or named by a release, the pushed image or the spec of another app
//   (unless this app's own records name it too);
// - an image present here that no name points at: the layers a build made on this host.
// An image that is not here is pulled first, with the build's own (empty) registry
// credentials, as the builder would have; what a registry gives anyone is anyone's.
import * as fs from "fs";
import { fullReference, ImageUse, imageUses, instructions, repositoryOf, triggerUses } from "./dockerfile";
import { dockerBin } from "./docker";
import { fail } from "./output";
import { paths } from "./paths";
import { imageRepository } from "./names";
import { run } from "./run";
import { AppState } from "./state";

/** What `docker image inspect` says of an image, the parts read here. */
export interface ImageInfo {
    readonly Id: string;
    readonly RepoTags?: string[] | null;
    readonly RepoDigests?: string[] | null;
    readonly Config?: { Labels?: Record<string, string> | null; OnBuild?: string[] | null } | null;
}

/** Whose an image is, for a build of APP: its own, another app's (named), one no name points at, or nobody's (a public base). */
export function imageOwner(app: string, info: ImageInfo, records: ReadonlyMap<string, ReadonlySet<string>>): { own: boolean; other?: string; unnamed: boolean } {
    const names = [...(info.RepoTags ?? []), ...(info.RepoDigests ?? [])].filter(n => !n.startsWith("<none>")).map(fullReference);
    const label = info.Config?.Labels?.["paas.app"];
    const appOf = (name: string) => /^docker\.io\/paas\/([a-z0-9-]+)$/.exec(repositoryOf(name))?.[1];
    const own = label === app || names.some(n => appOf(n) === app || records.get(app)?.has(n));
    if (own) return { own, unnamed: false };
    const other = (label !== undefined && label !== "" ? label : undefined) ??
        names.map(appOf).find(a => a !== undefined) ??
        [...records].find(([a, refs]) => a !== app && names.some(n => refs.has(n)))?.[0];
    return { own, other, unnamed: names.length === 0 };
}

/** Every app's images as its records name them (releases, the pushed image, the spec), in full. */
function recordedImages(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    let apps: string[] = [];
    try { apps = fs.readdirSync(paths.apps()).filter(a => !a.startsWith(".")); } catch { return out; }
    for (const a of apps) {
        const state = new AppState(a);
        const refs = [...state.releases().map(r => r.image), state.pushedImage(), state.spec()?.image];
        out.set(a, new Set(refs.filter((r): r is string => typeof r === "string" && r !== "").map(fullReference)));
    }
    return out;
}

async function inspect(image: string, env: NodeJS.ProcessEnv): Promise<ImageInfo | undefined> {
    const r = await run(dockerBin, ["image", "inspect", "--", image], { env });
    if (r.code !== 0) return undefined;
    try { return (JSON.parse(r.stdout) as ImageInfo[])[0]; } catch { return undefined; }
}

/** Refuses the build of APP's DOCKERFILE before it starts when it reads an image that is not
 * its own or public (above); pulls the images it reads that are not here, with the build's
 * client environment ENV (no registry credentials). */
export async function checkBuildImages(app: string, dockerfile: string, env: NodeJS.ProcessEnv): Promise<void> {
    const records = recordedImages();
    const own = fullReference(imageRepository(app));
    const check = async (use: ImageUse): Promise<ImageInfo> => {
        const where = `Dockerfile line ${use.line}: ${use.instruction}`;
        const mine = `a build may read its own app's images (${imageRepository(app)}) and public ones`;
        const repository = repositoryOf(fullReference(use.image));
        const named = /^docker\.io\/paas\/([a-z0-9-]+)$/.exec(repository);
        if (named && repository !== repositoryOf(own)) fail(`${where}: ${use.image} is an image of app ${named[1]}; ${mine}`);
        let info = await inspect(use.image, env);
        if (!info) {
            const pull = await run(dockerBin, ["pull", "--", use.image], { env, stdout: "indent", stderr: "capture" });
            info = pull.code === 0 ? await inspect(use.image, env) : undefined;
            if (!info) fail(`${where}: ${use.image} is not on this host and could not be pulled (builds get no registry credentials): ${pull.stderr.trim()}`);
        }
        const owner = imageOwner(app, info, records);
        if (!owner.own && owner.other) fail(`${where}: ${use.image} is an image of app ${owner.other}; ${mine}`);
        if (!owner.own && owner.unnamed) fail(`${where}: ${use.image} is a layer a build made on this host, which no name points at; ${mine}`);
        return info;
    };
    for (const use of imageUses(instructions(dockerfile))) {
        const info = await check(use);
        if (!use.base) continue;
        for (const trigger of info.Config?.OnBuild ?? []) {
            for (const t of triggerUses(trigger, use.line, use.stages)) await check({ ...t, instruction: `FROM ${use.image}: ${t.instruction}` });
        }
    }
}
