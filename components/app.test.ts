import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, isSecret, isSecretInput, registered, rejectionsDuring, resetRegistrations, resource, reveal, secretInput, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { App, AppArgs, directoryDigest, dockerBuild } from "./app";
import { buildConfigStage, buildDeploySpec, configFingerprints } from "../shared/app-spec";
import { PostgresAddon } from "./postgres-addon";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
const base: AppArgs = { connection, platformDomain: "paas.example", releaseSource: "image", image: "registry.example.com/shop:1.2" };
const sampleDir = path.join(__dirname, "../stacks/sample-app");
const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA laptop";
const stdinOf = (name: string) => {
    const stdin = resource(name).inputs.stdin;
    return JSON.parse(isSecretInput(stdin) ? secretInput(stdin) : stdin);
};

// Every command the components run on the host, as fixed strings.
const fixedCommands = ["paas app register", "paas app config", "paas app deploy", "paas app destroy", "paas keys set", "paas keys clear", "paas addon postgres create", "paas addon postgres delete"];
const urnOf = (name: string) => resource(name).urn;
// Registration order follows when inputs resolve: compare by name.
const byName = (a: string[], b: string[]) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

beforeEach(() => {
    resetRegistrations();
    answers.commandStdout = "-----> building\nreleased v3 registry.example.com/shop:1.2";
});

describe("App", () => {
    test("an image app: its config on secret stdin, `paas app deploy` naming it by fingerprints, `paas app destroy` on delete", async () => {
        const db = new PostgresAddon("shop-db", { connection, name: "shop" });
        const app = new App("shop", {
            ...base,
            config: { GREETING: "hi", API_KEY: pulumi.secret("k") },
            addons: [db],
            domains: [{ name: "shop.example.com", tls: true }],
            processes: { web: { count: 2 }, worker: { count: 1, command: ["node", "worker.js"] } },
            port: 8080,
            healthPath: "/healthz",
            releaseCommand: ["npm", "run", "migrate"],
            releaseTimeoutSeconds: 600,
            clientMaxBodySize: "25m",
        });
        await settle();
        expect(everything("shop").filter(r => !r.name.startsWith("shop-db")).map(r => [r.type, r.name]).sort(byName)).toEqual([
            ["paas:index:App", "shop"],
            ["command:remote:Command", "shop-app"],
            ["command:remote:Command", "shop-config"],
            ["random:index/randomPassword:RandomPassword", "shop-config-salt"],
            ["command:remote:Command", "shop-deploy"],
        ]);
        const component = resource("shop");
        // The component keeps no inputs in the state: config values would be plaintext there.
        expect(component.inputs).toEqual({});

        const registration = resource("shop-app");
        expect(registration.parent).toBe(component.urn);
        expect(Object.keys(registration.inputs).sort()).toEqual(["connection", "create", "delete", "logging", "stdin", "triggers"]);
        expect(registration.inputs).toMatchObject({ create: "paas app register", delete: "paas app destroy", triggers: ["shop"] });
        expect(stdinOf("shop-app")).toEqual({ app: "shop", keepData: true, owner: component.urn });

        const databaseUrl = `postgres://shop:${answers.password}@paas-host:5432/shop`;
        const env = { GREETING: "hi", API_KEY: "k", DATABASE_URL: databaseUrl };
        const config = resource("shop-config");
        expect(config.inputs).toMatchObject({ create: "paas app config", logging: "none" });
        expect(config.inputs.delete).toBeUndefined();
        expect(isSecretInput(config.inputs.stdin)).toBe(true);
        expect(config.dependencies).toContain(registration.urn);
        expect(stdinOf("shop-config")).toEqual(buildConfigStage("shop", env, answers.password));

        const deploy = resource("shop-deploy");
        expect(deploy.parent).toBe(component.urn);
        expect(Object.keys(deploy.inputs).sort()).toEqual(["connection", "create", "logging", "stdin"]);
        // Nothing secret in the deploy's stdin: previews show its changes, its output is progress.
        expect(deploy.inputs).toMatchObject({ create: "paas app deploy", logging: "stdoutAndStderr" });
        expect(isSecretInput(deploy.inputs.stdin)).toBe(false);
        expect(deploy.additionalSecretOutputs).toEqual(expect.arrayContaining(["stdout", "stderr"]));
        expect(deploy.dependencies).toEqual(expect.arrayContaining([registration.urn, config.urn]));
        expect(reveal(deploy.inputs.connection)).toMatchObject({ host: "203.0.113.10", privateKey: "KEY" });
        expect(deploy.inputs.stdin).toBe(JSON.stringify(buildDeploySpec({
            app: "shop", platformDomain: "paas.example", source: "image", image: "registry.example.com/shop:1.2",
            processes: { web: { count: 2 }, worker: { count: 1, command: ["node", "worker.js"] } },
            port: 8080, healthPath: "/healthz", releaseCommand: ["npm", "run", "migrate"], releaseTimeoutSeconds: 600,
            domains: [{ name: "shop.example.com", tls: true }], clientMaxBodySize: "25m",
        }, configFingerprints(env, answers.password))));
        expect(stdinOf("shop-deploy")).toMatchObject({
            app: "shop", image: "registry.example.com/shop:1.2", source: "image",
            config: { API_KEY: expect.stringMatching(/^[0-9a-f]{16}$/), DATABASE_URL: expect.any(String), GREETING: expect.any(String) },
            tlsDomains: ["shop.example.com"], hostnames: ["shop.paas.example", "shop.example.com"],
            releaseCommand: ["npm", "run", "migrate"], releaseTimeoutSeconds: 600,
        });
        for (const value of ["hi", answers.password]) expect(deploy.inputs.stdin).not.toContain(value);

        expect(await valueOf(app.url)).toBe("http://shop.paas.example/");
        expect(await valueOf(app.hostnames)).toEqual(["shop.paas.example", "shop.example.com"]);
        expect(await valueOf(app.release)).toBe("v3");
        expect(await valueOf(app.image)).toBe("registry.example.com/shop:1.2");
        expect(await valueOf(app.gitRemote)).toBe("git@203.0.113.10:shop");
        for (const out of [app.url, app.release, app.image, app.gitRemote]) expect(await isSecret(out)).toBe(false);
    });

    test("defaults: one web process on port 5000, health path /, 10m bodies, keepData", async () => {
        new App("shop", base);
        await settle();
        expect(stdinOf("shop-deploy")).toMatchObject({ processes: { web: { count: 1 } }, port: 5000, healthPath: "/", config: {}, tlsDomains: [] });
        expect(stdinOf("shop-deploy")).toMatchObject({ clientMaxBodySize: "10m" });
        expect(stdinOf("shop-deploy")).not.toHaveProperty("vhost");
        expect(stdinOf("shop-deploy")).not.toHaveProperty("releaseCommand");
        expect(stdinOf("shop-app")).toEqual({ app: "shop", keepData: true, owner: urnOf("shop") });
    });

    test("no size given: the spec carries none and the host's defaults (256 MiB, 1 CPU) apply, so an app deploys the spec it always did", async () => {
        new App("shop", base);
        await settle();
        const spec = stdinOf("shop-deploy");
        expect(spec).not.toHaveProperty("memoryMiB");
        expect(spec).not.toHaveProperty("cpus");
        expect(spec.processes).toEqual({ web: { count: 1 } });
    });

    test("sizes: the app's for every container its process type does not size, a process type's own for its containers", async () => {
        new App("shop", { ...base, memoryMiB: 512, cpus: 0.5, processes: {
            web: { count: 2, memoryMiB: 1024, cpus: 2 }, worker: { count: 1, command: ["node", "worker.js"], memoryMiB: pulumi.output(128) },
        } });
        await settle();
        expect(stdinOf("shop-deploy")).toMatchObject({ memoryMiB: 512, cpus: 0.5, processes: {
            web: { count: 2, memoryMiB: 1024, cpus: 2 }, worker: { count: 1, command: ["node", "worker.js"], memoryMiB: 128 },
        } });
    });

    test("appName names the app on the host; keepData: false is passed to destroy", async () => {
        new App("web", { ...base, appName: "shop-web", keepData: false });
        await settle();
        expect(stdinOf("web-app")).toEqual({ app: "shop-web", keepData: false, owner: urnOf("web") });
        expect(resource("web-app").inputs.triggers).toEqual(["shop-web"]);
        expect(stdinOf("web-deploy").app).toBe("shop-web");
    });

    test("config values are data: only stdin carries them, every command line is a fixed string", async () => {
        const nasty = "it's \"quoted\"\n$(touch /tmp/x); `id` \\ $HOME";
        new PostgresAddon("n-db", { connection, name: "n" });
        new App("n", { ...base, config: { NASTY: nasty }, deployKeys: [key], releaseCommand: ["sh", "-c", nasty] });
        await settle();
        expect(stdinOf("n-config").env.NASTY).toBe(nasty);
        expect(stdinOf("n-deploy").releaseCommand).toEqual(["sh", "-c", nasty]);
        const commands = registered.filter(x => x.type === "command:remote:Command");
        expect(commands.map(r => r.name).sort()).toEqual(["n-app", "n-config", "n-db-database", "n-deploy", "n-deploy-keys"]);
        for (const r of commands) {
            for (const field of ["create", "delete", "update"]) {
                if (r.inputs[field] !== undefined) expect(fixedCommands).toContain(r.inputs[field]);
            }
            // Only the commands whose stdin holds nothing secret show it and their output.
            const isPublic = ["n-app", "n-deploy"].includes(r.name);
            expect(isSecretInput(r.inputs.stdin)).toBe(!isPublic);
            expect(r.inputs.logging).toBe(isPublic ? "stdoutAndStderr" : "none");
        }
    });

    test("a dockerfile app: its directory's contents are copied to the host and built there, tagged with their digest", async () => {
        const app = new App("sample", { ...base, releaseSource: "dockerfile", image: undefined, dockerfileContext: sampleDir });
        await settle();
        const digest = directoryDigest(sampleDir).slice(0, 12);
        expect(everything("sample").map(r => [r.type, r.name]).sort(byName)).toEqual([
            ["paas:index:App", "sample"],
            ["command:remote:Command", "sample-app"],
            ["command:remote:CopyToRemote", "sample-build-context"],
            ["command:remote:Command", "sample-config"],
            ["random:index/randomPassword:RandomPassword", "sample-config-salt"],
            ["command:remote:Command", "sample-deploy"],
        ]);
        const copy = resource("sample-build-context");
        expect(copy.parent).toBe(resource("sample").urn);
        expect(copy.inputs.remotePath).toBe(`/root/paas-uploads/build-sample-${digest}`);
        expect(await copy.inputs.source.path).toBe(`${sampleDir}/`);
        expect(resource("sample-deploy").dependencies).toContain(copy.urn);
        expect(stdinOf("sample-deploy")).toMatchObject({ source: "image", image: `paas/sample:${digest}`, buildContext: `/root/paas-uploads/build-sample-${digest}` });
        expect(dockerBuild("sample", sampleDir)).toEqual({ buildContext: `/root/paas-uploads/build-sample-${digest}`, image: `paas/sample:${digest}` });
        expect(await valueOf(app.url)).toBe("http://sample.paas.example/");
    });

    test("the digest follows the directory's contents", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
        fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM debian:bookworm-slim\n");
        const first = directoryDigest(dir);
        expect(directoryDigest(dir)).toBe(first);
        fs.writeFileSync(path.join(dir, "app.py"), "print(1)\n");
        expect(directoryDigest(dir)).not.toBe(first);
    });

    test("a git app: no image in the spec, deploy keys through `paas keys set` as data, release empty until a push", async () => {
        answers.commandStdout = "waiting for git push: git push git@<host>:pushy main";
        const app = new App("pushy", { ...base, connection: { ...connection, port: 2222 }, releaseSource: "git", image: undefined, deployKeys: [key] });
        await settle();
        expect(everything("pushy").map(r => r.name).sort()).toEqual(["pushy", "pushy-app", "pushy-config", "pushy-config-salt", "pushy-deploy", "pushy-deploy-keys"]);
        const keys = resource("pushy-deploy-keys");
        expect(Object.keys(keys.inputs).sort()).toEqual(["connection", "create", "delete", "logging", "stdin"]);
        expect(keys.inputs.create).toBe("paas keys set");
        expect(keys.inputs.delete).toBe("paas keys clear");
        expect(stdinOf("pushy-deploy-keys")).toEqual({ app: "pushy", keys: [key], owner: urnOf("pushy") });
        expect(resource("pushy-deploy").dependencies).toContain(keys.urn);
        expect(stdinOf("pushy-deploy")).toMatchObject({ app: "pushy", source: "git" });
        expect(stdinOf("pushy-deploy")).not.toHaveProperty("image");
        expect(await valueOf(app.release)).toBe("");
        expect(await valueOf(app.image)).toBe("");
        expect(await valueOf(app.gitRemote)).toBe("ssh://git@203.0.113.10:2222/pushy");
    });

    test("an unchanged deploy still reports the release serving", async () => {
        answers.commandStdout = "unchanged: v9 registry.example.com/shop:1.2";
        const app = new App("shop", base);
        expect(await valueOf(app.release)).toBe("v9");
    });

    test.each([
        [{ releaseSource: "svn" }, "releaseSource: must be one of image, dockerfile, git"],
        [{ image: undefined }, "image: required when releaseSource is image"],
        [{ image: "bad image" }, "image: must be an image reference"],
        [{ releaseSource: "git" }, "image: only with releaseSource image"],
        [{ releaseSource: "dockerfile", image: undefined }, "dockerfileContext: required when releaseSource is dockerfile"],
        [{ releaseSource: "dockerfile", image: undefined, dockerfileContext: "/nonexistent" }, "dockerfileContext: must be a directory with a Dockerfile"],
        [{ dockerfileContext: sampleDir }, "dockerfileContext: only with releaseSource dockerfile"],
        [{ appName: "Not_A_Label" }, "appName: must be a DNS label"],
        [{ platformDomain: "localhost" }, "platformDomain: must be a lowercase domain name"],
        [{ config: { "lower-case": "x" } }, "config.lower-case: names are uppercase letters"],
        [{ config: { PORT: "1" } }, "config.PORT: set by the platform from port"],
        [{ config: { DOCKER_HOST: "tcp://evil:2375" } }, "config.DOCKER_HOST: reserved"],
        [{ config: { BAD: pulumi.output("x"), "bad-key": pulumi.output("y") } }, "config.bad-key: names are uppercase letters"],
        [{ processes: {} }, "processes: at least one process type"],
        [{ processes: { Web: { count: 1 } } }, "processes.Web: names are lowercase"],
        [{ processes: { web: { count: 21 } } }, "processes.web.count: must be a whole number from 0 to 20"],
        [{ processes: { web: { count: 1, command: "node web.js" } } }, "processes.web.command: must be a non-empty list of arguments, the first not empty"],
        [{ port: 70000 }, "port: must be a whole number from 1 to 65535"],
        [{ healthPath: "x" }, "healthPath: must be a path starting with /"],
        [{ releaseCommand: [] }, "releaseCommand: must be a non-empty list of arguments, the first not empty"],
        [{ releaseTimeoutSeconds: 0 }, "releaseTimeoutSeconds: must be a whole number of seconds from 1 to 86400"],
        [{ clientMaxBodySize: "lots" }, "clientMaxBodySize: must be a size"],
        [{ domains: [{ name: "evil.com; reboot" }] }, "domains[0].name: must be a lowercase domain name"],
        [{ domains: [{ name: "*.example.com", tls: true }] }, "domains[0].name: must be a lowercase domain name"],
        [{ domains: [{ name: "a.example.com", tls: "yes" }] }, "domains[0].tls: must be true or false"],
        [{ deployKeys: ["not a key"] }, "deployKeys[0]: must be one OpenSSH public key line"],
        [{ keepData: "no" }, "keepData: must be true or false"],
        [{ appName: "pg-x" }, "appName: pg-x is reserved by the platform"],
        [{ image: "registry.example.com:5000/team/app:1.2", processes: { web: { count: 1, command: [""] } } }, "processes.web.command: must be a non-empty list of arguments, the first not empty"],
        [{ domains: [{ name: "127.0.0.1" }] }, "domains[0].name: must be a lowercase domain name"],
        [{ config: { BIG: "x".repeat(32 * 1024) } }, "config: names and values at most 32 KiB in all"],
        [{ memoryMiB: 8 }, "memoryMiB: must be a whole number of MiB from 16 to 262144"],
        [{ cpus: 0 }, "cpus: must be a number of CPUs from 0.01 to 64, in hundredths such as 0.5 or 1.25"],
        [{ processes: { web: { count: 1, memoryMiB: 256.5 } } }, "processes.web.memoryMiB: must be a whole number of MiB from 16 to 262144"],
        [{ processes: { web: { count: 1, cpus: "1" } } }, "processes.web.cpus: must be a number of CPUs from 0.01 to 64"],
    ])("bad input %j fails before any resource exists", async (override, message) => {
        expect(() => new App("bad", { ...base, ...(override as object) } as AppArgs)).toThrow(message);
        await settle();
        expect(everything()).toEqual([]);
    });

    test("a config var an add-on gives is refused before any resource exists, the add-on given before", async () => {
        const db = new PostgresAddon("dup-db", { connection, name: "dup" });
        await settle();
        const before = everything().length;
        expect(() => new App("dup", { ...base, config: { DATABASE_URL: "postgres://elsewhere" }, addons: [db] })).toThrow("config.DATABASE_URL: also given by an add-on");
        await settle();
        expect(everything()).toHaveLength(before);
    });

    test("a bad app name given as the resource name is refused", async () => {
        expect(() => new App("Bad_Name", base)).toThrow("appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters");
        await settle();
        expect(everything()).toEqual([]);
    });

    test.each([
        ["platformDomain", { platformDomain: pulumi.output("Not A Domain") }, "platformDomain: must be a lowercase domain name"],
        ["a config value", { config: { X: pulumi.secret("a\0b") } }, "config.X: must be a string without NUL characters"],
        ["an image", { image: pulumi.output("Bad Image") }, "image: must be an image reference"],
        ["a release source", { releaseSource: pulumi.output("git") }, "image: only with releaseSource image"],
        ["a memory limit", { memoryMiB: pulumi.output(1e6) }, "memoryMiB: must be a whole number of MiB from 16 to 262144"],
        ["a process type's CPUs", { processes: { web: { count: 1, cpus: pulumi.output(100) } } }, "processes.web.cpus: must be a number of CPUs from 0.01 to 64"],
        ["a config var an add-on gives too", { config: { DATABASE_URL: "x" }, addons: [{ env: { DATABASE_URL: pulumi.secret("y") } }] }, "config.DATABASE_URL: also given by an add-on"],
    ])("%s known only later is checked when it resolves, and nothing is deployed", async (_what, override, message) => {
        const errors = await rejectionsDuring(() => new App("late", { ...base, ...(override as object) } as AppArgs));
        expect(errors).toContainEqual(expect.stringContaining(message));
        expect(everything().filter(r => r.name === "late-deploy")).toEqual([]);
    });
});
