// `paas addon postgres|redis create|delete`: the input checks, the owner record and the output
// lines, once for both kinds; ./postgres and ./redis do only the database work.
import * as fs from "fs";
import * as hostInputs from "../../shared/host-inputs";
import { ensureDir } from "../files";
import { parseJson } from "../input";
import { lockFiles, withLock } from "../locks";
import { fail, print } from "../output";
import { otherOwner, recordOwner } from "../owners";
import { paths } from "../paths";
import { createPostgres, dropPostgres, restrictDatabases } from "./postgres";
import { createRedis, dropRedis } from "./redis";
import { upgradeRedis } from "./redis-upgrade";

interface AddonKind {
    /** What the output lines call it, before its name. */
    readonly label: string;
    /** The word for a deleted one. */
    readonly gone: string;
    /** Creates it; what it returns is added to the ready line (where it serves). */
    readonly create: (name: string, password: string) => Promise<string | void>;
    readonly drop: (name: string) => Promise<void>;
    /** Brings what earlier versions made to this version's rules; returns a line per change. */
    readonly upgrade: () => Promise<string[]>;
}

const kinds: Record<string, AddonKind> = {
    postgres: {
        label: "postgres database", gone: "dropped", create: createPostgres, drop: dropPostgres,
        upgrade: async () => (await restrictDatabases()).map(db => `postgres: database ${db} closed to other roles`),
    },
    redis: { label: "redis server", gone: "removed", create: createRedis, drop: dropRedis, upgrade: upgradeRedis },
};

/** Runs `paas addon KIND ACTION` with the JSON STDINTEXT (`{"name", "password", "keepData", "owner"?}`);
 * `upgrade` (the bootstrap's) takes nothing and prints a `changed:` line per change. */
export async function addonCommand(kind: string, action: string | undefined, stdinText: string): Promise<void> {
    const addon = Object.prototype.hasOwnProperty.call(kinds, kind) ? kinds[kind] : fail("usage: paas addon postgres|redis create|delete|upgrade");
    if (action === "upgrade") {
        ensureDir(paths.addons(), 0o700);
        for (const line of await addon.upgrade()) print(`changed: ${line}`);
        return;
    }
    // The input first, as before: a bad one is refused whatever the action.
    const input = hostInputs.addon(parseJson(stdinText));
    ensureDir(paths.addons(), 0o700);
    if (action !== "create" && action !== "delete") fail(`usage: paas addon ${kind} create|delete|upgrade`);
    // One command at a time per add-on: a create and a delete of one add-on never interleave.
    await withLock(lockFiles.addon(kind, input.name), () => change(kind, addon, action, input));
}

/** The create or delete itself, under the add-on's lock. */
async function change(kind: string, addon: AddonKind, action: "create" | "delete", input: ReturnType<typeof hostInputs.addon>): Promise<void> {
    const ownerFile = paths.addonOwner(kind, input.name);
    const line = `${addon.label} ${input.name}`;
    if (action === "create") {
        const where = await addon.create(input.name, hostInputs.password("password", input.password));
        recordOwner(ownerFile, input.owner);
        print(`${line} ready${where ? ` ${where}` : ""}`);
        return;
    }
    // A resource renamed without an alias: the old one's delete leaves the new one's data.
    const other = otherOwner(ownerFile, input.owner);
    if (input.keepData) print(`${line} kept`);
    else if (other !== undefined) print(`${line} kept: it belongs to ${other} now`);
    else {
        await addon.drop(input.name);
        // After the data: an interrupted delete still knows whose data is left.
        fs.rmSync(ownerFile, { force: true });
        print(`${line} ${addon.gone}`);
    }
}
