// `paas app run`: a one-off container of the app's current release, with its config and add-ons
// (and DYNO run.N), attached to the operator's terminal, removed when it ends. Its spec arrives
// as one base64url argument because stdin is the terminal.
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as hostInputs from "../shared/host-inputs";
import { ensureShared } from "./app-resources";
import { oneOffContainer, recordedRun, runArgs } from "./container-spec";
import { clientEnvWith, docker, dockerBin } from "./docker";
import { whenOperatorLeaves } from "./operator-session";
import { fail } from "./output";
import { AppState } from "./state";

/** The run spec from its base64url form. */
export function decodeRunSpec(encoded: string | undefined): ReturnType<typeof hostInputs.runSpec> {
    let value: unknown;
    try {
        value = JSON.parse(Buffer.from(encoded ?? "", "base64url").toString("utf8"));
    } catch {
        fail("spec: must be base64url of a JSON object");
    }
    return hostInputs.runSpec(value);
}

/** Runs the command; resolves with its exit code. */
export async function runOneOff(encoded: string | undefined): Promise<number> {
    const spec = decodeRunSpec(encoded);
    const state = new AppState(spec.app);
    const current = state.current();
    const env = current && state.releaseEnv(current.version);
    if (!current || !env) return fail(`app: ${spec.app} has no release to run`);
    const resources = await ensureShared(spec.app, current.spec.volumes);
    const c = oneOffContainer(recordedRun(spec.app, current, env), resources, crypto.randomInt(1000, 10000), spec.command);
    const name = c.name;
    const child = spawn(dockerBin, runArgs(c, { remove: true, interactive: true, tty: spec.tty }), { stdio: "inherit", env: clientEnvWith(c.env, c.port) });
    // The operator's ssh going away (or Ctrl-C without a terminal) ends the container too.
    whenOperatorLeaves(() => { void docker(["rm", "-f", name]); });
    const code = await new Promise<number>(resolve => child.on("close", c => resolve(c ?? 1)));
    await docker(["rm", "-f", name]);
    return code;
}
