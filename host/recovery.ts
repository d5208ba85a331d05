// What the next command on an app does with a deploy that died (host/journal.ts): run under the
// app's lock before the command itself, so that a re-run converges. Before the router switch the
// new release's containers go and the previous release keeps serving. From the switch on the
// release is finished (recorded, the previous one drained, cron jobs and certificates synced)
// rather than the router put back: it passed its health check, nginx may already route to it,
// its release command (migrations) has run against the database, and the re-run of the same
// `pulumi up` asks for exactly it. Only when its web containers are gone is the router put back.
import { containers } from "./docker";
import { finishPendingDrains } from "./drain";
import { hasCertificate } from "./certificates";
import { isBefore, Journal, JournalEntry, Phase } from "./journal";
import { say } from "./output";
import { hideConfig, redact } from "./redaction";
import { completeRelease, removeRelease } from "./release";
import { switchRouter, unroute } from "./router";
import { vhostOptions } from "./spec-format";
import { AppState, withApp } from "./state";

export type Recovery =
    /** Remove the new release's containers; the previous release keeps serving. */
    | { readonly action: "undo" }
    /** Route back to the previous release, then undo. */
    | { readonly action: "back" }
    /** Finish the release from the phase it died in. */
    | { readonly action: "finish"; readonly from: Phase };

/** What to do with the deploy ENTRY describes, given which of the app's containers exist. */
export function decideRecovery(entry: JournalEntry, existing: ReadonlySet<string>): Recovery {
    if (isBefore(entry.phase, "switch")) return { action: "undo" };
    const webPresent = (entry.web ?? []).every(id => existing.has(id));
    if (entry.phase === "switch" && !webPresent) return { action: "back" };
    return { action: "finish", from: entry.phase };
}

/** Finishes or undoes what an interrupted deploy of the app left (the caller holds the app's lock). */
export async function recover(state: AppState): Promise<void> {
    await finishPendingDrains(state.app);
    const journal = Journal.read(state);
    if (!journal) return;
    const entry = journal.entry, app = state.app;
    const existing = new Set(await containers({ "paas.app": app, "paas.release": entry.release }));
    const decision = decideRecovery(entry, existing);
    say(`the deploy of ${entry.release} stopped at its ${entry.phase} phase: ${decision.action === "finish" ? "finishing it" : "undoing it"}`);
    switch (decision.action) {
    case "back": {
        const previous = state.current();
        if (previous && previous.version === entry.previous.version) {
            await switchRouter(app, vhostOptions(previous.spec), entry.previous.addresses, d => hasCertificate(app, d));
        } else if (entry.previous.version === 0) {
            await unroute(app);
        }
        await removeRelease(app, entry.release);
        journal.clear();
        return;
    }
    case "undo":
        await removeRelease(app, entry.release);
        journal.clear();
        return;
    case "finish":
        try {
            await completeRelease(state, journal, decision.from);
        } catch (e) {
            // Once recorded (or undone), what is left (drain, cron, certificates) is tried again by
            // the next command, and this one goes on; a release not yet recorded stops it.
            const left = Journal.read(state);
            if (left && isBefore(left.entry.phase, "drain")) throw e;
            process.stderr.write(redact(`paas: finishing ${entry.release}: ${(e as Error).message}\n`));
        }
    }
}

/** Runs BODY on the app's state under its lock, once an interrupted deploy has been finished or
 * undone; every config the app has (serving, staged, of a deploy that died) is hidden in what it prints. */
export function withRecoveredApp<T>(app: string, body: (state: AppState) => Promise<T>, create = false): Promise<T> {
    return withApp(app, async state => {
        hideConfig(state.env());
        hideConfig(state.stagedConfig()?.env);
        hideConfig(Journal.read(state)?.entry.env);
        await recover(state);
        return body(state);
    }, create);
}
