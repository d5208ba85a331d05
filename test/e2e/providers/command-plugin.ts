// The command provider plugin built from toolchain/providers/command, for the suites that drive
// it through the engine.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
export const moduleDir = path.join(repoRoot, "toolchain/providers/command");
export const pluginVersion: string = require("@pulumi/command/package.json").pulumi.version;

/**
 * Builds the plugin (Go's build cache makes an unchanged rebuild quick) into a cache outside the
 * repository and returns the directory that holds `pulumi-resource-command`.
 */
export function buildPlugin(): string {
    const cache = process.env.PAAS_TOOLCHAIN_CACHE ?? path.join(os.homedir(), ".cache/paas-toolchain");
    const dir = path.join(cache, "dev", `pulumi-resource-command-${pluginVersion}`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("go", ["build", "-trimpath", "-ldflags", `-s -w -X main.version=${pluginVersion}`,
        "-o", path.join(dir, "pulumi-resource-command"), "."], {
        cwd: moduleDir,
        env: { ...process.env, GOSUMDB: "off", GOFLAGS: "-mod=mod" },
        stdio: ["ignore", "inherit", "inherit"],
    });
    return dir;
}

/** Makes the project in DIR run the plugin in PLUGINDIR for the `command` package. */
export function usePlugin(projectDir: string, pluginDir: string): void {
    fs.appendFileSync(path.join(projectDir, "Pulumi.yaml"),
        `plugins:\n  providers:\n    - name: command\n      version: ${pluginVersion}\n      path: ${pluginDir}\n`);
}
