// The stdin of `paas app deploy` (host/README.md), built from plain values: pure,
// every field checked, so a bad value fails here and not on the host.
import * as crypto from "crypto";
import * as hostInputs from "./host-inputs";
import * as validate from "./rules";

/** Where an app's releases come from (the values of `AppArgs.releaseSource`). */
export const ReleaseSource = {
    /** A prebuilt image, as given. */
    Image: "image",
    /** A local directory with a Dockerfile, built on the host. */
    Dockerfile: "dockerfile",
    /** The latest `git push` to the host. */
    Git: "git",
} as const;

/** Every release source. */
export const releaseSources = [ReleaseSource.Image, ReleaseSource.Dockerfile, ReleaseSource.Git] as const;

/** A process type: how many containers run it, and its command (the image's own when unset). */
export interface ProcessSpec {
    count: number;
    command?: string[];
    /** Memory limit of each of its containers; the app's when absent. */
    memoryMiB?: number;
    /** CPUs each of its containers may use; the app's when absent. */
    cpus?: number;
}

/** A domain an app answers on, and whether it gets a certificate. */
export interface DomainSpec {
    name: string;
    tls?: boolean;
}

/** A Docker volume of the app, kept across releases, mounted in every container. */
export interface VolumeSpec {
    name: string;
    mountPath: string;
}

/** A scheduled job: a one-off container of the current release, never two of the same at once. */
export interface CronJobSpec {
    /** When, as cron writes it (`30 2 * * *`). */
    schedule: string;
    command: string[];
}

/** What the App's inputs and the deploy spec both carry, as the host reads it. */
export interface ReleaseSettings {
    app: string;
    image?: string;
    /** For `dockerfile`: the folder on the host that `paas app deploy` builds `image` from. */
    buildContext?: string;
    /** Config vars: the app's own and its add-ons'. */
    env: Record<string, string>;
    processes: Record<string, ProcessSpec>;
    port: number;
    healthPath: string;
    releaseCommand?: string[];
    /** How long the release command may run; the host's default (1800) when absent. */
    releaseTimeoutSeconds?: number;
    /** How long new web containers get to pass their health check; the host's default (60) when absent. */
    healthTimeoutSeconds?: number;
    /** How long a stopping container gets between SIGTERM and SIGKILL; the host's default (30) when absent. */
    stopTimeoutSeconds?: number;
    /** Persistent volumes; none when absent. */
    volumes?: VolumeSpec[];
    /** Scheduled jobs; none when absent. */
    cron?: CronJobSpec[];
    /** Memory limit of every container without a process type's own (release command, runs, jobs too); the host's default (256) when absent. */
    memoryMiB?: number;
    /** CPUs every such container may use; the host's default (1) when absent. */
    cpus?: number;
}

/** Everything about an app that a deploy needs, resolved to plain values. */
export interface AppSpecInput extends ReleaseSettings {
    platformDomain: string;
    /** The default hostname gets a certificate too. */
    defaultDomainTls?: boolean;
    /** `image`, `dockerfile` (both deploy `image`) or `git` (deploys the latest push). */
    source: string;
    domains: DomainSpec[];
    clientMaxBodySize: string;
}

/**
 * The JSON `paas app deploy` reads on stdin. The config travels either in `env`, or (from the App
 * component) separately through `paas app config`, the spec naming it by `config` fingerprints.
 */
export interface AppSpec extends Omit<ReleaseSettings, "env"> {
    env?: Record<string, string>;
    /** Each config var's fingerprint (see {@link configFingerprints}), when `env` is not given. */
    config?: Record<string, string>;
    source: "image" | "git";
    /** The hostnames served over HTTPS, each with a certificate of its own. */
    tlsDomains: string[];
    /** Every hostname, the default first: the host prints the first as the app's URL. */
    hostnames: string[];
    /** Largest request body, in nginx syntax. The host renders the app's vhost from these three. */
    clientMaxBodySize: string;
}

/** Checks every field of an app; the field names are those of `AppArgs`. */
export function checkAppSpecInput(i: AppSpecInput): void {
    validate.appName("appName", i.app);
    validate.domainName("platformDomain", i.platformDomain);
    const source = validate.oneOf("releaseSource", i.source, releaseSources);
    if (source !== "git") {
        validate.imageReference("image", validate.required("image", i.image, `when releaseSource is ${source}`));
    }
    if (i.buildContext !== undefined) {
        if (source !== "dockerfile") throw new validate.ValidationError("buildContext", "only with releaseSource dockerfile");
        hostInputs.buildContext("buildContext", i.buildContext);
    }
    checkConfig(i.env);
    const processes = Object.entries(i.processes);
    if (processes.length === 0) throw new validate.ValidationError("processes", "at least one process type");
    for (const [name, p] of processes) {
        validate.processName(`processes.${name}`, name);
        if (p === null || typeof p !== "object") throw new validate.ValidationError(`processes.${name}`, "must be an object with count and command");
        validate.count(`processes.${name}.count`, p.count);
        if (p.command !== undefined) validate.command(`processes.${name}.command`, p.command);
        hostInputs.containerSize(`processes.${name}.`, p);
    }
    hostInputs.containerSize("", i);
    validate.port("port", i.port);
    validate.urlPath("healthPath", i.healthPath);
    if (i.healthTimeoutSeconds !== undefined) validate.seconds("healthTimeoutSeconds", i.healthTimeoutSeconds, 600);
    if (i.stopTimeoutSeconds !== undefined) validate.seconds("stopTimeoutSeconds", i.stopTimeoutSeconds, 3600);
    hostInputs.volumes(i.volumes ?? []);
    hostInputs.cronJobs(i.cron ?? []);
    if (i.releaseCommand !== undefined) validate.command("releaseCommand", i.releaseCommand);
    if (i.releaseTimeoutSeconds !== undefined) {
        validate.seconds("releaseTimeoutSeconds", i.releaseTimeoutSeconds, 86400);
        if (i.releaseCommand === undefined) throw new validate.ValidationError("releaseTimeoutSeconds", "only with releaseCommand");
    }
    i.domains.forEach((d, n) => validate.domainName(`domains[${n}].name`, d?.name));
    validate.size("clientMaxBodySize", i.clientMaxBodySize);
}

/** The size fields that are given, so an app that sets none deploys the spec it always did. */
const limitFields = (size: { memoryMiB?: number; cpus?: number }) => ({
    ...(size.memoryMiB !== undefined ? { memoryMiB: size.memoryMiB } : {}),
    ...(size.cpus !== undefined ? { cpus: size.cpus } : {}),
});

const sortedObject = <V>(o: Record<string, V>): Record<string, V> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Checks an app's config vars (its own and its add-ons'): each name and value, and their size. */
export function checkConfig(env: Record<string, string>): void {
    for (const [key, value] of Object.entries(env)) {
        validate.envKey(`config.${key}`, key);
        validate.envValue(`config.${key}`, value);
    }
    validate.configSize("config", env);
}

/**
 * A fingerprint of each config var: HMAC-SHA256 of its name and value under the app's secret
 * salt, 16 hex digits. A preview shows which vars changed, and nothing about any value can be
 * learned or guessed from it without the salt.
 */
export function configFingerprints(env: Record<string, string>, salt: string): Record<string, string> {
    return sortedObject(Object.fromEntries(Object.entries(env).map(([key, value]) =>
        [key, crypto.createHmac("sha256", salt).update(`${key}\0${value}`).digest("hex").slice(0, 16)])));
}

/** The stdin of `paas app config`: the config the app's next deploy takes, with its fingerprints. */
export interface ConfigStage {
    app: string;
    env: Record<string, string>;
    fingerprints: Record<string, string>;
}

/** Checks an app's config and builds the stdin of `paas app config`. */
export function buildConfigStage(app: string, env: Record<string, string>, salt: string): ConfigStage {
    validate.appName("appName", app);
    checkConfig(env);
    return hostInputs.configStage({ app, env: sortedObject(env), fingerprints: configFingerprints(env, salt) });
}

/** The deploy spec of an app whose config went ahead through `paas app config`: nothing secret in it. */
export function buildDeploySpec(i: Omit<AppSpecInput, "env">, fingerprints: Record<string, string>): AppSpec {
    const { app, image, source, env: _env, ...rest } = buildAppSpec({ ...i, env: {} });
    // `config` where `env` would be: the keys keep one stable order.
    return hostInputs.deploySpec({ app, ...(image === undefined ? {} : { image }), source, config: sortedObject(fingerprints), ...rest });
}

/** The config vars of an app: its own and its add-ons', which must not overlap. */
export function mergeEnv(config: Record<string, string>, addonEnv: Record<string, string>): Record<string, string> {
    for (const key of Object.keys(config)) {
        if (key in addonEnv) throw new validate.ValidationError(`config.${key}`, "also given by an add-on");
    }
    return { ...addonEnv, ...config };
}

/** Every hostname of an app, its default `<app>.<platform domain>` first, each once. */
export function appHostnames(app: string, platformDomain: string, domains: DomainSpec[]): string[] {
    return [...new Set([`${app}.${platformDomain}`, ...domains.map(d => d.name)])];
}

/** Validates every field, then builds the deploy spec (keys in a stable order). */
export function buildAppSpec(i: AppSpecInput): AppSpec {
    checkAppSpecInput(i);
    const git = i.source === ReleaseSource.Git;
    const hostnames = appHostnames(i.app, i.platformDomain, i.domains);
    const tlsDomains = [...new Set([...(i.defaultDomainTls ? [hostnames[0]] : []), ...i.domains.filter(d => d.tls === true).map(d => d.name)])];
    const processes = sortedObject(Object.fromEntries(Object.entries(i.processes)
        .map(([name, p]): [string, ProcessSpec] => [name, { ...(p.command ? { count: p.count, command: [...p.command] } : { count: p.count }), ...limitFields(p) }])));
    // What the host checks it against, checked here too: preview refuses what the host would.
    return hostInputs.deploySpec({
        app: i.app,
        ...(git ? {} : { image: i.image }),
        source: git ? "git" : "image",
        env: sortedObject(i.env),
        processes,
        port: i.port,
        healthPath: i.healthPath,
        ...(i.releaseCommand ? { releaseCommand: [...i.releaseCommand] } : {}),
        ...(i.releaseTimeoutSeconds !== undefined ? { releaseTimeoutSeconds: i.releaseTimeoutSeconds } : {}),
        ...(i.healthTimeoutSeconds !== undefined ? { healthTimeoutSeconds: i.healthTimeoutSeconds } : {}),
        ...(i.stopTimeoutSeconds !== undefined ? { stopTimeoutSeconds: i.stopTimeoutSeconds } : {}),
        ...(i.volumes && i.volumes.length > 0 ? { volumes: i.volumes.map(v => ({ name: v.name, mountPath: v.mountPath })) } : {}),
        ...(i.cron && i.cron.length > 0 ? { cron: i.cron.map(j => ({ schedule: j.schedule, command: [...j.command] })) } : {}),
        ...limitFields(i),
        tlsDomains,
        hostnames,
        clientMaxBodySize: i.clientMaxBodySize,
        ...(i.buildContext ? { buildContext: i.buildContext } : {}),
    });
}

/** The release a deploy left serving, from the last line of its output. */
export interface ReleaseLine {
    /** Such as `v7`; empty while a git app waits for its first push. */
    release: string;
    /** The image of that release; empty while waiting. */
    image: string;
}

/**
 * Reads the release from the last line of `paas app deploy`: `released v<N> <image>`, or
 * `unchanged: v<N> <image>` when nothing changed; anything else (`waiting for git push`) is none.
 */
export function parseReleaseLine(stdout: string | undefined): ReleaseLine {
    const lines = (stdout ?? "").split("\n").map(l => l.trim()).filter(l => l !== "");
    const m = /^(?:released|unchanged:) (v[0-9]+) (\S+)$/.exec(lines[lines.length - 1] ?? "");
    return m ? { release: m[1], image: m[2] } : { release: "", image: "" };
}
