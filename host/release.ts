// The release engine: a zero-downtime deploy of a new release in named steps. Any failing step
// removes what this deploy started and leaves the previous release serving. Each phase is
// journalled before it begins (host/journal.ts), so that a deploy that dies is undone (before the
// router switch) or finished (from it on) by the next command on the app (host/recovery.ts).
import * as http from "http";
import { hasCertificate, obtainCertificates } from "./certificates";
import { containerReleases, containers, docker, dockerWithEnv, imageExists, isRunning, publishedAddress, removeContainers } from "./docker";
import { AppResources, ensureShared, legacyNetworks } from "./app-resources";
import { ContainerSpec, isProcessType, processContainer, releaseCommandContainer, ReleaseRun, RunMode, runArgs } from "./container-spec";
import { syncCronJobs } from "./cron";
import { drainInBackground, stopTimeoutSeconds } from "./drain";
import { Journal, Phase, phases } from "./journal";
import { fail, indented, print, say } from "./output";
import { withFreePort } from "./ports";
import { hideConfig } from "./redaction";
import { currentAddresses, switchRouter } from "./router";
import { vhostOptions } from "./spec-format";
import { AppState, configDigest, ReleaseRecord, releaseIdentity, StoredSpec } from "./state";

/** How long new web containers get to answer their health check: the app's `healthTimeoutSeconds`,
 * else PAAS_HEALTH_TIMEOUT, else 60. */
export function healthTimeoutSeconds(spec: StoredSpec): number {
    if (spec.healthTimeoutSeconds !== undefined) return spec.healthTimeoutSeconds;
    const value = process.env.PAAS_HEALTH_TIMEOUT ?? "60";
    if (!/^[0-9]{1,4}$/.test(value)) fail("PAAS_HEALTH_TIMEOUT: must be whole seconds");
    return Number(value);
}

/** How often a new web container is asked, and how long one answer may take. */
export const healthIntervalSeconds = 0.5;
export const healthRequestSeconds = 2;

/** One deploy of one release. */
export interface Deploy {
    readonly state: AppState;
    readonly spec: StoredSpec;
    readonly env: Record<string, string>;
    readonly image: string;
    /** What the release record's `source` says. */
    readonly source: string;
    /** The pushed commit a git app's image was built from. */
    readonly commit?: string;
}

const sleep = (seconds: number) => new Promise(r => setTimeout(r, seconds * 1000));

/** Starts C detached (MODE's flags besides); its config vars reach it through the docker process's environment. */
export const startContainer = (c: ContainerSpec, mode: RunMode = {}) => dockerWithEnv(c.env, c.port, runArgs(c, { ...mode, detach: true }));

/** What one release's steps share. */
export interface Step {
    readonly d: Deploy;
    /** What its containers run. */
    readonly run: ReleaseRun;
    readonly resources: AppResources;
    readonly version: number;
    readonly release: string;
    readonly createdAt: string;
    /** Seconds the new web containers get to pass their health check. */
    readonly healthTimeout: number;
    readonly failed: (message: string) => Promise<never>;
}

/** Step 1: the release command (migrations) runs to completion with the config, or blocks the release. */
async function runReleaseCommand({ d, run, resources, failed }: Step): Promise<void> {
    const command = d.spec.releaseCommand;
    if (!command || command.length === 0) return;
    say("running release command");
    const c = releaseCommandContainer(run, resources);
    const name = c.name;
    const timeout = d.spec.releaseTimeoutSeconds ?? 1800;
    // Detached, so that a command past its time is stopped for sure: killing an attached
    // `docker run` would leave its container running.
    const started = await startContainer(c);
    if (started.code !== 0) {
        await docker(["rm", "-f", name]);
        return failed("release command could not start");
    }
    const logs = docker(["logs", "-f", name], { stdout: "indent", stderr: "indent" });
    const waited = await docker(["wait", name], { timeoutSeconds: timeout });
    await docker(["rm", "-f", name]);
    await logs;
    if (waited.timedOut) return failed(`release command did not finish within ${timeout} s`);
    if (waited.code !== 0) return failed("release command: docker wait failed");
    const code = waited.stdout.trim();
    if (code !== "0") return failed(`release command failed with exit code ${code}`);
}

/** One container of PROCESS, number N, of the step's release; web published on a loopback port.
 * Its id, or the step's failure. */
export async function startDyno({ run, resources, release, failed }: Step, process: string, n: number): Promise<string> {
    const c = processContainer(run, resources, process, n);
    const r = process !== "web" ? await startContainer(c, { restart: true })
        : await withFreePort(async port => port === undefined ? undefined : startContainer(c, { restart: true, publish: port }));
    if (!r) return failed("no free loopback port from 20000");
    if (r.code !== 0) return failed(`could not start ${process} container ${n} of ${release}`);
    return r.stdout.trim();
}

/** Step 2: the new containers; web published on a loopback port, the others unpublished. */
async function startContainers(step: Step): Promise<string[]> {
    const web: string[] = [];
    let started = 0;
    for (const [process, { count }] of Object.entries(step.d.spec.processes ?? { web: { count: 1 } })) {
        for (let i = 1; i <= count; i++) {
            const id = await startDyno(step, process, i);
            started++;
            if (process === "web") web.push(id);
        }
    }
    if (started > 0) say(`started ${started} container(s) of ${step.release}`);
    return web;
}

/** Step 3: every new web container answers its health check before it gets traffic. */
export async function checkHealth({ d, healthTimeout: timeout, failed }: Step, web: string[]): Promise<string[]> {
    // Asked as real traffic asks: by the app's own (first) hostname, so a framework that checks
    // the Host header answers the check as it will answer requests.
    const hostname = d.spec.hostnames?.[0];
    const deadline = Date.now() + timeout * 1000;
    const path = d.spec.healthPath ?? "/";
    const addresses: string[] = [];
    for (const id of web) {
        for (;;) {
            const address = await publishedAddress(id, d.spec.port);
            if (address && await answers(address, path, hostname)) {
                addresses.push(address);
                break;
            }
            if (Date.now() >= deadline || !await isRunning(id)) {
                const logs = await docker(["logs", "--tail", "20", id]);
                process.stderr.write(indented(logs.stdout + logs.stderr));
                return failed(`health check failed: ${path} did not answer 2xx/3xx within ${timeout}s`);
            }
            await sleep(healthIntervalSeconds);
        }
    }
    if (web.length > 0) say(`health check passed on ${web.length} web container(s)`);
    return addresses;
}

/** PATH as a request line carries it: every character outside printable ASCII percent-encoded as
 * UTF-8 (Node refuses a raw one outside Latin-1, before anything is sent). */
export const requestPath = (path: string) =>
    path.replace(/[^\x21-\x7e]/gu, c => [...Buffer.from(c, "utf8")].map(b => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""));

/** Whether ADDRESS answers PATH (for HOSTNAME) with 2xx or 3xx within healthRequestSeconds. */
export function answers(address: string, path: string, hostname?: string): Promise<boolean> {
    const [host, port] = address.split(":");
    return new Promise(resolve => {
        const req = http.get({ host, port: Number(port), path: requestPath(path), timeout: healthRequestSeconds * 1000, agent: false,
            headers: hostname ? { Host: hostname } : {} }, res => {
            res.resume();
            const status = res.statusCode ?? 0;
            resolve(status >= 200 && status < 400);
        });
        req.on("timeout", () => req.destroy());
        req.on("error", () => resolve(false));
    });
}

/** The URLs the app serves at, each hostname with its scheme. */
export function serviceUrls(app: string, spec: StoredSpec): string[] {
    return (spec.hostnames ?? []).map(h => `${spec.tlsDomains.includes(h) && hasCertificate(app, h) ? "https" : "http"}://${h}/`);
}

/** The certificates the spec's TLS domains still lack; routes HTTPS to those that arrive. */
export async function refreshCertificates(app: string, spec: StoredSpec): Promise<void> {
    if (await obtainCertificates(app, spec.tlsDomains ?? []) &&
        !await switchRouter(app, vhostOptions(spec), currentAddresses(app), d => hasCertificate(app, d))) {
        say("nginx refused the HTTPS blocks: serving HTTP only");
    }
}

/** Whether IMAGE names a tag that moves (`:latest`, or no tag), rather than a fixed version or digest. */
export function isMutableTag(image: string): boolean {
    if (image.includes("@sha256:")) return false;
    const last = image.slice(image.lastIndexOf("/") + 1);
    return !last.includes(":") || last.endsWith(":latest");
}

/** The release's image: pulled when missing, and again when its tag moves (so `:latest` is the latest). */
async function pullImage(d: Deploy): Promise<void> {
    const present = await imageExists(d.image);
    if (present && !isMutableTag(d.image)) return;
    const pulled = (await docker(["pull", "-q", d.image])).code === 0;
    if (pulled) return;
    if (!present) fail(`image: ${d.image} is neither on the host nor pullable; ${d.state.servingLabel()} keeps serving`);
    say(`could not pull ${d.image} again: deploying the copy on the host`);
}

/** The web and worker containers of the app's releases other than RELEASE: what a deploy of
 * RELEASE drains. Its one-offs and jobs run on to their end. */
export async function previousContainers(app: string, release: string): Promise<string[]> {
    return (await containerReleases(app)).filter(c => c.release !== release && isProcessType(c.process)).map(c => c.id);
}

/** Removes every container of RELEASE (one that never served): the previous release keeps serving. */
export async function removeRelease(app: string, release: string): Promise<void> {
    await removeContainers(await containers({ "paas.app": app, "paas.release": release }));
}

/** Deploys D as the app's next release. */
export async function deployRelease(d: Deploy): Promise<void> {
    hideConfig(d.env);
    const version = d.state.lastVersion() + 1;
    const release = `v${version}`;
    const app = d.state.app;
    const journal = Journal.begin(d.state, { version, release, image: d.image,
        previous: { version: d.state.currentVersion(), addresses: currentAddresses(app) } });
    const failed = async (message: string): Promise<never> => {
        await removeRelease(app, release);
        return fail(`${message}; ${d.state.servingLabel()} keeps serving`);
    };
    try {
        await journal.enter("image");
        await pullImage(d);
        const resources = await ensureShared(app, d.spec.volumes);
        // Leftovers of an interrupted attempt at this release number never served: remove them.
        await removeRelease(app, release);
        const createdAt = new Date().toISOString().replace(/\.[0-9]{3}Z$/, "Z");
        // Read before anything runs: a bad setting must not leave containers behind.
        const run: ReleaseRun = { app, version, createdAt, image: d.image, spec: d.spec, env: d.env, commit: d.commit };
        const step: Step = { d, run, resources, version, release, createdAt, healthTimeout: healthTimeoutSeconds(d.spec), failed };

        await journal.enter("release-command");
        await runReleaseCommand(step);
        await journal.enter("start");
        const web = await startContainers(step);
        await journal.enter("health");
        const addresses = await checkHealth(step, web);
        const record: ReleaseRecord = {
            version, image: d.image, configDigest: configDigest(d.env), createdAt, source: d.source, ...(d.commit ? { commit: d.commit } : {}),
            spec: d.spec, identity: releaseIdentity(d.spec, d.env, d.image),
        };
        await journal.enter("switch", { web, addresses, record, env: d.env });
    } catch (e) {
        // Before the switch nothing of this release serves: it goes, the journal with it.
        await removeRelease(app, release);
        journal.clear();
        throw e;
    }
    await completeRelease(d.state, journal, "switch");
    const urls = serviceUrls(app, d.spec);
    if (urls.length > 0) say(`serving at ${urls.join(", ")}`);
    print(`released ${release} ${d.image}`);
}

/** The phases from FROM on (FROM already entered) of the release JOURNAL describes, whose new
 * containers passed their health check: router switch, record, drain of the previous release,
 * cron sync, certificates. A deploy runs them; so does the next command on the app when a deploy
 * died in one of them. */
export async function completeRelease(state: AppState, journal: Journal, from: Phase): Promise<void> {
    const { release, addresses, record, env } = journal.entry;
    if (!addresses || !record || !env) return fail(`journal of ${release}: no record to finish it with`);
    const app = state.app, spec = record.spec;
    const todo = phases.slice(phases.indexOf(from));
    const enter = async (phase: Phase, more = {}) => { if (phase !== from) await journal.enter(phase, more); };
    if (todo.includes("switch")) {
        await enter("switch");
        if (!await switchRouter(app, vhostOptions(spec), addresses, domain => hasCertificate(app, domain))) {
            await removeRelease(app, release);
            journal.clear();
            fail(`nginx refused the new configuration; ${state.servingLabel()} keeps serving`);
        }
    }
    // Recorded as soon as it serves.
    if (todo.includes("record")) {
        await enter("record");
        state.recordRelease(record, env);
    }
    if (todo.includes("drain")) {
        // The old release stops once nginx's old workers have finished their requests: after this
        // command, which returns as soon as the new release serves. The network of an earlier
        // version's name goes once its containers have.
        const old = [...new Set([...journal.entry.drained ?? [], ...await previousContainers(app, release)])];
        await enter("drain", { drained: old });
        if (old.length > 0) say(`the previous release's ${old.length} container(s) stop once their requests are done`);
        await drainInBackground({ ids: old, stopTimeout: stopTimeoutSeconds(spec), app, release, networks: await legacyNetworks(app) });
    }
    if (todo.includes("cron")) {
        await enter("cron");
        await syncCronJobs(app, spec);
    }
    if (todo.includes("certificates")) {
        await enter("certificates");
        await refreshCertificates(app, spec);
    }
    journal.clear();
}
