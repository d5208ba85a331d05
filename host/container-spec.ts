// Every container the host starts for an app, in one place: its name, labels, environment and
// `docker run` arguments, for the release engine, scale, restart, `paas run` and scheduled jobs
// alike. Pure: what runs docker is the caller.
import { hostProcessNames } from "../shared/rules";
import type { AppResources } from "./app-resources";
import { envFlags } from "./docker";
import { dynoSizeFlags } from "./limits";
import * as names from "./names";
import type { ReleaseRecord, StoredSpec } from "./state";

/** The release a container runs: image, config, spec and metadata. */
export interface ReleaseRun {
    readonly app: string;
    readonly version: number;
    readonly createdAt: string;
    readonly image: string;
    readonly spec: StoredSpec;
    /** The config vars. */
    readonly env: Record<string, string>;
    /** The pushed commit a git app's image was built from. */
    readonly commit?: string;
}

/** What the containers of recorded release RECORD of APP run, with its config vars ENV. */
export const recordedRun = (app: string, record: ReleaseRecord, env: Record<string, string>): ReleaseRun =>
    ({ app, version: record.version, createdAt: record.createdAt, image: record.image, spec: record.spec, env, commit: record.commit });

/** One container, as `docker run` is told to make it. */
export interface ContainerSpec {
    readonly name: string;
    readonly app: string;
    /** `v4`. */
    readonly release: string;
    /** A process type of the spec, or one of the host's own kinds (`run`, `release`, `scheduler`). */
    readonly process: string;
    /** `web.1`, `run.1234`, `release.1`, `scheduler.1`. */
    readonly dyno: string;
    /** The config vars and the platform's; PORT is added where docker runs. */
    readonly env: Record<string, string>;
    readonly port: number;
    readonly image: string;
    /** Empty: the image's own command. */
    readonly command: string[];
    readonly resources: AppResources;
    readonly spec: StoredSpec;
}

/** Heroku's runtime conventions in one container: its dyno name and the release's metadata
 * (https://devcenter.heroku.com/articles/dyno-metadata). */
export function dynoEnv(r: ReleaseRun, dyno: string): Record<string, string> {
    return {
        ...r.env,
        DYNO: dyno,
        HEROKU_APP_NAME: r.app,
        HEROKU_RELEASE_VERSION: `v${r.version}`,
        HEROKU_RELEASE_CREATED_AT: r.createdAt,
        ...(r.commit ? { HEROKU_SLUG_COMMIT: r.commit } : {}),
    };
}

function container(r: ReleaseRun, resources: AppResources, name: string, process: string, n: number, command: string[]): ContainerSpec {
    const dyno = `${process}.${n}`;
    return { name, app: r.app, release: `v${r.version}`, process, dyno, env: dynoEnv(r, dyno), port: r.spec.port, image: r.image, command, resources, spec: r.spec };
}

/** Container N of process type PROCESS. */
export const processContainer = (r: ReleaseRun, resources: AppResources, process: string, n: number): ContainerSpec =>
    container(r, resources, names.processContainer(r.app, `v${r.version}`, process, n), process, n, r.spec.processes?.[process]?.command ?? []);

/** The release command's container. */
export const releaseCommandContainer = (r: ReleaseRun, resources: AppResources): ContainerSpec =>
    container(r, resources, names.releaseCommandContainer(r.app, `v${r.version}`), "release", 1, r.spec.releaseCommand ?? []);

/** One-off container N (`paas run`) running COMMAND. */
export const oneOffContainer = (r: ReleaseRun, resources: AppResources, n: number, command: string[]): ContainerSpec =>
    container(r, resources, names.oneOffContainer(r.app, n), "run", n, command);

/** The container of scheduled job INDEX (from 0; its DYNO is scheduler.INDEX+1). */
export const jobContainer = (r: ReleaseRun, resources: AppResources, index: number): ContainerSpec =>
    container(r, resources, names.jobContainer(r.app, index + 1), "scheduler", index + 1, r.spec.cron?.[index]?.command ?? []);

/** Whether a container of PROCESS is one of the spec's process types (web, worker, ...): what a
 * deploy replaces and `paas restart` restarts. One-offs and jobs run to their end under their own
 * rules; the release command's container is its deploy's. */
export const isProcessType = (process: string) => !(hostProcessNames as readonly string[]).includes(process);

/** How `docker run` attaches and keeps the container. */
export interface RunMode {
    /** `-d`: detached, printing the id. */
    readonly detach?: boolean;
    /** `--rm`: removed when it ends. */
    readonly remove?: boolean;
    /** `-i`, and `-t` with tty. */
    readonly interactive?: boolean;
    readonly tty?: boolean;
    /** `--restart unless-stopped` (the process types). */
    readonly restart?: boolean;
    /** The loopback port PORT is published on (web). */
    readonly publish?: number;
}

/** The labels of C: `paas app ps`, logs, deploys and destroy find containers by them. */
export const labels = (c: ContainerSpec): Record<string, string> =>
    ({ "paas.app": c.app, "paas.release": c.release, "paas.process": c.process, "paas.dyno": c.dyno });

/** `docker run`'s arguments for C (its config vars as `-e NAME`, their values in the docker
 * process's environment). */
export function runArgs(c: ContainerSpec, mode: RunMode): string[] {
    return [
        "run", ...(mode.detach ? ["-d"] : []), ...(mode.remove ? ["--rm"] : []), ...(mode.interactive ? ["-i"] : []), ...(mode.tty ? ["-t"] : []),
        "--name", c.name,
        // --init: a small init as PID 1 passes `docker stop`'s SIGTERM on, so every app stops promptly.
        "--init",
        ...Object.entries(labels(c)).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
        "--add-host", "paas-host:host-gateway",
        // The journal keeps each line with the app, process and dyno as fields (PAAS_APP, ...), so
        // `paas app logs` finds them after the container is gone.
        "--log-driver", "journald", "--log-opt", "labels=paas.app,paas.process,paas.dyno",
        ...dynoSizeFlags(c.spec, c.dyno),
        "--network", c.resources.network,
        ...c.resources.mounts.flatMap(m => ["--mount", `type=volume,src=${m.source},dst=${m.target}`]),
        ...envFlags(c.env),
        ...(mode.restart ? ["--restart", "unless-stopped"] : []),
        ...(mode.publish !== undefined ? ["-p", `127.0.0.1:${mode.publish}:${c.port}`] : []),
        c.image, ...c.command,
    ];
}
