// Deploy keys: ~git/.ssh/authorized_keys, one entry per key and app, each forced to
// paas-git-shell of its app. The entry's comment marks the app it belongs to.
import * as hostInputs from "../shared/host-inputs";
import { readText, writeFileAtomic, ensureDir } from "./files";
import { ensureRepo } from "./git";
import { parseJson } from "./input";
import { lockFiles, withLock } from "./locks";
import { print } from "./output";
import { otherOwner } from "./owners";
import { paths } from "./paths";
import { withApp } from "./state";

/** The authorized_keys entry of KEY (a checked OpenSSH line) for APP; the key's own comment is dropped. */
export function keyEntry(app: string, key: string): string {
    const [type, blob] = key.split(" ");
    return `restrict,command="paas-git-shell ${app}" ${type} ${blob} paas:${app}`;
}

/** authorized_keys TEXT without APP's entries. */
export const withoutApp = (text: string, app: string): string[] =>
    text.split("\n").filter(l => l !== "" && !l.endsWith(` paas:${app}`));

/** Replaces APP's entries in authorized_keys with ENTRIES. */
export async function replaceEntries(app: string, entries: string[]): Promise<void> {
    const file = paths.authorizedKeys();
    await withLock(lockFiles.keys(), async () => {
        const kept = withoutApp(readText(file) ?? "", app);
        ensureDir(`${paths.gitHome()}/.ssh`, 0o700);
        writeFileAtomic(file, [...kept, ...entries].map(l => `${l}\n`).join(""), { mode: 0o600, user: "git" });
    });
}

/** `paas keys set|clear [APP]`: the app's deploy keys, all at once. */
export async function setKeys(stdin: string, appArg: string | undefined, clear: boolean): Promise<void> {
    const { app, keys, owner } = hostInputs.keys(parseJson(stdin, "keys", "stdin must be a JSON object"), appArg, clear);
    await withApp(app, async state => {
        // A clear from the app's former owner (a rename without an alias) keeps the new owner's keys.
        const other = clear ? otherOwner(state.ownerFile, owner) : undefined;
        if (other) return print(`deploy keys of ${app} kept: it belongs to ${other} now`);
        await ensureRepo(app, false);
        await replaceEntries(app, keys.map(k => keyEntry(app, k)));
        print(`deploy keys of ${app}: ${keys.length}`);
    });
}
