import { ruleCases } from "./rules.cases";
import * as validate from "./rules";
import { ruleTable } from "./rules";

const check = (name: keyof typeof ruleTable, field: string, args: unknown[]) => (v: unknown) =>
    (ruleTable[name] as (...a: unknown[]) => unknown)(field, v, ...args);

describe.each(ruleCases)("%s", (_title, name, field, args, good, bad, message) => {
    if (good.length > 0) test.each(good.map(v => [v]))("accepts %j", v => expect(check(name, field, args)(v)).toEqual(v));
    test.each(bad.map(v => [v]))("rejects %j naming the field and the rule", v => {
        let error: unknown;
        try { check(name, field, args)(v); } catch (e) { error = e; }
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

test("a ValidationError is marked as Pulumi's RunError, so the engine prints its message alone", () => {
    const pulumi = require("@pulumi/pulumi");
    expect(pulumi.RunError.isInstance(new validate.ValidationError("port", "must be a port"))).toBe(true);
});
