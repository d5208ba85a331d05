import { AppSpecInput, buildAppSpec, buildConfigStage, buildDeploySpec, configFingerprints, mergeEnv, parseReleaseLine } from "./app-spec";
import * as hostInputs from "./host-inputs";

const input: AppSpecInput = {
    app: "shop", platformDomain: "paas.example", source: "image", image: "registry.example.com/shop:1.2",
    env: { GREETING: "hi", API_KEY: "k" }, processes: { worker: { count: 2, command: ["node", "worker.js"] }, web: { count: 1 } },
    port: 5000, healthPath: "/healthz", releaseCommand: ["npm", "run", "migrate"],
    domains: [{ name: "shop.example.com", tls: true }, { name: "old.example.com" }], clientMaxBodySize: "10m",
};

describe("buildAppSpec", () => {
    test("is exactly the stdin of `paas app deploy`", () => {
        const hostnames = ["shop.paas.example", "shop.example.com", "old.example.com"];
        expect(buildAppSpec(input)).toEqual({
            app: "shop",
            image: "registry.example.com/shop:1.2",
            source: "image",
            env: { API_KEY: "k", GREETING: "hi" },
            processes: { web: { count: 1 }, worker: { count: 2, command: ["node", "worker.js"] } },
            port: 5000,
            healthPath: "/healthz",
            releaseCommand: ["npm", "run", "migrate"],
            tlsDomains: ["shop.example.com"],
            hostnames,
            clientMaxBodySize: "10m",
        });
    });

    test("keys come in a stable order, so an unchanged app gives the same stdin", () => {
        const s = buildAppSpec(input);
        expect(Object.keys(s)).toEqual(["app", "image", "source", "env", "processes", "port", "healthPath", "releaseCommand", "tlsDomains", "hostnames", "clientMaxBodySize"]);
        expect(Object.keys(s.env!)).toEqual(["API_KEY", "GREETING"]);
        expect(Object.keys(s.processes)).toEqual(["web", "worker"]);
        const reordered = buildAppSpec({ ...input, env: { GREETING: "hi", API_KEY: "k" }, processes: { web: { count: 1 }, worker: { command: ["node", "worker.js"], count: 2 } } });
        expect(JSON.stringify(reordered)).toBe(JSON.stringify(s));
    });

    test("a git app carries no image: the host deploys the latest push", () => {
        const s = buildAppSpec({ ...input, source: "git", image: undefined });
        expect(s.source).toBe("git");
        expect(s).not.toHaveProperty("image");
    });

    test("a dockerfile app deploys its image, built from buildContext on the host", () => {
        const s = buildAppSpec({ ...input, source: "dockerfile", image: "paas/shop:0123456789ab", buildContext: "/root/paas-uploads/build-shop-0123456789ab" });
        expect(s).toMatchObject({ source: "image", image: "paas/shop:0123456789ab", buildContext: "/root/paas-uploads/build-shop-0123456789ab" });
    });

    test("no releaseCommand, no TLS: the fields are left out or empty", () => {
        const s = buildAppSpec({ ...input, releaseCommand: undefined, domains: [] });
        expect(s).not.toHaveProperty("releaseCommand");
        expect(s).not.toHaveProperty("releaseTimeoutSeconds");
        expect(s.tlsDomains).toEqual([]);
        expect(s.hostnames).toEqual(["shop.paas.example"]);
    });

    test("a release timeout goes with the release command, and alone is refused", () => {
        expect(buildAppSpec({ ...input, releaseTimeoutSeconds: 120 })).toMatchObject({ releaseCommand: ["npm", "run", "migrate"], releaseTimeoutSeconds: 120 });
        expect(() => buildAppSpec({ ...input, releaseCommand: undefined, releaseTimeoutSeconds: 120 })).toThrow("releaseTimeoutSeconds: only with releaseCommand");
    });

    test("a domain listed twice, or equal to the default, appears once", () => {
        const s = buildAppSpec({ ...input, domains: [{ name: "shop.paas.example" }, { name: "a.example.com", tls: true }, { name: "a.example.com", tls: true }] });
        expect(s.hostnames).toEqual(["shop.paas.example", "a.example.com"]);
        expect(s.tlsDomains).toEqual(["a.example.com"]);
    });

    test.each([
        [{ app: "Shop" }, "appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"],
        [{ platformDomain: "paas" }, "platformDomain: must be a lowercase domain name"],
        [{ source: "svn" }, "releaseSource: must be one of image, dockerfile, git"],
        [{ image: undefined }, "image: required when releaseSource is image"],
        [{ image: "bad image" }, "image: must be an image reference"],
        [{ buildContext: "/root/paas-uploads/build-shop-1" }, "buildContext: only with releaseSource dockerfile"],
        [{ source: "dockerfile", buildContext: "/root/paas-uploads/build-../../etc" }, "buildContext: must be a folder /root/paas-uploads/build-<app>-<digest>"],
        [{ source: "dockerfile", buildContext: "/tmp/paas-build/shop-0123456789ab" }, "buildContext: must be a folder /root/paas-uploads/build-<app>-<digest>"],
        [{ env: { "bad-key": "x" } }, "config.bad-key: names are uppercase letters"],
        [{ env: { PORT: "80" } }, "config.PORT: set by the platform from port"],
        [{ env: { LD_PRELOAD: "/x.so" } }, "config.LD_PRELOAD: reserved"],
        [{ env: { X: "a\0b" } }, "config.X: must be a string without NUL characters"],
        [{ processes: {} }, "processes: at least one process type"],
        [{ processes: { Web: { count: 1 } } }, "processes.Web: names are lowercase"],
        [{ processes: { web: { count: 21 } } }, "processes.web.count: must be a whole number from 0 to 20"],
        [{ processes: { web: { count: 1, command: [] } } }, "processes.web.command: must be a non-empty list of arguments, the first not empty"],
        [{ port: 0 }, "port: must be a whole number from 1 to 65535"],
        [{ healthPath: "health" }, "healthPath: must be a path starting with /"],
        [{ releaseCommand: [] }, "releaseCommand: must be a non-empty list of arguments, the first not empty"],
        [{ releaseTimeoutSeconds: 86401 }, "releaseTimeoutSeconds: must be a whole number of seconds from 1 to 86400"],
        [{ releaseTimeoutSeconds: 1.5 }, "releaseTimeoutSeconds: must be a whole number of seconds from 1 to 86400"],
        [{ domains: [{ name: "bad domain" }] }, "domains[0].name: must be a lowercase domain name"],
        [{ domains: [{ name: "*.example.com" }] }, "domains[0].name: must be a lowercase domain name"],
        [{ clientMaxBodySize: "10 m" }, "clientMaxBodySize: must be a size"],
        [{ memoryMiB: 8 }, "memoryMiB: must be a whole number of MiB from 16 to 262144"],
        [{ cpus: 1.001 }, "cpus: must be a number of CPUs from 0.01 to 64, in hundredths such as 0.5 or 1.25"],
        [{ processes: { web: { count: 1, memoryMiB: 0 } } }, "processes.web.memoryMiB: must be a whole number of MiB from 16 to 262144"],
        [{ processes: { web: { count: 1, cpus: 65 } } }, "processes.web.cpus: must be a number of CPUs from 0.01 to 64"],
    ])("rejects %j", (override, message) => {
        expect(() => buildAppSpec({ ...input, ...(override as Partial<AppSpecInput>) })).toThrow(message);
    });

    test("container sizes: the app's and each process type's, only where given", () => {
        const s = buildAppSpec({ ...input, memoryMiB: 512, cpus: 0.5, processes: { web: { count: 1, cpus: 2 }, worker: { count: 2, command: ["node", "worker.js"], memoryMiB: 128 } } });
        expect(s).toMatchObject({ memoryMiB: 512, cpus: 0.5 });
        expect(s.processes).toEqual({ web: { count: 1, cpus: 2 }, worker: { count: 2, command: ["node", "worker.js"], memoryMiB: 128 } });
        expect(buildAppSpec(input)).not.toHaveProperty("memoryMiB");
        expect(buildAppSpec(input)).not.toHaveProperty("cpus");
    });

    test("the host refuses a size the components would", () => {
        const s = buildAppSpec(input);
        expect(() => hostInputs.deploySpec({ ...s, cpus: 0.001 })).toThrow("cpus: must be a number of CPUs");
        expect(() => hostInputs.deploySpec({ ...s, processes: { web: { count: 1, memoryMiB: "256" } } })).toThrow("processes.web.memoryMiB: must be a whole number of MiB");
    });

    test("config values are data: quotes, newlines, $(), backquotes and ; pass unchanged", () => {
        const nasty = "a'b\"c\n$(touch /tmp/x); `id` \\ $HOME";
        const s = buildAppSpec({ ...input, env: { NASTY: nasty } });
        expect(s.env!.NASTY).toBe(nasty);
        expect(JSON.parse(JSON.stringify(s)).env.NASTY).toBe(nasty);
    });
});

describe("config fingerprints", () => {
    const salt = "s".repeat(32);
    test("one per var, 16 hex digits, the same for the same name, value and salt", () => {
        const f = configFingerprints({ B: "2", A: "1" }, salt);
        expect(Object.keys(f)).toEqual(["A", "B"]);
        expect(Object.values(f).every(v => /^[0-9a-f]{16}$/.test(v))).toBe(true);
        expect(configFingerprints({ A: "1", B: "2" }, salt)).toEqual(f);
    });
    test("a changed value, a moved value or another salt gives another fingerprint", () => {
        const f = configFingerprints({ A: "1", B: "2" }, salt);
        expect(configFingerprints({ A: "1", B: "3" }, salt).B).not.toBe(f.B);
        expect(configFingerprints({ A: "1", B: "3" }, salt).A).toBe(f.A);
        expect(configFingerprints({ B: "1" }, salt).B).not.toBe(f.A);
        expect(configFingerprints({ A: "1" }, "t".repeat(32)).A).not.toBe(f.A);
    });
    test("the value is in no fingerprint", () => {
        const f = configFingerprints({ TOKEN: "abcdef0123456789" }, salt);
        expect(JSON.stringify(f)).not.toContain("abcdef0123456789");
    });
});

describe("buildConfigStage", () => {
    test("is the stdin of `paas app config`: the env and its fingerprints", () => {
        expect(buildConfigStage("shop", { B: "2", A: "1" }, "salt")).toEqual({
            app: "shop", env: { A: "1", B: "2" }, fingerprints: configFingerprints({ A: "1", B: "2" }, "salt"),
        });
    });
    test.each([
        [{ "bad-name": "x" }, "config.bad-name: names are uppercase letters"],
        [{ PORT: "1" }, "config.PORT: set by the platform from port"],
        [{ A: "x".repeat(40000) }, "config: names and values at most 32 KiB in all"],
    ])("refuses %j", (env, message) => expect(() => buildConfigStage("shop", env as Record<string, string>, "salt")).toThrow(message));
});

describe("buildDeploySpec", () => {
    test("the spec with the config's fingerprints in place of its values", () => {
        const { env, ...rest } = input;
        const fps = configFingerprints(env, "salt");
        const s = buildDeploySpec(rest, fps);
        const { env: _values, ...full } = buildAppSpec(input);
        expect(s).toEqual({ ...full, config: fps });
        expect(Object.keys(s)).toEqual(["app", "image", "source", "config", "processes", "port", "healthPath", "releaseCommand", "tlsDomains", "hostnames", "clientMaxBodySize"]);
        expect(JSON.stringify(s)).not.toContain('"hi"');
    });
});

describe("mergeEnv", () => {
    test("an app's config and its add-ons' vars, together", () => {
        expect(mergeEnv({ A: "1" }, { DATABASE_URL: "postgres://x" })).toEqual({ A: "1", DATABASE_URL: "postgres://x" });
    });
    test("a config var may not shadow an add-on's", () => {
        expect(() => mergeEnv({ DATABASE_URL: "x" }, { DATABASE_URL: "y" })).toThrow("config.DATABASE_URL: also given by an add-on");
    });
});

describe("parseReleaseLine", () => {
    test.each([
        ["-----> building\nreleased v7 paas/shop:abc\n", { release: "v7", image: "paas/shop:abc" }],
        ["unchanged: v7 registry.example.com/shop:1.2", { release: "v7", image: "registry.example.com/shop:1.2" }],
        ["waiting for git push: git push git@<host>:shop main\n", { release: "", image: "" }],
        ["released v7 paas/shop:abc\n-----> something after", { release: "", image: "" }],
        ["", { release: "", image: "" }],
        [undefined, { release: "", image: "" }],
    ])("%j", (stdout, expected) => expect(parseReleaseLine(stdout)).toEqual(expected));
});
