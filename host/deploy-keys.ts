// Deploy keys belong to people: one entry per key in ~git/.ssh/authorized_keys, forced to
// paas-git-shell with every app that key may deploy (sshd uses the first entry of a key, so one
// key is one entry). The entries are the state: `paas keys set APP` takes APP out of every entry,
// then adds it to the entries of its keys.
import * as hostInputs from "../shared/host-inputs";
import { makeDirAs, readFileAs, writeFileAs } from "./as-user";
import { ensureRepo } from "./git";
import { parseJson } from "./input";
import { lockFiles, withLock } from "./locks";
import { print } from "./output";
import { otherOwner } from "./owners";
import { paths } from "./paths";
import { withApp } from "./state";

/** Each key (`type blob`) and the apps it may deploy, in the order the keys came. */
export type KeyGrants = Map<string, string[]>;

const entryPattern = /^restrict,command="paas-git-shell ([a-z0-9 -]+)" (\S+) (\S+) paas:\S+$/;

/** The entry of one key: restricted, forced to paas-git-shell of its apps; the key's own comment dropped. */
export function keyEntry(key: string, apps: string[]): string {
    return `restrict,command="paas-git-shell ${apps.join(" ")}" ${key} paas:${apps.join(",")}`;
}

/** The grants in authorized_keys TEXT, and the lines that are not the platform's (kept as they are). */
export function parseEntries(text: string): { grants: KeyGrants; other: string[] } {
    const grants: KeyGrants = new Map();
    const other: string[] = [];
    for (const line of text.split("\n").filter(l => l !== "")) {
        const m = entryPattern.exec(line);
        if (!m) { other.push(line); continue; }
        const key = `${m[2]} ${m[3]}`;
        grants.set(key, [...new Set([...(grants.get(key) ?? []), ...m[1].split(" ")])]);
    }
    return { grants, other };
}

/** GRANTS with APP allowed exactly KEYS (checked OpenSSH lines). */
export function grantApp(grants: KeyGrants, app: string, keys: string[]): KeyGrants {
    const next: KeyGrants = new Map([...grants].map(([k, apps]) => [k, apps.filter(a => a !== app)]));
    for (const line of keys) {
        const [type, blob] = line.split(" ");
        const key = `${type} ${blob}`;
        next.set(key, [...(next.get(key) ?? []), app].sort());
    }
    return new Map([...next].filter(([, apps]) => apps.length > 0));
}

/** authorized_keys from its grants and the lines that are not the platform's. */
export const renderEntries = (grants: KeyGrants, other: string[]): string =>
    [...other, ...[...grants].map(([key, apps]) => keyEntry(key, apps))].map(l => `${l}\n`).join("");

/** Sets the keys APP may be deployed with (none: the app's keys are revoked). */
export async function grantKeys(app: string, keys: string[]): Promise<void> {
    const file = paths.authorizedKeys();
    // As git: the folder and the file are git's, and so is whatever a link there points to.
    await withLock(lockFiles.keys(), async () => {
        const { grants, other } = parseEntries(await readFileAs("git", file) ?? "");
        await makeDirAs("git", `${paths.gitHome()}/.ssh`, 0o700);
        await writeFileAs("git", file, renderEntries(grantApp(grants, app, keys), other), 0o600);
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
        await grantKeys(app, keys);
        print(`deploy keys of ${app}: ${keys.length}`);
    });
}
