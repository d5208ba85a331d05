// The components from Go: the paas plugin archive (scripts/plugin-archive.sh, which the test
// command's install step builds) installed with `pulumi plugin install`, a Go SDK generated from
// its schema with pulumi-sdkgen, and a Go program (./go-program) built offline from the module
// cache that install step filled. The program drives the real CLI through the Automation API with
// an inline program, so it needs no Go language host (which this toolchain cannot build), and
// previews and deploys to a local Debian 12 host.
import * as fs from "fs";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { consumerInstalls, PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_200_000);

const repoRoot = path.resolve(__dirname, "../../..");
const version: string = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
const installs = consumerInstalls();
const greeting = "hello from go";
// Go reaches no registry here: every module the program needs is in the module cache already.
const offline = { GOPROXY: "off", GOFLAGS: "-mod=mod", GOSUMDB: "off" };

let host: TestHost;
let project: PulumiProject;

beforeAll(async () => {
    project = new PulumiProject(path.join(__dirname, "go-program"), "go");
    const appDir = project.addSampleApp();
    host = await startBootstrappedHost({ name: `paas-e2e-go-${process.pid}` });
    host.loadImage("debian:bookworm-slim");
    // The stack's config, which the program reads from its environment.
    Object.assign(project.env, { PAAS_HOST: host.sshHost, PAAS_PORT: String(host.sshPort), PAAS_SSH_KEY_FILE: host.privateKeyPath,
        PAAS_APP_DIR: appDir, PAAS_GREETING: greeting });
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test("a Go SDK generated from the installed plugin's schema builds with the program, offline", () => {
    expect(project.installPlugin("paas", version, installs.plugin).code).toBe(0);
    const schema = project.exec("pulumi", ["package", "get-schema", "paas"]);
    expect(schema.code).toBe(0);
    // The SDK as a package of the program's own module (./sdk/paas): no go.mod of its own, and
    // no replace directive pointing at it.
    const module = /^module (\S+)$/m.exec(fs.readFileSync(path.join(project.dir, "go.mod"), "utf8"))![1];
    const spec = JSON.parse(schema.stdout);
    spec.language.go.importBasePath = `${module}/sdk/paas`;
    fs.writeFileSync(path.join(project.dir, "schema.json"), JSON.stringify(spec));
    const generated = project.exec("pulumi-sdkgen", ["go", "schema.json", "sdk"]);
    expect([generated.code, generated.stderr]).toEqual([0, ""]);
    const built = project.exec("go", ["build", "-o", "go-consumer", "."], offline);
    expect([built.code, built.stderr]).toEqual([0, ""]);
});

test("the program's preview plans the platform, the add-on and the app, without a secret", () => {
    const preview = project.exec("./go-consumer", ["preview"]);
    expect([preview.code, preview.stderr]).toEqual([0, ""]);
    for (const type of ["Platform", "PostgresAddon", "App"]) expect(preview.stdout).toContain(`+ paas:index:${type}`);
    expect(preview.stdout).not.toContain(greeting);
});

test("its up deploys it: served through nginx by two containers, a row in its database, and a second preview plans nothing", async () => {
    const up = project.exec("./go-consumer", ["up"]);
    expect([up.code, up.stderr]).toEqual([0, ""]);
    // The stack is an ordinary one: the CLI reads its outputs from the project the program wrote.
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout)).toEqual({ url: "http://hello.paas.test/", release: "v1" });
    const page = await host.http("hello.paas.test", "/");
    expect([page.status, page.body]).toEqual([200, greeting]);
    expect((await host.http("hello.paas.test", "/visits", { method: "POST" })).status).toBe(200);
    expect((await host.http("hello.paas.test", "/visits")).body).toBe("1");
    expect((await host.exec("docker ps -q --filter label=paas.app=hello --filter label=paas.process=web")).stdout.trim().split("\n")).toHaveLength(2);
    expect(project.stateText()).not.toContain(greeting);
    const again = project.exec("./go-consumer", ["-expect-no-changes", "preview"]);
    expect([again.code, again.stderr]).toEqual([0, ""]);
});
