import { defaultConfig, fakeWorld } from "./fake-world.testing";
import { discoverTarget, stackName } from "./stack-discovery";

const key = defaultConfig["paas:sshPrivateKey"];

describe("stackName", () => {
    test("the stack given, without asking pulumi", async () => {
        const world = fakeWorld();
        expect(await stackName(world.ctx.runner, "/p", "prod")).toBe("prod");
        expect(world.calls).toEqual([]);
    });
    test("else the one selected in the project directory", async () => {
        const world = fakeWorld({ selectedStack: "staging" });
        expect(await stackName(world.ctx.runner, "/p", undefined)).toBe("staging");
        expect(world.calls[0]).toMatchObject({ program: "pulumi", args: ["--non-interactive", "stack", "--show-name"], options: { cwd: "/p" } });
    });
    test("pulumi's error, as one line naming the command", async () => {
        const world = fakeWorld({ selectedStack: "" });
        world.ctx.runner.collect = async () => ({ code: 255, stdout: "", stderr: "error: no stack selected; please use `pulumi stack select`\n" });
        await expect(stackName(world.ctx.runner, "/p", undefined)).rejects.toThrow("pulumi stack: no stack selected; please use `pulumi stack select`");
    });
});

describe("discoverTarget", () => {
    test("the sshTarget output and the key from the config, read with secrets in the project directory", async () => {
        const world = fakeWorld({ outputs: { sshTarget: { host: "198.51.100.4", port: 2200, user: "admin" }, serverIpv4: "198.51.100.9" } });
        const target = await discoverTarget(world.ctx.runner, "/p", "prod");
        expect(target).toMatchObject({ stack: "prod", cwd: "/p", host: "198.51.100.4", port: 2200, user: "admin", privateKey: key.value });
        expect(world.calls.map(c => c.args)).toEqual([
            ["--non-interactive", "stack", "output", "--json", "--show-secrets", "--stack", "prod"],
            ["--non-interactive", "config", "--json", "--show-secrets", "--stack", "prod"],
        ]);
        expect(world.calls.every(c => c.options.cwd === "/p")).toBe(true);
    });
    test("the host key the stack pins: sshTarget's, else paas:hostKey of a host stack; none for a stack that records none", async () => {
        const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl";
        const exported = fakeWorld({ outputs: { sshTarget: { host: "198.51.100.4", port: 22, user: "root", hostKey } } });
        expect(await discoverTarget(exported.ctx.runner, "/p", "prod")).toMatchObject({ hostKey });
        const config = { "paas:sshPrivateKey": key, "paas:target": { value: "host" }, "paas:host": { value: "10.0.0.5" }, "paas:hostKey": { value: `${hostKey} root@x` } };
        expect(await discoverTarget(fakeWorld({ outputs: {}, config }).ctx.runner, "/p", "prod")).toMatchObject({ hostKey });
        expect(await discoverTarget(fakeWorld({}).ctx.runner, "/p", "prod")).not.toHaveProperty("hostKey");
    });
    test("a Linode stack without sshTarget: its serverIpv4, as root on 22", async () => {
        const world = fakeWorld({ outputs: { serverIpv4: "198.51.100.9" }, config: { "paas:sshPrivateKey": key, "paas:port": { value: "2222" } } });
        expect(await discoverTarget(world.ctx.runner, "/p", "prod")).toMatchObject({ host: "198.51.100.9", port: 22, user: "root" });
    });
    test("a host stack without sshTarget: paas:host, paas:port and paas:user", async () => {
        const config = { "paas:sshPrivateKey": key, "paas:target": { value: "host" }, "paas:host": { value: "10.0.0.5" }, "paas:port": { value: "2222" }, "paas:user": { value: "ops" } };
        const world = fakeWorld({ outputs: {}, config });
        expect(await discoverTarget(world.ctx.runner, "/p", "prod")).toMatchObject({ host: "10.0.0.5", port: 2222, user: "ops" });
        const defaults = fakeWorld({ outputs: {}, config: { ...config, "paas:port": {}, "paas:user": {} } });
        expect(await discoverTarget(defaults.ctx.runner, "/p", "prod")).toMatchObject({ host: "10.0.0.5", port: 22, user: "root" });
    });
    test.each([
        [{}, defaultConfig, "serverIpv4: stack prod has no server yet (run pulumi up first)"],
        [{ serverIpv4: "1.2.3.4" }, {}, "paas:sshPrivateKey: not set in stack prod (the key Pulumi reaches the server with)"],
        [{}, { "paas:sshPrivateKey": key, "paas:target": { value: "host" } }, "paas:host: not set in stack prod"],
        [{ sshTarget: { host: "-oProxyCommand=x", port: 22, user: "root" } }, defaultConfig, 'host: stack prod names no server address ("-oProxyCommand=x")'],
        [{ sshTarget: { host: "1.2.3.4", port: 70000, user: "root" } }, defaultConfig, "port: must be a whole number from 1 to 65535"],
        [{ sshTarget: { host: "1.2.3.4", port: 22, user: "-x" } }, defaultConfig, 'user: stack prod names no login user ("-x")'],
        [{ sshTarget: { host: "1.2.3.4", port: 22, user: "root", hostKey: "x\n@cert-authority * ssh-ed25519 AAAA" } }, defaultConfig,
            'hostKey: stack prod pins no OpenSSH host key ("x\\n@cert-authority * ssh-ed25519 AAAA")'],
    ])("outputs %j: %s", async (outputs, config, message) => {
        const world = fakeWorld({ outputs, config });
        await expect(discoverTarget(world.ctx.runner, "/p", "prod")).rejects.toThrow(message);
    });
});
