import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { HostConnection } from "./connection";
import { hostKeyLine } from "../shared/host-key";
import * as validate from "./validate";

/**
 * The fixed line that prints a Debian host's ed25519 host key (every Debian 12 sshd has one);
 * the key that every later connection then pins.
 */
export const hostKeyCommand = "cat /etc/ssh/ssh_host_ed25519_key.pub";

/**
 * CONNECTION's host key: the one it gives, checked; else the key the server shows at first
 * contact, recorded in the state by a command resource named NAME and pinned from then on.
 * The record is made again only when one of TRIGGERS changes (a new server), never because the
 * connection did (a migrated server keeps its disk and its key).
 */
export function pinnedHostKey(name: string, connection: pulumi.Input<HostConnection>, triggers: pulumi.Input<unknown>[],
    opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
    const learn = (c: pulumi.Input<HostConnection>) => new command.remote.Command(name, {
        connection: c,
        create: hostKeyCommand,
        triggers,
    }, { ...opts, ignoreChanges: ["connection"] }).stdout.apply(out => hostKeyLine(`hostKey (${hostKeyCommand} on the host)`, out));
    const given = (key: pulumi.Input<string>) => validate.checked(key, k => hostKeyLine("hostKey", k)).apply(k => hostKeyLine("hostKey", k));
    // Whether a key is given is known now for a connection written out as an object; a
    // connection that is one Output (another component's) says so only when it resolves.
    if (!pulumi.Output.isInstance(connection) && !(connection instanceof Promise)) {
        const c = connection as HostConnection;
        return c.hostKey !== undefined ? given(c.hostKey) : learn(c);
    }
    return pulumi.output(connection).apply(c => (c.hostKey !== undefined ? given(c.hostKey) : learn(c)));
}

/** Checks the hostKey of a connection written out as an object, now (before anything is made); others where they resolve. */
export function checkConnectionHostKey(connection: pulumi.Input<HostConnection>): void {
    if (pulumi.Output.isInstance(connection) || connection instanceof Promise) return;
    const key = (connection as HostConnection).hostKey;
    if (key !== undefined && validate.isPlain(key)) hostKeyLine("hostKey", key as string);
}

/** CONNECTION with HOSTKEY pinned. */
export function withHostKey(connection: pulumi.Input<HostConnection>, hostKey: pulumi.Input<string>): pulumi.Output<HostConnection> {
    return pulumi.all([pulumi.output(connection), hostKey]).apply(([c, key]) => ({ ...c, hostKey: key }) as HostConnection);
}
