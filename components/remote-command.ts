import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { HostConnection } from "./connection";

/**
 * A fixed `paas` command on the host whose input is JSON on stdin. Its output may contain
 * secrets, so it is kept out of logs and stored encrypted.
 */
export function hostCommand(name: string, args: {
    connection: pulumi.Input<HostConnection>;
    create: string;
    delete?: string;
    stdin: pulumi.Input<string>;
    deleteStdin?: boolean;
    triggers?: pulumi.Input<any>[];
}, opts: pulumi.CustomResourceOptions): command.remote.Command {
    return new command.remote.Command(name, {
        connection: args.connection,
        create: args.create,
        delete: args.delete,
        stdin: pulumi.secret(args.stdin),
        triggers: args.triggers,
        logging: "none",
    }, { ...opts, additionalSecretOutputs: ["stdout", "stderr", "stdin"] });
}
