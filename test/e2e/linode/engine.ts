// The real engine run against the fake Linode API in the same process: `pulumi` runs as a
// child without blocking the event loop (the fake answers from it), with the linode plugin
// from Pulumi's plugin cache talking to the fake through `linode:url`.
import * as fs from "fs";
import * as path from "path";
import { FakeLinode } from "../../fake-linode/server";
import { library, PulumiProject, PulumiResult } from "../pulumi-cli";

const repoRoot = path.resolve(__dirname, "../../..");

export const testToken = "fake-linode-test-token";

/** Runs `pulumi ARGS` in PROJECT asynchronously; rejects with its output unless it exits 0 or allowFail. */
export function pulumi(project: PulumiProject, args: string[], opts: { allowFail?: boolean; stdin?: string } = {}): Promise<PulumiResult> {
    return project.runAsync(args, { allowFail: opts.allowFail, input: opts.stdin });
}

/** Sets config values (strings), each through stdin when secret. */
export async function configure(project: PulumiProject, values: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    for (const [key, value] of Object.entries(values)) await pulumi(project, ["config", "set", key, value]);
    for (const [key, value] of Object.entries(secrets)) await pulumi(project, ["config", "set", "--secret", key], { stdin: value });
}

/** The provider settings that point the plugin at the fake, polling fast. */
export async function pointAt(project: PulumiProject, api: FakeLinode): Promise<void> {
    await configure(project, { "linode:url": api.url, "linode:eventPollMs": "50" }, { "linode:token": testToken });
}

/** A project of the program in program/ (LinodeServer alone) with the repository's components. */
export function linodeServerProject(stack: string): PulumiProject {
    const project = new PulumiProject(repoRoot, stack, ["package.json", "tsconfig.json", ...library]);
    for (const file of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(__dirname, "program", file), path.join(project.dir, file));
    return project;
}

/** The stack's resources of TYPE, from `stack export`. */
export async function resources(project: PulumiProject, type?: string): Promise<{ type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[]> {
    const state = JSON.parse((await pulumi(project, ["stack", "export"])).stdout);
    const all = (state.deployment.resources ?? []) as { type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[];
    return type ? all.filter(r => r.type === type) : all;
}
