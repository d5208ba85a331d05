import { appsTable, configVarsText, hostList, processCounts, psTable, releasesTable, renderTable } from "./tables";

describe("renderTable", () => {
    test("columns as wide as their widest cell, two spaces apart, no trailing spaces", () => {
        expect(renderTable(["A", "LONGER"], [["wide cell", "x"], ["b", ""]])).toBe(
            "A          LONGER\n" +
            "wide cell  x\n" +
            "b\n");
    });
    test("a cell with a newline stays on its row", () => {
        expect(renderTable(["A"], [["one\ntwo"]])).toBe("A\none two\n");
    });
});

describe("hostList", () => {
    test("a JSON list, or the command that answered otherwise", () => {
        expect(hostList("[1]", "paas app ps")).toEqual([1]);
        expect(() => hostList("-----> oops", "paas app ps")).toThrow("paas app ps: the host answered with something other than a JSON list");
        expect(() => hostList("{}", "paas app ps")).toThrow(/other than a JSON list/);
    });
});

describe("appsTable", () => {
    test("app, release, image, processes and URL", () => {
        expect(appsTable([
            { app: "shop", release: 7, image: "paas/shop:abc", source: "git", processes: { web: 2, worker: 1 }, urls: ["https://shop.example.com", "https://shop.io"], maintenance: false },
            { app: "blog", release: "v12", image: "ghost:5", processes: { web: { count: 1 } }, urls: ["http://blog.example.com"], maintenance: true },
            { app: "new", release: null, image: "", processes: {}, urls: [] },
        ])).toBe(
            "APP   RELEASE  IMAGE          PROCESSES       URL\n" +
            "shop  v7       paas/shop:abc  web=2 worker=1  https://shop.example.com\n" +
            "blog  v12      ghost:5        web=1           http://blog.example.com (maintenance)\n" +
            "new\n");
    });
    test("no apps", () => {
        expect(appsTable([])).toBe("no apps yet\n");
    });
});

describe("processCounts", () => {
    test("counts as numbers or as {count}", () => {
        expect(processCounts({ web: 3, worker: { count: 0 } })).toBe("web=3 worker=0");
        expect(processCounts(undefined)).toBe("");
    });
});

describe("psTable", () => {
    test("each container, by dyno", () => {
        expect(psTable("shop", [
            { name: "paas_shop_v7_web_1", process: "web", dyno: "web.1", release: 7, state: "running", status: "Up 3 minutes", port: 20001 },
            { name: "paas_shop_v7_worker_1", process: "worker", dyno: "worker.1", release: 7, state: "exited", status: "Exited (1) 2 seconds ago", port: null },
        ])).toBe(
            "DYNO      RELEASE  STATE    MEMORY  CPUS  RESTARTS  STATUS                    PORT   CONTAINER\n" +
            "web.1     v7       running                          Up 3 minutes              20001  paas_shop_v7_web_1\n" +
            "worker.1  v7       exited                           Exited (1) 2 seconds ago         paas_shop_v7_worker_1\n");
    });
    test("memory in use and its limit, CPUs, restarts and kills for memory; a container down after one is crashed (out of memory)", () => {
        expect(psTable("shop", [
            { name: "paas_shop_v7_web_1", dyno: "web.1", release: "v7", state: "running", status: "Up 3 minutes", port: 20001,
                memoryMiB: 256, memoryUsedMiB: 41.2, cpus: 1, restarts: 0, memoryKills: 0, lastMemoryKillAt: null, outOfMemory: false },
            { name: "paas_shop_v7_worker_1", dyno: "worker.1", release: "v7", state: "restarting", status: "Restarting (137) 1 second ago", port: null,
                memoryMiB: 64, memoryUsedMiB: null, cpus: 0.5, restarts: 3, memoryKills: 3, lastMemoryKillAt: "2026-12-07T22:01:07Z", outOfMemory: true },
            { name: "paas_shop_v7_clock_1", dyno: "clock.1", release: "v7", state: "running", status: "Up 1 second", port: null,
                memoryMiB: 64, memoryUsedMiB: 3, cpus: 0.5, restarts: 1, memoryKills: 1, lastMemoryKillAt: "2026-12-07T22:00:00Z", outOfMemory: false },
        ])).toBe(
            "DYNO      RELEASE  STATE                    MEMORY          CPUS  RESTARTS                                        STATUS                         PORT   CONTAINER\n" +
            "web.1     v7       running                  41.2 / 256 MiB  1     0                                               Up 3 minutes                   20001  paas_shop_v7_web_1\n" +
            "worker.1  v7       crashed (out of memory)  - / 64 MiB      0.5   3 (3 out of memory, last 2026-12-07T22:01:07Z)  Restarting (137) 1 second ago         paas_shop_v7_worker_1\n" +
            "clock.1   v7       running                  3 / 64 MiB      0.5   1 (1 out of memory, last 2026-12-07T22:00:00Z)  Up 1 second                           paas_shop_v7_clock_1\n");
    });
    test("none", () => {
        expect(psTable("shop", [])).toBe("no containers of shop are running\n");
    });
});

describe("releasesTable", () => {
    test("newest first: version, created, source, image", () => {
        expect(releasesTable("shop", [
            { version: 1, image: "paas/shop:aaa", createdAt: "2026-12-01T10:00:00Z", source: "git:aaa", configDigest: "x", spec: {} },
            { version: 2, image: "paas/shop:bbb", createdAt: "2026-12-02T10:00:00Z", source: "rollback:v1" },
        ])).toBe(
            "VERSION  CREATED               SOURCE       IMAGE\n" +
            "v2       2026-12-02T10:00:00Z  rollback:v1  paas/shop:bbb\n" +
            "v1       2026-12-01T10:00:00Z  git:aaa      paas/shop:aaa\n");
    });
    test("none", () => {
        expect(releasesTable("shop", [])).toBe("shop has no releases yet\n");
    });
});

describe("configVarsText", () => {
    test("names only, sorted, whatever shape the host sends", () => {
        expect(configVarsText(["B", "A"], false)).toBe("A\nB\n");
        expect(configVarsText({ B: "2", A: "1" }, false)).toBe("A\nB\n");
        expect(configVarsText([{ name: "A" }], false)).toBe("A\n");
    });
    test("with --reveal, NAME=value; a value that is not one plain line as a JSON string", () => {
        expect(configVarsText({ GREETING: "hello world", MULTI: "a\nb", QUOTED: "it's \"$(x)\"", PADDED: " x" }, true)).toBe(
            "GREETING=hello world\nMULTI=\"a\\nb\"\nPADDED=\" x\"\nQUOTED=it's \"$(x)\"\n");
        expect(configVarsText([{ name: "A", value: "1" }], true)).toBe("A=1\n");
    });
    test("none, and an answer that is not names", () => {
        expect(configVarsText([], false)).toBe("no config vars\n");
        expect(() => configVarsText("x", false)).toThrow("paas app config-vars: the host answered with something other than JSON names or values");
    });
});
