// The app commands the components run: register, config, deploy, releases, rollback. Each reads
// its input (JSON on stdin, or checked arguments) and changes nothing before it has checked it.
import * as fs from "fs";
import * as hostInputs from "../shared/host-inputs";
import * as rules from "../shared/rules";
import { buildImage } from "./build";
import { refreshCertificates, deployRelease } from "./release";
import { failpoint } from "./failpoints";
import { ensureRepo } from "./git";
import { claimHostnames } from "./hostname-claims";
import { parseJson } from "./input";
import { lockFiles, withLock } from "./locks";
import { keptReleases } from "./prune";
import { fail, print, say } from "./output";
import { recordOwner } from "./owners";
import { paths } from "./paths";
import { hideConfig } from "./redaction";
import { withRecoveredApp } from "./recovery";
import { AppState, releaseIdentity, StoredSpec, withApp } from "./state";
import { checkUpload, removeBuildContexts } from "./uploads";

/** The apps on this host: their state folders. */
export function appNames(): string[] {
    try {
        return fs.readdirSync(paths.apps()).filter(a => !a.startsWith("."));
    } catch {
        return [];
    }
}

/** `paas app register`: the resource the app belongs to. A new app past the platform's limit is refused. */
export async function register(stdin: string): Promise<void> {
    const { app, owner } = hostInputs.register(parseJson(stdin, "input", "must be a JSON object with app"));
    // Counted and created under one lock, so two registers cannot both take the last place.
    await withLock(lockFiles.register(), async () => {
        const names = appNames();
        if (!names.includes(app)) rules.appCount("app", names.length + 1);
        await withApp(app, async state => recordOwner(state.ownerFile, owner), true);
    });
    print(`${app} belongs to ${owner}`);
}

/** `paas app config`: the config vars of the next deploy, with their fingerprints. */
export async function config(stdin: string): Promise<void> {
    const stage = hostInputs.configStage(parseJson(stdin));
    await withApp(stage.app, async state => state.stageConfig(stage.env, stage.fingerprints), true);
    print(`config of ${stage.app} staged: ${Object.keys(stage.env).length} var(s)`);
}

/** The spec as kept: no config, defaults filled in. */
function storedSpec(spec: ReturnType<typeof hostInputs.deploySpec>): StoredSpec {
    const { env: _env, config: _config, ...rest } = spec;
    return { ...rest, healthPath: rest.healthPath ?? "/", processes: rest.processes ?? { web: { count: 1 } } };
}

/** `paas app deploy`: the spec on stdin, deployed as a new release unless nothing changed (once
 * an interrupted deploy of the app is finished or undone). */
export async function deploy(stdin: string): Promise<void> {
    const received = hostInputs.deploySpec(parseJson(stdin, "spec"));
    await withRecoveredApp(received.app, async state => {
        const env = received.config ? stagedEnv(state, received.config) : received.env ?? {};
        hideConfig(env);
        const spec = storedSpec(received);
        await claimHostnames(state, spec.hostnames);
        const current = state.current();
        let image: string;
        let commit: string | undefined;
        if (spec.source === "git") {
            await ensureRepo(state.app);
            // A git app serves what was pushed: a `pulumi up` changes its config, never its image.
            const pushed = current?.spec.source === "git" ? current.image : state.pushedImage();
            if (!pushed) {
                state.saveSpec(spec, env);
                print(`waiting for git push: git push git@<host>:${state.app} main`);
                return;
            }
            image = pushed;
            commit = current?.spec.source === "git" ? current.commit : state.pushedCommit();
        } else {
            image = spec.image!;
            if (spec.buildContext) {
                await failpoint(state.app, "build");
                await buildImage({ app: state.app, context: checkUpload("buildContext", spec.buildContext), image, label: false, serving: state.servingLabel() });
                // Built (or built before): the image is what a re-run needs, not the files.
                removeBuildContexts(state.app);
            }
        }
        if (current && current.identity === releaseIdentity(spec, env, image)) {
            // A domain still without its certificate is asked for again.
            await refreshCertificates(state.app, spec);
            print(`unchanged: v${current.version} ${image}`);
            return;
        }
        await deployRelease({ state, spec, env, image, source: spec.source, commit });
    }, true);
}

/** The config `paas app config` staged: the one whose fingerprints the spec names. */
function stagedEnv(state: AppState, fingerprints: Record<string, string>): Record<string, string> {
    const staged = state.stagedConfig();
    if (!staged) fail(`config: nothing staged for ${state.app} (paas app config comes first)`);
    const same = Object.keys(fingerprints).length === Object.keys(staged.fingerprints).length &&
        Object.entries(fingerprints).every(([k, f]) => staged.fingerprints[k] === f);
    if (!same) fail(`config: the staged config is not the one this deploy names; ${state.servingLabel()} keeps serving`);
    return staged.env;
}

/** `paas app releases APP`: the release records, oldest first. */
export function releases(app: string | undefined): void {
    const state = new AppState(hostInputs.appInput({ app: app ?? "" }).app);
    print(JSON.stringify(state.releases().map(({ identity: _identity, ...r }) => r), null, 2));
}

/** `paas app rollback APP N`: release N's image and config, as a new release. */
export async function rollback(app: string | undefined, version: string | undefined): Promise<void> {
    const name = hostInputs.appInput({ app: app ?? "" }).app;
    const n = hostInputs.releaseNumber("release", version);
    await withRecoveredApp(name, async state => {
        const record = state.release(n);
        const env = state.releaseEnv(n);
        if (!record || !env) fail(`release: ${name} has no release v${n}`);
        if (record.pruned) fail(`release: v${n}'s image was pruned (the last ${keptReleases} releases keep theirs)`);
        await claimHostnames(state, record.spec.hostnames);
        say(`rolling ${name} back to v${n}`);
        await deployRelease({ state, spec: record.spec, env, image: record.image, source: `rollback:v${n}`, commit: record.commit });
    });
}
