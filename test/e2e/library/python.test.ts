// The components from Python: the paas plugin archive (scripts/plugin-archive.sh, which the test
// command's install step builds) installed with `pulumi plugin install`, its schema read with
// `pulumi package get-schema`, a Python SDK generated from it and installed with pip, and a
// Python program (./python-program) previewed and deployed to a local Debian 12 host through the
// real engine and Pulumi's Python language host.
import * as fs from "fs";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { consumerInstalls, PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_200_000);

const repoRoot = path.resolve(__dirname, "../../..");
const version: string = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
const installs = consumerInstalls();
const venv = installs.python.venv;

let host: TestHost;
let project: PulumiProject;
let sdkDir: string;

beforeAll(async () => {
    project = new PulumiProject(path.join(__dirname, "python-program"), "py");
    // The language host takes the program's virtualenv from the environment.
    project.env.VIRTUAL_ENV = venv;
    project.env.PATH = `${venv}/bin:${project.env.PATH}`;
    project.addSampleApp();
    sdkDir = path.join(project.dir, "sdk");
    host = await startBootstrappedHost({ name: `paas-e2e-python-${process.pid}` });
    host.loadImage("debian:bookworm-slim");
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test("pulumi plugin install takes the archive, and get-schema lists the components", () => {
    expect(project.installPlugin("paas", version, installs.plugin).code).toBe(0);
    const schema = project.exec("pulumi", ["package", "get-schema", "paas"]);
    expect(schema.code).toBe(0);
    fs.writeFileSync(path.join(project.dir, "schema.json"), schema.stdout);
    const parsed = JSON.parse(schema.stdout);
    expect([parsed.name, parsed.version]).toEqual(["paas", version]);
    expect(Object.keys(parsed.resources).sort()).toEqual(
        ["App", "LinodeServer", "Platform", "PlatformHost", "PostgresAddon", "RedisAddon"].map(c => `paas:index:${c}`));
    expect(parsed.resources["paas:index:App"].isComponent).toBe(true);
    expect(parsed.resources["paas:index:App"].requiredInputs).toEqual(expect.arrayContaining(["connection", "platformDomain", "releaseSource"]));
});

test("the generated Python SDK installs with pip and imports", () => {
    const generated = project.exec("pulumi-sdkgen", ["python", "schema.json", sdkDir]);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const pip = project.exec(`${venv}/bin/pip`, ["install", "--quiet", "--disable-pip-version-check", "--no-index", "--no-deps", "--no-build-isolation", "--force-reinstall", sdkDir]);
    expect([pip.code, pip.stderr]).toEqual([0, ""]);
    const imported = project.exec(`${venv}/bin/python`, ["-c", "import pulumi_paas as p; print(p.App.__mro__[1].__name__, p.Platform.__module__)"]);
    expect(imported.stdout.trim()).toBe("ComponentResource pulumi_paas.platform");
});

test("pulumi preview of the Python program plans the platform, the add-on and the app, without a secret", () => {
    project.run(["stack", "init", "py"]);
    for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort), appDir: path.join(project.dir, "app") })) {
        project.run(["config", "set", key, value]);
    }
    project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
    project.run(["config", "set", "--secret", "greeting", "hello from python"]);
    const preview = project.run(["preview", "--diff"]);
    for (const type of ["Platform", "PostgresAddon", "App"]) expect(preview.stdout).toContain(`+ paas:index:${type}`);
    expect(preview.stdout).not.toContain("hello from python");
});

test("pulumi up deploys it: served through nginx by two containers, a row in its database, and a second up changes nothing", async () => {
    project.run(["up", "--yes", "--skip-preview"]);
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout)).toEqual({ url: "http://hello.paas.test/", release: "v1" });
    const page = await host.http("hello.paas.test", "/");
    expect([page.status, page.body]).toEqual([200, "hello from python"]);
    expect((await host.http("hello.paas.test", "/visits", { method: "POST" })).status).toBe(200);
    expect((await host.http("hello.paas.test", "/visits")).body).toBe("1");
    expect((await host.exec("docker ps -q --filter label=paas.app=hello --filter label=paas.process=web")).stdout.trim().split("\n")).toHaveLength(2);
    expect(project.stateText()).not.toContain("hello from python");
    const again = project.run(["preview", "--expect-no-changes"], { allowFail: true });
    expect([again.code, again.stderr]).toEqual([0, ""]);
});
