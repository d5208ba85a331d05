// Bad input to the repository's own program, through the real engine: `pulumi preview` and `up`
// fail with a message naming the field and the rule, print no stack trace, and create nothing.
import * as fs from "fs";
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(300_000);

let project: PulumiProject;

// A valid `host` target; each case changes one value.
const valid: Record<string, string> = {
    "paas:target": "host",
    "paas:domain": "paas.example.com",
    "paas:host": "127.0.0.1",
};

beforeAll(() => {
    project = PulumiProject.ofRepository("checks");
    project.run(["stack", "init", "checks"]);
    project.run(["config", "set", "--secret", "paas:sshPrivateKey", "not-a-real-key"]);
});

afterAll(() => project?.remove());

function configure(values: Record<string, string>): void {
    for (const [key, value] of Object.entries({ ...valid, ...values })) project.run(["config", "set", key, value]);
}

const pwned = "/tmp/paas-bad-input-ran";

test.each([
    [{ "paas:domain": "Not A Domain" }, "domain: must be a lowercase domain name"],
    [{ "paas:target": "cloud" }, "paas:target: must be one of linode, host"],
    [{ "paas:acmeServer": `https://ca.example/$(touch ${pwned})` }, "acmeServer: must be the https:// URL of an ACME directory"],
    [{ "paas:acmeEmail": "ops; reboot" }, "acmeEmail: must be an email address"],
    [{ "paas:sampleWebCount": "21" }, "processes.web.count: must be a whole number from 0 to 20"],
    [{ "paas:target": "linode", "paas:sshPublicKeys": '["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me"]', "paas:region": "Mars Base" },
        "region: must be a Linode region id"],
])("preview with %j fails: %s", (values, message) => {
    configure(values);
    const r = project.run(["preview"], { allowFail: true });
    const output = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(output).toContain(`error: ${message}`);
    expect(output).not.toContain("unhandled exception");
    expect(output).not.toMatch(/\bat .*\.ts:\d+/);
    // Nothing but the stack itself was registered: no server, no command, no password.
    expect(output).toMatch(/Resources:\s+\+ 1 to create\s+1 errored/);
    for (const key of Object.keys(values).filter(k => !(k in valid))) project.run(["config", "rm", key]);
    expect(fs.existsSync(pwned)).toBe(false);
});

test("an up with bad input creates nothing", () => {
    configure({ "paas:domain": "bad_domain.example" });
    const r = project.run(["up", "--yes", "--skip-preview"], { allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("error: domain: must be a lowercase domain name");
    const state = JSON.parse(project.run(["stack", "export"]).stdout);
    const types = (state.deployment.resources ?? []).map((res: { type: string }) => res.type);
    expect(types.filter((t: string) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"))).toEqual([]);
});

describe("two app definitions asking for one hostname", () => {
    const appsFile = () => path.join(project.dir, "stacks/apps.ts");
    let original: string;
    /** A second app, `blog`, defined before the sample app, with DOMAINS. */
    const withBlog = (domains: string[]) => fs.writeFileSync(appsFile(), original.replace("        sample: {",
        `        blog: { args: { releaseSource: "image", image: "nginx:1.27", domains: ${JSON.stringify(domains.map(name => ({ name })))} } },\n        sample: {`));
    beforeAll(() => { original = fs.readFileSync(appsFile(), "utf8"); });
    afterEach(() => {
        fs.writeFileSync(appsFile(), original);
        project.run(["config", "rm", "paas:sampleDomains"], { allowFail: true });
    });

    test.each([
        // The sample app's default hostname as the other app's domain.
        [["sample.paas.example.com"], undefined, "domains[0].name: sample.paas.example.com (app blog) is already a hostname of app sample: a hostname belongs to one app"],
        // One domain in both apps: the later definition's field is named.
        [["blog.example.com", "shared.example.com"], '["www.example.com","shared.example.com"]',
            "domains[1].name: shared.example.com (app sample) is already a hostname of app blog: a hostname belongs to one app"],
    ])("blog with %j, the sample app with %s: preview and up fail naming the field, with nothing created", (blogDomains, sampleDomains, message) => {
        configure(sampleDomains === undefined ? {} : { "paas:sampleDomains": sampleDomains });
        withBlog(blogDomains);
        const preview = project.run(["preview"], { allowFail: true });
        const up = project.run(["up", "--yes", "--skip-preview"], { allowFail: true });
        for (const r of [preview, up]) {
            const output = r.stdout + r.stderr;
            expect(r.code).not.toBe(0);
            expect(output).toContain(`error: ${message}`);
            expect(output).not.toContain("unhandled exception");
            expect(output).not.toMatch(/\bat .*\.ts:\d+/);
        }
        // Nothing but the stack itself (made by an earlier case's up, or to be made) was planned or registered.
        expect(preview.stdout + preview.stderr).toMatch(/Resources:\s+(?:\+ 1 to create|1 unchanged)\s+1 errored/);
        const state = JSON.parse(project.run(["stack", "export"]).stdout);
        const types = (state.deployment.resources ?? []).map((res: { type: string }) => res.type);
        expect(types.filter((t: string) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"))).toEqual([]);
    });

    test("the same two apps with hostnames of their own pass the check", () => {
        configure({ "paas:sampleDomains": '["www.example.com"]' });
        withBlog(["blog.example.com"]);
        const r = project.run(["preview"], { allowFail: true });
        // A preview asks nothing of the host: it plans the platform and both apps.
        expect(r.stdout + r.stderr).not.toContain("a hostname belongs to one app");
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/paas:index:App\s+blog\s+create/);
    });
});
