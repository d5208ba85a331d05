// Files written whole or not at all: a reader (or an interrupted deploy's rerun) never sees half
// of one, and a file written is on the disk (data and name) before the write returns, so that a
// power loss right after keeps it.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

export interface WriteOptions {
    /** File mode (default 0644). */
    readonly mode?: number;
    /** Owner, by user name (default: whoever runs, root). */
    readonly user?: string;
    /** Group id (default: that of `user`, else whoever runs). */
    readonly gid?: number;
}

/** The uid and gid of USER, from /etc/passwd. */
export function userIds(user: string): { uid: number; gid: number } {
    const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find(l => l.startsWith(`${user}:`));
    if (!line) throw new Error(`${user}: no such user`);
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
}

/** Flags of a new file that is nobody else's: made here (never one that was there, nor a link's target). */
export const newFileFlags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;

/** Writes DATA to FILE through a temporary file beside it: written, synced, renamed, and the
 * folder synced, so that after a crash FILE is either the old content or the new, never part.
 * The temporary file has a name nobody can guess and is made new (a link planted under any name
 * is never followed); its mode and owner are set through its descriptor, before the rename. */
export function writeFileAtomic(file: string, data: string | Buffer, opts: WriteOptions = {}): void {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(12).toString("hex")}.new`);
    try {
        const fd = fs.openSync(tmp, newFileFlags, 0o600);
        try {
            fs.writeFileSync(fd, data);
            fs.fchmodSync(fd, opts.mode ?? 0o644);
            if (opts.user || opts.gid !== undefined) {
                const owner = opts.user ? userIds(opts.user) : { uid: -1, gid: -1 };
                fs.fchownSync(fd, owner.uid, opts.gid ?? owner.gid);
            }
            fs.fsyncSync(fd);
        } finally {
            fs.closeSync(fd);
        }
        fs.renameSync(tmp, file);
        syncDir(dir);
    } finally {
        fs.rmSync(tmp, { force: true });
    }
}

/** Makes the names in DIR (a rename, a removal) durable. */
export function syncDir(dir: string): void {
    const fd = fs.openSync(dir, "r");
    try {
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
}

/** Removes FILE (if there) and syncs its folder. */
export function removeFileDurably(file: string): void {
    if (!fs.existsSync(file)) return;
    fs.rmSync(file, { force: true });
    syncDir(path.dirname(file));
}

/** A JSON file's content, pretty-printed as jq would. */
export const writeJson = (file: string, value: unknown, opts: WriteOptions = {}) =>
    writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, opts);

/** FILE's text, or undefined when it does not exist. */
export function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
}

/** FILE parsed as JSON, or undefined when it does not exist. */
export function readJson<T>(file: string): T | undefined {
    const text = readText(file);
    return text === undefined ? undefined : JSON.parse(text) as T;
}

/** FILE parsed as JSON, or undefined when it does not exist or cannot be read as JSON (a file a
 * crash cut short): the second case is reported on stderr, naming the file, and skipped. */
export function readJsonTolerant<T>(file: string): T | undefined {
    try {
        const text = readText(file);
        return text === undefined ? undefined : JSON.parse(text) as T;
    } catch (e) {
        process.stderr.write(`paas: skipping ${file}: ${(e as Error).message}\n`);
        return undefined;
    }
}

/** A directory with MODE, created when missing (its mode set either way). */
export function ensureDir(dir: string, mode: number): void {
    const made = fs.mkdirSync(dir, { recursive: true, mode });
    fs.chmodSync(dir, mode);
    // A folder made now is on the disk with its parent's entry before anything is written in it.
    if (made !== undefined) syncDir(path.dirname(dir));
}

/** The text of stdin, read whole. */
export function readStdin(): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on("data", c => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", reject);
    });
}
