// Folders the components copy to the host (shared/uploads.ts): checked before root builds from
// one, and those of other versions removed.
import * as fs from "fs";
import * as path from "path";
import { isBuildContextOf, uploadsDir } from "../shared/uploads";
import { fail } from "./output";
import { paths } from "./paths";
import { run } from "./run";

/** Who must own an upload and where the check of its parents stops (the root folder on a host). */
export interface Trust {
    readonly uid: number;
    readonly top: string;
}

const onHost: Trust = { uid: 0, top: "/" };

/** Why P (lstat STAT) is not a directory or file only TRUST's user may change, or undefined when it is. */
function untrusted(p: string, stat: fs.Stats, trust: Trust, dirOnly: boolean): string | undefined {
    if (stat.isSymbolicLink()) return `${p} is a symbolic link`;
    if (!stat.isDirectory() && (dirOnly || !stat.isFile())) return `${p} is not a ${dirOnly ? "directory" : "plain file or directory"}`;
    if (stat.uid !== trust.uid) return `${p} is owned by uid ${stat.uid}, not ${trust.uid}`;
    if ((stat.mode & 0o022) !== 0) return `${p} may be written by others (mode ${(stat.mode & 0o7777).toString(8)})`;
    return undefined;
}

const lstat = (p: string) => {
    try { return fs.lstatSync(p); } catch (e) { if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined; throw e; }
};

/**
 * DIR, once it is clear that nobody but root can have put anything there: each of its parents
 * that exists, DIR and everything in it are directories or plain files (no links), owned by
 * root, that neither group nor others may write. A DIR that does not exist passes (only root
 * could make it); the refusal names FIELD.
 */
export function checkUpload(field: string, dir: string, trust: Trust = onHost): string {
    const refuse = (why: string) => fail(`${field}: ${why}; nothing is built from it`);
    for (let p = path.dirname(dir); ; p = path.dirname(p)) {
        const stat = lstat(p);
        const why = stat && untrusted(p, stat, trust, true);
        if (why) refuse(why);
        if (p === trust.top || p === path.dirname(p)) break;
    }
    const walk = (p: string, dirOnly: boolean) => {
        const stat = lstat(p);
        if (!stat) return;
        const why = untrusted(p, stat, trust, dirOnly);
        if (why) refuse(why);
        if (stat.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name), false);
    };
    walk(dir, true);
    return dir;
}

/** Removes APP's build contexts but KEEP (none: all of them). */
export function removeBuildContexts(app: string, keep?: string): void {
    let names: string[] = [];
    try { names = fs.readdirSync(paths.uploads()); } catch { return; }
    for (const n of names) {
        if (isBuildContextOf(n, app) && `${uploadsDir}/${n}` !== keep) fs.rmSync(`${paths.uploads()}/${n}`, { recursive: true, force: true });
    }
}

/** Where earlier versions copied to: /tmp, where any user may have made them, or made them links. */
const formerUploads = ["/tmp/paas-server", "/tmp/paas-build"];

/**
 * `paas system uploads-clean KEEP`: removes the server scripts of every version but the one in
 * KEEP, and the folders of the paths earlier versions copied to; prints each path it removed.
 */
export async function removeOldUploads(keep: string): Promise<void> {
    let names: string[] = [];
    try { names = fs.readdirSync(paths.uploads()); } catch { /* nothing uploaded yet */ }
    const old = [
        ...names.filter(n => n.startsWith("server-") && `${uploadsDir}/${n}` !== keep).map(n => `${paths.uploads()}/${n}`),
        ...formerUploads.map(p => paths.under(p)).filter(p => lstat(p) !== undefined),
    ];
    for (const p of old) {
        // GNU rm: it never follows a link, also when the tree changes while it walks it.
        const r = await run("rm", ["-rf", "--one-file-system", "--", p]);
        if (r.code !== 0) fail(`uploads: ${p} could not be removed: ${r.stderr.trim()}`);
        process.stdout.write(`${p}\n`);
    }
}
