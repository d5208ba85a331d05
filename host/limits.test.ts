import { containerSize, defaultCpus, defaultMemoryMiB, dynoProcess, dynoSizeFlags, sizeFlags } from "./limits";

describe("containerSize", () => {
    const spec = { memoryMiB: 512, cpus: 0.5, processes: { web: { count: 2, memoryMiB: 1024 }, worker: { count: 1, cpus: 2 }, clock: { count: 1 } } };

    test("a process type's own size, else the app's", () => {
        expect(containerSize(spec, "web")).toEqual({ memoryMiB: 1024, cpus: 0.5 });
        expect(containerSize(spec, "worker")).toEqual({ memoryMiB: 512, cpus: 2 });
        expect(containerSize(spec, "clock")).toEqual({ memoryMiB: 512, cpus: 0.5 });
    });

    test("the release command, runs and scheduled jobs take the app's, not web's", () => {
        for (const p of ["release", "run", "scheduler"]) expect(containerSize(spec, p)).toEqual({ memoryMiB: 512, cpus: 0.5 });
    });

    test("nothing set: 256 MiB and one CPU", () => {
        expect([defaultMemoryMiB, defaultCpus]).toEqual([256, 1]);
        expect(containerSize({ processes: { web: { count: 1 } } }, "web")).toEqual({ memoryMiB: 256, cpus: 1 });
        expect(containerSize({}, "release")).toEqual({ memoryMiB: 256, cpus: 1 });
    });

    test("a name of Object's own (constructor) is no process type", () => {
        expect(containerSize({ processes: {} }, "constructor")).toEqual({ memoryMiB: 256, cpus: 1 });
    });
});

describe("sizeFlags", () => {
    test("memory and swap the same (no swap past the limit), CPUs, the app before the platform when the server runs short, the limit as a label", () => {
        expect(sizeFlags({ memoryMiB: 256, cpus: 1 }, 2)).toEqual(["--memory", "256m", "--memory-swap", "256m", "--cpus", "1", "--oom-score-adj", "500",
            "--label", "paas.memory-mib=256"]);
        expect(sizeFlags({ memoryMiB: 1024, cpus: 0.25 }, 1)).toEqual(["--memory", "1024m", "--memory-swap", "1024m", "--cpus", "0.25", "--oom-score-adj", "500",
            "--label", "paas.memory-mib=1024"]);
    });

    test("more CPUs than the host has: all of them (Docker refuses more)", () => {
        expect(sizeFlags({ memoryMiB: 256, cpus: 4 }, 2).slice(4, 6)).toEqual(["--cpus", "2"]);
    });
});

describe("dynoSizeFlags", () => {
    test("by the dyno's process type", () => {
        expect(dynoProcess("web.2")).toBe("web");
        expect(dynoProcess("run.4821")).toBe("run");
        const spec = { memoryMiB: 128, processes: { web: { count: 1, memoryMiB: 64 } } };
        expect(dynoSizeFlags(spec, "web.1", 2).slice(0, 2)).toEqual(["--memory", "64m"]);
        expect(dynoSizeFlags(spec, "release.1", 2).slice(0, 2)).toEqual(["--memory", "128m"]);
        expect(dynoSizeFlags(spec, "scheduler.3", 2).slice(0, 2)).toEqual(["--memory", "128m"]);
    });
});
