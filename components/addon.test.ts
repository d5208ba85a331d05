import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecret, rejectionsDuring, resetRegistrations, valueOf } from "../test/unit/mocks";
installMocks();
import { Addon, addonEnv } from "./addon";

beforeEach(resetRegistrations);

test("add-ons are data: any object with env works, Outputs and plain values alike", async () => {
    const addons: pulumi.Input<Addon>[] = [
        { env: pulumi.secret({ DATABASE_URL: "postgres://a" }) },
        { env: { REDIS_URL: pulumi.secret("redis://b") } },
        pulumi.output({ env: { SEARCH_URL: "http://c" } }),
    ];
    const env = addonEnv(addons);
    expect(await valueOf(env)).toEqual({ DATABASE_URL: "postgres://a", REDIS_URL: "redis://b", SEARCH_URL: "http://c" });
    expect(await isSecret(env)).toBe(true);
});

test("none: no vars", async () => {
    expect(await valueOf(addonEnv(undefined))).toEqual({});
});

test("two add-ons giving the same var is an error naming it", async () => {
    const errors = await rejectionsDuring(() => addonEnv([{ env: { DATABASE_URL: "a" } }, { env: { DATABASE_URL: "b" } }]));
    expect(errors).toContain("addons[1].env.DATABASE_URL: given by two add-ons");
});
