// Files written whole or not at all: a reader (or an interrupted deploy's rerun) never sees half
// of one.
import * as fs from "fs";
import * as path from "path";

export interface WriteOptions {
    /** File mode (default 0644). */
    readonly mode?: number;
    /** Owner, by user name (default: whoever runs, root). */
    readonly user?: string;
}

/** The uid and gid of USER, from /etc/passwd. */
export function userIds(user: string): { uid: number; gid: number } {
    const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find(l => l.startsWith(`${user}:`));
    if (!line) throw new Error(`${user}: no such user`);
    const [, , uid, gid] = line.split(":");
    return { uid: Number(uid), gid: Number(gid) };
}

/** Writes DATA to FILE through a temporary file beside it and a rename. */
export function writeFileAtomic(file: string, data: string | Buffer, opts: WriteOptions = {}): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.new`);
    try {
        fs.writeFileSync(tmp, data, { mode: opts.mode ?? 0o644 });
        fs.chmodSync(tmp, opts.mode ?? 0o644);
        if (opts.user) {
            const { uid, gid } = userIds(opts.user);
            fs.chownSync(tmp, uid, gid);
        }
        fs.renameSync(tmp, file);
    } finally {
        fs.rmSync(tmp, { force: true });
    }
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

/** A directory with MODE, created when missing (its mode set either way). */
export function ensureDir(dir: string, mode: number): void {
    fs.mkdirSync(dir, { recursive: true, mode });
    fs.chmodSync(dir, mode);
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
