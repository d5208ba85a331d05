import * as pulumi from "@pulumi/pulumi";
import { components, installMocks, resetRegistrations, secretInput, isSecret, registered, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { PostgresAddon } from "./postgres-addon";
import { RedisAddon } from "./redis-addon";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test.each([
    ["postgres", (n: string) => new PostgresAddon(n, { connection, name: "shop" }), "paas addon postgres", "DATABASE_URL", "postgres://shop:generatedpassword0123456789abcdef@paas-host:5432/shop"],
    ["redis", (n: string) => new RedisAddon(n, { connection, name: "shop" }), "paas addon redis", "REDIS_URL", "redis://shop:generatedpassword0123456789abcdef@paas-host:6379/0"],
])("%s: a random password, a fixed command with JSON stdin, a secret URL", async (_kind, make, cmd, key, url) => {
    const addon = make("a");
    await settle();
    expect(registered.map(r => r.type)).toEqual(["random:index/randomPassword:RandomPassword", "command:remote:Command"]);
    const command = registered[1];
    expect(command.inputs.create).toBe(`${cmd} create`);
    expect(command.inputs.delete).toBe(`${cmd} delete`);
    expect(command.inputs.logging).toBe("none");
    expect(JSON.parse(secretInput(command.inputs.stdin))).toEqual({ name: "shop", password: "generatedpassword0123456789abcdef", keepData: true });
    expect(registered[0].inputs).toMatchObject({ length: 32, special: false });
    expect(await valueOf(addon.env)).toEqual({ [key]: url });
    expect(await isSecret(addon.env)).toBe(true);
    expect(await isSecret(addon.url)).toBe(true);
});

test("keepData: false is passed on", async () => {
    new PostgresAddon("b", { connection, name: "shop", keepData: false });
    await settle();
    expect(JSON.parse(secretInput(registered[1].inputs.stdin)).keepData).toBe(false);
});

test("a bad name fails before any resource exists", async () => {
    expect(() => new PostgresAddon("c", { connection, name: "shop-db" })).toThrow(/^name: lowercase letters, digits and _/);
    await settle();
    expect([...registered, ...components]).toEqual([]);
});
