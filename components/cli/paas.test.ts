import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fakeWorld, FakeWorldOptions, HostAnswer } from "./fake-world.testing";
import { decodeRunSpec, hostCommands } from "./host-requests";
import { main } from "./paas";

const releases = [
    { version: 1, image: "paas/shop:aaaaaaaaaaaa", createdAt: "2026-12-01T10:00:00Z", source: "git:aaaaaaaaaaaa" },
    { version: 2, image: "paas/shop:bbbbbbbbbbbb", createdAt: "2026-12-02T10:00:00Z", source: "git:bbbbbbbbbbbb" },
];
const appList = [{ app: "shop", release: 2, image: "paas/shop:bbbbbbbbbbbb", source: "git", processes: { web: 2 }, urls: ["https://shop.example.com"], maintenance: false }];

/** A host that answers the read commands with the lists above, and anything else with exit 0. */
const host = (line: string): HostAnswer => {
    if (line === hostCommands.list) return { stdout: JSON.stringify(appList) };
    if (line === hostCommands.releases) return { stdout: JSON.stringify(releases) };
    return { stdout: `-----> done\n` };
};

async function paas(argv: string[], options: FakeWorldOptions = {}) {
    const world = fakeWorld({ host, ...options });
    const code = await main(argv, world.ctx);
    // Whatever ran, the remote line was a fixed one and the key file is gone.
    for (const line of world.remoteLines()) expect(line).toMatch(/^paas app (list|ps|logs|scale|restart|maintenance|config-vars|releases|rollback|run --spec [A-Za-z0-9_-]+)$/);
    for (const key of world.keyFiles) {
        expect(key.mode).toBe(0o600);
        expect(fs.existsSync(key.path)).toBe(false);
    }
    return { code, ...world };
}

const stdinOf = (world: Awaited<ReturnType<typeof paas>>, n = 0) => JSON.parse(world.ssh()[n].options.input as string);

describe("help", () => {
    test("paas --help on stdout; paas alone on stderr, exiting 1", async () => {
        const help = await paas(["--help"]);
        expect(help).toMatchObject({ code: 0 });
        expect(help.out()).toMatch(/^usage: paas VERB/);
        const bare = await paas([]);
        expect(bare.code).toBe(1);
        expect(bare.err()).toMatch(/^usage: paas VERB/);
    });
    test("paas VERB --help runs nothing", async () => {
        const r = await paas(["scale", "--help"]);
        expect(r.out()).toMatch(/^usage: paas scale APP PROCESS=COUNT\.\.\./);
        expect(r.calls).toEqual([]);
    });
});

describe("mistakes are named in one line before anything runs", () => {
    test.each([
        [["frob"], 'paas: unknown command "frob" (paas --help lists them)'],
        [["ps"], "paas ps: missing APP (usage: paas ps APP)"],
        [["ps", "$(reboot)"], "paas ps: app: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"],
        [["logs", "shop", "--num", "0"], "paas logs: num: must be a whole number from 1 to 10000"],
        [["logs", "shop", "--process", "web;ls"], "paas logs: process: names are lowercase letters, digits and -, at most 20"],
        [["scale", "shop", "web=99"], "paas scale: processes.web: must be a whole number from 0 to 20"],
        [["rollback", "shop", "latest"], "paas rollback: version: must be a release such as v7 (paas releases lists them)"],
        [["maintenance", "shop", "maybe"], "paas maintenance: state: must be one of on, off"],
        [["run", "Shop", "ls"], "paas run: app: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"],
        [["apps", "--cwd", "/nonexistent/project"], "paas apps: --cwd: /nonexistent/project is not a directory"],
    ])("%j", async (argv, message) => {
        const r = await paas(argv);
        expect(r.code).toBe(1);
        expect(r.err()).toBe(`${message}\n`);
        expect(r.calls).toEqual([]);
    });
});

describe("finding the stack", () => {
    test("the selected stack, unless --stack names one; pulumi runs in --cwd", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-project-"));
        const selected = await paas(["apps", "--cwd", dir], { selectedStack: "staging" });
        expect(selected.calls[0].args).toEqual(["--non-interactive", "stack", "--show-name"]);
        expect(selected.calls.filter(c => c.program === "pulumi").every(c => c.options.cwd === dir && (c.args.includes("staging") || c.args.includes("--show-name")))).toBe(true);
        const named = await paas(["apps", "--stack", "prod"]);
        expect(named.calls.some(c => c.args.includes("--show-name"))).toBe(false);
        expect(named.calls.filter(c => c.program === "pulumi").every(c => c.args.includes("prod"))).toBe(true);
    });
    test("the server of the stack, with its key", async () => {
        const r = await paas(["apps"], { outputs: { sshTarget: { host: "198.51.100.4", port: 2200, user: "admin" } } });
        expect(r.ssh()[0].args.slice(2, 6)).toEqual(["-l", "admin", "-p", "2200"]);
        expect(r.ssh()[0].args.slice(-2, -1)).toEqual(["198.51.100.4"]);
        expect(r.keyFiles[0].content).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]*\n$/);
    });
});

describe("the verbs", () => {
    test("apps: paas app list, nothing on stdin, as a table", async () => {
        const r = await paas(["apps"]);
        expect(r.code).toBe(0);
        expect(r.remoteLines()).toEqual(["paas app list"]);
        expect(r.ssh()[0].options.input).toBe("");
        expect(r.out()).toBe("APP   RELEASE  IMAGE                   PROCESSES  URL\nshop  v2       paas/shop:bbbbbbbbbbbb  web=2      https://shop.example.com\n");
    });
    test("ps: the app on stdin, a table of containers", async () => {
        const r = await paas(["ps", "shop"], { host: () => ({ stdout: JSON.stringify([{ name: "c1", process: "web", dyno: "web.1", release: 2, state: "running", status: "Up", port: 20000,
            memoryMiB: 256, memoryUsedMiB: 30.5, cpus: 1, restarts: 0, memoryKills: 0, lastMemoryKillAt: null, outOfMemory: false }]) }) });
        expect(r.remoteLines()).toEqual(["paas app ps"]);
        expect(stdinOf(r)).toEqual({ app: "shop" });
        expect(r.out()).toMatch(/^DYNO +RELEASE +STATE +MEMORY +CPUS +RESTARTS +STATUS +PORT +CONTAINER\nweb\.1 +v2 +running +30\.5 \/ 256 MiB +1 +0 +Up +20000 +c1\n$/);
    });
    test("logs: streamed as the host prints them, options on stdin", async () => {
        const r = await paas(["logs", "shop", "-f", "--process", "worker", "-n", "20"], { host: () => ({ stdout: "2026-12-01T10:00:00Z shop[worker.1]: hi\n" }) });
        expect(r.ssh()[0].kind).toBe("attach");
        expect(r.remoteLines()).toEqual(["paas app logs"]);
        expect(stdinOf(r)).toEqual({ app: "shop", process: "worker", num: 20, follow: true });
        expect(r.out()).toBe("2026-12-01T10:00:00Z shop[worker.1]: hi\n");
    });
    test("logs: Ctrl-C's exit code is the CLI's", async () => {
        expect((await paas(["logs", "shop", "-f"], { host: () => ({ code: 130 }) })).code).toBe(130);
    });
    test("releases: newest first", async () => {
        const r = await paas(["releases", "shop"]);
        expect(stdinOf(r)).toEqual({ app: "shop" });
        expect(r.out().split("\n").slice(1, 3).map(l => l.split(/ +/)[0])).toEqual(["v2", "v1"]);
    });
    test("config: names, and values only with --reveal", async () => {
        const names = await paas(["config", "shop"], { host: () => ({ stdout: '["GREETING","DATABASE_URL"]' }) });
        expect(stdinOf(names)).toEqual({ app: "shop" });
        expect(names.out()).toBe("DATABASE_URL\nGREETING\n");
        const values = await paas(["config", "shop", "--reveal"], { host: () => ({ stdout: '{"GREETING":"hi"}' }) });
        expect(stdinOf(values)).toEqual({ app: "shop", reveal: true });
        expect(values.out()).toBe("GREETING=hi\n");
    });
    test("restart and maintenance: progress, then the host's output", async () => {
        const restart = await paas(["restart", "shop", "web"]);
        expect([restart.remoteLines(), stdinOf(restart)]).toEqual([["paas app restart"], { app: "shop", process: "web" }]);
        expect(restart.out()).toBe("-----> Restarting the web containers of shop\n-----> done\n");
        const maintenance = await paas(["maintenance", "shop", "off"]);
        expect([maintenance.remoteLines(), stdinOf(maintenance)]).toEqual([["paas app maintenance"], { app: "shop", on: false }]);
    });
    test("a host's refusal is its line, and its exit code", async () => {
        const r = await paas(["ps", "shop"], { host: () => ({ code: 1, stderr: "app: no app shop on this host\n" }) });
        expect(r).toMatchObject({ code: 1 });
        expect(r.err()).toBe("paas ps: app: no app shop on this host\n");
    });
});

describe("run", () => {
    const command = ["sh", "-c", "echo \"it's $(id)\"; `ls` && exit 3\nrm -rf / #", "'", "--stack", "-t"];

    test("the command arrives intact in the spec; only base64url is on the line; the terminal is its stdin", async () => {
        const r = await paas(["run", "shop", "--", ...command], { host: () => ({ code: 3 }) });
        expect(r.code).toBe(3);
        const [call] = r.ssh();
        expect(call.kind).toBe("attach");
        expect(call.options.input).toBeUndefined();
        expect(decodeRunSpec(r.remoteLines()[0])).toEqual({ app: "shop", command, tty: false });
        expect(call.args).toContain("-T");
        // The shell text nowhere in ssh's arguments; the words that look like options not as arguments of their own
        // (a temporary path may contain `-t`).
        for (const part of command.slice(2)) {
            if (part.startsWith("-")) expect(call.args).not.toContain(part);
            else expect(call.args.some(a => a.includes(part))).toBe(false);
        }
    });
    test("on a terminal: ssh -t and tty true", async () => {
        const r = await paas(["run", "shop", "bash"], { interactive: true });
        expect(r.ssh()[0].args).toContain("-t");
        expect(decodeRunSpec(r.remoteLines()[0])).toEqual({ app: "shop", command: ["bash"], tty: true });
    });
});

describe("scale records the counts in the stack, then scales", () => {
    const config = {
        "paas:sshPrivateKey": { value: "K", secret: true },
        "paas:formation": { value: '{"shop":{"worker":2},"blog":{"web":1}}', objectValue: { shop: { worker: 2 }, blog: { web: 1 } } },
    };
    test("merged into paas:formation first, then paas app scale with the counts on stdin", async () => {
        const r = await paas(["scale", "shop", "web=3", "clock=0", "--stack", "prod"], { config });
        expect(r.code).toBe(0);
        const order = r.calls.filter(c => c.program === "ssh" || c.args.includes("set")).map(c => c.program);
        expect(order).toEqual(["pulumi", "ssh"]);
        expect(r.pulumiWrites()[0].args).toEqual(["--non-interactive", "config", "set", "--stack", "prod", "paas:formation", "--",
            JSON.stringify({ shop: { worker: 2, web: 3, clock: 0 }, blog: { web: 1 } })]);
        expect(r.remoteLines()).toEqual(["paas app scale"]);
        expect(stdinOf(r)).toEqual({ app: "shop", processes: { web: 3, clock: 0 } });
        expect(r.out()).toContain("-----> Recorded web=3 clock=0 for shop in paas:formation of stack prod: the next pulumi up keeps it\n");
    });
    test("a failed record scales nothing", async () => {
        const r = await paas(["scale", "shop", "web=3"], { pulumi: () => ({ code: 1, stderr: "error: permission denied\n" }) });
        expect(r.code).toBe(1);
        expect(r.err()).toBe("paas scale: pulumi config set: permission denied\n");
        expect(r.ssh()).toEqual([]);
    });
});

describe("rollback rolls back on the host, then pins the image in the stack", () => {
    test("paas app rollback with the version, then the release's image in paas:releasePins, and how to undo it", async () => {
        const config = { "paas:sshPrivateKey": { value: "K", secret: true }, "paas:releasePins": { value: '{"blog":"ghost:5"}' } };
        const r = await paas(["rollback", "shop", "v1"], { config });
        expect(r.code).toBe(0);
        expect(r.remoteLines()).toEqual(["paas app releases", "paas app rollback"]);
        expect([stdinOf(r, 0), stdinOf(r, 1)]).toEqual([{ app: "shop" }, { app: "shop", version: 1 }]);
        expect(r.pulumiWrites()[0].args).toEqual(["--non-interactive", "config", "set", "--stack", "dev", "paas:releasePins", "--",
            '{"blog":"ghost:5","shop":"paas/shop:aaaaaaaaaaaa"}']);
        expect(r.out()).toContain("Pinned shop to paas/shop:aaaaaaaaaaaa in paas:releasePins of stack dev, so the next pulumi up keeps it\n");
        expect(r.out()).toContain("pulumi config rm paas:releasePins --stack dev\n");
    });
    test("a release the app does not have: named, nothing rolled back or pinned", async () => {
        const r = await paas(["rollback", "shop", "9"]);
        expect(r.err()).toBe("paas rollback: version: shop has no release v9 (paas releases shop lists them)\n");
        expect(r.remoteLines()).toEqual(["paas app releases"]);
        expect(r.pulumiWrites()).toEqual([]);
    });
    test("a rollback the host refuses pins nothing", async () => {
        const r = await paas(["rollback", "shop", "v2"], { host: line => line === hostCommands.rollback ? { code: 1 } : host(line) });
        expect(r.code).toBe(1);
        expect(r.pulumiWrites()).toEqual([]);
    });
});

describe("open", () => {
    test("prints the URL; not on a terminal, opens nothing", async () => {
        const r = await paas(["open", "shop"]);
        expect(r.out()).toBe("https://shop.example.com\n");
        expect(r.calls.filter(c => c.kind === "launch")).toEqual([]);
    });
    test("on a terminal, opens it with xdg-open too", async () => {
        const r = await paas(["open", "shop"], { stdoutIsTTY: true });
        expect(r.calls.filter(c => c.kind === "launch").map(c => [c.program, ...c.args])).toEqual([["xdg-open", "https://shop.example.com"]]);
    });
    test("an app the host does not have", async () => {
        const r = await paas(["open", "blog"]);
        expect(r.err()).toBe("paas open: app: stack dev has no app blog (paas apps lists them)\n");
    });
});
