import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { HostConnection } from "./connection";
import { hostCommand, urnValue } from "./remote-command";
import * as validate from "./validate";

/** What every add-on provisioned on the platform host takes. */
export interface HostAddonInput {
    readonly connection: pulumi.Input<HostConnection>;
    readonly name: pulumi.Input<string>;
    readonly keepData?: pulumi.Input<boolean>;
}

/** Checks an add-on's name and keepData; call before `super()`, so bad input registers nothing. */
export function checkHostAddon(args: HostAddonInput): { name: pulumi.Output<string>; keepData: pulumi.Output<boolean> } {
    const name = validate.checked(args.name, v => validate.identifier("name", v));
    const keepData = validate.checked(args.keepData ?? true, v => validate.boolean("keepData", v));
    return { name: pulumi.output(name), keepData: pulumi.output(keepData) as pulumi.Output<boolean> };
}

/**
 * Provisions an add-on on the host: a generated password and `paas addon <kind> create|delete`
 * with JSON on stdin. A new name replaces it: the new one is created, then the old one deleted
 * (its data dropped only when keepData is false). Returns the password and what the command printed.
 */
export function provisionHostAddon(parent: pulumi.Resource, resourceName: string, kind: string, childSuffix: string,
    connection: pulumi.Input<HostConnection>, checked: { name: pulumi.Output<string>; keepData: pulumi.Output<boolean> },
    options: { readonly update?: string } = {}): { password: pulumi.Output<string>; stdout: pulumi.Output<string> } {
    const password = new random.RandomPassword(`${resourceName}-password`, { length: 32, special: false }, { parent });
    const command = hostCommand(`${resourceName}-${childSuffix}`, {
        connection,
        create: `paas addon ${kind} create`,
        update: options.update,
        delete: `paas addon ${kind} delete`,
        // The owner (the add-on's URN): after a rename without an alias, the old add-on's delete
        // finds the data owned by the new one and keeps it, whatever keepData says.
        stdin: pulumi.jsonStringify({ name: checked.name, password: password.result, keepData: checked.keepData, owner: urnValue(parent) }),
        triggers: [checked.name],
    }, { parent });
    return { password: password.result, stdout: command.stdout };
}
