import * as validate from "./validate";

// Each rule: a good value passes through; a bad one fails naming the field and the rule.
const cases: [string, (v: any) => unknown, unknown, unknown, RegExp][] = [
    ["appName", v => validate.appName("name", v), "shop-2", "Shop_2", /^name: must be a DNS label/],
    ["appName too long", v => validate.appName("name", v), "a".repeat(30), "a".repeat(31), /^name: must be a DNS label/],
    ["appName trailing dash", v => validate.appName("name", v), "a-b", "ab-", /^name: /],
    ["domainName", v => validate.domainName("domains[0].name", v), "shop.example.com", "shop..example.com", /^domains\[0\]\.name: must be a lowercase domain name/],
    ["domainName wildcard", v => validate.domainName("domain", v), "example.com", "*.example.com", /^domain: /],
    ["domainName injection", v => validate.domainName("domain", v), "a.io", "a.io; rm -rf /", /^domain: /],
    ["envKey", v => validate.envKey("config.X", v), "DATABASE_URL", "database-url", /^config\.X: names are uppercase letters/],
    ["envKey digit first", v => validate.envKey("config.1A", v), "A1", "1A", /^config\.1A: /],
    ["port", v => validate.port("port", v), 5000, 70000, /^port: must be a whole number from 1 to 65535/],
    ["port zero", v => validate.port("port", v), 1, 0, /^port: /],
    ["processName", v => validate.processName("processes.Web", v), "worker", "Web", /^processes\.Web: names are lowercase/],
    ["processCount", v => validate.processCount("processes.web.count", v), 3, 21, /^processes\.web\.count: must be a whole number from 0 to 20/],
    ["processCount fraction", v => validate.processCount("processes.web.count", v), 0, 1.5, /^processes\.web\.count: /],
    ["imageReference", v => validate.imageReference("image", v), "registry.example.com/team/app:1.2", "app:latest; id", /^image: must be an image reference/],
    ["urlPath", v => validate.urlPath("healthPath", v), "/healthz", "healthz", /^healthPath: must be a path starting with \//],
    ["sshPublicKey", v => validate.sshPublicKey("deployKeys[0]", v), "ssh-ed25519 AAAAC3Nza me@laptop", "ssh-ed25519 AAAA\ncommand=x", /^deployKeys\[0\]: must be one OpenSSH public key line/],
    ["command", v => validate.command("releaseCommand", v), ["npm", "run", "migrate"], [], /^releaseCommand: must be a non-empty list of arguments/],
    ["oneOf", v => validate.oneOf("releaseSource", v, ["image", "git"]), "git", "svn", /^releaseSource: must be one of image, git/],
    ["identifier", v => validate.identifier("name", v), "shop_db", "shop-db", /^name: lowercase letters, digits and _/],
];

describe.each(cases)("%s", (_title, check, good, bad, message) => {
    test("accepts a good value", () => expect(check(good)).toEqual(good));
    test("rejects a bad value with the field and the rule", () => expect(() => check(bad)).toThrow(message));
});
