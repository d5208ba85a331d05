// An app's state on the host: flat JSON files under /var/lib/paas/apps/<app>/, root only. The
// release records are the history `paas app releases` prints and rollback reads.
import * as crypto from "crypto";
import * as fs from "fs";
import type { AppSpec } from "../shared/app-spec";
import { ensureDir, readJson, readJsonTolerant, readText, writeFileAtomic, writeJson } from "./files";
import { lockFiles, withLock } from "./locks";
import { paths } from "./paths";
import { EarlierSpec, isEarlier, specData } from "./spec-format";

/** A deploy spec as the host keeps it: no config (that is in env.json), defaults filled in. */
export type StoredSpec = Omit<AppSpec, "env" | "config">;

/** One release: what `paas app releases` prints (without `identity`). */
export interface ReleaseRecord {
    version: number;
    image: string;
    configDigest: string;
    createdAt: string;
    /** `image`, `git`, `git:<sha12>` or `rollback:v<N>`. */
    source: string;
    /** For a git app: the commit its image was built from. */
    commit?: string;
    spec: StoredSpec;
    /** Two deploys with the same identity are the same release. */
    identity: string;
    /** Its image was removed to free the disk: it can no longer be rolled back to. */
    pruned?: boolean;
}

/** JSON with every object's keys sorted, so equal values always print the same. */
export function canonicalJson(value: unknown): string {
    const sort = (v: unknown): unknown => Array.isArray(v) ? v.map(sort)
        : v !== null && typeof v === "object"
            ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sort((v as Record<string, unknown>)[k])])) : v;
    return JSON.stringify(sort(value));
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** A digest of an app's config vars. */
export const configDigest = (env: Record<string, string>) => sha256(canonicalJson(env));

/** What makes a release the same as another: its spec (less the build folder), image and config. */
export function releaseIdentity(spec: StoredSpec, env: Record<string, string>, image: string): string {
    return identity(spec, image, configDigest(env));
}

function identity(spec: StoredSpec, image: string, digest: string): string {
    const { buildContext: _context, ...rest } = spec as StoredSpec & { buildContext?: string };
    return sha256(canonicalJson({ spec: rest, image, configDigest: digest }));
}

/** A record whose spec is of the earlier format (shared/nginx-vhost's text in it), as data: its
 * identity is that of its data, so an unchanged app deploys nothing new after the change. */
function recordAsData(record: ReleaseRecord): ReleaseRecord {
    if (!isEarlier(record.spec)) return record;
    const spec = specData(record.spec as unknown as EarlierSpec);
    return { ...record, spec, identity: identity(spec, record.image, record.configDigest) };
}

/** The files of one app. */
export class AppState {
    readonly dir: string;

    constructor(readonly app: string) {
        this.dir = paths.app(app);
    }

    /** Creates the app's folder (root only). */
    ensure(): void {
        ensureDir(paths.apps(), 0o700);
        ensureDir(this.dir, 0o700);
    }

    /** The release now serving, 0 for none. */
    currentVersion(): number {
        return Number(readText(`${this.dir}/current-release`)?.trim() ?? 0) || 0;
    }

    /** "release vN", or "no release": what keeps serving when a deploy fails. */
    servingLabel(): string {
        const v = this.currentVersion();
        return v === 0 ? "no release" : `release v${v}`;
    }

    /** The highest release number ever recorded. */
    lastVersion(): number {
        return this.versions().reduce((max, v) => Math.max(max, v), 0);
    }

    private versions(): number[] {
        let names: string[] = [];
        try {
            names = fs.readdirSync(`${this.dir}/releases`);
        } catch { /* no releases yet */ }
        return names.map(n => /^v([0-9]+)\.json$/.exec(n)).filter((m): m is RegExpExecArray => m !== null).map(m => Number(m[1]));
    }

    /** Release VERSION's record; a file that cannot be read as one is skipped with a warning. */
    release(version: number): ReleaseRecord | undefined {
        const record = readJsonTolerant<ReleaseRecord>(`${this.dir}/releases/v${version}.json`);
        if (record === undefined) return undefined;
        if (typeof record === "object" && record !== null && record.version === version && typeof record.image === "string") return recordAsData(record);
        process.stderr.write(`paas: skipping ${this.dir}/releases/v${version}.json: not a release record\n`);
        return undefined;
    }

    releaseEnv(version: number): Record<string, string> | undefined {
        return readJsonTolerant(`${this.dir}/releases/v${version}.env.json`);
    }

    /** Every release that reads whole, oldest first. */
    releases(): ReleaseRecord[] {
        return this.versions().sort((a, b) => a - b).map(v => this.release(v)).filter((r): r is ReleaseRecord => r !== undefined);
    }

    /** The current release's record, when there is one. */
    current(): ReleaseRecord | undefined {
        const v = this.currentVersion();
        return v === 0 ? undefined : this.release(v);
    }

    /** Records a release that now serves, and makes it current. Each file is written whole and
     * synced, in an order where a crash between two leaves a history that reads: the config before
     * the record that needs it, the record before the pointer naming it; the spec files last (a
     * deploy's journal writes them all again when it is finished after a crash). */
    recordRelease(record: ReleaseRecord, env: Record<string, string>): void {
        ensureDir(`${this.dir}/releases`, 0o700);
        writeJson(`${this.dir}/releases/v${record.version}.env.json`, env, { mode: 0o600 });
        writeJson(`${this.dir}/releases/v${record.version}.json`, record);
        writeFileAtomic(`${this.dir}/current-release`, `${record.version}\n`);
        this.saveSpec(record.spec, env);
    }

    /** Records that release VERSION's image was pruned. */
    markPruned(version: number): void {
        const record = this.release(version);
        if (record) writeJson(`${this.dir}/releases/v${version}.json`, { ...record, pruned: true });
    }

    /** Rewrites the current release's record in place (scaling changes its counts, not the release). */
    updateCurrent(record: ReleaseRecord): void {
        writeJson(`${this.dir}/releases/v${record.version}.json`, record);
        writeJson(`${this.dir}/current.json`, record.spec);
    }

    /** The spec and config the app serves (or, for a git app not yet pushed, will serve). */
    saveSpec(spec: StoredSpec, env: Record<string, string>): void {
        writeJson(`${this.dir}/env.json`, env, { mode: 0o600 });
        writeJson(`${this.dir}/current.json`, spec);
    }

    spec(): StoredSpec | undefined {
        const spec = readJsonTolerant<StoredSpec>(`${this.dir}/current.json`);
        return spec && specData(spec);
    }

    env(): Record<string, string> {
        return readJson(`${this.dir}/env.json`) ?? {};
    }

    /** Config staged by `paas app config` for the next deploy. */
    stagedConfig(): { env: Record<string, string>; fingerprints: Record<string, string> } | undefined {
        return readJson(`${this.dir}/staged-config.json`);
    }

    stageConfig(env: Record<string, string>, fingerprints: Record<string, string>): void {
        writeFileAtomic(`${this.dir}/staged-config.json`, `${canonicalJson({ env, fingerprints })}\n`, { mode: 0o600 });
    }

    /** The image built from the latest `git push`. */
    pushedImage(): string | undefined {
        return readText(`${this.dir}/pushed-image`)?.trim() || undefined;
    }

    /** The commit of the latest `git push`. */
    pushedCommit(): string | undefined {
        return readText(`${this.dir}/pushed-commit`)?.trim() || undefined;
    }

    setPushed(image: string, commit: string): void {
        writeFileAtomic(`${this.dir}/pushed-commit`, `${commit}\n`);
        writeFileAtomic(`${this.dir}/pushed-image`, `${image}\n`);
    }

    get ownerFile(): string {
        return `${this.dir}/owner`;
    }
}

/** Runs BODY on the app's state, one change per app at a time; with CREATE, the app's folder is made first. */
export function withApp<T>(app: string, body: (state: AppState) => Promise<T>, create = false): Promise<T> {
    const state = new AppState(app);
    return withLock(lockFiles.app(app), () => {
        if (create) state.ensure();
        return body(state);
    });
}
