import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, isSecret, rejectionsDuring, resetRegistrations, resource, secretInput, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { RedisAddon } from "./redis-addon";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test("a random password, then `paas addon redis create|delete` with JSON on secret stdin", async () => {
    const cache = new RedisAddon("shop-cache", { connection, name: "shop" });
    await settle();
    expect(everything().map(r => [r.type, r.name])).toEqual([
        ["paas:index:RedisAddon", "shop-cache"],
        ["random:index/randomPassword:RandomPassword", "shop-cache-password"],
        ["command:remote:Command", "shop-cache-user"],
    ]);
    expect(resource("shop-cache-password").inputs).toEqual({ length: 32, special: false });
    const command = resource("shop-cache-user");
    expect(command.parent).toBe(resource("shop-cache").urn);
    // A change runs the create again (an add-on of the shared Redis era learns its own server's port).
    expect(command.inputs).toMatchObject({ create: "paas addon redis create", update: "paas addon redis create", delete: "paas addon redis delete", logging: "none", triggers: ["shop"] });
    expect(command.additionalSecretOutputs).toEqual(expect.arrayContaining(["stdout", "stderr"]));
    expect(JSON.parse(secretInput(command.inputs.stdin))).toEqual({ name: "shop", password: answers.password, keepData: true, owner: resource("shop-cache").urn });

    // On the port the host gave the add-on's own server.
    expect(await valueOf(cache.env)).toEqual({ REDIS_URL: `redis://shop:${answers.password}@paas-host:6381/0` });
    expect(await isSecret(cache.url)).toBe(true);
    expect(await isSecret(cache.env)).toBe(true);
});

test("keepData: false reaches the host", async () => {
    new RedisAddon("c", { connection, name: "shop", keepData: false });
    await settle();
    expect(JSON.parse(secretInput(resource("c-user").inputs.stdin)).keepData).toBe(false);
});

test.each([
    [{ name: "shop cache" }, "name: lowercase letters, digits and _"],
    [{ name: "" }, "name: lowercase letters"],
    [{ keepData: 1 }, "keepData: must be true or false"],
])("bad input %j fails before any resource exists", async (override, message) => {
    expect(() => new RedisAddon("bad", { connection, name: "shop", ...(override as object) })).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("a name known only later is checked when it resolves", async () => {
    const errors = await rejectionsDuring(() => new RedisAddon("late", { connection, name: pulumi.output("Bad") }));
    expect(errors).toContainEqual(expect.stringContaining("name: lowercase letters, digits and _, starting with a letter, at most 63"));
    expect(everything().filter(r => r.type === "command:remote:Command")).toEqual([]);
});

test("the port comes from the host's ready line", () => {
    const { redisPort } = require("./redis-addon");
    expect(redisPort("redis server shop ready on port 6390\n")).toBe(6390);
    expect(() => redisPort("redis server shop ready")).toThrow("no port in its output");
});
