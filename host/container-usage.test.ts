import { parseInspect, parseSize, parseStats, usageOf } from "./container-usage";

const id = "c".repeat(64);
const inspected = (state: object, extra: object = {}) => JSON.stringify([{
    Id: id, RestartCount: 2, State: { Status: "running", Running: true, OOMKilled: false, StartedAt: "2026-12-07T22:01:08.123456789Z", ...state },
    HostConfig: { Memory: 268435456, MemorySwap: 268435456, NanoCpus: 1500000000 }, ...extra,
}]);

describe("parseInspect", () => {
    test("the limits Docker enforces, restarts and how the last exit went", () => {
        expect(parseInspect(inspected({})).get(id)).toEqual({
            memoryMiB: 256, cpus: 1.5, restarts: 2, state: "running", running: true, oomKilled: false, startedAt: "2026-12-07T22:01:08.123456789Z",
        });
    });
    test("no limits: null", () => {
        expect(parseInspect(inspected({}, { HostConfig: { Memory: 0, NanoCpus: 0 } })).get(id)).toMatchObject({ memoryMiB: null, cpus: null });
        expect(parseInspect("").size).toBe(0);
    });
});

describe("parseStats", () => {
    test("MiB in use by container, from docker stats' sizes", () => {
        expect(parseSize("12.5MiB")).toBe(12.5 * 1048576);
        expect(parseSize("900KiB")).toBe(921600);
        expect(parseSize("1.2GiB")).toBeCloseTo(1.2 * 1024 ** 3);
        expect(parseSize("0B")).toBe(0);
        expect(parseSize("lots")).toBeUndefined();
        const line = (ID: string, MemUsage: string) => JSON.stringify({ ID, Name: "x", MemUsage, CPUPerc: "0.01%" });
        expect([...parseStats([line(id, "41.23MiB / 256MiB"), line("d".repeat(64), "900KiB / 64MiB"), line("e", "-- / --"), "junk"].join("\n"))])
            .toEqual([[id, 41.2], ["d".repeat(64), 0.9]]);
    });
});

describe("usageOf", () => {
    const running = parseInspect(inspected({})).get(id)!;
    // As the engine shows a container it is about to restart: Running stays true.
    const restarting = parseInspect(inspected({ Status: "restarting", Running: true, Restarting: true, OOMKilled: true })).get(id)!;

    test("a running container: its limits and use; kills for memory are counted", () => {
        expect(usageOf(running, 41.2, { count: 2, lastAt: "2026-12-07T22:01:07Z" })).toEqual({
            state: "running", memoryMiB: 256, memoryUsedMiB: 41.2, cpus: 1.5, restarts: 2, memoryKills: 2, lastMemoryKillAt: "2026-12-07T22:01:07Z", outOfMemory: false,
        });
    });

    test("down after a kill for memory: out of memory, by the engine's flag or a kill since its last start", () => {
        expect(usageOf(restarting, 12, undefined)).toMatchObject({ state: "restarting", memoryUsedMiB: null, outOfMemory: true });
        const cleared = { ...restarting, oomKilled: false };
        expect(usageOf(cleared, undefined, { count: 1, lastAt: "2026-12-07T22:01:09Z" }).outOfMemory).toBe(true);
        expect(usageOf(cleared, undefined, { count: 1, lastAt: "2026-12-07T21:00:00Z" }).outOfMemory).toBe(false);
    });

    test("nothing known of it", () => {
        expect(usageOf(undefined, undefined, undefined)).toEqual({
            memoryMiB: null, memoryUsedMiB: null, cpus: null, restarts: 0, memoryKills: 0, lastMemoryKillAt: null, outOfMemory: false,
        });
    });
});
