// The engine built by scripts/toolchain.sh, driven through a whole stack lifecycle.
import * as fs from "fs";
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(180_000);

const secretToken = "tok-7f1c2e-never-in-plaintext";

describe("the Pulumi engine built from Go modules", () => {
    let project: PulumiProject;
    let target: string;

    beforeAll(() => {
        project = new PulumiProject(path.join(__dirname, "fixture"), "smoke");
        target = path.join(project.dir, "greeting.txt");
        project.run(["stack", "init", "smoke"]);
        project.run(["config", "set", "path", target]);
        project.run(["config", "set", "greeting", "hello"]);
        project.run(["config", "set", "--secret", "token", secretToken]);
    });

    afterAll(() => project?.remove());

    test("`pulumi version` is the SDK's version", () => {
        const sdk = require("@pulumi/pulumi/package.json").version;
        expect(project.run(["version"]).stdout.trim()).toBe(`v${sdk}`);
    });

    test("up creates the resource", () => {
        project.run(["up", "--yes", "--skip-preview"]);
        expect(fs.readFileSync(target, "utf8")).toBe("hello");
        const outputs = JSON.parse(project.run(["stack", "output", "--json"]).stdout);
        expect(outputs.message).toBe("hello");
        expect(outputs.token).toBe("[secret]");
    });

    test("a second up with nothing changed changes nothing", () => {
        const preview = project.run(["preview", "--expect-no-changes", "--json"]);
        expect(JSON.parse(preview.stdout).changeSummary).toEqual({ same: 2 });
        project.run(["up", "--yes", "--expect-no-changes"]);
    });

    test("a config change updates the resource in place", () => {
        project.run(["config", "set", "greeting", "bonjour"]);
        const preview = JSON.parse(project.run(["preview", "--json"]).stdout);
        expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
        project.run(["up", "--yes", "--skip-preview"]);
        expect(fs.readFileSync(target, "utf8")).toBe("bonjour");
    });

    test("stack history records each update with its config", () => {
        const history = JSON.parse(project.run(["stack", "history", "--json", "--show-secrets"]).stdout);
        const updates = history.filter((h: any) => h.kind === "update");
        expect(updates).toHaveLength(3);
        expect(updates.every((h: any) => h.result === "succeeded")).toBe(true);
        const greetings = updates.map((h: any) => h.config["engine-smoke:greeting"].value).sort();
        expect(greetings).toEqual(["bonjour", "hello", "hello"]);
        expect(updates[0].config["engine-smoke:token"]).toMatchObject({ secret: true, value: secretToken });
    });

    test("no secret is stored in plaintext", () => {
        expect(project.stateText()).not.toContain(secretToken);
        expect(project.run(["stack", "export"]).stdout).not.toContain(secretToken);
    });

    test("destroy removes the resource", () => {
        project.run(["destroy", "--yes", "--skip-preview"]);
        expect(fs.existsSync(target)).toBe(false);
        expect(JSON.parse(project.run(["stack", "export"]).stdout).deployment.resources ?? []).toHaveLength(0);
    });
});
