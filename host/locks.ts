// Locks between the platform's commands (a `git push` and a `pulumi up` may meet). Node.js has no
// flock(2), so util-linux's flock(1) takes each lock on a file descriptor this process opened and
// hands it as fd 3: the lock belongs to the open file, which stays with this process after flock
// exits. Closing it frees the lock; so does this process dying, however it dies, so an
// interrupted command never leaves a lock behind.
import * as fs from "fs";
import * as path from "path";
import { paths } from "./paths";
import { run } from "./run";

/** A held lock; after `release` another command can take it. */
export interface Lock {
    release(): void;
    /** The open file the lock belongs to: a child given it holds the lock until it exits. */
    readonly fd: number;
}

/** Waits for, then holds, the exclusive lock on FILE. */
export async function acquire(file: string): Promise<Lock> {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file, "a", 0o600);
    const r = await run("flock", ["--exclusive", "3"], { fds: [fd] });
    if (r.code !== 0) {
        fs.closeSync(fd);
        throw new Error(`flock ${file} exited ${r.code}: ${r.stderr.trim()}`);
    }
    return { release: () => fs.closeSync(fd), fd };
}

/** The lock on FILE if nobody holds it now, else undefined (without waiting). */
export async function tryAcquire(file: string): Promise<Lock | undefined> {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file, "a", 0o600);
    const r = await run("flock", ["--exclusive", "--nonblock", "3"], { fds: [fd] });
    if (r.code !== 0) {
        fs.closeSync(fd);
        return undefined;
    }
    return { release: () => fs.closeSync(fd), fd };
}

/** Runs BODY while holding the lock on FILE. */
export async function withLock<T>(file: string, body: () => Promise<T>): Promise<T> {
    const lock = await acquire(file);
    try {
        return await body();
    } finally {
        lock.release();
    }
}

/** The locks: one change at a time per app and per add-on; nginx's configuration, the deploy
 * keys, the port picks, the app count and the hostnames' owners are shared, each held only while it is changed. */
export const lockFiles = {
    app: (app: string) => `${paths.apps()}/.${app}.lock`,
    router: () => `${paths.apps()}/.router.lock`,
    keys: () => `${paths.apps()}/.keys.lock`,
    ports: () => `${paths.apps()}/.ports.lock`,
    register: () => `${paths.apps()}/.register.lock`,
    addon: (kind: string, name: string) => `${paths.addons()}/.${kind}-${name}.lock`,
    redisPorts: () => `${paths.addons()}/.redis-ports.lock`,
    hostnames: () => `${paths.apps()}/.hostnames.lock`,
};
