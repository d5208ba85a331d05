// The release engine: a zero-downtime deploy of a new release in named steps. Any failing step
// removes what this deploy started and leaves the previous release serving.
import * as http from "http";
import { hasCertificate, obtainCertificates } from "./certificates";
import { containerReleases, containers, docker, dockerWithEnv, envFlags, imageExists, isRunning, publishedAddress, removeContainers } from "./docker";
import { ensureShared, sharedArgs } from "./app-resources";
import { syncCronJobs } from "./cron";
import { drainInBackground, stopTimeoutSeconds } from "./drain";
import { fail, indented, print, say } from "./output";
import { withFreePort } from "./ports";
import { currentAddresses, switchRouter } from "./router";
import { vhostOptions } from "./spec-format";
import { AppState, configDigest, releaseIdentity, StoredSpec } from "./state";

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

/** Heroku's runtime conventions in one container: its dyno name and the release's metadata
 * (https://devcenter.heroku.com/articles/dyno-metadata). PORT is added where docker runs. */
export function dynoEnv(d: Deploy, dyno: string, version: number, createdAt: string): Record<string, string> {
    return {
        ...d.env,
        DYNO: dyno,
        HEROKU_APP_NAME: d.state.app,
        HEROKU_RELEASE_VERSION: `v${version}`,
        HEROKU_RELEASE_CREATED_AT: createdAt,
        ...(d.commit ? { HEROKU_SLUG_COMMIT: d.commit } : {}),
    };
}

const sleep = (seconds: number) => new Promise(r => setTimeout(r, seconds * 1000));

/** The container arguments every process of a release shares, with the flags of ENV. */
export function commonArgs(app: string, release: string, env: Record<string, string>, spec: StoredSpec): string[] {
    // --init: a small init as PID 1 passes `docker stop`'s SIGTERM on, so every app stops promptly.
    // The journal keeps each line with the app, process and dyno as fields (PAAS_APP, ...), so
    // `paas app logs` finds them after the container is gone.
    return ["--init", "--label", `paas.app=${app}`, "--label", `paas.release=${release}`, "--label", `paas.dyno=${env.DYNO}`,
        "--add-host", "paas-host:host-gateway", "--log-driver", "journald", "--log-opt", "labels=paas.app,paas.process,paas.dyno",
        ...sharedArgs(app, spec.volumes), ...envFlags(env)];
}

/** What one release's steps share. */
export interface Step {
    readonly d: Deploy;
    readonly version: number;
    readonly release: string;
    readonly createdAt: string;
    /** Seconds the new web containers get to pass their health check. */
    readonly healthTimeout: number;
    readonly failed: (message: string) => Promise<never>;
}

/** Step 1: the release command (migrations) runs to completion with the config, or blocks the release. */
async function runReleaseCommand({ d, version, release, createdAt, failed }: Step): Promise<void> {
    const command = d.spec.releaseCommand;
    if (!command || command.length === 0) return;
    say("running release command");
    const name = `paas-${d.state.app}-release-${release}`;
    const timeout = d.spec.releaseTimeoutSeconds ?? 1800;
    // Detached, so that a command past its time is stopped for sure: killing an attached
    // `docker run` would leave its container running.
    const env = dynoEnv(d, "release.1", version, createdAt);
    const started = await dockerWithEnv(env, d.spec.port, ["run", "-d", "--name", name, ...commonArgs(d.state.app, release, env, d.spec),
        "--label", "paas.process=release", d.image, ...command]);
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
export async function startDyno({ d, version, release, createdAt, failed }: Step, process: string, n: number): Promise<string> {
    const env = dynoEnv(d, `${process}.${n}`, version, createdAt);
    const args = ["run", "-d", "--name", `paas-${d.state.app}-${process}-${release}-${n}`, ...commonArgs(d.state.app, release, env, d.spec),
        "--label", `paas.process=${process}`, "--restart", "unless-stopped"];
    const command = d.spec.processes?.[process]?.command ?? [];
    const start = (extra: string[]) => dockerWithEnv(env, d.spec.port, [...args, ...extra, d.image, ...command]);
    const r = process !== "web" ? await start([])
        : await withFreePort(async port => port === undefined ? undefined : start(["-p", `127.0.0.1:${port}:${d.spec.port}`]));
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

/** Whether ADDRESS answers PATH (for HOSTNAME) with 2xx or 3xx within healthRequestSeconds. */
export function answers(address: string, path: string, hostname?: string): Promise<boolean> {
    const [host, port] = address.split(":");
    return new Promise(resolve => {
        const req = http.get({ host, port: Number(port), path, timeout: healthRequestSeconds * 1000, agent: false,
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

/** Deploys D as the app's next release. */
export async function deployRelease(d: Deploy): Promise<void> {
    const version = d.state.lastVersion() + 1;
    const release = `v${version}`;
    const app = d.state.app;
    await pullImage(d);
    await ensureShared(app, d.spec.volumes);
    // Leftovers of an interrupted attempt at this release number never served: remove them.
    await removeContainers(await containers({ "paas.app": app, "paas.release": release }));
    const failed = async (message: string): Promise<never> => {
        await removeContainers(await containers({ "paas.app": app, "paas.release": release }));
        return fail(`${message}; ${d.state.servingLabel()} keeps serving`);
    };
    const createdAt = new Date().toISOString().replace(/\.[0-9]{3}Z$/, "Z");
    // Read before anything runs: a bad setting must not leave containers behind.
    const step: Step = { d, version, release, createdAt, healthTimeout: healthTimeoutSeconds(d.spec), failed };

    await runReleaseCommand(step);
    const web = await startContainers(step);
    const addresses = await checkHealth(step, web);
    if (!await switchRouter(app, vhostOptions(d.spec), addresses, domain => hasCertificate(app, domain))) await failed("nginx refused the new configuration");

    // Recorded as soon as it serves.
    d.state.recordRelease({
        version, image: d.image, configDigest: configDigest(d.env), createdAt, source: d.source, ...(d.commit ? { commit: d.commit } : {}),
        spec: d.spec, identity: releaseIdentity(d.spec, d.env, d.image),
    }, d.env);

    // The old release stops once nginx's old workers have finished their requests: after this
    // command, which returns as soon as the new release serves.
    const old = (await containerReleases(app)).filter(c => c.release !== release).map(c => c.id);
    if (old.length > 0) say(`the previous release's ${old.length} container(s) stop once their requests are done`);
    drainInBackground({ ids: old, stopTimeout: stopTimeoutSeconds(d.spec) });

    await syncCronJobs(app, d.spec);
    await refreshCertificates(app, d.spec);
    const urls = serviceUrls(app, d.spec);
    if (urls.length > 0) say(`serving at ${urls.join(", ")}`);
    print(`released ${release} ${d.image}`);
}
