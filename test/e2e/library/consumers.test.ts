// The library as users install it: `npm install` of the packed library beside the oldest and the
// newest @pulumi/pulumi its peer range accepts (installed by scripts/consumers.sh, the test
// command's install step), then a program of theirs (./consumer) previewed through the real
// engine on each, and deployed to a local Debian 12 host on the newest.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { ConsumerInstall, consumerInstalls, PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_200_000);

const repoRoot = path.resolve(__dirname, "../../..");
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const range: string = manifest.peerDependencies["@pulumi/pulumi"];
// semver comes with the SDK (it is one of @pulumi/pulumi's own dependencies).
const semver = require(path.join(repoRoot, "node_modules/semver")) as typeof import("semver");

const installs = consumerInstalls().node;
const [oldest, newest] = installs;

interface NpmTree { version?: string; path?: string; dependencies?: Record<string, NpmTree> }

/** Each installed copy of @pulumi/pulumi in a consumer's tree (as `npm ls` finds them) and its version. */
function sdkCopies(dir: string): { status: number; copies: Record<string, string> } {
    const ls = spawnSync("npm", ["ls", "@pulumi/pulumi", "--all", "--long", "--json"], { cwd: dir, encoding: "utf8" });
    const copies: Record<string, string> = {};
    const walk = (node: NpmTree) => {
        for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
            if (name === "@pulumi/pulumi") copies[path.relative(dir, dep.path ?? "")] = dep.version ?? "missing";
            walk(dep);
        }
    };
    walk(JSON.parse(ls.stdout));
    return { status: ls.status ?? -1, copies };
}

function consumerProject(install: ConsumerInstall, stack: string): PulumiProject {
    const project = new PulumiProject(path.join(__dirname, "consumer"), stack, undefined, path.join(install.dir, "node_modules"));
    project.addSampleApp();
    project.run(["stack", "init", stack]);
    return project;
}

test("the install step installed the oldest and the newest SDK release of the peer range", () => {
    expect(installs.map(i => i.sdk)).toHaveLength(2);
    expect(oldest.sdk).toBe(semver.minVersion(range)!.version);
    expect(semver.satisfies(newest.sdk, range)).toBe(true);
    // The repository develops on a release the range accepts, and no newer one was left out.
    expect(semver.gte(newest.sdk, manifest.devDependencies["@pulumi/pulumi"])).toBe(true);
});

describe.each(installs)("a program on @pulumi/pulumi $sdk", install => {
    let project: PulumiProject;
    afterAll(() => project?.remove());

    test("npm installed one copy of the SDK, shared by the library and its provider SDKs", () => {
        expect(sdkCopies(install.dir)).toEqual({ status: 0, copies: { "node_modules/@pulumi/pulumi": install.sdk } });
        expect(fs.realpathSync(path.join(install.dir, "node_modules/paas/package.json"))).toContain(install.dir);
    });

    test("pulumi preview plans the platform and the app, without the secret", () => {
        project = consumerProject(install, "preview");
        for (const [key, value] of Object.entries({ host: "127.0.0.1", port: "22" })) project.run(["config", "set", key, value]);
        project.run(["config", "set", "--secret", "sshPrivateKey"], { input: "not a key" });
        project.run(["config", "set", "--secret", "greeting", "preview secret greeting"]);
        const preview = project.run(["preview", "--diff"]);
        expect(preview.stdout).toContain("+ paas:index:Platform");
        expect(preview.stdout).toContain("+ paas:index:App");
        expect(preview.stdout).not.toContain("preview secret greeting");
        expect(preview.stderr).not.toMatch(/error|unhandled/i);
    });
});

describe("on the newest SDK, pulumi up", () => {
    let host: TestHost;
    let project: PulumiProject;
    beforeAll(async () => {
        host = await startBootstrappedHost({ name: `paas-e2e-consumer-${process.pid}` });
        host.loadImage("debian:bookworm-slim");
        project = consumerProject(newest, "up");
        for (const [key, value] of Object.entries({ host: host.sshHost, port: String(host.sshPort) })) project.run(["config", "set", key, value]);
        project.run(["config", "set", "--secret", "sshPrivateKey"], { input: fs.readFileSync(host.privateKeyPath, "utf8") });
        project.run(["config", "set", "--secret", "greeting", "hello from npm"]);
    });
    afterAll(() => {
        host?.stop();
        project?.remove();
    });

    test("deploys the app, served through nginx, and a second up changes nothing", async () => {
        project.run(["up", "--yes", "--skip-preview"]);
        const outputs = JSON.parse(project.run(["stack", "output", "--json"]).stdout);
        expect(outputs).toEqual({ url: "http://hello.paas.test/", release: "v1" });
        const page = await host.http("hello.paas.test", "/");
        expect([page.status, page.body]).toEqual([200, "hello from npm"]);
        expect(project.stateText()).not.toContain("hello from npm");
        const again = project.run(["preview", "--expect-no-changes"], { allowFail: true });
        expect([again.code, again.stderr]).toEqual([0, ""]);
    });
});
