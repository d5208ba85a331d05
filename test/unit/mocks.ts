// Pulumi mocks for unit tests: every resource a program registers, with its inputs and options.
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
    type: string;
    name: string;
    /** Inputs as the engine would receive them; secrets keep their secret marker (see `secretInput`). */
    inputs: any;
    /** URN of the parent, "" for none. */
    parent: string;
    /** URNs of the resources it depends on. */
    dependencies: string[];
    /** Outputs it asked to be stored as secrets. */
    additionalSecretOutputs: string[];
    urn: string;
}

/** Custom resources (what providers create), in registration order. */
export const registered: Registered[] = [];
/** Component resources. */
export const components: Registered[] = [];
/** Function calls (invokes), such as `linode:index/getRegion:getRegion`. */
export const invokes: { token: string; inputs: any }[] = [];

/** Forgets everything registered so far. */
export function resetRegistrations(): void {
    registered.splice(0);
    components.splice(0);
    invokes.splice(0);
}

/** What the mocks answer with; tests may change it. */
export const answers = {
    commandStdout: "-----> building\nreleased v3 paas/sample:0123456789ab",
    redisStdout: "redis server shop ready on port 6381",
    /** What the host prints for its host key at first contact. */
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl root@paas",
    password: "generatedpassword0123456789abcdef",
    ipv4: "203.0.113.10",
    linodeId: "4242",
    domainId: "77",
    regionCapabilities: ["Linodes", "Cloud Firewall", "Metadata"],
};

const pending: Record<string, Partial<Registered>> = {};

/** Installs mocks that record every registration. */
export function installMocks(): void {
    pulumi.runtime.setMocks({
        newResource(args) {
            const options = pending[`${args.type}::${args.name}`] ?? {};
            const urn = options.urn ?? `urn:pulumi:test::paas::${args.type}::${args.name}`;
            const entry: Registered = {
                type: args.type, name: args.name, inputs: args.inputs, urn,
                parent: options.parent ?? "", dependencies: options.dependencies ?? [], additionalSecretOutputs: options.additionalSecretOutputs ?? [],
            };
            (args.custom === false ? components : registered).push(entry);
            const state = { ...args.inputs };
            // A Redis add-on's server says its port, as the host's does.
            if (args.type === "command:remote:Command") {
                state.stdout = args.inputs.create === "paas addon redis create" ? answers.redisStdout
                    : args.inputs.create === "cat /etc/ssh/ssh_host_ed25519_key.pub" ? answers.hostKey : answers.commandStdout;
            }
            if (args.type === "random:index/randomPassword:RandomPassword") state.result = answers.password;
            if (args.type === "linode:index/instance:Instance") state.ipAddress = answers.ipv4;
            // Linode's ids are numbers.
            const id = args.type === "linode:index/instance:Instance" ? answers.linodeId : args.type === "linode:index/domain:Domain" ? answers.domainId : `${args.name}-id`;
            return { id, state };
        },
        call(args) {
            invokes.push({ token: args.token, inputs: args.inputs });
            if (args.token === "linode:index/getRegion:getRegion") {
                return { id: args.inputs.id, label: args.inputs.id, country: "us", status: "ok", capabilities: answers.regionCapabilities };
            }
            return args.inputs;
        },
    }, "paas", "test", false);

    // The mocks' callback sees no resource options: record them from the request itself.
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        pending[`${req.getType()}::${req.getName()}`] = {
            urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        };
        return register(req, callback);
    };
}

/** The value of an output (secret or not), in a test. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(v => { resolve(v); return v; }));
}

/** The error an output fails with (an Output checked where it resolves). */
export function errorOf(output: pulumi.Output<unknown>): Promise<Error> {
    return (output as any).promise().then(
        () => { throw new Error("expected the output to fail"); },
        (e: Error) => e,
    );
}

/** Whether an output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
    return pulumi.isSecret(output);
}

/** Waits until every registration so far has reached the mocks. */
export const settle = () => new Promise(r => setTimeout(r, 50));

const secretSig = "4dabf18193072939515e22adb298388d";
const secretValue = "1b47061264138c4ac30d75fd1eb44270";

/** Whether an input reached the engine marked secret. */
export function isSecretInput(input: any): boolean {
    return input !== null && typeof input === "object" && input[secretSig] === secretValue;
}

/** The plain value of an input the mocks received as a secret; fails when it was not secret. */
export function secretInput(input: any): any {
    if (!isSecretInput(input)) throw new Error(`expected a secret input, got ${JSON.stringify(input)}`);
    return input.value;
}

/** The one registered resource with this name. */
export function resource(name: string): Registered {
    const found = [...registered, ...components].filter(r => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

/** Every resource registered under this name prefix, custom and component. */
export function everything(prefix = ""): Registered[] {
    return [...components, ...registered].filter(r => r.name.startsWith(prefix));
}

/**
 * Runs `fn` and collects the errors of values checked where they resolve: a failing Output
 * rejects promises nobody awaits, which Jest would count as the test's failure. Jest gives each
 * test file a copy of `process`, so the listeners are swapped on the real one.
 */
export async function rejectionsDuring(fn: () => unknown): Promise<string[]> {
    const realProcess: NodeJS.Process = require("vm").runInThisContext("process");
    const saved = realProcess.listeners("unhandledRejection");
    const collected: unknown[] = [];
    realProcess.removeAllListeners("unhandledRejection");
    realProcess.on("unhandledRejection", reason => { collected.push(reason); });
    // The engine's log of a failed registration or invoke goes to console.error: keep it too.
    const consoleError = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => { collected.push(args.join(" ")); });
    try {
        await fn();
        await settle();
        await settle();
    } finally {
        consoleError.mockRestore();
        realProcess.removeAllListeners("unhandledRejection");
        for (const listener of saved) realProcess.on("unhandledRejection", listener as (...args: any[]) => void);
    }
    return [...new Set(collected.map(r => String((r as Error)?.message ?? r)))];
}

/** An input with every secret marker removed, at any depth. */
export function reveal(input: any): any {
    if (isSecretInput(input)) return reveal(input.value);
    if (Array.isArray(input)) return input.map(reveal);
    if (input !== null && typeof input === "object") return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, reveal(v)]));
    return input;
}
