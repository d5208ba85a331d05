// One rule table, enforced alike on both sides: every case of shared/rules.cases.ts gets the same
// verdict and message from the components (what `pulumi preview` runs) and from the host runtime
// on a bootstrapped Debian 12 host (paas.js under the host's Node.js); and every command's input
// the host refuses is refused by the components' check of the same input, with the same message.
import * as hostInputs from "../../../shared/host-inputs";
import { buildAppSpec } from "../../../shared/app-spec";
import * as validate from "../../../components/validate";
import { ruleCases } from "../../../shared/rules.cases";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(600_000);

let host: TestHost;

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-rules-${process.pid}` });
});

afterAll(() => host?.stop());

/** The components' verdict: "ok" or the message. */
function verdict(check: () => unknown): string {
    try {
        check();
        return "ok";
    } catch (e) {
        if (e instanceof validate.ValidationError) return e.message;
        throw e;
    }
}

// JSON carries the cases to the host: only values JSON keeps as they are (not NaN or undefined).
const survivesJson = (v: unknown) => v !== undefined && JSON.stringify(JSON.parse(JSON.stringify(v))) === JSON.stringify(v) && !Number.isNaN(v);

test("every case of the rule table: the same verdict and message from the components and from the host", async () => {
    const cases = ruleCases.flatMap(([, rule, field, args, good, bad]) =>
        [...good, ...bad].filter(survivesJson).map(value => ({ rule, field, args, value })));
    expect(cases.length).toBeGreaterThan(150);
    const here = cases.map(c => verdict(() => (validate.ruleTable[c.rule] as (...a: unknown[]) => unknown)(c.field, c.value, ...c.args)));
    const there = JSON.parse((await host.exec("paas rules check", { stdin: JSON.stringify(cases) })).stdout);
    expect(there).toEqual(here);
    // Both accept and refuse: the table is not all of one verdict.
    expect(here.filter(v => v === "ok").length).toBeGreaterThan(50);
    expect(here.filter(v => v !== "ok").length).toBeGreaterThan(80);
});

const spec = buildAppSpec({
    app: "shop", platformDomain: "paas.test", source: "image", image: "paas-e2e/app:one", env: { GREETING: "hi" },
    processes: { web: { count: 1 } }, port: 5000, healthPath: "/", domains: [{ name: "shop.example.com", tls: true }], clientMaxBodySize: "10m",
});
const stage = { app: "shop", env: { A: "1" }, fingerprints: { A: "0123456789abcdef" } };
const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop";

// [the host command, its stdin, the components' check of that same input]
const inputs: [string, unknown, (input: unknown) => unknown][] = [
    ["paas app deploy", { ...spec, image: "registry.example.com:5000/App" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, env: { "lower-case": "x" } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, env: { PORT: "1" } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, env: { BIG: "x".repeat(32 * 1024) } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, processes: { web: { count: 1, command: "python3 app.py" } } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, processes: { Web: { count: 1 } } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, healthPath: "/a b" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, releaseTimeoutSeconds: 0 }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, memoryMiB: 8 }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, processes: { web: { count: 1, cpus: 100 } } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, tlsDomains: ["bank.example.com"] }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, hostnames: ["shop.paas.test", "shop.paas.test"] }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, clientMaxBodySize: "10m; include /etc/shadow" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, vhost: { plain: "server { listen 80; server_name bank.example.com; }", tls: {} } }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, hostnames: ["127.0.0.1"] }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, buildContext: "/etc" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, source: "svn" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, app: "pg-x" }, hostInputs.deploySpec],
    ["paas app deploy", { ...spec, env: undefined, config: { A: "nothex" } }, hostInputs.deploySpec],
    ["paas app deploy", [1, 2], hostInputs.deploySpec],
    ["paas app config", { ...stage, fingerprints: {} }, hostInputs.configStage],
    ["paas app config", { ...stage, env: { LD_PRELOAD: "/x.so" }, fingerprints: { LD_PRELOAD: "0123456789abcdef" } }, hostInputs.configStage],
    ["paas app config", { env: {} }, hostInputs.configStage],
    ["paas app register", { app: "shop", owner: "line\nbreak" }, hostInputs.register],
    ["paas addon postgres create", { name: "template1", password: "Sup3rSecretPassw0rdX" }, hostInputs.addon],
    ["paas addon redis create", { name: "Shop", password: "Sup3rSecretPassw0rdX" }, hostInputs.addon],
    ["paas keys set shop", { keys: [`${key}\ncommand="id" ${key}`] }, i => hostInputs.keys(i, "shop")],
    ["paas keys set shop", { keys: ["ssh-dss AAAA"] }, i => hostInputs.keys(i, "shop")],
    ["paas keys set shop", { app: "other", keys: [key] }, i => hostInputs.keys(i, "shop")],
    ["paas app destroy shop", { app: "other" }, i => hostInputs.destroy(i, "shop")],
    ["paas platform settings", { swapMiB: 70000 }, hostInputs.bootstrapSettings],
    ["paas platform settings", { acmeEmail: "ops@example.com; reboot" }, hostInputs.bootstrapSettings],
    ["paas platform settings", { acmeServer: "https://ca.example/$(reboot)" }, hostInputs.bootstrapSettings],
];

test.each(inputs)("%s refuses %j with the message the components give for it", async (command, input, check) => {
    const message = verdict(() => check(input));
    expect(message).not.toBe("ok");
    const r = await host.exec(command, { stdin: JSON.stringify(input), allowFail: true });
    expect([r.code, r.stderr.trim()]).toEqual([1, message]);
});

test("the same spec the components build is one the host accepts", () => {
    expect(verdict(() => hostInputs.deploySpec(JSON.parse(JSON.stringify(spec))))).toBe("ok");
});

test("nothing was changed by any refused input", async () => {
    expect(JSON.parse((await host.exec("paas app releases shop")).stdout)).toEqual([]);
    expect(await host.existing(["/etc/nginx/sites-enabled/paas-shop.conf", "/var/lib/paas/addons/postgres-template1.owner"])).toEqual([]);
    expect((await host.exec("cat /home/git/.ssh/authorized_keys")).stdout).toBe("");
});
