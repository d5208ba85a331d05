import { fakeWorld } from "./fake-world.testing";
import { mergedFormation, objectConfig, pinRelease, recordFormation } from "./stack-config";
import { StackTarget } from "./stack-discovery";

const target = (config: StackTarget["config"]): StackTarget =>
    ({ stack: "prod", cwd: "/p", host: "h", port: 22, user: "root", privateKey: "K", config });
const written = (world: ReturnType<typeof fakeWorld>) => world.pulumiWrites().map(c => c.args);

describe("objectConfig", () => {
    test("an object set with --path, one set as a JSON string, or nothing", () => {
        expect(objectConfig(target({ "paas:formation": { value: '{"a":{"web":1}}', objectValue: { a: { web: 1 } } } }), "paas:formation")).toEqual({ a: { web: 1 } });
        expect(objectConfig(target({ "paas:releasePins": { value: '{"a":"img:1"}' } }), "paas:releasePins")).toEqual({ a: "img:1" });
        expect(objectConfig(target({}), "paas:releasePins")).toEqual({});
    });
    test("anything else is named, with how to clear it", () => {
        expect(() => objectConfig(target({ "paas:releasePins": { value: "img:1" } }), "paas:releasePins"))
            .toThrow('paas:releasePins: stack prod holds "img:1", not a JSON object; fix or remove it (pulumi config rm paas:releasePins)');
        expect(() => objectConfig(target({ "paas:formation": { value: "[1]" } }), "paas:formation")).toThrow(/not a JSON object/);
    });
});

describe("recordFormation", () => {
    test("merges the app's counts into what is there, keeping other apps and processes", () => {
        expect(mergedFormation({ blog: { web: 2 }, shop: { web: 1, worker: 4 } }, "shop", { web: 3 }))
            .toEqual({ blog: { web: 2 }, shop: { web: 3, worker: 4 } });
        expect(mergedFormation({}, "shop", { web: 0 })).toEqual({ shop: { web: 0 } });
    });
    test("writes paas:formation whole, as JSON, in the project directory, to the stack", async () => {
        const world = fakeWorld();
        const config = { "paas:formation": { value: '{"blog":{"web":2}}', objectValue: { blog: { web: 2 } } } };
        await recordFormation(world.ctx.runner, target(config), "shop", { web: 3, worker: 1 });
        expect(written(world)).toEqual([["--non-interactive", "config", "set", "--stack", "prod", "paas:formation", "--",
            JSON.stringify({ blog: { web: 2 }, shop: { web: 3, worker: 1 } })]]);
        expect(world.pulumiWrites()[0].options.cwd).toBe("/p");
    });
    test("a failed write is pulumi's error, naming the command", async () => {
        const world = fakeWorld({ pulumi: () => ({ code: 1, stderr: "error: could not save\n" }) });
        await expect(recordFormation(world.ctx.runner, target({}), "shop", { web: 1 })).rejects.toThrow("pulumi config set: could not save");
    });
});

describe("pinRelease", () => {
    test("adds the app's image to the pins there are", async () => {
        const world = fakeWorld();
        await pinRelease(world.ctx.runner, target({ "paas:releasePins": { value: '{"blog":"paas/blog:abc"}' } }), "shop", "paas/shop:0123456789ab");
        expect(written(world)).toEqual([["--non-interactive", "config", "set", "--stack", "prod", "paas:releasePins", "--",
            '{"blog":"paas/blog:abc","shop":"paas/shop:0123456789ab"}']]);
    });
});
