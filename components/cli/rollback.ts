// `npm run rollback -- --stack <name> --list | --to <version> [--cwd <project dir>]`
//
// Brings a stack back to an earlier update: that update's config (secrets included) and the
// release image every app was serving after it, then runs `pulumi up`. Images are pinned
// through the `<project>:releasePins` config value; the stack program deploys a pinned image
// instead of building or following git pushes until the pin is removed
// (`pulumi config rm releasePins`, or the next rollback).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { appImages, configEdits, ConfigValue, historyDir, listVersions, StackVersion } from "./stack-history";

export interface RollbackOptions {
    readonly stack: string;
    /** Project directory (holds Pulumi.yaml). */
    readonly cwd: string;
    /** Version to go back to, 1 being the oldest update; omitted: list versions. */
    readonly to?: number;
    readonly log?: (line: string) => void;
}

function versionsOf(project: string, name: string): StackVersion[] {
    return listVersions(historyDir(process.env.PULUMI_BACKEND_URL ?? "", project, name));
}

/** Lists versions, or rolls the stack back to `to`. Returns the versions known before it ran. */
export async function rollback(options: RollbackOptions): Promise<StackVersion[]> {
    const log = options.log ?? ((line: string) => console.log(line));
    const stack = await LocalWorkspace.selectStack({ stackName: options.stack, workDir: options.cwd });
    const project = (await stack.workspace.projectSettings()).name;
    const versions = versionsOf(project, options.stack);

    if (options.to === undefined) {
        for (const v of versions) {
            const images = v.checkpointFile ? appImages(JSON.parse(fs.readFileSync(v.checkpointFile, "utf8"))) : {};
            const shown = Object.entries(images).map(([app, image]) => `${app}=${image}`).join(" ");
            log(`${v.version}\t${new Date(v.startTime * 1000).toISOString()}\t${v.kind}\t${v.result}\t${shown}`);
        }
        return versions;
    }

    const target = versions.find(v => v.version === options.to);
    if (!target) throw new Error(`--to: no version ${options.to}; this stack has versions 1 to ${versions.length}`);
    if (target.kind !== "update" || target.result !== "succeeded") {
        throw new Error(`--to: version ${target.version} is a ${target.result} ${target.kind}; pick a succeeded update`);
    }

    // The history file holds secrets encrypted; the CLI's history decrypts them.
    const summaries = await stack.history(undefined, undefined, true);
    const summary = summaries.find(s => Math.floor(new Date(s.startTime).getTime() / 1000) === target.startTime);
    if (!summary?.config) throw new Error(`--to: the config of version ${target.version} is not in the stack's history`);

    const pinKey = `${project}:releasePins`;
    const withoutPins = (config: Record<string, ConfigValue>) =>
        Object.fromEntries(Object.entries(config).filter(([key]) => key !== pinKey));
    const edits = configEdits(withoutPins(await stack.getAllConfig()), withoutPins(summary.config));
    const plain = Object.fromEntries(Object.entries(edits.set).filter(([, v]) => !v.secret));
    if (Object.keys(plain).length > 0) await stack.setAllConfig(plain);
    for (const [key, v] of Object.entries(edits.set)) if (v.secret) setSecretConfig(options, key, v.value);
    if (edits.remove.length > 0) await stack.removeAllConfig(edits.remove);

    const images = target.checkpointFile ? appImages(JSON.parse(fs.readFileSync(target.checkpointFile, "utf8"))) : {};
    if (Object.keys(images).length > 0) await stack.setConfig(pinKey, { value: JSON.stringify(images) });
    else await stack.removeConfig(pinKey).catch(() => undefined);

    log(`rolling ${options.stack} back to version ${target.version}: ${Object.keys(edits.set).length} config values restored, ` +
        `${edits.remove.length} removed, ${Object.keys(images).length} release images pinned`);
    await stack.up({ onOutput: out => process.stdout.write(out), message: `rollback to version ${target.version}` });
    return versions;
}

/**
 * Sets a secret config value with the value on the CLI's stdin: the Automation API's setConfig
 * would put it on a command line, where every user of the machine can read it (`ps`).
 */
function setSecretConfig(options: RollbackOptions, key: string, value: string): void {
    const r = spawnSync("pulumi", ["config", "set", "--secret", "--raw", "--stack", options.stack, "--non-interactive", key],
        { cwd: options.cwd, input: value, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pulumi config set --secret ${key}: ${r.stderr.trim() || r.error?.message}`);
}

function parseArgs(argv: string[]): RollbackOptions {
    const value = (flag: string) => {
        const i = argv.indexOf(flag);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const stack = value("--stack");
    if (!stack) throw new Error("--stack: required (the stack to roll back)");
    const to = value("--to");
    if (to !== undefined && !/^[1-9][0-9]*$/.test(to)) throw new Error("--to: must be a version number from --list");
    if (to === undefined && !argv.includes("--list")) throw new Error("give --list to see versions or --to <version> to roll back");
    return { stack, cwd: path.resolve(value("--cwd") ?? process.cwd()), to: to === undefined ? undefined : Number(to) };
}

if (require.main === module) {
    rollback(parseArgs(process.argv.slice(2))).catch(err => {
        console.error(`rollback: ${err instanceof Error ? err.message : err}`);
        process.exit(1);
    });
}
