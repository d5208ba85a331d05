import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError } from "./cli-error";
import { fakeWorld } from "./fake-world.testing";
import { psRequest, runRequest } from "./host-requests";
import { spawn } from "child_process";
import { hostKeyChecking, keyFolderBase, knownHostsFile, sshArgs, SshTransport, withKeyFile } from "./ssh-transport";
import { StackTarget } from "./stack-discovery";

const target: StackTarget = { stack: "prod", cwd: "/p", host: "203.0.113.7", port: 2222, user: "deploy", privateKey: "KEY", config: {} };
const options = { keyFile: "/tmp/k/id", knownHosts: "/home/me/.local/state/paas/prod/known_hosts", strict: "accept-new" };

describe("sshArgs", () => {
    test("the key alone, no prompt, the stack's known_hosts, and the fixed line after the host", () => {
        expect(sshArgs(target, options, psRequest("shop"))).toEqual([
            "-i", "/tmp/k/id", "-l", "deploy", "-p", "2222",
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
            "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=/home/me/.local/state/paas/prod/known_hosts",
            "-o", "ConnectTimeout=30", "-o", "LogLevel=ERROR",
            "-T", "--", "203.0.113.7", "paas app ps",
        ]);
    });
    test("run on a terminal asks for one", () => {
        const args = sshArgs(target, options, runRequest("shop", ["bash"], true));
        expect(args).toContain("-t");
        expect(args).not.toContain("-T");
    });
    test("a config value with spaces is quoted and % is escaped, as ssh reads them; -i is an argument, given as it is", () => {
        const args = sshArgs(target, { ...options, keyFile: "/tmp/J Doe/id", knownHosts: "/home/J Doe/k%h" }, psRequest("shop"));
        expect(args.slice(0, 2)).toEqual(["-i", "/tmp/J Doe/id"]);
        expect(args).toContain('UserKnownHostsFile="/home/J Doe/k%%h"');
    });
    test("a pinned key: only that known_hosts file counts, and ssh adds nothing to it", () => {
        const args = sshArgs(target, { ...options, strict: "yes", pinned: true }, psRequest("shop"));
        expect(args).toEqual(expect.arrayContaining(["StrictHostKeyChecking=yes", "GlobalKnownHostsFile=/dev/null", "UpdateHostKeys=no"]));
        expect(sshArgs(target, options, psRequest("shop"))).not.toContain("GlobalKnownHostsFile=/dev/null");
    });
});

describe("known hosts", () => {
    test("a file of the stack's own under XDG_STATE_HOME, else ~/.local/state", () => {
        expect(knownHostsFile("prod", { XDG_STATE_HOME: "/state", HOME: "/home/me" })).toBe("/state/paas/prod/known_hosts");
        expect(knownHostsFile("prod", { HOME: "/home/me" })).toBe("/home/me/.local/state/paas/prod/known_hosts");
        expect(knownHostsFile("org/proj/prod", { HOME: "/home/me" })).toBe("/home/me/.local/state/paas/org_proj_prod/known_hosts");
    });
    test("PAAS_KNOWN_HOSTS overrides it", () => {
        expect(knownHostsFile("prod", { PAAS_KNOWN_HOSTS: "/dev/null", XDG_STATE_HOME: "/state" })).toBe("/dev/null");
    });
    test("host keys are accepted when new, unless PAAS_SSH_STRICT says otherwise", () => {
        expect(hostKeyChecking({})).toBe("accept-new");
        expect(hostKeyChecking({ PAAS_SSH_STRICT: "no" })).toBe("no");
        expect(() => hostKeyChecking({ PAAS_SSH_STRICT: "maybe" })).toThrow('PAAS_SSH_STRICT: must be yes, no or accept-new, not "maybe"');
    });
    test("the known_hosts folder is made on first use", async () => {
        const state = fs.mkdtempSync(path.join(os.tmpdir(), "paas-state-"));
        const world = fakeWorld();
        await SshTransport.open(world.ctx.runner, target, { XDG_STATE_HOME: state }, async t => t.query(psRequest("shop")));
        expect(fs.statSync(path.join(state, "paas", "prod")).isDirectory()).toBe(true);
        expect(world.ssh()[0].args).toContain(`UserKnownHostsFile=${path.join(state, "paas", "prod", "known_hosts")}`);
    });
});

describe("withKeyFile", () => {
    test("the key is in a file only its owner reads, ending with a newline, and gone after", async () => {
        let seen = "";
        await withKeyFile("-----BEGIN KEY-----\nabc\n-----END KEY-----", async file => {
            seen = file;
            expect(fs.statSync(file).mode & 0o777).toBe(0o600);
            expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
            expect(fs.readFileSync(file, "utf8")).toBe("-----BEGIN KEY-----\nabc\n-----END KEY-----\n");
        });
        expect(fs.existsSync(seen)).toBe(false);
        expect(fs.existsSync(path.dirname(seen))).toBe(false);
    });
    test("gone after an error too", async () => {
        let seen = "";
        await expect(withKeyFile("K\n", async file => { seen = file; throw new Error("boom"); })).rejects.toThrow("boom");
        expect(fs.existsSync(seen)).toBe(false);
    });
    test("removed by a process exit that comes first (a signal)", async () => {
        let seen = "";
        const before = process.listeners("exit").length;
        await withKeyFile("K\n", async file => {
            seen = file;
            expect(process.listeners("exit").length).toBe(before + 1);
            (process.listeners("exit").slice(-1)[0] as () => void)();
            expect(fs.existsSync(file)).toBe(false);
        });
        expect(process.listeners("exit").length).toBe(before);
        expect(fs.existsSync(seen)).toBe(false);
    });
});

describe("the key folder", () => {
    test("in the system's temporary folder, unless ssh would expand its path after checking it (% and $)", () => {
        expect(keyFolderBase("/var/tmp/me")).toBe("/var/tmp/me");
        expect(keyFolderBase("/home/J Doe/tmp")).toBe("/home/J Doe/tmp");
        expect(keyFolderBase("/tmp/100%d")).toBe("/tmp");
        expect(keyFolderBase("/tmp/${HOME}")).toBe("/tmp");
    });
    test("does not outlive a CLI killed with SIGKILL", async () => {
        // A CLI that writes its key, says where, and waits to be killed.
        const program = `require(${JSON.stringify(require.resolve("./ssh-transport"))}).withKeyFile("K", async file => {
            process.stdout.write(file + "\\n"); await new Promise(() => setInterval(() => undefined, 1000)); });`;
        const cli = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", program], { stdio: ["ignore", "pipe", "inherit"] });
        const file = await new Promise<string>(resolve => {
            let text = "";
            cli.stdout!.on("data", (d: Buffer) => {
                text += d.toString();
                if (text.includes("\n")) resolve(text.trim());
            });
        });
        expect(fs.readFileSync(file, "utf8")).toBe("K\n");
        const ended = new Promise(resolve => cli.on("exit", resolve));
        cli.kill("SIGKILL");
        await ended;
        // The reaper removes it once it sees the pipe close; wait for that (jest's timeout bounds it).
        while (fs.existsSync(path.dirname(file))) await new Promise(resolve => setTimeout(resolve, 50));
        expect(fs.existsSync(file)).toBe(false);
    }, 30000);
});

describe("a stack that pins its server's host key", () => {
    const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl";
    const pinnedTarget: StackTarget = { ...target, hostKey };
    // Whatever PAAS_SSH_STRICT and PAAS_KNOWN_HOSTS say.
    const env = { PAAS_KNOWN_HOSTS: "/dev/null", PAAS_SSH_STRICT: "no" };

    test("ssh checks that key and no other, from a known_hosts file beside the key, gone after", async () => {
        const world = fakeWorld({ host: () => ({ stdout: "[]" }) });
        await SshTransport.open(world.ctx.runner, pinnedTarget, env, t => t.query(psRequest("shop")));
        const args = world.ssh()[0].args;
        expect(args).toContain("StrictHostKeyChecking=yes");
        expect(args).toContain(`UserKnownHostsFile=${path.join(path.dirname(world.keyFiles[0].path), "known_hosts")}`);
        expect(world.keyFiles[0].knownHosts).toBe(`[203.0.113.7]:2222 ${hostKey}\n`);
        expect(fs.existsSync(path.dirname(world.keyFiles[0].path))).toBe(false);
    });
    test("another key is refused, naming both fingerprints", async () => {
        const stderr = "@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n" +
            "The fingerprint for the ED25519 key sent by the remote host is\nSHA256:QmFkS2V5QmFkS2V5QmFkS2V5QmFkS2V5QmFkS2V5QmE.\n" +
            "Host key verification failed.\n";
        const world = fakeWorld({ host: () => ({ code: 255, stderr }) });
        const failed = SshTransport.open(world.ctx.runner, pinnedTarget, env, t => t.query(psRequest("shop")));
        await expect(failed).rejects.toThrow("ssh deploy@203.0.113.7:2222 (stack prod): Host key verification failed. " +
            "(the server presents SHA256:QmFkS2V5QmFkS2V5QmFkS2V5QmFkS2V5QmFkS2V5QmE, not the one stack prod pins, " +
            "ssh-ed25519 SHA256:6dWCRHbD+9pcT/kj/yW9AinHgSZqHYB/YEOYKGKcK7E; nothing was sent to it.");
    });
});

describe("SshTransport", () => {
    const env = { PAAS_KNOWN_HOSTS: "/dev/null", PAAS_SSH_STRICT: "no" };

    test("a query sends the JSON on stdin and returns what the host printed", async () => {
        const world = fakeWorld({ host: () => ({ stdout: "[]" }) });
        const printed = await SshTransport.open(world.ctx.runner, target, env, t => t.query(psRequest("shop")));
        expect(printed).toBe("[]");
        expect(world.ssh()[0]).toMatchObject({ kind: "collect", options: { input: '{"app":"shop"}' } });
        expect(world.ssh()[0].args).toContain("StrictHostKeyChecking=no");
        expect(world.keyFiles[0]).toMatchObject({ mode: 0o600, content: "KEY\n" });
        expect(fs.existsSync(world.keyFiles[0].path)).toBe(false);
    });
    test("a host's refusal is its one line, with its exit code", async () => {
        const world = fakeWorld({ host: () => ({ code: 1, stderr: "app: no app shop\n" }) });
        const failed = SshTransport.open(world.ctx.runner, target, env, t => t.query(psRequest("shop")));
        await expect(failed).rejects.toEqual(new CliError("app: no app shop"));
    });
    test("ssh's own failure names the server and the stack", async () => {
        const world = fakeWorld({ host: () => ({ code: 255, stderr: "ssh: connect to host 203.0.113.7 port 2222: Connection refused\n" }) });
        const failed = SshTransport.open(world.ctx.runner, target, env, t => t.query(psRequest("shop")));
        await expect(failed).rejects.toThrow("ssh deploy@203.0.113.7:2222 (stack prod): ssh: connect to host 203.0.113.7 port 2222: Connection refused");
    });
    test("a changed host key says which known_hosts file holds the old one", async () => {
        const world = fakeWorld({ host: () => ({ code: 255, stderr: "Host key verification failed.\n" }) });
        const failed = SshTransport.open(world.ctx.runner, target, env, t => t.query(psRequest("shop")));
        await expect(failed).rejects.toThrow("ssh deploy@203.0.113.7:2222 (stack prod): Host key verification failed. " +
            "(its host key is not the one in /dev/null; if the server was rebuilt, remove its line there)");
    });
    test("a streamed command: the host's exit code, or ssh's failure named", async () => {
        const exits = fakeWorld({ host: () => ({ code: 1 }) });
        expect(await SshTransport.open(exits.ctx.runner, target, env, t => t.stream(psRequest("shop")))).toBe(1);
        const lost = fakeWorld({ host: () => ({ code: 255 }) });
        const failed = SshTransport.open(lost.ctx.runner, target, env, t => t.stream(psRequest("shop")));
        await expect(failed).rejects.toEqual(new CliError("ssh deploy@203.0.113.7:2222 (stack prod): the connection failed (ssh says why above)", 255));
    });
    test("run's command reads the terminal: no stdin is given", async () => {
        const world = fakeWorld({ host: () => ({ code: 42 }) });
        const code = await SshTransport.open(world.ctx.runner, target, env, t => t.interactive(runRequest("shop", ["false"], false)));
        expect(code).toBe(42);
        expect(world.ssh()[0]).toMatchObject({ kind: "attach", options: {} });
        expect(world.ssh()[0].options.input).toBeUndefined();
    });
});
