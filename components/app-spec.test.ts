import { AppSpecInput, buildAppSpec } from "./app-spec";

const input: AppSpecInput = {
    app: "shop", platformDomain: "paas.example", source: "image", image: "registry.example.com/shop:1.2",
    env: { GREETING: "hi" }, processes: { worker: { count: 2, command: ["node", "worker.js"] }, web: { count: 1 } },
    port: 5000, healthPath: "/healthz", releaseCommand: ["npm", "run", "migrate"],
    domains: [{ name: "shop.example.com", tls: true }], clientMaxBodySize: "10m",
};

describe("buildAppSpec", () => {
    test("is the stdin of `paas app deploy`", () => {
        const s = buildAppSpec(input);
        expect(s).toMatchObject({
            app: "shop", source: "image", image: "registry.example.com/shop:1.2", env: { GREETING: "hi" },
            processes: { web: { count: 1 }, worker: { count: 2, command: ["node", "worker.js"] } },
            port: 5000, healthPath: "/healthz", releaseCommand: ["npm", "run", "migrate"],
            hostnames: ["shop.paas.example", "shop.example.com"], tlsDomains: ["shop.example.com"],
        });
        expect(Object.keys(s.processes)).toEqual(["web", "worker"]);
        expect(s.vhost.https).toContain("ssl_certificate");
    });

    test("a git app carries no image: the host deploys the latest push", () => {
        const s = buildAppSpec({ ...input, source: "git", image: undefined });
        expect(s.source).toBe("git");
        expect(s).not.toHaveProperty("image");
    });

    test("a dockerfile app deploys its built image", () => {
        expect(buildAppSpec({ ...input, source: "dockerfile", image: "paas/shop:0123456789ab" })).toMatchObject({ source: "image", image: "paas/shop:0123456789ab" });
    });

    test.each([
        [{ app: "Shop" }, /^name: /],
        [{ platformDomain: "paas" }, /^platformDomain: /],
        [{ source: "svn" }, /^releaseSource: must be one of image, dockerfile, git/],
        [{ image: undefined }, /^image: required when releaseSource is image/],
        [{ image: "bad image" }, /^image: /],
        [{ env: { "bad-key": "x" } }, /^config\.bad-key: /],
        [{ processes: { Web: { count: 1 } } }, /^processes\.Web: /],
        [{ processes: { web: { count: 99 } } }, /^processes\.web\.count: /],
        [{ processes: { web: { count: 1, command: [] } } }, /^processes\.web\.command: /],
        [{ port: 0 }, /^port: /],
        [{ healthPath: "health" }, /^healthPath: /],
        [{ releaseCommand: [] }, /^releaseCommand: /],
        [{ domains: [{ name: "bad domain" }] }, /^domains\[0\]\.name: /],
    ])("rejects %o", (override, message) => {
        expect(() => buildAppSpec({ ...input, ...(override as Partial<AppSpecInput>) })).toThrow(message);
    });

    test("config values are data: quotes, newlines, $() and ; pass unchanged", () => {
        const nasty = "a'b\"c\n$(touch /tmp/x); id";
        expect(buildAppSpec({ ...input, env: { NASTY: nasty } }).env.NASTY).toBe(nasty);
    });
});
