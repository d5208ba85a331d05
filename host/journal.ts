// A deploy's journal: before each phase of a release, the deploy writes (and syncs to the disk)
// which phase it enters and what finishing or undoing it needs, in the app's state folder. A
// deploy that dies (a crash, the OOM killer, a power loss) leaves it behind, and the next command
// on the app reads it under the app's lock (host/recovery.ts); a deploy still running holds that
// lock, so nobody else reads its journal. A deploy that ends, well or not, removes it.
import { failpoint } from "./failpoints";
import { readJsonTolerant, removeFileDurably, writeJson } from "./files";
import type { AppState, ReleaseRecord } from "./state";

/** A release's phases, in order: until `switch`, the previous release serves and a crash is undone;
 * from `switch` on, nginx may route to the new one and a crash is finished. */
export const phases = ["image", "release-command", "start", "health", "switch", "record", "drain", "cron", "certificates"] as const;
export type Phase = typeof phases[number];

/** Whether PHASE comes before OTHER. */
export const isBefore = (phase: Phase, other: Phase) => phases.indexOf(phase) < phases.indexOf(other);

export interface JournalEntry {
    /** The phase the deploy entered last. */
    readonly phase: Phase;
    readonly version: number;
    /** `v<version>`: the label of the new release's containers. */
    readonly release: string;
    readonly image: string;
    /** The release that served when the deploy began (0: none) and the addresses nginx routed to. */
    readonly previous: { readonly version: number; readonly addresses: string[] };
    /** From `switch` on: the new web containers, the addresses they answer on, the record to write and its config. */
    readonly web?: string[];
    readonly addresses?: string[];
    readonly record?: ReleaseRecord;
    readonly env?: Record<string, string>;
    /** From `drain` on: the previous releases' containers. */
    readonly drained?: string[];
}

/** The journal's file: beside the release records, root only (it holds the release's config). */
export const journalFile = (state: AppState) => `${state.dir}/deploy-journal.json`;

export class Journal {
    private constructor(readonly state: AppState, private current: JournalEntry) {}

    /** A new deploy's journal; nothing is written before its first phase. */
    static begin(state: AppState, entry: Omit<JournalEntry, "phase">): Journal {
        return new Journal(state, { ...entry, phase: "image" });
    }

    /** The journal an interrupted deploy left, if any (one that does not read is reported and ignored). */
    static read(state: AppState): Journal | undefined {
        const entry = readJsonTolerant<JournalEntry>(journalFile(state));
        if (!entry || !phases.includes(entry.phase) || !Number.isInteger(entry.version)) return undefined;
        return new Journal(state, entry);
    }

    get entry(): JournalEntry {
        return this.current;
    }

    /** Records, on the disk, that the deploy enters PHASE (with what recovery needs from there on). */
    async enter(phase: Phase, more: Partial<Omit<JournalEntry, "phase">> = {}): Promise<void> {
        this.current = { ...this.current, ...more, phase };
        writeJson(journalFile(this.state), this.current, { mode: 0o600 });
        await failpoint(this.state.app, phase);
    }

    /** The deploy is over: finished, or undone. */
    clear(): void {
        removeFileDurably(journalFile(this.state));
    }
}
