import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, isSecret, isSecretInput, rejectionsDuring, resetRegistrations, resource, reveal, secretInput, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { PostgresAddon } from "./postgres-addon";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test("a random password, then `paas addon postgres create|delete` with JSON on secret stdin", async () => {
    const db = new PostgresAddon("shop-db", { connection, name: "shop" });
    await settle();
    expect(everything().map(r => [r.type, r.name])).toEqual([
        ["paas:index:PostgresAddon", "shop-db"],
        ["random:index/randomPassword:RandomPassword", "shop-db-password"],
        ["command:remote:Command", "shop-db-database"],
    ]);
    const component = resource("shop-db");
    expect(resource("shop-db-password").parent).toBe(component.urn);
    expect(resource("shop-db-password").inputs).toEqual({ length: 32, special: false });

    const command = resource("shop-db-database");
    expect(command.parent).toBe(component.urn);
    expect(Object.keys(command.inputs).sort()).toEqual(["connection", "create", "delete", "logging", "stdin", "triggers"]);
    expect(command.inputs.create).toBe("paas addon postgres create");
    expect(command.inputs.delete).toBe("paas addon postgres delete");
    expect(command.inputs.logging).toBe("none");
    expect(command.inputs.triggers).toEqual(["shop"]);
    expect(command.additionalSecretOutputs).toEqual(expect.arrayContaining(["stdout", "stderr"]));
    expect(JSON.parse(secretInput(command.inputs.stdin))).toEqual({ name: "shop", password: answers.password, keepData: true, owner: component.urn });
    expect(isSecretInput(command.inputs.connection)).toBe(true);
    expect(reveal(command.inputs.connection)).toMatchObject({ host: "203.0.113.10", privateKey: "KEY", user: "root", port: 22 });

    expect(await valueOf(db.url)).toBe(`postgres://shop:${answers.password}@paas-host:5432/shop`);
    expect(await valueOf(db.env)).toEqual({ DATABASE_URL: `postgres://shop:${answers.password}@paas-host:5432/shop` });
    expect(await isSecret(db.url)).toBe(true);
    expect(await isSecret(db.env)).toBe(true);
});

test("keepData: false reaches the host, so delete drops the database", async () => {
    new PostgresAddon("db", { connection, name: "shop", keepData: false });
    await settle();
    expect(JSON.parse(secretInput(resource("db-database").inputs.stdin)).keepData).toBe(false);
});

test.each([
    [{ name: "shop-db" }, "name: lowercase letters, digits and _, starting with a letter, at most 63"],
    [{ name: "Shop" }, "name: lowercase letters"],
    [{ name: "x".repeat(64) }, "name: lowercase letters"],
    [{ keepData: "no" }, "keepData: must be true or false"],
])("bad input %j fails before any resource exists", async (override, message) => {
    expect(() => new PostgresAddon("bad", { connection, name: "shop", ...(override as object) })).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("a name known only later is checked when it resolves, and the command never gets it", async () => {
    const errors = await rejectionsDuring(() => new PostgresAddon("late", { connection, name: pulumi.output("shop; drop") }));
    expect(errors).toContainEqual(expect.stringContaining("name: lowercase letters, digits and _, starting with a letter, at most 63"));
    expect(everything().filter(r => r.type === "command:remote:Command")).toEqual([]);
});
