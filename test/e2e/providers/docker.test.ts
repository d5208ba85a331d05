// The docker plugin built from toolchain/providers/docker, driven by the real engine against a
// private Docker engine (scripts/host/engine.sh), and its schema compared with @pulumi/docker.
import { execFileSync } from "child_process";
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";
import { extraInSchema, missingFromSchema, readSdk, Schema } from "./sdk-schema";

jest.setTimeout(300_000);

const repoRoot = path.resolve(__dirname, "../../..");
const sdkDir = path.dirname(require.resolve("@pulumi/docker/package.json"));
const sdkVersion: string = require("@pulumi/docker/package.json").pulumi.version;

// What the SDK has that this plugin does not serve, and why; anything else missing fails.
const knownMissing = [
    // Pulumi's native image build (docker.Image) and its argument types: not Terraform's.
    "resource docker:index/image:Image: not in the schema",
    // The newer Terraform provider takes `data` or `dataRaw`; the SDK still requires `data`.
    "docker:index/serviceConfig:ServiceConfig: required inputs [] in the schema, [data] in the SDK",
    "input type CacheFrom: not in the schema",
    "input type DockerBuild: not in the schema",
    "input type Registry: not in the schema",
];

describe("pulumi-resource-docker", () => {
    let project: PulumiProject;
    let dockerHost: string;
    const run = `docker-e2e-${process.pid}`;

    const docker = (...args: string[]) =>
        execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOCKER_HOST: dockerHost } }).trim();
    const labelled = (kind: "volume" | "network") =>
        docker(kind, "ls", "-q", "--filter", `label=paas-test-run=${run}`).split("\n").filter(Boolean);
    const outputs = () => JSON.parse(project.run(["stack", "output", "--json"]).stdout);
    const preview = () => JSON.parse(project.run(["preview", "--json"]).stdout);

    beforeAll(() => {
        execFileSync(path.join(repoRoot, "scripts/host/engine.sh"), ["start"], { stdio: "inherit" });
        const socket = execFileSync("bash", ["-c", `source "${repoRoot}/scripts/host/lib.sh" && echo "$engine_socket"`], { encoding: "utf8" }).trim();
        dockerHost = `unix://${socket}`;
        project = new PulumiProject(path.join(__dirname, "docker-fixture"), "docker");
        project.run(["stack", "init", "docker"]);
        project.run(["config", "set", "docker:host", dockerHost]);
        project.run(["config", "set", "run", run]);
        project.run(["config", "set", "tier", "one"]);
    });

    afterAll(() => {
        // Whatever a failed step left behind on the shared engine goes too.
        if (dockerHost) {
            for (const id of labelled("volume")) docker("volume", "rm", "-f", id);
            for (const id of labelled("network")) docker("network", "rm", id);
        }
        project?.remove();
    });

    test("the engine finds the plugin at the SDK's version in its plugin cache", () => {
        const plugins = JSON.parse(project.run(["plugin", "ls", "--json"]).stdout);
        expect(plugins).toContainEqual(expect.objectContaining({ name: "docker", kind: "resource", version: sdkVersion }));
    });

    test("its schema serves what the SDK declares, but for the native Image", () => {
        const schema: Schema = JSON.parse(project.run(["package", "get-schema", `docker@${sdkVersion}`]).stdout);
        expect(schema.name).toBe("docker");
        expect(schema.version).toBe(sdkVersion);
        const sdk = readSdk(sdkDir);
        expect(sdk.resources).toHaveLength(12);
        expect(sdk.functions).toHaveLength(6);
        expect(missingFromSchema(sdk, schema)).toEqual(knownMissing);
        // The newer Terraform provider only adds properties: no resource or function the SDK lacks.
        expect(extraInSchema(sdk, schema).filter(e => /^(resource|function) /.test(e))).toEqual([]);
    });

    test("up creates a network and a volume with generated names on the engine", () => {
        const up = project.run(["up", "--yes", "--skip-preview"]);
        // checkDuplicate, which the fixture sets, passes the bridge's type check too.
        expect(up.stdout + up.stderr).not.toMatch(/Type checking failed|from \$PATH/);
        const out = outputs();
        expect(out.networkName).toMatch(/^net-[0-9a-f]{7}$/);
        expect(out.volumeName).toMatch(/^vol-[0-9a-f]{7}$/);
        expect(out.networkDriver).toBe("bridge");
        expect(JSON.parse(docker("network", "inspect", out.networkName))[0].Id).toBe(out.networkId);
        expect(JSON.parse(docker("volume", "inspect", out.volumeName))[0].Labels).toEqual({ "paas-test-run": run, tier: "one" });
    });

    test("an up with nothing changed changes nothing", () => {
        expect(preview().changeSummary).toEqual({ same: 3 });
        project.run(["up", "--yes", "--expect-no-changes"]);
    });

    test("a volume label change replaces the volume, and only it", () => {
        const before = outputs();
        project.run(["config", "set", "tier", "two"]);
        const plan = preview();
        expect(plan.changeSummary).toEqual({ same: 2, replace: 1 });
        project.run(["up", "--yes", "--skip-preview"]);
        const after = outputs();
        expect(after.volumeName).not.toBe(before.volumeName);
        expect(after.networkId).toBe(before.networkId);
        expect(() => docker("volume", "inspect", before.volumeName)).toThrow();
        expect(JSON.parse(docker("volume", "inspect", after.volumeName))[0].Labels.tier).toBe("two");
    });

    test("destroy removes both from the engine", () => {
        project.run(["destroy", "--yes", "--skip-preview"]);
        expect(labelled("volume")).toEqual([]);
        expect(labelled("network")).toEqual([]);
    });
});
