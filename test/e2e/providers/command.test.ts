// The command provider plugin built from toolchain/providers/command, driven through the npm SDK
// @pulumi/command and the real engine: every resource, the local:run function, previews,
// updates, replacements, failures and secrets, against OpenSSH on loopback.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";
import { buildPlugin, usePlugin } from "./command-plugin";
import { Sshd, startSshd } from "./command-sshd";

jest.setTimeout(300_000);

const stdinSecret = "stdin-8e1f0c-never-in-plaintext";

describe("the command provider through the engine", () => {
    let project: PulumiProject;
    let sshd: Sshd;
    let work: string;
    let remoteDir: string;

    const exists = (p: string) => fs.existsSync(p);
    const localLog = () => fs.readFileSync(path.join(work, "local.log"), "utf8").trim().split("\n");
    const remoteFile = (p: string) => fs.readFileSync(path.join(remoteDir, p), "utf8");
    const outputs = () => JSON.parse(project.run(["stack", "output", "--json", "--show-secrets"]).stdout);
    const exported = () => project.run(["stack", "export"]).stdout;
    const resourceNames = (): string[] =>
        (JSON.parse(exported()).deployment.resources ?? [])
            .filter((r: any) => r.type.startsWith("command:"))
            .map((r: any) => r.urn.split("::").pop())
            .sort();
    /** The step each command resource gets in a preview, by name. */
    const previewSteps = (): Record<string, string> => {
        const p = JSON.parse(project.run(["preview", "--json"]).stdout);
        return Object.fromEntries((p.steps ?? [])
            .filter((s: any) => s.urn.includes("::command:"))
            .map((s: any) => [s.urn.split("::").pop(), s.op]));
    };
    const config = (key: string, value: string, secret = false) =>
        project.run(["config", "set", ...(secret ? ["--secret"] : []), key, value]);

    beforeAll(async () => {
        const pluginDir = buildPlugin();
        sshd = await startSshd();
        work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-command-work-"));
        remoteDir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-command-remote-"));
        fs.mkdirSync(path.join(work, "site/css"), { recursive: true });
        fs.writeFileSync(path.join(work, "site/index.html"), "<h1>home</h1>\n");
        fs.writeFileSync(path.join(work, "site/css/main.css"), "body {}\n");

        project = new PulumiProject(path.join(__dirname, "command-fixture"), "conformance");
        usePlugin(project.dir, pluginDir);
        project.run(["stack", "init", "conformance"]);
        config("workDir", work);
        config("remoteDir", remoteDir);
        config("greeting", "hello");
        config("trigger", "1");
        config("host", "127.0.0.1");
        config("port", String(sshd.port));
        config("hostKey", sshd.hostKey);
        config("stdinSecret", stdinSecret, true);
        // A value starting with "-" would be read as a flag, so the key travels in base64.
        config("privateKeyBase64", Buffer.from(sshd.clientKey).toString("base64"), true);
    }, 600_000);

    afterAll(async () => {
        project?.remove();
        await sshd?.stop();
        for (const dir of [work, remoteDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("a preview runs nothing and copies nothing", () => {
        const steps = previewSteps();
        expect(steps).toEqual({
            local: "create", secretEcho: "create", remote: "create", copyFile: "create", copyFolder: "create",
            copyContents: "create", copyText: "create", legacyCopy: "create",
        });
        expect(exists(path.join(work, "local.log"))).toBe(false);
        expect(fs.readdirSync(remoteDir)).toEqual([]);
    });

    test("up creates every resource", () => {
        project.run(["up", "--yes", "--skip-preview"]);
        expect(localLog()).toEqual(["created hello"]);
        expect(remoteFile("remote.txt")).toBe("remote hello\n");
        const out = outputs();
        expect(out.localStdout).toBe("created-hello");
        expect(out.remoteStdout).toBe("remote-hello");
        expect(out.secretStdout).toBe(stdinSecret);
        expect(out.invokedStdout).toBe("invoked-hello");
        expect(out.copied).toBe(5);
    });

    test("CopyToRemote copies a file, a folder, a folder's contents and a text", () => {
        expect(remoteFile("file/deep/page.html")).toBe("<h1>home</h1>\n");
        expect(remoteFile("folder/site/index.html")).toBe("<h1>home</h1>\n");
        expect(remoteFile("folder/site/css/main.css")).toBe("body {}\n");
        expect(remoteFile("contents/index.html")).toBe("<h1>home</h1>\n");
        expect(remoteFile("contents/css/main.css")).toBe("body {}\n");
        expect(exists(path.join(remoteDir, "contents/site"))).toBe(false);
        expect(remoteFile("text/greeting.env")).toBe("greeting=hello\n");
        expect(remoteFile("legacy.html")).toBe("<h1>home</h1>\n");
    });

    test("a second up with nothing changed changes nothing", () => {
        project.run(["preview", "--expect-no-changes"]);
        project.run(["up", "--yes", "--expect-no-changes"]);
        expect(localLog()).toEqual(["created hello"]);
    });

    test("an input change updates in place and hands over the previous stdout", () => {
        config("greeting", "bonjour");
        const steps = previewSteps();
        expect(steps.local).toBe("update");
        expect(steps.remote).toBe("update");
        expect(steps.copyText).toBe("update");
        // Unchanged resources are left out of the preview's steps, or listed as "same".
        expect(steps.copyFile ?? "same").toBe("same");
        project.run(["up", "--yes", "--skip-preview"]);
        expect(localLog()).toEqual(["created hello", "updated bonjour prev=created-hello"]);
        const out = outputs();
        expect(out.localStdout).toBe("updated-bonjour");
        expect(out.remoteStdout).toBe("remote-bonjour prev=remote-hello");
        expect(out.invokedStdout).toBe("invoked-bonjour");
        expect(remoteFile("text/greeting.env")).toBe("greeting=bonjour\n");
    });

    test("a trigger change replaces: the new one is created, then the old one deleted", () => {
        config("trigger", "2");
        const steps = previewSteps();
        expect(steps.local).toBe("replace");
        expect(steps.remote).toBe("replace");
        project.run(["up", "--yes", "--skip-preview"]);
        expect(localLog()).toEqual([
            "created hello", "updated bonjour prev=created-hello",
            "created bonjour", "deleted prev=updated-bonjour",
        ]);
        // The old remote Command's delete ran after the new one's create.
        expect(exists(path.join(remoteDir, "remote.txt"))).toBe(false);
        expect(outputs().remoteStdout).toBe("remote-bonjour");
    });

    test("a failing command shows its error and output, and records nothing", () => {
        config("fail", "true");
        const r = project.run(["up", "--yes", "--skip-preview"], { allowFail: true });
        expect(r.code).not.toBe(0);
        const text = r.stdout + r.stderr;
        expect(text).toContain('exit status 7: running "echo about-to-fail; echo oops >&2; exit 7"');
        expect(text).toContain("about-to-fail");
        expect(text).toContain("oops");
        expect(resourceNames()).not.toContain("failing");
        project.run(["config", "rm", "fail"]);
        project.run(["preview", "--expect-no-changes"]);
    });

    test("secrets are stored only as ciphertext", () => {
        const keyBody = sshd.clientKey.split("\n")[1];
        const state = exported();
        for (const secret of [stdinSecret, keyBody]) {
            expect(state).not.toContain(secret);
            expect(project.stateText()).not.toContain(secret);
        }
        const resources = JSON.parse(state).deployment.resources;
        const byName = (n: string) => resources.find((r: any) => r.urn.endsWith(`::${n}`));
        const isSecret = (v: any) => v?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" && "ciphertext" in v;
        expect(isSecret(byName("remote").outputs.connection)).toBe(true);
        expect(isSecret(byName("remote").inputs.connection)).toBe(true);
        expect(isSecret(byName("copyFolder").outputs.connection)).toBe(true);
        expect(isSecret(byName("secretEcho").inputs.stdin)).toBe(true);
        expect(isSecret(byName("secretEcho").outputs.stdout)).toBe(true);
        // Not made secret by the provider: stdout of a command without additionalSecretOutputs.
        expect(byName("local").outputs.stdout).toBe("created-bonjour");
    });

    test("destroy runs the delete commands and leaves the copies", () => {
        fs.writeFileSync(path.join(remoteDir, "remote.txt"), "recreated by the test\n");
        project.run(["destroy", "--yes", "--skip-preview"]);
        expect(localLog().pop()).toBe("deleted prev=created-bonjour");
        expect(exists(path.join(remoteDir, "remote.txt"))).toBe(false);
        expect(remoteFile("folder/site/index.html")).toBe("<h1>home</h1>\n");
        expect(resourceNames()).toEqual([]);
    });
});
