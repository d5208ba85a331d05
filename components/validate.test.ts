import * as pulumi from "@pulumi/pulumi";
import { errorOf, installMocks, rejectionsDuring, valueOf } from "../test/unit/mocks";
installMocks();
import * as validate from "./validate";

describe("checked", () => {
    const rule = (v: string) => { validate.appName("appName", v); };

    test("a plain value is checked at once", () => {
        expect(() => validate.checked("Bad", rule)).toThrow("appName: must be a DNS label");
    });

    test("a plain good value comes back as an Output", async () => {
        expect(await valueOf(validate.checked("shop", rule))).toBe("shop");
    });

    test("an Output is checked where it resolves", async () => {
        const errors = await rejectionsDuring(async () => {
            const out = validate.checked(pulumi.output("Bad"), rule);
            expect((await errorOf(out)).message).toBe("appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters");
        });
        expect(errors).toEqual(["appName: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"]);
        expect(await valueOf(validate.checked(pulumi.output("shop"), rule))).toBe("shop");
    });

    test("a plain object holding an Output is checked when it resolves, as a whole", async () => {
        const errors = await rejectionsDuring(() => validate.checked({ a: pulumi.output("Bad") }, (v: { a: string }) => { validate.appName("a", v.a); }));
        expect(errors).toEqual([expect.stringMatching(/^a: must be a DNS label/)]);
    });

    test("a secret stays a secret", async () => {
        expect(await pulumi.isSecret(validate.checked(pulumi.secret("shop"), rule))).toBe(true);
    });

    test("isPlain looks at every depth", () => {
        expect(validate.isPlain({ a: [1, { b: "c" }] })).toBe(true);
        expect(validate.isPlain({ a: [1, { b: pulumi.output("c") }] })).toBe(false);
        expect(validate.isPlain(Promise.resolve(1))).toBe(false);
        expect(validate.isPlain(undefined)).toBe(true);
    });
});
