import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { HostConnection } from "./connection";

/** Arguments of {@link hostCommand}: a fixed command line, and everything a user chose as JSON. */
export interface HostCommandArgs {
    /** SSH connection to the platform host. */
    readonly connection: pulumi.Input<HostConnection>;
    /** Fixed command run on create and on every change of `stdin`, such as `paas app deploy`. */
    readonly create?: string;
    /** Fixed command run instead of `create` on a change of the inputs. */
    readonly update?: string;
    /** Fixed command run on delete, with the last `stdin`. */
    readonly delete?: string;
    /** The command's JSON input. */
    readonly stdin: pulumi.Input<string>;
    /** Values whose change replaces the command: `create` of the new one, then `delete` of the old. */
    readonly triggers?: pulumi.Input<unknown>[];
    /**
     * `stdin` holds nothing secret: previews show what changed in it, and the command's output
     * is shown as progress while it runs (it is still stored encrypted).
     * @default false
     */
    readonly public?: boolean;
}

/**
 * A fixed `paas` command on the host whose input is JSON on stdin. The input is a secret unless
 * `public`; the output may hold secrets too, so it is stored encrypted, and kept out of logs
 * unless `public`.
 */
export function hostCommand(name: string, args: HostCommandArgs, opts: pulumi.CustomResourceOptions): command.remote.Command {
    return new command.remote.Command(name, {
        connection: args.connection,
        create: args.create,
        ...(args.update ? { update: args.update } : {}),
        delete: args.delete,
        stdin: args.public ? args.stdin : pulumi.secret(args.stdin),
        logging: args.public ? "stdoutAndStderr" : "none",
        ...(args.triggers ? { triggers: args.triggers } : {}),
    }, { ...opts, additionalSecretOutputs: ["stdout", "stderr"] });
}

/**
 * A resource's URN as a plain value, to identify it to the host. The Output `resource.urn` would
 * make a child depend on its own parent component, which waits for its children: a deadlock.
 */
export function urnValue(resource: pulumi.Resource): pulumi.Output<string> {
    return pulumi.output(new Promise<string>(resolve => resource.urn.apply(urn => resolve(urn))));
}
