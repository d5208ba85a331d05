import { buildAppSpec } from "./app-spec";
import { buildLimits, deploySpec } from "./host-inputs";
import { buildLimitDefaults } from "./rules";

const spec = buildAppSpec({
    app: "shop", platformDomain: "paas.example", source: "image", image: "shop:1", env: {}, processes: { web: { count: 1 } }, port: 5000,
    healthPath: "/", domains: [{ name: "shop.example.com", tls: true }, { name: "old.example.com" }], clientMaxBodySize: "25m",
});
const refusal = (value: unknown) => {
    try {
        deploySpec(value);
        return "ok";
    } catch (e) {
        return (e as Error).message;
    }
};

describe("deploySpec: what the vhost is rendered from", () => {
    test("the spec the components build is accepted, with the data and no rendered text", () => {
        expect(refusal(spec)).toBe("ok");
        expect(spec).toMatchObject({ hostnames: ["shop.paas.example", "shop.example.com", "old.example.com"], tlsDomains: ["shop.example.com"], clientMaxBodySize: "25m" });
        expect(spec).not.toHaveProperty("vhost");
    });

    test.each([
        [{ vhost: { plain: "server { server_name bank.example.com; }", tls: {} } }, "vhost: not accepted: the host renders the vhost from hostnames, tlsDomains and clientMaxBodySize"],
        [{ hostnames: undefined }, "hostnames: must be a list of lowercase domain names"],
        [{ hostnames: [] }, "hostnames: must list every hostname once, the default <app>.<platform domain> first"],
        [{ hostnames: ["www.example.com", "shop.paas.example"] }, "hostnames: must list every hostname once, the default <app>.<platform domain> first"],
        [{ hostnames: ["shop.paas.example", "shop.example.com", "shop.example.com"] }, "hostnames: must list every hostname once"],
        [{ hostnames: ["shop.paas.example", "a b.example.com"] }, "hostnames: must be a list of lowercase domain names"],
        [{ tlsDomains: undefined }, "tlsDomains: must be a list of lowercase domain names"],
        [{ tlsDomains: ["bank.example.com"] }, "tlsDomains: must be hostnames of the app, each once"],
        [{ tlsDomains: ["shop.example.com", "shop.example.com"] }, "tlsDomains: must be hostnames of the app, each once"],
        [{ clientMaxBodySize: undefined }, "clientMaxBodySize: must be a size such as 512k, 10m or 1g"],
        [{ clientMaxBodySize: "10m; include /etc/passwd" }, "clientMaxBodySize: must be a size such as 512k, 10m or 1g"],
    ])("refuses %j naming the field", (change, message) => {
        expect(refusal({ ...spec, ...change })).toContain(message);
    });
});

describe("build limits", () => {
    test("unset limits take the defaults; set ones are kept", () => {
        expect(buildLimits({})).toEqual(buildLimitDefaults);
        expect(buildLimits({ memoryMiB: 64, timeoutSeconds: 5 })).toEqual({ ...buildLimitDefaults, memoryMiB: 64, timeoutSeconds: 5 });
    });
    test.each([
        [[], "build-limits.json: must be a JSON object"],
        [{ memory: 64 }, "build-limits.json.memory: is not a build limit (memoryMiB, cpus, timeoutSeconds, contextMiB)"],
        [{ memoryMiB: 8 }, "build-limits.json.memoryMiB: must be a whole number of MiB from 16 to 262144"],
        [{ cpus: 0 }, "build-limits.json.cpus: must be a number of CPUs from 0.01 to 64"],
        [{ timeoutSeconds: 0 }, "build-limits.json.timeoutSeconds: must be a whole number of seconds from 1 to 86400"],
        [{ contextMiB: "1" }, "build-limits.json.contextMiB: must be a whole number of MiB from 1 to 65536"],
    ])("%j is refused naming the field", (value, message) => {
        expect(() => buildLimits(value)).toThrow(message);
    });
});
