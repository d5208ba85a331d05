// The stack program with `paas:target: host`: the platform on an existing host, and the sample app.
import * as pulumi from "@pulumi/pulumi";
import { everything, installMocks, resetRegistrations, resource, reveal, secretInput, settle, valueOf } from "./mocks";
installMocks();

pulumi.runtime.setAllConfig({
    "paas:target": "host",
    "paas:host": "127.0.0.1",
    "paas:port": "2222",
    "paas:domain": "paas.localhost",
    "paas:sshPrivateKey": "PRIVATE KEY",
    "paas:sampleGreeting": "Hello, test",
}, ["paas:sshPrivateKey"]);

test("a Platform on the host, a Postgres add-on and the sample app built from its Dockerfile", async () => {
    const stack = require("../../stacks/index");
    await settle();
    expect(everything().filter(r => r.type.startsWith("linode:"))).toEqual([]);
    expect(everything().map(r => r.name)).toEqual(expect.arrayContaining([
        "paas", "paas-host", "paas-host-scripts", "paas-host-bootstrap", "sample-db", "sample-db-database",
        "sample", "sample-app", "sample-build-context", "sample-deploy",
    ]));
    expect(resource("paas").type).toBe("paas:index:Platform");
    expect(resource("sample").parent).toBe(resource("paas").urn);
    expect(reveal(resource("paas-host-bootstrap").inputs.connection)).toMatchObject({ host: "127.0.0.1", port: 2222, user: "root", privateKey: "PRIVATE KEY" });
    const spec = JSON.parse(resource("sample-deploy").inputs.stdin);
    expect(spec).toMatchObject({ app: "sample", source: "image", port: 5000, healthPath: "/healthz", processes: { web: { count: 1 } } });
    expect(Object.keys(spec.config)).toEqual(["DATABASE_URL", "GREETING"]);
    const { env } = JSON.parse(secretInput(resource("sample-config").inputs.stdin));
    expect(env.GREETING).toBe("Hello, test");
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/sample:.+@paas-host:5432\/sample$/);
    expect(spec.image).toMatch(/^paas\/sample:[0-9a-f]{12}$/);
    expect(await valueOf(stack.urls.sample)).toBe("http://sample.paas.localhost/");
    expect(await valueOf(stack.platformDomain)).toBe("paas.localhost");
    expect(stack.serverIpv4).toBe("127.0.0.1");
});

test("a bad app value fails the program before any resource, even the platform, is registered", async () => {
    resetRegistrations();
    pulumi.runtime.setConfig("paas:sampleWebCount", "21");
    try {
        jest.isolateModules(() => {
            expect(() => require("../../stacks/index")).toThrow("processes.web.count: must be a whole number from 0 to 20");
        });
    } finally {
        pulumi.runtime.setConfig("paas:sampleWebCount", "1");
    }
    await settle();
    expect(everything()).toEqual([]);
});

test("a paas:hostKey that is no OpenSSH public key fails the program before any resource is registered", async () => {
    resetRegistrations();
    pulumi.runtime.setConfig("paas:hostKey", "127.0.0.1 ssh-ed25519 AAAA");
    try {
        jest.isolateModules(() => {
            expect(() => require("../../stacks/index")).toThrow("paas:hostKey: must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)");
        });
    } finally {
        const rest = Object.entries(pulumi.runtime.allConfig()).filter(([k]) => k !== "paas:hostKey");
        pulumi.runtime.setAllConfig(Object.fromEntries(rest) as Record<string, string>, ["paas:sshPrivateKey"]);
    }
    await settle();
    expect(everything()).toEqual([]);
});

test("counts recorded by `paas scale` (paas:formation) win over the declared ones, for the processes they name", () => {
    const { applyFormation } = require("../../stacks/apps");
    const definitions = { shop: { args: { releaseSource: "git", processes: { web: { count: 1 }, worker: { count: 2, command: ["w"] } } } }, other: { args: { releaseSource: "git" } } };
    expect(applyFormation(definitions, { shop: { web: 3 }, other: { web: 2 } })).toEqual({
        shop: { args: { releaseSource: "git", processes: { web: { count: 3 }, worker: { count: 2, command: ["w"] } } } },
        other: { args: { releaseSource: "git", processes: { web: { count: 2 } } } },
    });
    expect(applyFormation(definitions, {})).toEqual(definitions);
});

test("more apps than the platform runs fail the program before any resource is registered, naming the field and the rule", async () => {
    resetRegistrations();
    const { maxApps } = require("../../shared/rules");
    jest.isolateModules(() => {
        const apps = jest.requireActual("../../stacks/apps");
        jest.doMock("../../stacks/apps", () => ({
            ...apps,
            appDefinitions: () => Object.fromEntries(Array.from({ length: maxApps + 1 }, (_, n) => [`app-${n}`, { args: { releaseSource: "git" } }])),
        }));
        expect(() => require("../../stacks/index")).toThrow(`appDefinitions: at most ${maxApps} apps on one platform`);
    });
    jest.dontMock("../../stacks/apps");
    await settle();
    expect(everything()).toEqual([]);
});
