// What each `paas` command on the host reads on stdin, checked field by field with the rules of
// ./rules. The host runtime checks every input with these before it changes anything; the
// components check what they are about to send with the same functions, so a value `pulumi
// preview` accepts is one the host accepts. Pure: no I/O.
import type { AppSpec, CronJobSpec, VolumeSpec } from "./app-spec";
import { cronSchedule } from "./cron";
import * as rules from "./rules";
import { rule } from "./rules";
import { buildContextPrefix, isBuildContextUpload, uploadsDir } from "./uploads";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** An object, or `field: <rule>` naming what the input must be. */
export function object(field: string, value: unknown, text = "must be a JSON object"): Json {
    rule(isObject(value), field, text);
    return value as Json;
}

// --- config vars ------------------------------------------------------------------------------

/** Config vars as the host receives them (`env`): names, values and their size, field `env.<NAME>`. */
export function env(value: unknown): Record<string, string> {
    const vars = object("env", value, "must be an object of strings");
    rules.configSize("config", vars as Record<string, string>);
    for (const [key, v] of Object.entries(vars)) {
        rules.envKey(`env.${key}`, key);
        rule(typeof v === "string", `env.${key}`, "must be a string");
        rules.envValue(`env.${key}`, v as string);
    }
    return vars as Record<string, string>;
}

const fingerprintPattern = /^[0-9a-f]{16}$/;

/** Each config var's fingerprint (16 hex digits), for the vars KEYS when given. */
export function fingerprints(field: string, value: unknown, keys?: string[]): Record<string, string> {
    const ok = isObject(value) && Object.values(value).every(f => typeof f === "string" && fingerprintPattern.test(f)) &&
        (keys === undefined || sameKeys(Object.keys(value), keys));
    rule(ok, field, "must map each config var to its fingerprint");
    return value as Record<string, string>;
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((k, n) => k === [...b].sort()[n]);

// --- the app spec (`paas app deploy`) ---------------------------------------------------------

/** Every field of a deploy spec, before anything changes; returns it typed. */
export function deploySpec(value: unknown): AppSpec {
    const s = object("spec", value);
    rules.appName("app", s.app as string);
    rules.oneOf("source", s.source as string, ["image", "git"]);
    if (s.source === "image") rules.imageReference("image", s.image as string);
    if (s.env !== undefined && s.env !== null) env(s.env);
    rule(s.env == null || s.config == null, "config", "only one of env and config");
    if (s.config != null) fingerprints("config", s.config);
    processes(s.processes);
    rules.port("port", s.port as number);
    rules.urlPath("healthPath", (s.healthPath ?? "/") as string);
    if (s.healthTimeoutSeconds != null) rules.seconds("healthTimeoutSeconds", s.healthTimeoutSeconds as number, 600);
    if (s.stopTimeoutSeconds != null) rules.seconds("stopTimeoutSeconds", s.stopTimeoutSeconds as number, 3600);
    if (s.volumes != null) volumes(s.volumes as VolumeSpec[]);
    if (s.cron != null) cronJobs(s.cron as CronJobSpec[]);
    containerSize("", s);
    if (s.releaseCommand != null) rules.command("releaseCommand", s.releaseCommand as string[]);
    if (s.releaseTimeoutSeconds != null) rules.seconds("releaseTimeoutSeconds", s.releaseTimeoutSeconds as number, 86400);
    // The host renders the vhost from the app's data: rendered text would let an app claim any name.
    rule(s.vhost === undefined, "vhost", "not accepted: the host renders the vhost from hostnames, tlsDomains and clientMaxBodySize");
    const hostnames = domainList("hostnames", s.hostnames);
    rule(hostnames.length > 0 && hostnames[0].startsWith(`${s.app}.`) && new Set(hostnames).size === hostnames.length, "hostnames",
        "must list every hostname once, the default <app>.<platform domain> first");
    const tlsDomains = domainList("tlsDomains", s.tlsDomains);
    rule(new Set(tlsDomains).size === tlsDomains.length && tlsDomains.every(d => hostnames.includes(d)), "tlsDomains",
        "must be hostnames of the app, each once");
    rules.size("clientMaxBodySize", s.clientMaxBodySize as string);
    if (s.buildContext != null) buildContext("buildContext", s.buildContext);
    return s as unknown as AppSpec;
}

function processes(value: unknown): void {
    if (value == null) return;
    const all = object("processes", value, "must be an object of process types");
    for (const [name, p] of Object.entries(all)) {
        rules.processName(`processes.${name}`, name);
        const process = object(`processes.${name}`, p, "must be an object with count and command");
        rules.count(`processes.${name}.count`, process.count as number);
        if (process.command != null) rules.command(`processes.${name}.command`, process.command as string[]);
        containerSize(`processes.${name}.`, process);
    }
}

/** A container size (`memoryMiB`, `cpus`), each optional, as fields PREFIX<name>. */
export function containerSize(prefix: string, value: { memoryMiB?: unknown; cpus?: unknown }): void {
    if (value.memoryMiB != null) rules.memoryMiB(`${prefix}memoryMiB`, value.memoryMiB as number);
    if (value.cpus != null) rules.cpus(`${prefix}cpus`, value.cpus as number);
}

function isDomain(value: string): boolean {
    try {
        rules.domainName("", value);
        return true;
    } catch {
        return false;
    }
}

function domainList(field: string, value: unknown): string[] {
    rule(Array.isArray(value) && value.every(d => typeof d === "string" && isDomain(d)), field, "must be a list of lowercase domain names");
    return value as string[];
}

/** Each volume's name and mount path, none twice. */
export function volumes(list: VolumeSpec[]): VolumeSpec[] {
    rule(Array.isArray(list), "volumes", "must be a list of { name, mountPath }");
    list.forEach((v, n) => {
        object(`volumes[${n}]`, v, "must be an object with name and mountPath");
        rules.volumeName(`volumes[${n}].name`, v.name);
        rules.mountPath(`volumes[${n}].mountPath`, v.mountPath);
        rule(list.findIndex(o => o.name === v.name) === n, `volumes[${n}].name`, "each volume once");
        rule(list.findIndex(o => o.mountPath === v.mountPath) === n, `volumes[${n}].mountPath`, "each mount path once");
    });
    return list;
}

/** Scheduled jobs: each a cron schedule and a command. */
export function cronJobs(list: CronJobSpec[]): CronJobSpec[] {
    rule(Array.isArray(list) && list.length <= 20, "cron", "must be a list of at most 20 { schedule, command }");
    list.forEach((job, n) => {
        object(`cron[${n}]`, job, "must be an object with schedule and command");
        cronSchedule(`cron[${n}].schedule`, job.schedule);
        rules.command(`cron[${n}].command`, job.command);
    });
    return list;
}

/** A Dockerfile folder the App component copied to the host. */
export function buildContext(field: string, value: unknown): string {
    rule(typeof value === "string" && isBuildContextUpload(value), field, `must be a folder ${uploadsDir}/${buildContextPrefix}<app>-<digest>`);
    return value as string;
}

// --- the other app commands -------------------------------------------------------------------

/** The resource (a Pulumi URN) an app or add-on belongs to. */
export function owner(field: string, value: unknown): string {
    rule(typeof value === "string" && value.length <= 1024 && /^[\x20-\x7e]+$/.test(value), field,
        "must be a resource name: printable characters, at most 1024");
    return value as string;
}

/** The optional owner of an input: absent or empty means none. */
function optionalOwner(value: unknown): string | undefined {
    return value === undefined || value === null || value === "" ? undefined : owner("owner", value);
}

/** stdin of `paas app register`. */
export function register(value: unknown): { app: string; owner: string } {
    const i = appInput(value);
    return { app: i.app, owner: owner("owner", i.owner) };
}

/** An input naming an app. */
export function appInput(value: unknown): Json & { app: string } {
    const i = object("input", value, "must be a JSON object with app");
    rule(typeof i.app === "string", "input", "must be a JSON object with app");
    rules.appName("app", i.app as string);
    return i as Json & { app: string };
}

/** stdin of `paas app config`: the config of the next deploy and its fingerprints. */
export interface ConfigStageInput {
    app: string;
    env: Record<string, string>;
    fingerprints: Record<string, string>;
}

export function configStage(value: unknown): ConfigStageInput {
    const i = appInput(value);
    const vars = env(i.env);
    return { app: i.app, env: vars, fingerprints: fingerprints("fingerprints", i.fingerprints, Object.keys(vars)) };
}

/** stdin of `paas app destroy [APP]`: the app from the argument or stdin (not two different ones). */
export function destroy(value: unknown, argument?: string): { app: string; keepData: boolean; owner?: string } {
    const i = object("input", value ?? {});
    const app = rules.appName("app", (argument || i.app || "") as string);
    rule(!argument || i.app === undefined || i.app === argument, "app", "the argument and stdin name different apps");
    return { app, keepData: i.keepData !== false, owner: optionalOwner(i.owner) };
}

/** A release number such as 3. */
export function releaseNumber(field: string, value: unknown): number {
    rule(typeof value === "string" && /^[1-9][0-9]{0,8}$/.test(value), field, "must be a release number such as 3");
    return Number(value);
}

/** A full git commit id. */
export function commitId(field: string, value: unknown): string {
    rule(typeof value === "string" && /^[0-9a-f]{40}$/.test(value), field, "must be a full commit id");
    return value as string;
}

// --- add-ons and deploy keys ------------------------------------------------------------------

/** A generated add-on password: letters and digits only (what RandomPassword makes without specials). */
export function password(field: string, value: unknown): string {
    rule(typeof value === "string" && /^[A-Za-z0-9]{16,128}$/.test(value), field, "16 to 128 letters and digits");
    return value as string;
}

/** stdin of `paas addon <kind> create|delete`; the password is checked only where it is used. */
export function addon(value: unknown): { name: string; password: unknown; keepData: boolean; owner?: string } {
    const i = object("input", value);
    return { name: rules.identifier("name", (i.name ?? "") as string), password: i.password, keepData: i.keepData !== false, owner: optionalOwner(i.owner) };
}

/** stdin of `paas keys set|clear [APP]`. */
export function keys(value: unknown, argument?: string, clear = false): { app: string; keys: string[]; owner?: string } {
    const i = object("keys", value, "stdin must be a JSON object");
    const list = clear ? [] : i.keys;
    rule(Array.isArray(list) && list.every(k => typeof k === "string"), "keys", "must be a list of SSH public keys");
    const app = rules.appName("app", (argument || i.app || "") as string);
    rule(!argument || i.app === undefined || i.app === argument, "app", "the argument and stdin name different apps");
    (list as string[]).forEach((k, n) => rules.sshPublicKey(`keys[${n}]`, k));
    return { app, keys: list as string[], owner: optionalOwner(i.owner) };
}

// --- the platform -----------------------------------------------------------------------------

/** The bootstrap's settings (PlatformHost's arguments). */
export interface BootstrapSettings {
    swapMiB: number;
    acmeEmail?: string;
    acmeServer?: string;
}

/** stdin of the bootstrap. */
export function bootstrapSettings(value: unknown): BootstrapSettings {
    const i = object("stdin", value);
    const settings: BootstrapSettings = { swapMiB: rules.swapMiB("swapMiB", (i.swapMiB ?? 0) as number) };
    if (i.acmeEmail != null && i.acmeEmail !== "") settings.acmeEmail = rules.email("acmeEmail", i.acmeEmail as string);
    if (i.acmeServer != null && i.acmeServer !== "") settings.acmeServer = rules.acmeDirectoryUrl("acmeServer", i.acmeServer as string);
    return settings;
}

/** What a build on the host may use (host/build-limits.ts). */
export interface BuildLimits {
    readonly memoryMiB: number;
    readonly cpus: number;
    readonly timeoutSeconds: number;
    readonly contextMiB: number;
}

/** /etc/paas/build-limits.json: any of the limits, the others at their defaults. */
export function buildLimits(value: unknown): BuildLimits {
    const i = object("build-limits.json", value);
    for (const key of Object.keys(i)) rule(key in rules.buildLimitDefaults, `build-limits.json.${key}`, "is not a build limit (memoryMiB, cpus, timeoutSeconds, contextMiB)");
    const d = rules.buildLimitDefaults;
    return {
        memoryMiB: rules.memoryMiB("build-limits.json.memoryMiB", (i.memoryMiB ?? d.memoryMiB) as number),
        cpus: rules.cpus("build-limits.json.cpus", (i.cpus ?? d.cpus) as number),
        timeoutSeconds: rules.seconds("build-limits.json.timeoutSeconds", (i.timeoutSeconds ?? d.timeoutSeconds) as number, 86400),
        contextMiB: rules.contextMiB("build-limits.json.contextMiB", (i.contextMiB ?? d.contextMiB) as number),
    };
}

// --- the operator's verbs (`paas` on a developer's machine) -----------------------------------

/** stdin of `paas app logs`. */
export function logsQuery(value: unknown): { app: string; process?: string; num: number; follow: boolean } {
    const i = appInput(value);
    if (i.process != null) rules.logSource("process", i.process as string);
    const num = i.num ?? 100;
    rule(Number.isInteger(num) && (num as number) >= 1 && (num as number) <= 10000, "num", "must be a whole number of lines from 1 to 10000");
    rule(i.follow == null || typeof i.follow === "boolean", "follow", "must be true or false");
    return { app: i.app, ...(i.process != null ? { process: i.process as string } : {}), num: num as number, follow: i.follow === true };
}

/** The spec of `paas app run`: a command for a one-off container. */
export function runSpec(value: unknown): { app: string; command: string[]; tty: boolean } {
    const i = appInput(value);
    rule(i.tty == null || typeof i.tty === "boolean", "tty", "must be true or false");
    return { app: i.app, command: rules.command("command", i.command as string[]), tty: i.tty === true };
}

/** stdin of `paas app scale`: new counts of some process types. */
export function scale(value: unknown): { app: string; processes: Record<string, number> } {
    const i = appInput(value);
    const counts = object("processes", i.processes, "must map process types to counts");
    rule(Object.keys(counts).length > 0, "processes", "must name at least one process type");
    for (const [name, n] of Object.entries(counts)) {
        rules.processName(`processes.${name}`, name);
        rules.count(`processes.${name}`, n as number);
    }
    return { app: i.app, processes: counts as Record<string, number> };
}

/** stdin of `paas app restart`. */
export function restart(value: unknown): { app: string; process?: string } {
    const i = appInput(value);
    if (i.process != null) rules.processName("process", i.process as string);
    return { app: i.app, ...(i.process != null ? { process: i.process as string } : {}) };
}

/** stdin of `paas app maintenance`. */
export function maintenance(value: unknown): { app: string; on: boolean } {
    const i = appInput(value);
    return { app: i.app, on: rules.boolean("on", i.on as boolean) };
}
