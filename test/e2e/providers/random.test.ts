// The random plugin built from toolchain/providers/random, driven by the real engine through a
// stack's life, and its schema compared with what @pulumi/random declares.
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";
import { extraInSchema, missingFromSchema, readSdk, Schema } from "./sdk-schema";

jest.setTimeout(300_000);

const sdkDir = path.dirname(require.resolve("@pulumi/random/package.json"));
const sdkVersion: string = require("@pulumi/random/package.json").pulumi.version;

// The key and value that mark a secret value in a state file.
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

describe("pulumi-resource-random", () => {
    let project: PulumiProject;

    const outputs = (showSecrets = false) =>
        JSON.parse(project.run(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]).stdout);
    const preview = () => JSON.parse(project.run(["preview", "--json"]).stdout);
    const exported = () => JSON.parse(project.run(["stack", "export"]).stdout).deployment;
    const resource = (deployment: any, type: string) => deployment.resources.find((r: any) => r.type === type);

    beforeAll(() => {
        project = new PulumiProject(path.join(__dirname, "random-fixture"), "random");
        project.run(["stack", "init", "random"]);
        project.run(["config", "set", "length", "20"]);
    });

    afterAll(() => project?.remove());

    test("the engine finds the plugin at the SDK's version in its plugin cache", () => {
        const plugins = JSON.parse(project.run(["plugin", "ls", "--json"]).stdout);
        expect(plugins).toContainEqual(expect.objectContaining({ name: "random", kind: "resource", version: sdkVersion }));
    });

    test("its schema serves every token, input, output and secret the SDK declares, and nothing else", () => {
        const schema: Schema = JSON.parse(project.run(["package", "get-schema", `random@${sdkVersion}`]).stdout);
        expect(schema.name).toBe("random");
        expect(schema.version).toBe(sdkVersion);
        const sdk = readSdk(sdkDir);
        expect(sdk.resources).toHaveLength(10);
        expect(missingFromSchema(sdk, schema)).toEqual([]);
        expect(extraInSchema(sdk, schema)).toEqual([]);
    });

    test("up creates each resource with values of the requested shape", () => {
        const up = project.run(["up", "--yes", "--skip-preview"]);
        // A plugin taken from PATH rather than the plugin cache would be announced here.
        expect(up.stdout + up.stderr).not.toMatch(/from \$PATH/);
        const out = outputs(true);
        expect(out.passwordResult).toMatch(/^[A-Za-z0-9!#%]{20}$/);
        expect(out.passwordBcrypt).toMatch(/^\$2[aby]\$10\$/);
        expect(out.stringResult).toMatch(/^[A-Za-z0-9]{20}$/);
        expect(out.petId).toMatch(/^[a-z]+-[a-z]+$/);
        expect(out.integerResult).toBeGreaterThanOrEqual(1);
        expect(out.integerResult).toBeLessThanOrEqual(1000);
        expect(out.uuidResult).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect([...out.shuffled].sort()).toEqual(["a", "b", "c", "d"]);

        const shown = outputs();
        expect(shown.passwordResult).toBe("[secret]");
        expect(shown.passwordBcrypt).toBe("[secret]");
        expect(shown.stringResult).toBe(out.stringResult);
    });

    test("an up with nothing changed changes nothing, and refresh finds nothing changed", () => {
        const before = outputs(true);
        expect(preview().changeSummary).toEqual({ same: 7 });
        project.run(["up", "--yes", "--expect-no-changes"]);
        project.run(["refresh", "--yes", "--expect-no-changes"]);
        expect(outputs(true)).toEqual(before);
    });

    test("the state holds the password only as ciphertext", () => {
        const { passwordResult, passwordBcrypt } = outputs(true);
        const deployment = exported();
        const password = resource(deployment, "random:index/randomPassword:RandomPassword");
        for (const prop of ["result", "bcryptHash"]) {
            expect(password.outputs[prop]).toEqual({ [sigKey]: secretSig, ciphertext: expect.any(String) });
        }
        const text = JSON.stringify(deployment);
        expect(text).not.toContain(passwordResult);
        expect(text).not.toContain(passwordBcrypt);
        expect(project.stateText()).not.toContain(passwordResult);
        // RandomString's result is not a secret, in the SDK and here.
        expect(resource(deployment, "random:index/randomString:RandomString").outputs.result).toBe(outputs().stringResult);
    });

    test("a length change replaces the password and the string, and only them", () => {
        const before = outputs(true);
        project.run(["config", "set", "length", "24"]);
        const plan = preview();
        expect(plan.changeSummary).toEqual({ same: 5, replace: 2 });
        const replaced = plan.steps.filter((s: any) => s.op === "replace").map((s: any) => s.urn.split("::").pop()).sort();
        expect(replaced).toEqual(["password", "string"]);

        project.run(["up", "--yes", "--skip-preview"]);
        const after = outputs(true);
        expect(after.passwordResult).toHaveLength(24);
        expect(after.stringResult).toHaveLength(24);
        expect(after.passwordResult).not.toBe(before.passwordResult);
        expect(after.petId).toBe(before.petId);
        expect(after.uuidResult).toBe(before.uuidResult);
    });

    test("destroy removes every resource", () => {
        project.run(["destroy", "--yes", "--skip-preview"]);
        expect(exported().resources ?? []).toHaveLength(0);
    });
});
