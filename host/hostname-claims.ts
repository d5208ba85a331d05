// A hostname belongs to one app: a deploy, push or rollback asking for a hostname that another
// app serves or has declared is refused before anything changes (shared/hostname-owners.ts
// decides, as preview does). The check and the claim are made under one lock, so two deploys at
// once cannot both take a name; destroying an app (its folder) frees its names.
import * as fs from "fs";
import { checkHostnamesFree, hostnameRequests } from "../shared/hostname-owners";
import { ValidationError } from "../shared/rules";
import { readJson, writeJson } from "./files";
import { lockFiles, withLock } from "./locks";
import { fail } from "./output";
import { paths } from "./paths";
import { AppState } from "./state";

/** Where an app declares the hostnames of its latest deploy. */
const declaredFile = (app: string) => `${paths.app(app)}/hostnames.json`;

const stringList = (value: unknown): string[] => Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** What READ gives, or nothing when it cannot be read (a claim is kept, never made up). */
function tolerant(read: () => unknown): string[] {
    try {
        return stringList(read());
    } catch {
        return [];
    }
}

/** The hostnames APP serves (its current release) or has declared (the spec it keeps, its latest deploy). */
export function appClaims(app: string): string[] {
    const state = new AppState(app);
    return [...new Set([
        ...tolerant(() => state.current()?.spec.hostnames),
        ...tolerant(() => state.spec()?.hostnames),
        ...tolerant(() => readJson(declaredFile(app))),
    ])];
}

/** Every app's claims, by app. */
export function hostClaims(): Record<string, string[]> {
    let names: string[] = [];
    try { names = fs.readdirSync(paths.apps()).filter(n => !n.startsWith(".")); } catch { /* no app yet */ }
    return Object.fromEntries(names.map(app => [app, appClaims(app)]));
}

/** Claims HOSTNAMES (a deploy spec's: the default first) for the app of STATE, or refuses the
 * first one another app holds, naming its field and that app. */
export async function claimHostnames(state: AppState, hostnames: string[]): Promise<void> {
    await withLock(lockFiles.hostnames(), async () => {
        try {
            checkHostnamesFree(state.app, hostnameRequests(hostnames), hostClaims());
        } catch (e) {
            if (e instanceof ValidationError) fail(`${e.message}; ${state.servingLabel()} keeps serving`);
            throw e;
        }
        writeJson(declaredFile(state.app), hostnames);
    });
}
