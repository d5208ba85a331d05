// What `paas scale` and `paas rollback` change on the server, recorded in the stack's config, so
// that the next `pulumi up` keeps it instead of undoing it: `paas:formation` (app to process
// counts, which stacks/apps.ts applies) and `paas:releasePins` (app to the image it serves, as
// `npm run rollback` sets it). Each is written whole, as JSON, merged with what is there: a
// `--path` set would drop the other entries of a value that is a JSON string.
import { CliError } from "./cli-error";
import { ProcessRunner } from "./process-runner";
import { configText, pulumi, StackTarget } from "./stack-discovery";

export const formationKey = "paas:formation";
export const releasePinsKey = "paas:releasePins";

/** The object config value KEY holds, or {} when it is unset. */
export function objectConfig(target: StackTarget, key: string): Record<string, unknown> {
    const text = configText(target.config, key);
    if (text === undefined) return {};
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        value = undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new CliError(`${key}: stack ${target.stack} holds ${JSON.stringify(text)}, not a JSON object; fix or remove it (pulumi config rm ${key})`);
    }
    return value as Record<string, unknown>;
}

async function setObject(runner: ProcessRunner, target: StackTarget, key: string, value: Record<string, unknown>): Promise<void> {
    await pulumi(runner, target.cwd, ["config", "set", "--stack", target.stack, key, "--", JSON.stringify(value)]);
}

/** The formation with APP's COUNTS merged in (other apps and other processes kept). */
export function mergedFormation(current: Record<string, unknown>, app: string, counts: Record<string, number>): Record<string, unknown> {
    const own = current[app];
    const processes = own !== null && typeof own === "object" && !Array.isArray(own) ? own : {};
    return { ...current, [app]: { ...processes, ...counts } };
}

/** Records APP's process COUNTS in `paas:formation`; returns the formation written. */
export async function recordFormation(runner: ProcessRunner, target: StackTarget, app: string, counts: Record<string, number>): Promise<Record<string, unknown>> {
    const formation = mergedFormation(objectConfig(target, formationKey), app, counts);
    await setObject(runner, target, formationKey, formation);
    return formation;
}

/** Pins APP (its resource name, the app's name in this repository's stacks) to IMAGE in `paas:releasePins`. */
export async function pinRelease(runner: ProcessRunner, target: StackTarget, app: string, image: string): Promise<Record<string, unknown>> {
    const pins = { ...objectConfig(target, releasePinsKey), [app]: image };
    await setObject(runner, target, releasePinsKey, pins);
    return pins;
}
