import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Addon, addonEnv } from "./addon";
import { appHostnames, buildConfigStage, buildDeploySpec, DomainSpec, mergeEnv, parseReleaseLine, ProcessSpec, ReleaseSource, releaseSources, CronJobSpec, VolumeSpec } from "../shared/app-spec";
import * as hostInputs from "../shared/host-inputs";
import { buildContextUpload } from "../shared/uploads";
import { HostConnection } from "./connection";
import { PostgresAddon } from "./postgres-addon";
import { RedisAddon } from "./redis-addon";
import { hostCommand, urnValue } from "./remote-command";
import * as validate from "./validate";

/** A process type of an app, as in a Procfile. */
export interface ProcessType {
    /** How many containers run it, 0 to 20. */
    readonly count: pulumi.Input<number>;
    /** Its command as a list of arguments (never a shell line); the image's own command when unset. */
    readonly command?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Memory limit of each of its containers in MiB, 16 to 262144: a hard limit with no swap, past which the container is killed and restarted.
     * @default the app's memoryMiB
     */
    readonly memoryMiB?: pulumi.Input<number>;
    /**
     * CPUs each of its containers may use (0.5 is half of one), 0.01 to 64; more than the server has means all of them.
     * @default the app's cpus
     */
    readonly cpus?: pulumi.Input<number>;
}

/** A domain an app answers on, besides `<app>.<platform domain>`. */
export interface Domain {
    /** The domain name (no wildcard); point its DNS at the server. */
    readonly name: pulumi.Input<string>;
    /**
     * Obtain a Let's Encrypt certificate for it and redirect its HTTP to HTTPS.
     * @default false
     */
    readonly tls?: pulumi.Input<boolean>;
}

/** A persistent volume of an app. */
export interface Volume {
    /** Its name: lowercase letters, digits and '-'. */
    readonly name: pulumi.Input<string>;
    /** Where every container of the app sees it, such as `/app/uploads`. */
    readonly mountPath: pulumi.Input<string>;
}

/** A scheduled job of an app. */
export interface CronJob {
    /** When it runs, as cron writes it: `minute hour day-of-month month day-of-week` (`30 2 * * *`: 02:30 daily), or @hourly, @daily, @weekly, @monthly; the host's time zone (UTC). */
    readonly schedule: pulumi.Input<string>;
    /** The command, as a list of arguments, run in a one-off container of the current release with the app's config. */
    readonly command: pulumi.Input<pulumi.Input<string>[]>;
}

// The earlier names. Other languages see each type's own name with `Args` added
// (`ProcessTypeArgs`), so the interfaces carry none.
/** @deprecated ProcessType */
export type ProcessArgs = ProcessType;
/** @deprecated Domain */
export type DomainArgs = Domain;
/** @deprecated Volume */
export type VolumeArgs = Volume;
/** @deprecated CronJob */
export type CronJobArgs = CronJob;

/** Arguments for {@link App}. */
export interface AppArgs {
    /** SSH connection to the platform host (`Platform.connection`). */
    readonly connection: pulumi.Input<HostConnection>;
    /** Platform domain: the app is served at `<appName>.<platformDomain>`. */
    readonly platformDomain: pulumi.Input<string>;
    /**
     * The app's name on the platform: a DNS label, 1 to 30 characters.
     * @default the resource name
     */
    readonly appName?: pulumi.Input<string>;
    /** Where releases come from: `image` (a prebuilt image), `dockerfile` (a local directory built on the host) or `git` (the latest `git push`). */
    readonly releaseSource: pulumi.Input<string>;
    /** Image reference, for `releaseSource: "image"`. */
    readonly image?: pulumi.Input<string>;
    /** Local directory with a Dockerfile, for `releaseSource: "dockerfile"`; copied to the host and built there. */
    readonly dockerfileContext?: pulumi.Input<string>;
    /** Config vars, given to every process as environment variables; all of them are secrets. */
    readonly config?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Add-ons whose config vars (`DATABASE_URL`, `REDIS_URL`, ...) the app gets. */
    readonly addons?: pulumi.Input<Addon>[];
    /**
     * Serve the default `<appName>.<platformDomain>` over HTTPS, with a certificate of its own (the platform needs an acmeEmail: `Platform.tls`); until it is issued, over HTTP.
     * @default false
     */
    readonly defaultDomainTls?: pulumi.Input<boolean>;
    /** Domains besides the default `<appName>.<platformDomain>`, each optionally with TLS. */
    readonly domains?: pulumi.Input<pulumi.Input<Domain>[]>;
    /**
     * Process types and their counts; `web` gets the HTTP traffic.
     * @default { web: { count: 1 } }
     */
    readonly processes?: pulumi.Input<Record<string, pulumi.Input<ProcessType>>>;
    /**
     * Port the `web` process listens on (given to every process as `PORT`).
     * @default 5000
     */
    readonly port?: pulumi.Input<number>;
    /**
     * Path that must answer 2xx/3xx on every new `web` container before a release gets traffic.
     * @default "/"
     */
    readonly healthPath?: pulumi.Input<string>;
    /**
     * Seconds new `web` containers get to pass their health check (asked every 0.5 s, by the app's first hostname, each answer within 2 s), 1 to 600.
     * @default 60
     */
    readonly healthTimeoutSeconds?: pulumi.Input<number>;
    /**
     * Seconds a stopping container gets between SIGTERM and SIGKILL, after nginx has finished sending it requests, 1 to 3600.
     * @default 30
     */
    readonly stopTimeoutSeconds?: pulumi.Input<number>;
    /** Command run in a one-off container before each release (migrations); its failure stops the release. */
    readonly releaseCommand?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Seconds the release command may run; past them it is stopped and the release fails.
     * @default 1800
     */
    readonly releaseTimeoutSeconds?: pulumi.Input<number>;
    /**
     * Largest request body nginx accepts, nginx syntax.
     * @default "10m"
     */
    readonly clientMaxBodySize?: pulumi.Input<string>;
    /** SSH public keys that may `git push` to this app and to nothing else; `[]` revokes them all. */
    readonly deployKeys?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Persistent volumes, kept across releases and rollbacks and mounted in every container; removed with the app only when `keepData` is false.
     * @default []
     */
    readonly volumes?: pulumi.Input<pulumi.Input<Volume>[]>;
    /**
     * Scheduled jobs, each run as a one-off container of the current release, never two of the same job at once; their output is in `paas logs`.
     * @default []
     */
    readonly cron?: pulumi.Input<pulumi.Input<CronJob>[]>;
    /**
     * Memory limit in MiB of each container of the app whose process type sets none, and of its release command, `paas run` and scheduled jobs, 16 to 262144: a hard limit with no swap.
     * @default 256
     */
    readonly memoryMiB?: pulumi.Input<number>;
    /**
     * CPUs each of those containers may use (0.5 is half of one), 0.01 to 64; more than the server has means all of them.
     * @default 1
     */
    readonly cpus?: pulumi.Input<number>;
    /**
     * When the app is deleted, keep its volumes (an add-on's data follows the add-on's own `keepData`).
     * @default true
     */
    readonly keepData?: pulumi.Input<boolean>;
}

/** A digest of a directory's files (names and contents): the image tag of a Dockerfile build. */
export function directoryDigest(dir: string): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const p = path.join(d, entry.name);
            const rel = path.relative(dir, p).split(path.sep).join("/");
            if (entry.isDirectory()) {
                hash.update(`d ${rel}\0`);
                walk(p);
            } else if (entry.isFile()) {
                const data = fs.readFileSync(p);
                hash.update(`f ${rel} ${data.length}\0`).update(data);
            }
        }
    };
    walk(dir);
    return hash.digest("hex");
}

/** Checks a Dockerfile directory: it exists and holds a Dockerfile. */
export function dockerfileDirectory(field: string, dir: string): string {
    if (typeof dir !== "string" || !fs.existsSync(path.join(dir, "Dockerfile"))) {
        throw new validate.ValidationError(field, "must be a directory with a Dockerfile");
    }
    return dir;
}

/** Where a Dockerfile build happens: the folder on the host and the image it makes. */
export function dockerBuild(app: string, dir: string): { buildContext: string; image: string } {
    const digest = directoryDigest(dir).slice(0, 12);
    return { buildContext: buildContextUpload(app, digest), image: `paas/${app}:${digest}` };
}

function checkSource(source: string, hasImage: boolean, hasContext: boolean): void {
    if (source === ReleaseSource.Image && !hasImage) throw new validate.ValidationError("image", "required when releaseSource is image");
    if (source === ReleaseSource.Dockerfile && !hasContext) throw new validate.ValidationError("dockerfileContext", "required when releaseSource is dockerfile");
    if (source !== ReleaseSource.Image && hasImage) throw new validate.ValidationError("image", "only with releaseSource image");
    if (source !== ReleaseSource.Dockerfile && hasContext) throw new validate.ValidationError("dockerfileContext", "only with releaseSource dockerfile");
}

/** The config var names of the add-ons that declare them (PostgresAddon, RedisAddon). */
function envNamesOf(addons: AppArgs["addons"]): string[] {
    return (addons ?? []).flatMap(a => a instanceof PostgresAddon ? PostgresAddon.envNames : a instanceof RedisAddon ? RedisAddon.envNames : []);
}

/** Checks the keys of a config object now when the object itself is plain (values may come later). */
function checkConfigKeys(config: AppArgs["config"], addonEnvNames: readonly string[]): void {
    if (config === undefined || pulumi.Output.isInstance(config) || typeof (config as { then?: unknown }).then === "function") return;
    for (const key of Object.keys(config)) {
        validate.envKey(`config.${key}`, key);
        if (addonEnvNames.includes(key)) throw new validate.ValidationError(`config.${key}`, "also given by an add-on");
    }
}

/**
 * Checks an app's arguments as its constructor does: plain values at once, throwing an error that
 * names the field and the rule; Outputs when they resolve. A program that creates other resources
 * before its apps calls it first, so that bad input fails before anything is created. Returns the
 * checked values.
 */
export function checkAppArgs(name: string, args: Omit<AppArgs, "connection">, addonEnvNames: readonly string[] = envNamesOf(args.addons)) {
    const appName = validate.checked(args.appName ?? name, v => validate.appName("appName", v));
    const platformDomain = validate.checked(args.platformDomain, v => validate.domainName("platformDomain", v));
    const source = validate.checked(args.releaseSource, v => validate.oneOf("releaseSource", v, releaseSources));
    const hasImage = args.image !== undefined;
    const hasContext = args.dockerfileContext !== undefined;
    if (validate.isPlain(args.releaseSource)) checkSource(args.releaseSource as string, hasImage, hasContext);
    const image = validate.checked(args.image, v => v === undefined || validate.imageReference("image", v));
    const context = validate.checked(args.dockerfileContext, v => v === undefined || dockerfileDirectory("dockerfileContext", v));
    checkConfigKeys(args.config, addonEnvNames);
    const config = validate.checked(args.config ?? {}, c => {
        Object.entries(c).forEach(([k, v]) => {
            validate.envKey(`config.${k}`, k);
            validate.envValue(`config.${k}`, v);
        });
        validate.configSize("config", c as Record<string, string>);
    });
    const domains = validate.checked(args.domains ?? [], ds => ds.forEach((d, n) => {
        validate.domainName(`domains[${n}].name`, d?.name);
        if (d.tls !== undefined) validate.boolean(`domains[${n}].tls`, d.tls);
    }));
    const processes = validate.checked(args.processes ?? { web: { count: 1 } }, ps => {
        if (Object.keys(ps).length === 0) throw new validate.ValidationError("processes", "at least one process type");
        for (const [p, spec] of Object.entries(ps)) {
            validate.processName(`processes.${p}`, p);
            validate.count(`processes.${p}.count`, spec?.count);
            if (spec.command !== undefined) validate.command(`processes.${p}.command`, spec.command);
            hostInputs.containerSize(`processes.${p}.`, spec);
        }
    });
    const memoryMiB = validate.checked(args.memoryMiB, v => v === undefined || validate.memoryMiB("memoryMiB", v));
    const cpus = validate.checked(args.cpus, v => v === undefined || validate.cpus("cpus", v));
    const port = validate.checked(args.port ?? 5000, v => validate.port("port", v));
    const healthPath = validate.checked(args.healthPath ?? "/", v => validate.urlPath("healthPath", v));
    const defaultDomainTls = validate.checked(args.defaultDomainTls ?? false, v => validate.boolean("defaultDomainTls", v));
    const healthTimeoutSeconds = validate.checked(args.healthTimeoutSeconds, v => v === undefined || validate.seconds("healthTimeoutSeconds", v, 600));
    const volumes = validate.checked(args.volumes ?? [], v => { hostInputs.volumes(v as VolumeSpec[]); });
    const cron = validate.checked(args.cron ?? [], v => { hostInputs.cronJobs(v as CronJobSpec[]); });
    const stopTimeoutSeconds = validate.checked(args.stopTimeoutSeconds, v => v === undefined || validate.seconds("stopTimeoutSeconds", v, 3600));
    const releaseCommand = validate.checked(args.releaseCommand, v => v === undefined || validate.command("releaseCommand", v));
    const releaseTimeoutSeconds = validate.checked(args.releaseTimeoutSeconds, v => v === undefined || validate.seconds("releaseTimeoutSeconds", v, 86400));
    if (args.releaseTimeoutSeconds !== undefined && args.releaseCommand === undefined) {
        throw new validate.ValidationError("releaseTimeoutSeconds", "only with releaseCommand");
    }
    const clientMaxBodySize = validate.checked(args.clientMaxBodySize ?? "10m", v => validate.size("clientMaxBodySize", v));
    const deployKeys = validate.checked(args.deployKeys, keys => keys?.forEach((k, n) => validate.sshPublicKey(`deployKeys[${n}]`, k)));
    const keepData = validate.checked(args.keepData ?? true, v => validate.boolean("keepData", v));
    return {
        appName, platformDomain, source, hasContext, image, context, config, domains, processes, port, healthPath, healthTimeoutSeconds,
        stopTimeoutSeconds, volumes, cron, defaultDomainTls, releaseCommand, releaseTimeoutSeconds, clientMaxBodySize, deployKeys, keepData,
        memoryMiB, cpus,
    };
}

/**
 * An app on the platform: its release (a prebuilt image, a Dockerfile built on the host, or the
 * latest `git push`), config vars, add-ons, domains, process types and counts. Every change
 * deploys a new release through `paas app deploy` with no dropped request; an `up` with nothing
 * changed creates no release. Deleting it runs `paas app destroy`.
 *
 * A `dockerfile` app's directory is copied to the host over the same SSH connection and built by
 * the host's Docker engine (`paas app deploy` builds `buildContext` once per content digest), so
 * no registry, no Docker client and no second way of authenticating are needed here.
 */
export class App extends pulumi.ComponentResource {
    /** Where the app is served: `http://<appName>.<platformDomain>/`. */
    public readonly url: pulumi.Output<string>;
    /** Every hostname the app answers on, the default first. */
    public readonly hostnames: pulumi.Output<string[]>;
    /** The release serving after this update, such as `v7`; empty while a git app waits for its first push. */
    public readonly release: pulumi.Output<string>;
    /** The image of that release. */
    public readonly image: pulumi.Output<string>;
    /** Where to `git push` (`git push <gitRemote> main`). */
    public readonly gitRemote: pulumi.Output<string>;

    constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Plain values are checked before anything is registered; Outputs where they resolve.
        const c = checkAppArgs(name, args);
        // No inputs in the component's state: they hold config values, plaintext there.
        super("paas:index:App", name, {}, opts);

        // The app on the host: registered to this App (its URN), `paas app destroy` on delete.
        // A new app name replaces it, so the old app is destroyed; a new URN alone (a rename or a
        // new parent without an alias) registers the app to the new App first, so the old one's
        // delete finds it owned by another and leaves it serving.
        const registration = hostCommand(`${name}-app`, {
            connection: args.connection,
            create: "paas app register",
            delete: "paas app destroy",
            stdin: pulumi.jsonStringify({ app: c.appName, keepData: c.keepData, owner: urnValue(this) }),
            triggers: [c.appName],
            public: true,
        }, { parent: this });
        const before: pulumi.Resource[] = [registration];

        let build: pulumi.Output<{ buildContext: string; image: string } | undefined> = pulumi.output(undefined);
        if (c.hasContext) {
            build = pulumi.all([c.appName, c.context]).apply(([app, dir]) => dockerBuild(app, dir as string));
            before.push(new command.remote.CopyToRemote(`${name}-build-context`, {
                connection: args.connection,
                // The trailing '/' copies the directory's contents into remotePath, not the directory.
                source: c.context.apply(dir => new pulumi.asset.FileArchive(`${path.resolve(dir as string)}/`)),
                remotePath: build.apply(b => b!.buildContext),
            }, { parent: this, dependsOn: [registration] }));
        }

        if (args.deployKeys !== undefined) {
            before.push(hostCommand(`${name}-deploy-keys`, {
                connection: args.connection,
                create: "paas keys set",
                // Removing deployKeys from the app removes its keys from the host.
                delete: "paas keys clear",
                stdin: pulumi.jsonStringify({ app: c.appName, keys: c.deployKeys, owner: urnValue(this) }),
            }, { parent: this, dependsOn: [registration] }));
        }

        // The config goes ahead on its own (secret); the deploy names it by fingerprints, so that
        // its stdin holds nothing secret and a preview shows which vars, processes, domains or
        // image change.
        const salt = new random.RandomPassword(`${name}-config-salt`, { length: 32, special: false }, { parent: this });
        // The salt is missing only in an update whose --target leaves it out (and the commands below with it).
        const stage = pulumi.all([c.appName, c.config, addonEnv(args.addons), salt.result]).apply(([app, config, extra, key]) =>
            buildConfigStage(app, mergeEnv(config as Record<string, string>, extra), key ?? ""));
        before.push(hostCommand(`${name}-config`, {
            connection: args.connection,
            create: "paas app config",
            stdin: stage.apply(st => JSON.stringify(st)),
        }, { parent: this, dependsOn: [registration] }));
        // Fingerprints reveal nothing of a value without the salt (see configFingerprints).
        const fingerprints = pulumi.unsecret(stage.apply(st => st.fingerprints));

        const spec = pulumi.output({
            app: c.appName, platformDomain: c.platformDomain, defaultDomainTls: c.defaultDomainTls, source: c.source, image: c.image,
            processes: c.processes, port: c.port, healthPath: c.healthPath, healthTimeoutSeconds: c.healthTimeoutSeconds,
            stopTimeoutSeconds: c.stopTimeoutSeconds, volumes: c.volumes, cron: c.cron, releaseCommand: c.releaseCommand,
            releaseTimeoutSeconds: c.releaseTimeoutSeconds, domains: c.domains, clientMaxBodySize: c.clientMaxBodySize,
            built: build, fingerprints, memoryMiB: c.memoryMiB, cpus: c.cpus,
        }).apply(({ built, fingerprints: fps, ...v }) => {
            checkSource(v.source, v.image !== undefined, built !== undefined);
            return JSON.stringify(buildDeploySpec({
                ...v,
                image: built ? built.image : v.image,
                buildContext: built?.buildContext,
                processes: v.processes as Record<string, ProcessSpec>,
                releaseCommand: v.releaseCommand as string[] | undefined,
                domains: v.domains as DomainSpec[],
                volumes: v.volumes as VolumeSpec[],
                cron: v.cron as CronJobSpec[],
            }, fps));
        });

        // Its output streams as progress (builds, release command, health checks); the host hides
        // every config value in it, whatever the app prints (host/redaction.ts).
        const deploy = hostCommand(`${name}-deploy`, {
            connection: args.connection,
            create: "paas app deploy",
            stdin: spec,
            public: true,
        }, { parent: this, dependsOn: before });

        // The release line holds a version and an image reference, nothing secret.
        const released = pulumi.unsecret(deploy.stdout).apply(parseReleaseLine);
        this.hostnames = pulumi.all([c.appName, c.platformDomain, c.domains])
            .apply(([app, domain, ds]) => appHostnames(app, domain, ds as DomainSpec[]));
        this.url = this.hostnames.apply(h => `http://${h[0]}/`);
        this.release = released.apply(r => r.release);
        this.image = released.apply(r => r.image);
        this.gitRemote = pulumi.unsecret(pulumi.all([pulumi.output(args.connection), c.appName]).apply(([conn, app]) =>
            (conn.port ?? 22) === 22 ? `git@${conn.host}:${app}` : `ssh://git@${conn.host}:${conn.port}/${app}`));
        this.registerOutputs({ url: this.url, hostnames: this.hostnames, release: this.release, image: this.image, gitRemote: this.gitRemote });
    }
}
