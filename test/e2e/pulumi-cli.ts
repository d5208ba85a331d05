import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnCollect } from "../harness/spawn";

const repoRoot = path.resolve(__dirname, "../..");

/** PATH entries of the engine built by scripts/toolchain.sh, as scripts/with-pulumi.sh sets them. */
function toolchainPath(): string {
    return execFileSync("bash", ["-c", `source "${repoRoot}/scripts/lib/toolchain-env.sh" && toolchain_path`], { encoding: "utf8" }).trim();
}

/** Pulumi's plugin cache that scripts/toolchain.sh installs the provider plugins into. */
export function toolchainPluginsDir(): string {
    return execFileSync("bash", ["-c", `source "${repoRoot}/scripts/lib/toolchain-env.sh" && pulumi_plugins_dir`], { encoding: "utf8" }).trim();
}

/** The folder outside the repository where the toolchain and the consumer installs are cached. */
export function toolchainCache(): string {
    return execFileSync("bash", ["-c", `source "${repoRoot}/scripts/lib/toolchain-env.sh" && echo "$toolchain_cache"`], { encoding: "utf8" }).trim();
}

/** What a stack needs to know of the host it runs on (a harness TestHost). */
export interface StackHost {
    readonly sshHost: string;
    readonly sshPort: number;
    readonly hostKey: string;
    readonly privateKeyPath: string;
}

/** What scripts/consumers.sh installed for the suites in test/e2e/library (see its header). */
export interface ConsumerInstalls {
    node: ConsumerInstall[];
    plugin: string;
    python: { venv: string; sdk: string };
}
export interface ConsumerInstall { sdk: string; dir: string }

/** The consumer installs; a missing index fails the suite with what to run. */
export function consumerInstalls(): ConsumerInstalls {
    const index = path.join(toolchainCache(), "consumers/index.json");
    if (!fs.existsSync(index)) throw new Error(`${index} is missing: scripts/consumers.sh installs the library for these tests (npm test runs it)`);
    return JSON.parse(fs.readFileSync(index, "utf8"));
}

export interface PulumiResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * A Pulumi project copied into a temporary directory, with a file backend and a passphrase
 * secrets provider of its own, run by the real CLI.
 */
/** The library as a program uses it: the components, what they share with the host, and what the host runs. */
export const library = ["components", "shared", "bin/server"];

export class PulumiProject {
    readonly dir: string;
    readonly stateDir: string;
    readonly env: NodeJS.ProcessEnv;

    /** FIXTUREDIR's contents, or only the ENTRIES of it named, are copied; NODEMODULES is linked in. */
    constructor(fixtureDir: string, readonly stack: string, entries?: string[], nodeModules = path.join(repoRoot, "node_modules")) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-project-"));
        this.stateDir = path.join(this.dir, ".state");
        for (const entry of entries ?? [""]) {
            fs.cpSync(path.join(fixtureDir, entry), path.join(this.dir, entry), { recursive: true });
        }
        fs.symlinkSync(nodeModules, path.join(this.dir, "node_modules"));
        fs.mkdirSync(this.stateDir);
        // A home of its own (no login, no workspace shared with other tests), with the plugin
        // cache the toolchain installs the provider plugins into.
        const pulumiHome = path.join(this.dir, ".pulumi-home");
        fs.mkdirSync(pulumiHome);
        const plugins = toolchainPluginsDir();
        fs.mkdirSync(plugins, { recursive: true });
        fs.symlinkSync(plugins, path.join(pulumiHome, "plugins"));
        this.env = {
            ...process.env,
            PATH: `${toolchainPath()}:${process.env.PATH}`,
            PULUMI_BACKEND_URL: `file://${this.stateDir}`,
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_HOME: pulumiHome,
        };
    }

    /** Runs `pulumi ARGS` in the project (INPUT on its stdin); throws with its output unless it exits 0 or `allowFail`. */
    run(args: string[], opts: { allowFail?: boolean; input?: string } = {}): PulumiResult {
        const r = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env, encoding: "utf8", input: opts.input, maxBuffer: 1 << 28 });
        const result = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
        if (result.code !== 0 && !opts.allowFail) {
            throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    /** Runs `pulumi ARGS` as `run` does, without blocking the event loop (for servers in this process, or work meanwhile). */
    runAsync(args: string[], opts: { allowFail?: boolean; input?: string } = {}): Promise<PulumiResult> {
        return spawnCollect("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env, stdin: opts.input, allowFail: opts.allowFail,
            label: `pulumi ${args.join(" ")}` });
    }

    /** Runs COMMAND (not pulumi's own verbs: see `run`) in the project with its environment, and ENV. */
    exec(command: string, args: string[], env: NodeJS.ProcessEnv = {}): PulumiResult {
        const r = spawnSync(command, args, { cwd: this.dir, env: { ...this.env, ...env }, encoding: "utf8", maxBuffer: 1 << 26 });
        return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    }

    /**
     * `pulumi plugin install resource NAME VERSION --file ARCHIVE` into a plugin cache of the
     * project's own, in place of the toolchain's: the shared plugins' files, linked (the engine
     * takes only real folders as plugins), and this one installed.
     */
    installPlugin(name: string, version: string, archive: string): PulumiResult {
        const plugins = path.join(this.env.PULUMI_HOME!, "plugins");
        if (fs.lstatSync(plugins).isSymbolicLink()) {
            fs.rmSync(plugins);
            fs.cpSync(toolchainPluginsDir(), plugins, { recursive: true, filter: source => !fs.statSync(source).isFile() });
            for (const entry of fs.readdirSync(toolchainPluginsDir(), { recursive: true, encoding: "utf8" })) {
                const source = path.join(toolchainPluginsDir(), entry);
                if (fs.statSync(source).isFile()) fs.symlinkSync(source, path.join(plugins, entry));
            }
        }
        return this.exec("pulumi", ["plugin", "install", "resource", name, version, "--file", archive]);
    }

    /** Copies the repository's sample app (a Dockerfile, a greeting, a Postgres-backed counter) into the project; returns its folder. */
    addSampleApp(): string {
        const dir = path.join(this.dir, "app");
        fs.cpSync(path.join(repoRoot, "stacks/sample-app"), dir, { recursive: true });
        return dir;
    }

    /** Every file the backend wrote, concatenated: what an attacker with the state would read. */
    stateText(): string {
        const texts: string[] = [];
        const walk = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, entry.name);
                if (entry.isDirectory()) walk(p);
                else texts.push(fs.readFileSync(p, "utf8"));
            }
        };
        walk(this.stateDir);
        return texts.join("\n");
    }

    /** This repository's own program (Pulumi.yaml, stacks/, and the library), with a stack of its own. */
    static ofRepository(stack: string): PulumiProject {
        return new PulumiProject(repoRoot, stack, ["Pulumi.yaml", "package.json", "tsconfig.json", "stacks", ...library]);
    }

    /**
     * The repository's program as stack STACK with the `host` target on HOST (its address, port,
     * pinned host key and root key), the platform domain DOMAIN and the settings a bootstrapped
     * test host has (no swap), plus CONFIG (plain) and SECRETS.
     */
    static repositoryStackOn(stack: string, host: StackHost, domain: string, config: Record<string, string> = {}, secrets: Record<string, string> = {}): PulumiProject {
        const project = PulumiProject.ofRepository(stack);
        project.run(["stack", "init", stack]);
        for (const [key, value] of Object.entries({ "paas:target": "host", "paas:host": host.sshHost, "paas:port": String(host.sshPort),
            "paas:hostKey": host.hostKey, "paas:domain": domain, "paas:swapMiB": "0", ...config })) project.run(["config", "set", key, value]);
        project.run(["config", "set", "--secret", "paas:sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
        for (const [key, value] of Object.entries(secrets)) project.run(["config", "set", "--secret", key], { input: value });
        return project;
    }

    /** A program of a user's own (FIXTUREDIR), beside a copy of the components it imports from "./components". */
    static withComponents(fixtureDir: string, stack: string): PulumiProject {
        const project = new PulumiProject(fixtureDir, stack);
        for (const entry of library) fs.cpSync(path.join(repoRoot, entry), path.join(project.dir, entry), { recursive: true });
        return project;
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
