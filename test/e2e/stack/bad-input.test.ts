// Bad input to the repository's own program, through the real engine: `pulumi preview` and `up`
// fail with a message naming the field and the rule, print no stack trace, and create nothing.
import * as fs from "fs";
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
