// Input rules, each throwing an error that names the field and the rule. Components check plain
// values in their constructors, before any child resource exists.

export class ValidationError extends Error {}

function rule(ok: boolean, field: string, text: string): void {
    if (!ok) throw new ValidationError(`${field}: ${text}`);
}

/** An app name: a DNS label of lowercase letters, digits and '-', 1 to 30 characters. */
export function appName(field: string, value: string): string {
    rule(/^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$/.test(value), field,
        "must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters");
    return value;
}

/** A domain name (RFC 1123): dot-separated labels, at most 253 characters, no wildcard. */
export function domainName(field: string, value: string): string {
    const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
    rule(value.length <= 253 && value.includes(".") && value.split(".").every(l => label.test(l)), field,
        "must be a lowercase domain name of dot-separated labels (letters, digits, '-'), at most 253 characters");
    return value;
}

/** A config var name: uppercase letters, digits and '_', not starting with a digit. */
export function envKey(field: string, value: string): string {
    rule(/^[A-Z_][A-Z0-9_]*$/.test(value), field, "names are uppercase letters, digits and _, not starting with a digit");
    return value;
}

/** A TCP port. */
export function port(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 1 && value <= 65535, field, "must be a whole number from 1 to 65535");
    return value;
}

/** A process type name, as in a Procfile. */
export function processName(field: string, value: string): string {
    rule(/^[a-z][a-z0-9-]{0,19}$/.test(value), field, "names are lowercase letters, digits and -, at most 20");
    return value;
}

/** How many containers of a process type run. */
export function processCount(field: string, value: number): number {
    rule(Number.isInteger(value) && value >= 0 && value <= 20, field, "must be a whole number from 0 to 20");
    return value;
}

/** A container image reference. */
export function imageReference(field: string, value: string): string {
    rule(/^[a-z0-9][a-z0-9._\/-]*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(value), field,
        "must be an image reference such as registry.example.com/team/app:1.2");
    return value;
}

/** A URL path for health checks. */
export function urlPath(field: string, value: string): string {
    rule(/^\/[^\s]*$/.test(value), field, "must be a path starting with / and without spaces");
    return value;
}

/** An OpenSSH public key. */
export function sshPublicKey(field: string, value: string): string {
    rule(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+=* ?[^\n]*$/.test(value), field,
        "must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)");
    return value;
}

/** A command as a list of arguments (never a shell line). */
export function command(field: string, value: string[]): string[] {
    rule(Array.isArray(value) && value.length > 0 && value.every(a => typeof a === "string"), field,
        "must be a non-empty list of arguments");
    return value;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
    rule((allowed as readonly string[]).includes(value), field, `must be one of ${allowed.join(", ")}`);
    return value as T;
}

/** A database or add-on name: lowercase letters, digits and _, starting with a letter. */
export function identifier(field: string, value: string): string {
    rule(/^[a-z][a-z0-9_]{0,62}$/.test(value), field, "lowercase letters, digits and _, starting with a letter, at most 63");
    return value;
}
