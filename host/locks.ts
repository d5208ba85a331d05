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
    return { release: () => fs.closeSync(fd) };
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

/** The locks: one change at a time per app; nginx's configuration, the deploy keys, the port
 * pick and the hostnames' owners are shared by every app, each held only while it is changed. */
export const lockFiles = {
    app: (app: string) => `${paths.apps()}/.${app}.lock`,
    router: () => `${paths.apps()}/.router.lock`,
    keys: () => `${paths.apps()}/.keys.lock`,
    ports: () => `${paths.apps()}/.ports.lock`,
    hostnames: () => `${paths.apps()}/.hostnames.lock`,
};
