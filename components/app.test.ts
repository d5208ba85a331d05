import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { components, installMocks, resetRegistrations, secretInput, isSecret, registered, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { App, parseRelease } from "./app";
import { PostgresAddon } from "./postgres-addon";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
const base = { connection, platformDomain: "paas.example", releaseSource: "image", image: "registry.example.com/shop:1.2" };
const stdinOf = async (name: string) => {
    await settle();
    const r = registered.find(x => x.name === name);
    if (!r) throw new Error(`${name} was not registered`);
    return r;
};

beforeEach(resetRegistrations);

describe("App", () => {
    test("deploys with a fixed command and the spec, config and add-ons on secret stdin", async () => {
        const db = new PostgresAddon("shop-db", { connection, name: "shop" });
        const app = new App("shop", { ...base, config: { GREETING: "hi $(id)" }, addons: [db], processes: { web: { count: 2 } }, healthPath: "/healthz" });
        const release = await stdinOf("shop-release");
        expect(release.type).toBe("command:remote:Command");
        expect(release.inputs.create).toBe("paas app deploy");
        expect(release.inputs.delete).toBe("paas app destroy");
        expect(release.inputs.logging).toBe("none");
        const stdin = JSON.parse(secretInput(release.inputs.stdin));
        expect(stdin).toMatchObject({
            app: "shop", source: "image", image: "registry.example.com/shop:1.2", port: 5000, healthPath: "/healthz",
            processes: { web: { count: 2 } }, hostnames: ["shop.paas.example"],
            env: { GREETING: "hi $(id)", DATABASE_URL: "postgres://shop:generatedpassword0123456789abcdef@paas-host:5432/shop" },
        });
        expect(await valueOf(app.url)).toBe("http://shop.paas.example/");
        expect(await valueOf(app.release)).toBe("v3");
        expect(await valueOf(app.image)).toBe("paas/sample:0123456789ab");
        expect(await isSecret(app.image)).toBe(false);
    });

    test("a dockerfile app copies its context and deploys the image named by its digest", async () => {
        new App("sample", { ...base, releaseSource: "dockerfile", image: undefined, dockerfileContext: path.join(__dirname, "../stacks/sample-app") });
        const copy = await stdinOf("sample-context");
        expect(copy.type).toBe("command:remote:CopyToRemote");
        expect(copy.inputs.remotePath).toMatch(/^\/tmp\/paas-build\/sample-[0-9a-f]{12}$/);
        const stdin = JSON.parse(secretInput((await stdinOf("sample-release")).inputs.stdin));
        expect(stdin.image).toBe(`paas/sample:${copy.inputs.remotePath.slice(-12)}`);
        expect(stdin.buildContext).toBe(copy.inputs.remotePath);
    });

    test("deploy keys go to `paas keys set` as data", async () => {
        new App("pushy", { ...base, releaseSource: "git", image: undefined, deployKeys: ["ssh-ed25519 AAAAC3Nza laptop"] });
        const keys = await stdinOf("pushy-deploy-keys");
        expect(keys.inputs.create).toBe("paas keys set");
        expect(JSON.parse(secretInput(keys.inputs.stdin))).toEqual({ app: "pushy", keys: ["ssh-ed25519 AAAAC3Nza laptop"] });
        expect(JSON.parse(secretInput((await stdinOf("pushy-release")).inputs.stdin))).not.toHaveProperty("image");
    });

    test("TLS domains make the URL https", async () => {
        const app = new App("secure", { ...base, domains: [{ name: "secure.example.com", tls: true }] });
        expect(await valueOf(app.url)).toBe("https://secure.paas.example/");
        expect(JSON.parse(secretInput((await stdinOf("secure-release")).inputs.stdin)).tlsDomains).toEqual(["secure.example.com"]);
    });

    test.each([
        [{ releaseSource: "svn" }, /^releaseSource: must be one of image, dockerfile, git/],
        [{ image: undefined }, /^image: required when releaseSource is image/],
        [{ releaseSource: "dockerfile", dockerfileContext: "/nonexistent" }, /^dockerfileContext: must be a directory with a Dockerfile/],
        [{ processes: { web: { count: 21 } } }, /^processes\.web\.count: /],
        [{ port: 70000 }, /^port: /],
        [{ healthPath: "x" }, /^healthPath: /],
        [{ domains: [{ name: "evil.com; reboot" }] }, /^domains\[0\]\.name: /],
        [{ deployKeys: ["not a key"] }, /^deployKeys\[0\]: /],
        [{ releaseCommand: [] }, /^releaseCommand: /],
    ])("bad input %o fails before any resource exists", async (override, message) => {
        expect(() => new App("bad", { ...base, ...(override as object) })).toThrow(message);
        await settle();
        expect([...registered, ...components].filter(r => r.name.startsWith("bad"))).toEqual([]);
    });

    test("an invalid app name is refused", () => {
        expect(() => new App("Not_A_Label", base)).toThrow(/^name: must be a DNS label/);
    });
});

describe("parseRelease", () => {
    test("reads the last release line", () => {
        expect(parseRelease("-----> building\nreleased v7 paas/shop:abc\n")).toEqual({ release: "v7", image: "paas/shop:abc" });
        expect(parseRelease("unchanged: v7 paas/shop:abc")).toEqual({ release: "v7", image: "paas/shop:abc" });
        expect(parseRelease("waiting for git push: ...")).toEqual({ release: "", image: "" });
        expect(parseRelease(undefined)).toEqual({ release: "", image: "" });
    });
});
