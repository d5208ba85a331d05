// An SSH host key as the platform pins it: one OpenSSH public key line, its type and key only.
// Pure, for the components (which pin it in every connection) and the operator's `paas` command
// (which writes it to a known_hosts file of its own).
import { createHash } from "crypto";
import { sshPublicKey } from "./rules";

/** An OpenSSH public key line reduced to its type and key (the comment names the host, it is not part of the key). */
export function hostKeyLine(field: string, line: string): string {
    return sshPublicKey(field, typeof line === "string" ? line.trim() : line).split(" ").slice(0, 2).join(" ");
}

/** The SHA256 fingerprint of an OpenSSH public key line, as `ssh-keygen -l` prints it. */
export function hostKeyFingerprint(line: string): string {
    const blob = Buffer.from(line.trim().split(" ")[1] ?? "", "base64");
    return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The known_hosts line that pins KEY for HOST:PORT (ssh names a port other than 22 in brackets). */
export function knownHostsLine(host: string, port: number, key: string): string {
    return `${port === 22 ? host : `[${host}]:${port}`} ${hostKeyLine("hostKey", key)}`;
}
