// `node key-folder-reaper.js FOLDER`: removes FOLDER (the CLI's private key and known_hosts) once
// its stdin ends. The CLI holds the other end of that pipe and the kernel closes it however the
// CLI ends, SIGKILL included, so the key never outlives the CLI. It runs detached (its own
// process group): a Ctrl-C at the terminal does not end it before it has removed the folder.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The prefix of every key folder: the reaper removes nothing else. */
export const keyFolderPrefix = "paas-ssh-";

/** Whether FOLDER is one the CLI makes (`<tmp>/paas-ssh-XXXXXX`), so that nothing else is ever removed. */
export function isKeyFolder(folder: string): boolean {
    return path.isAbsolute(folder) && path.basename(folder).startsWith(keyFolderPrefix) && !folder.split(path.sep).includes("..");
}

/** Removes FOLDER when INPUT ends (or fails); resolves after. */
export function reapOnEnd(folder: string, input: NodeJS.ReadableStream): Promise<void> {
    return new Promise(resolve => {
        const reap = () => {
            fs.rmSync(folder, { recursive: true, force: true });
            resolve();
        };
        input.on("end", reap);
        input.on("error", reap);
        input.on("close", reap);
        input.resume();
    });
}

if (require.main === module) {
    const folder = process.argv[2] ?? "";
    if (!isKeyFolder(folder)) {
        process.stderr.write(`key-folder-reaper: not a key folder: ${JSON.stringify(folder)} (in ${os.tmpdir()})\n`);
        process.exit(2);
    }
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => undefined);
    void reapOnEnd(folder, process.stdin).then(() => process.exit(0));
}
