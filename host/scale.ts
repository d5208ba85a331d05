// `paas app scale` and `paas app restart`: the current release's containers, changed in place.
// Scaling starts or stops only the containers of the processes whose count changed and writes
// no release; the current release's record takes the new counts, so a deploy of the same counts
// is unchanged.
import * as hostInputs from "../shared/host-inputs";
import { dynos } from "./app-info";
import { ensureShared } from "./app-resources";
import { isProcessType, recordedRun } from "./container-spec";
import { docker, removeContainers } from "./docker";
import { hasCertificate } from "./certificates";
import { parseJson } from "./input";
import { fail, print, say } from "./output";
import { drain, stopTimeoutSeconds } from "./drain";
import { checkHealth, healthTimeoutSeconds, startDyno, Step } from "./release";
import { currentAddresses, switchRouter } from "./router";
import { withRecoveredApp } from "./recovery";
import { vhostOptions } from "./spec-format";
import { AppState, ReleaseRecord, releaseIdentity } from "./state";

/** The current release as a step that starts more of its containers; one that fails removes
 * those in STARTED (this command's), the others keep serving. */
async function currentStep(state: AppState, record: ReleaseRecord, env: Record<string, string>, started: string[] = []): Promise<Step> {
    const d = { state, spec: record.spec, env, image: record.image, source: record.source, commit: record.commit };
    return { d, run: recordedRun(state.app, record, env), resources: await ensureShared(state.app, record.spec.volumes),
        version: record.version, release: `v${record.version}`, createdAt: record.createdAt, healthTimeout: healthTimeoutSeconds(record.spec),
        failed: async message => {
            await removeContainers(started.splice(0));
            return fail(`${message}; the other containers keep serving`);
        } };
}

export async function scale(stdin: string): Promise<void> {
    const { app, processes } = hostInputs.scale(parseJson(stdin));
    await withRecoveredApp(app, async state => {
        const record = state.current();
        const env = record && state.releaseEnv(record.version);
        if (!record || !env) return fail(`app: ${app} has no release to scale`);
        for (const name of Object.keys(processes)) if (!record.spec.processes?.[name]) fail(`processes.${name}: ${app} has no such process type`);
        const started: string[] = [];
        const step = await currentStep(state, record, env, started);
        const running = (await dynos(app)).filter(c => c.release === step.release);
        for (const [process, count] of Object.entries(processes)) {
            const mine = running.filter(c => c.process === process).sort((a, b) => dynoNumber(a.dyno) - dynoNumber(b.dyno));
            if (mine.length < count) {
                const ids: string[] = [];
                for (let n = (mine.length ? dynoNumber(mine[mine.length - 1].dyno) : 0) + 1; ids.length < count - mine.length; n++) {
                    const id = await startDyno(step, process, n);
                    ids.push(id);
                    started.push(id);
                }
                if (process === "web") {
                    const addresses = await checkHealth(step, ids);
                    if (!await switchRouter(app, vhostOptions(record.spec), [...currentAddresses(app), ...addresses], d => hasCertificate(app, d))) {
                        await step.failed("nginx refused the new configuration");
                    }
                }
                // Serving now: a later failure of this command leaves them.
                started.splice(0);
                say(`started ${ids.length} ${process} container(s)`);
            } else if (mine.length > count) {
                const extra = mine.slice(count);
                if (process === "web") {
                    const gone = new Set(extra.map(c => `127.0.0.1:${c.port}`));
                    await switchRouter(app, vhostOptions(record.spec), currentAddresses(app).filter(a => !gone.has(a)), d => hasCertificate(app, d));
                }
                await drain({ ids: extra.map(c => c.id), stopTimeout: stopTimeoutSeconds(record.spec) });
                say(`stopped ${extra.length} ${process} container(s)`);
            }
        }
        const spec = { ...record.spec, processes: Object.fromEntries(Object.entries(record.spec.processes ?? {})
            .map(([p, settings]) => [p, { ...settings, count: processes[p] ?? settings.count }])) };
        state.updateCurrent({ ...record, spec, identity: releaseIdentity(spec, env, record.image) });
        print(`scaled ${app}: ${Object.entries(processes).map(([p, n]) => `${p}=${n}`).join(" ")}`);
    });
}

const dynoNumber = (dyno: string) => Number(dyno.split(".")[1] ?? 0);

export async function restart(stdin: string): Promise<void> {
    const { app, process } = hostInputs.restart(parseJson(stdin));
    await withRecoveredApp(app, async state => {
        const record = state.current();
        const env = record && state.releaseEnv(record.version);
        const mine = (await dynos(app)).filter(c => !process || c.process === process).filter(c => isProcessType(c.process));
        // One at a time, each web container serving again (its health check) before the next: the
        // others serve meanwhile, and a restarted container keeps its port.
        for (const c of mine) {
            await docker(["restart", "-t", String(record ? stopTimeoutSeconds(record.spec) : 30), c.name]);
            if (c.process === "web" && record && env) await checkHealth(await currentStep(state, record, env), [c.id]);
        }
        print(`restarted ${mine.length} container(s) of ${app}`);
    });
}
