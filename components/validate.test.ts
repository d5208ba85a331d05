import * as pulumi from "@pulumi/pulumi";
import { errorOf, installMocks, rejectionsDuring, valueOf } from "../test/unit/mocks";
installMocks();
import * as validate from "./validate";

// Each rule: good values pass through unchanged; a bad one fails with `<field>: <rule>`.
type Case = [string, (v: any) => unknown, unknown[], unknown[], string];
const cases: Case[] = [
    ["appName", v => validate.appName("appName", v), ["shop", "shop-2", "a", "a".repeat(30), "pgx", "p-g"],
        ["Shop", "shop_2", "-shop", "shop-", "a".repeat(31), "", "2shop", "shop.io", "shop\n"], "appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"],
    ["domainName", v => validate.domainName("domains[0].name", v), ["shop.example.com", "example.com", "xn--bcher-kva.example", "a-b.c0"],
        ["example", "shop..example.com", "-a.example.com", "Shop.example.com", "*.example.com", "a.io; reboot", "a".repeat(64) + ".com", `${"a.".repeat(127)}com`, "shop.example.com.", "127.0.0.1", "10.0.0.7"],
        "domains[0].name: must be a lowercase domain name of dot-separated labels (letters, digits, '-'), at most 253 characters, no wildcard, not an IP address"],
    ["domainName with wildcards allowed", v => validate.domainName("dnsDomain", v, true), ["*.example.com", "example.com"],
        ["*example.com", "a.*.example.com", "*.com.", "*", "*.0.0.1"], "dnsDomain: must be a lowercase domain name of dot-separated labels (letters, digits, '-'), optionally starting with *., at most 253 characters, not an IP address"],
    ["envKey", v => validate.envKey("config.X", v), ["DATABASE_URL", "_X", "A1"], ["database_url", "1A", "A-B", "", "A B"],
        "config.X: names are uppercase letters, digits and _, not starting with a digit"],
    ["envKey PORT", v => validate.envKey("config.PORT", v), [], ["PORT"], "config.PORT: set by the platform from port"],
    ["envKey reserved", v => validate.envKey("config.DOCKER_HOST", v), ["DOCKERISH"], ["DOCKER_HOST", "LD_PRELOAD", "BASH_ENV", "GODEBUG"],
        "config.DOCKER_HOST: reserved: programs on the host read this name"],
    ["envValue", v => validate.envValue("config.X", v), ["", "a'b\"c\n$(id); `x`"], ["a\0b", 5], "config.X: must be a string without NUL characters"],
    ["processName", v => validate.processName("processes.Web", v), ["web", "worker-2"], ["Web", "2web", "a".repeat(21), "web_1"],
        "processes.Web: names are lowercase letters, digits and -, at most 20"],
    ["hostLabel", v => validate.hostLabel("hostname", v), ["paas", "paas-prod-1", "a".repeat(63)], ["1paas", "paas-", "Paas", "a".repeat(64), "pa_as"],
        "hostname: must be a DNS label of lowercase letters, digits and '-', starting with a letter, at most 63 characters"],
    ["identifier", v => validate.identifier("name", v), ["shop", "shop_db2"], ["shop-db", "Shop", "1shop", "a".repeat(64)],
        "name: lowercase letters, digits and _, starting with a letter, at most 63"],
    ["port", v => validate.port("port", v), [1, 5000, 65535], [0, 65536, 1.5, -1, "80", NaN], "port: must be a whole number from 1 to 65535"],
    ["count", v => validate.count("processes.web.count", v), [0, 1, 20], [21, -1, 1.5, "2"], "processes.web.count: must be a whole number from 0 to 20"],
    ["swapMiB", v => validate.swapMiB("swapMiB", v), [0, 1024, 65536], [-1, 0.5, "1024", 65537, 1e9], "swapMiB: must be a whole number of MiB from 0 to 65536"],
    ["seconds", v => validate.seconds("releaseTimeoutSeconds", v, 86400), [1, 600, 86400], [0, -1, 1.5, 86401, "60"],
        "releaseTimeoutSeconds: must be a whole number of seconds from 1 to 86400"],
    ["imageReference", v => validate.imageReference("image", v),
        ["nginx", "nginx:1.25", "registry.example.com/team/app:1.2", "localhost:5000/app", "paas/shop:0123456789ab", `app@sha256:${"a".repeat(64)}`],
        ["App", "app:latest; id", "app:", "bad image", "-app", "app:" + "x".repeat(129)], "image: must be an image reference such as registry.example.com/team/app:1.2"],
    ["urlPath", v => validate.urlPath("healthPath", v), ["/", "/healthz", "/a/b?c=d"], ["healthz", "/a b", ""], "healthPath: must be a path starting with / and without spaces"],
    ["size", v => validate.size("clientMaxBodySize", v), ["10m", "512k", "1g", "0"], ["10 m", "10M", "ten", "10mb"], "clientMaxBodySize: must be a size such as 512k, 10m or 1g"],
    ["sshPublicKey", v => validate.sshPublicKey("deployKeys[0]", v),
        ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA me@laptop", "ssh-rsa AAAAB3NzaC1yc2E=", "ecdsa-sha2-nistp256 AAAAE2Vj== a b c"],
        ["ssh-ed25519 AAAA\ncommand=x", "ssh-dss AAAA", "AAAAC3Nza", "ssh-ed25519", "command=\"id\" ssh-ed25519 AAAA"],
        "deployKeys[0]: must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)"],
    ["email", v => validate.email("acmeEmail", v), ["ops@example.com", "first.last+tag@mail.example.co"], ["ops", "ops@", "@example.com", "ops@example", "ops @example.com", "ops@Example.com"],
        "acmeEmail: must be an email address such as ops@example.com"],
    ["acmeDirectoryUrl", v => validate.acmeDirectoryUrl("acmeServer", v),
        ["https://acme-staging-v02.api.letsencrypt.org/directory", "https://localhost:14000/dir", "https://ca.example"],
        ["http://acme.example/dir", "https://acme.example/dir?x=1", "https://acme.example/$(id)", "https://acme.example/dir\n", "acme.example", 443],
        "acmeServer: must be the https:// URL of an ACME directory, such as https://acme-staging-v02.api.letsencrypt.org/directory"],
    ["linodeRegion", v => validate.linodeRegion("region", v), ["us-east", "ap-south", "us-iad", "eu-central"], ["US East", "useast", "us_east", "us-east-99"],
        "region: must be a Linode region id such as us-east"],
    ["linodePlan", v => validate.linodePlan("plan", v), ["g6-nanode-1", "g6-standard-2", "g7-highmem-1", "g6-dedicated-8"], ["tiny", "nanode", "g6_nanode_1", "G6-nanode-1"],
        "plan: must be a Linode plan id such as g6-nanode-1"],
    ["linodeLabel", v => validate.linodeLabel("name", v), ["paas", "paas-prod_1.a"], ["pa", "-paas", "paas--prod", "no spaces", "a".repeat(65)],
        "name: must be 3 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"],
    ["command", v => validate.command("releaseCommand", v), [["npm", "run", "migrate"], ["x"], ["sh", "-c", ""]], [[], "npm run migrate", [1], ["a\0"], [""], ["", "x"]],
        "releaseCommand: must be a non-empty list of arguments, the first not empty"],
    ["configSize", v => validate.configSize("config", v), [{}, { A: "x".repeat(32 * 1024 - 1) }], [{ A: "x".repeat(32 * 1024) }, { A: "x".repeat(20000), B: "y".repeat(20000) }],
        "config: names and values at most 32 KiB in all"],
    ["oneOf", v => validate.oneOf("releaseSource", v, ["image", "dockerfile", "git"]), ["image", "git"], ["svn", "Image", ""],
        "releaseSource: must be one of image, dockerfile, git"],
    ["required", v => validate.required("image", v, "when releaseSource is image"), ["x"], [undefined], "image: required when releaseSource is image"],
];

describe.each(cases)("%s", (_title, check, good, bad, message) => {
    if (good.length > 0) test.each(good.map(v => [v]))("accepts %j", v => expect(check(v)).toEqual(v));
    test.each(bad.map(v => [v]))("rejects %j naming the field and the rule", v => {
        let error: unknown;
        try { check(v); } catch (e) { error = e; }
        expect(error).toBeInstanceOf(validate.ValidationError);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toBe(message);
    });
});

test.each([
    ["appName", (v: string) => validate.appName("appName", v), ["postgres", "template1", "paas", "default", "pg-x", "pg-monitor"]],
    ["identifier", (v: string) => validate.identifier("name", v), ["postgres", "template0", "pg_monitor", "paas", "default"]],
])("%s refuses the platform's own account names", (_title, check, names) => {
    for (const name of names as string[]) expect(() => (check as (v: string) => void)(name)).toThrow(`${name} is reserved by the platform`);
});

describe("checked", () => {
    const rule = (v: string) => { validate.appName("appName", v); };

    test("a plain value is checked at once", () => {
        expect(() => validate.checked("Bad", rule)).toThrow("appName: must be a DNS label");
    });

    test("a plain good value comes back as an Output", async () => {
        expect(await valueOf(validate.checked("shop", rule))).toBe("shop");
    });

    test("an Output is checked where it resolves", async () => {
        const errors = await rejectionsDuring(async () => {
            const out = validate.checked(pulumi.output("Bad"), rule);
            expect((await errorOf(out)).message).toBe("appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters");
        });
        expect(errors).toEqual(["appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"]);
        expect(await valueOf(validate.checked(pulumi.output("shop"), rule))).toBe("shop");
    });

    test("a plain object holding an Output is checked when it resolves, as a whole", async () => {
        const errors = await rejectionsDuring(() => validate.checked({ a: pulumi.output("Bad") }, (v: { a: string }) => { validate.appName("a", v.a); }));
        expect(errors).toEqual([expect.stringMatching(/^a: must be a DNS label/)]);
    });

    test("a secret stays a secret", async () => {
        expect(await pulumi.isSecret(validate.checked(pulumi.secret("shop"), rule))).toBe(true);
    });

    test("isPlain looks at every depth", () => {
        expect(validate.isPlain({ a: [1, { b: "c" }] })).toBe(true);
        expect(validate.isPlain({ a: [1, { b: pulumi.output("c") }] })).toBe(false);
        expect(validate.isPlain(Promise.resolve(1))).toBe(false);
        expect(validate.isPlain(undefined)).toBe(true);
    });
});
