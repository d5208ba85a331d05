// The platform's input rules, once: each a small named function that returns the value it
// checked or throws `ValidationError("<field>: <rule>")`. The components run them in `pulumi
// preview` and the host runtime runs the same code (bundled into paas.js) on what it receives, so
// the two cannot disagree. Pure: no Pulumi, no I/O, nothing newer than the host's Node.js 18.

/**
 * An input that breaks a rule; its message is `<field>: <rule>`. Marked as Pulumi's RunError
 * (the engine checks the marker, not the class), so `pulumi preview` and `up` print the message
 * alone, without a stack trace, while this module stays free of Pulumi.
 */
export class ValidationError extends Error {
    readonly __pulumiRunError = true;
    constructor(readonly field: string, readonly rule: string) {
        super(`${field}: ${rule}`);
        this.name = "ValidationError";
    }
}

export function rule(ok: boolean, field: string, text: string): void {
    if (!ok) throw new ValidationError(field, text);
}

const isString = (v: unknown): v is string => typeof v === "string";

// --- names ----------------------------------------------------------------------------------

/** An app name: a DNS label of lowercase letters, digits and '-', 1 to 30 characters. */
export function appName(field: string, value: string): string {
    rule(isString(value) && /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/.test(value), field,
        "must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters");
    // The app's database and Redis user take its name with '_' for '-' (`pg-x` is `pg_x`).
    notReserved(field, value, value.replace(/-/g, "_"));
    return value;
}

/** A host name: a DNS label of lowercase letters, digits and '-', starting with a letter, at most 63. */
export function hostLabel(field: string, value: string): string {
    rule(isString(value) && /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value), field,
        "must be a DNS label of lowercase letters, digits and '-', starting with a letter, at most 63 characters");
    return value;
}

/** The host's own database accounts and Redis users, which apps and add-ons must not take over. */
function notReserved(field: string, value: string, accountName = value): void {
    rule(!/^(postgres|template0|template1|pg_.*|paas|default)$/.test(accountName), field, `${value} is reserved by the platform`);
}

const labelPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain name (RFC 1123): at least two dot-separated lowercase labels of letters, digits and
 * '-', at most 253 characters. A leading `*.` only where `allowWildcard`.
 */
export function domainName(field: string, value: string, allowWildcard = false): string {
    let name = isString(value) ? value : "";
    if (allowWildcard && name.startsWith("*.")) name = name.slice(2);
    const labels = name.split(".");
    // A last label of digits only is an IP address (127.0.0.1), not a name nginx or ACME can serve.
    rule(isString(value) && value.length <= 253 && labels.length > 1 && labels.every(l => labelPattern.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1]), field,
        allowWildcard
            ? "must be a lowercase domain name of dot-separated labels (letters, digits, '-'), optionally starting with *., at most 253 characters, not an IP address"
            : "must be a lowercase domain name of dot-separated labels (letters, digits, '-'), at most 253 characters, no wildcard, not an IP address");
    return value;
}

// Names the host's own programs read while they hand config vars to a container (the docker
// client, the dynamic linker, the Go runtime, the shell).
const reservedEnv = /^(DOCKER_.*|LD_.*|BASH|BASH_.*|BASHOPTS|BASHPID|SHELLOPTS|GODEBUG|GOGC|GOMAXPROCS|GOMEMLIMIT|GOTRACEBACK|_|OPTIND|SECONDS|RANDOM|SRANDOM|UID|EUID|PPID|GROUPS|LINENO|FUNCNAME|HISTCMD|EPOCHSECONDS|EPOCHREALTIME|DIRSTACK|PIPESTATUS)$/;

// What the platform sets in every container besides PORT: the dyno's name and Heroku's dyno metadata.
const platformEnv = /^(DYNO|HEROKU_APP_NAME|HEROKU_RELEASE_VERSION|HEROKU_RELEASE_CREATED_AT|HEROKU_SLUG_COMMIT)$/;

/** A config var name: uppercase letters, digits and '_', not starting with a digit. */
export function envKey(field: string, value: string): string {
    rule(isString(value) && /^[A-Z_][A-Z0-9_]*$/.test(value), field, "names are uppercase letters, digits and _, not starting with a digit");
    rule(value !== "PORT", field, "set by the platform from port");
    rule(!platformEnv.test(value), field, "set by the platform in every container (Heroku's dyno metadata)");
    rule(!reservedEnv.test(value), field, "reserved: programs on the host read this name");
    return value;
}

/** Heroku's limit on an app's config vars, names and values together. */
export const maxConfigBytes = 32 * 1024;

/** An app's whole config (its own vars and its add-ons'): names and values at most 32 KiB in all. */
export function configSize(field: string, env: Record<string, string>): Record<string, string> {
    const bytes = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
    rule(bytes <= maxConfigBytes, field, `names and values at most ${maxConfigBytes / 1024} KiB in all`);
    return env;
}

/** A config var value: a string without NUL characters (anything else passes as data). */
export function envValue(field: string, value: string): string {
    rule(isString(value) && !value.includes("\0"), field, "must be a string without NUL characters");
    return value;
}

/** The host's own kinds of container besides the process types: `paas run`'s one-offs, the release
 * command and scheduled jobs (their DYNO is `run.N`, `release.1`, `scheduler.N`). */
export const hostProcessNames = ["run", "release", "scheduler"] as const;

/** What `paas logs` may show alone: a process type, `router`, or the host's own containers. */
export function logSource(field: string, value: string): string {
    rule(isString(value) && /^[a-z][a-z0-9-]{0,19}$/.test(value), field, "names are lowercase letters, digits and -, at most 20");
    return value;
}

/** A process type name, as in a Procfile, other than the host's own kinds of container. */
export function processName(field: string, value: string): string {
    logSource(field, value);
    rule(!(hostProcessNames as readonly string[]).includes(value), field, "run, release and scheduler name the platform's own containers");
    return value;
}

/** A database, role or add-on name: lowercase letters, digits and _, starting with a letter. */
export function identifier(field: string, value: string): string {
    rule(isString(value) && /^[a-z][a-z0-9_]{0,62}$/.test(value), field, "lowercase letters, digits and _, starting with a letter, at most 63");
    notReserved(field, value);
    return value;
}

/** A volume's name: lowercase letters, digits and '-', starting with a letter, at most 30. */
export function volumeName(field: string, value: string): string {
    rule(isString(value) && /^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/.test(value), field, "lowercase letters, digits and '-', starting with a letter, at most 30");
    return value;
}

/** Where a volume is mounted in the container: an absolute path, not `/`, without ':' or ','. */
export function mountPath(field: string, value: string): string {
    rule(isString(value) && /^\/[A-Za-z0-9._\/-]{1,255}$/.test(value) && !value.split("/").includes(".."), field,
        "must be an absolute path of letters, digits, '.', '_', '-' and '/', not / itself, without ..");
    return value;
}

// --- numbers --------------------------------------------------------------------------------

/** true or false. */
export function boolean(field: string, value: boolean): boolean {
    rule(typeof value === "boolean", field, "must be true or false");
    return value;
}

/** A TCP port. */
export function port(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 1 && value <= 65535, field, "must be a whole number from 1 to 65535");
    return value;
}

/** How many containers of a process type run. */
export function count(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 0 && value <= 20, field, "must be a whole number from 0 to 20");
    return value;
}

/**
 * The most apps one platform runs. What bounds it (README.md, "How many apps"): bootstrap.sh's
 * address pools hold 255 app networks, the loopback ports 20000-29999 hold 20 web containers
 * per app twice over (a deploy's old and new), and Postgres's max_connections (300) leaves
 * about 3 connections per app.
 */
export const maxApps = 100;

/** How many apps a platform runs: at most maxApps. */
export function appCount(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 0 && value <= maxApps, field, `at most ${maxApps} apps on one platform`);
    return value;
}

/** A swap file size: a whole number of MiB from 0 (none) to 65536. */
export function swapMiB(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 0 && value <= 65536, field, "must be a whole number of MiB from 0 to 65536");
    return value;
}

/** A container's memory limit: a whole number of MiB from 16 to 262144 (256 GiB). */
export function memoryMiB(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 16 && value <= 262144, field, "must be a whole number of MiB from 16 to 262144");
    return value;
}

/** A container's share of the CPUs: from 0.01 to 64, in hundredths (0.5, 1, 1.25). */
export function cpus(field: string, value: number): number {
    rule(typeof value === "number" && value >= 0.01 && value <= 64 && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, field,
        "must be a number of CPUs from 0.01 to 64, in hundredths such as 0.5 or 1.25");
    return value;
}

// --- builds ---------------------------------------------------------------------------------

/** What a build on the host may use unless the host's /etc/paas/build-limits.json sets otherwise:
 * each RUN step's memory (no swap past it) and CPUs, the whole build's time, and the size of the
 * files it starts from (a pushed tree, an uploaded folder). A 1 GB server with its swap keeps
 * serving while a build takes its 1024 MiB. */
export const buildLimitDefaults = { memoryMiB: 1024, cpus: 1, timeoutSeconds: 1800, contextMiB: 512 } as const;

/** The size limit of a build's files: a whole number of MiB from 1 to 65536. */
export function contextMiB(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 1 && value <= 65536, field, "must be a whole number of MiB from 1 to 65536");
    return value;
}

// --- references -----------------------------------------------------------------------------

/** A container image reference, such as `registry.example.com/team/app:1.2`. */
export function imageReference(field: string, value: string): string {
    rule(isString(value) && value.length <= 255 &&
        /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(value),
    field, "must be an image reference such as registry.example.com/team/app:1.2");
    return value;
}

/** A URL path, for health checks. */
export function urlPath(field: string, value: string): string {
    rule(isString(value) && /^\/[^\s]*$/.test(value), field, "must be a path starting with / and without spaces");
    return value;
}

/** An nginx size, such as `10m`. */
export function size(field: string, value: string): string {
    rule(isString(value) && /^[0-9]{1,6}[kmg]?$/.test(value), field, "must be a size such as 512k, 10m or 1g");
    return value;
}

/** One OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa), with an optional comment. */
export function sshPublicKey(field: string, value: string): string {
    rule(isString(value) && /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,2}( [^\n\r\0]*)?$/.test(value), field,
        "must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)");
    return value;
}

/** An email address (for Let's Encrypt and DNS SOA records). */
export function email(field: string, value: string): string {
    rule(isString(value) && value.length <= 254 && /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(value),
        field, "must be an email address such as ops@example.com");
    return value;
}

/** A duration: a whole number of seconds from 1 to MAX. */
export function seconds(field: string, value: number, max: number): number {
    rule(Number.isInteger(value) && value >= 1 && value <= max, field, `must be a whole number of seconds from 1 to ${max}`);
    return value;
}

/** The https URL of an ACME directory, such as Let's Encrypt staging's. */
export function acmeDirectoryUrl(field: string, value: string): string {
    rule(isString(value) && value.length <= 2048 && /^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.test(value), field,
        "must be the https:// URL of an ACME directory, such as https://acme-staging-v02.api.letsencrypt.org/directory");
    return value;
}

/** A Linode region id, such as `us-east` or `ap-south`. */
export function linodeRegion(field: string, value: string): string {
    rule(isString(value) && /^[a-z]{2}-[a-z]+(-[0-9])?$/.test(value), field, "must be a Linode region id such as us-east");
    return value;
}

/** A Linode plan (type) id, such as `g6-nanode-1` or `g6-standard-2`. */
export function linodePlan(field: string, value: string): string {
    rule(isString(value) && /^g[0-9]+-[a-z]+(-[a-z]+)*-[0-9]+$/.test(value), field, "must be a Linode plan id such as g6-nanode-1");
    return value;
}

/** A Linode label: 3 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
export function linodeLabel(field: string, value: string): string {
    rule(isString(value) && /^[A-Za-z0-9]([A-Za-z0-9._-]{1,62})[A-Za-z0-9]$/.test(value) && !/(--|__|\.\.)/.test(value), field,
        "must be 3 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    return value;
}

/** A command as a list of arguments (never a shell line), the first naming the program. */
export function command(field: string, value: string[]): string[] {
    rule(Array.isArray(value) && value.length > 0 && value.every(a => isString(a) && !a.includes("\0")) && value[0] !== "", field,
        "must be a non-empty list of arguments, the first not empty");
    return value;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
    rule((allowed as readonly string[]).includes(value), field, `must be one of ${allowed.join(", ")}`);
    return value as T;
}

/** A value that must be given. */
export function required<T>(field: string, value: T | undefined, why: string): T {
    rule(value !== undefined && value !== null, field, `required ${why}`);
    return value as T;
}

/** Every rule by name, for the host's `paas rules check` (the same code, run there). */
export const ruleTable = {
    appName, hostLabel, domainName, envKey, configSize, envValue, processName, logSource, identifier, boolean, port, count, appCount, swapMiB,
    imageReference, urlPath, size, sshPublicKey, email, seconds, acmeDirectoryUrl, linodeRegion, linodePlan, linodeLabel,
    command, oneOf, required, volumeName, mountPath, memoryMiB, cpus, contextMiB,
} as const;
