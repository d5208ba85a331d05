// Pulumi mocks for unit tests: every resource a program registers, with its inputs.
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
    type: string;
    name: string;
    inputs: any;
}

/** Custom resources (what providers create), in registration order. */
export const registered: Registered[] = [];
/** Component resources. */
export const components: Registered[] = [];

/** Forgets everything registered so far. */
export function resetRegistrations(): void {
    registered.splice(0);
    components.splice(0);
}

/** Installs mocks; Command resources answer with `commandStdout`. */
export function installMocks(commandStdout = "released v3 paas/sample:0123456789ab"): void {
    pulumi.runtime.setMocks({
        newResource(args) {
            (args.custom === false ? components : registered).push({ type: args.type, name: args.name, inputs: args.inputs });
            const state = { ...args.inputs };
            if (args.type === "command:remote:Command") state.stdout = commandStdout;
            if (args.type === "random:index/randomPassword:RandomPassword") state.result = "generatedpassword0123456789abcdef";
            if (args.type === "linode:index/instance:Instance") state.ipAddress = "203.0.113.10";
            return { id: `${args.name}-id`, state };
        },
        call: args => args.inputs,
    }, "paas", "test", false);
}

/** The value of an output (secret or not), in a test. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(v => { resolve(v); return v; }));
}

/** Whether an output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}

/** Waits until every registration so far has reached the mocks. */
export const settle = () => new Promise(r => setTimeout(r, 50));

const secretSig = "4dabf18193072939515e22adb298388d";

/** The plain value of an input the mocks received as a secret; fails when it was not secret. */
export function secretInput(input: any): any {
    if (input === null || typeof input !== "object" || input[secretSig] !== "1b47061264138c4ac30d75fd1eb44270") {
        throw new Error(`expected a secret input, got ${JSON.stringify(input)}`);
    }
    return input.value;
}
