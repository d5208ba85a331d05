import { memoryKillEntry, memoryKillMessageId, memoryKillText, parseMemoryKills, parseOomEvent } from "./memory-kills";
import { formatEntry } from "./logs";

const id = "a".repeat(64);
const event = (attributes: Record<string, string>, extra: object = {}) => JSON.stringify({
    status: "oom", id, from: "paas-e2e/app:one", Type: "container", Action: "oom",
    Actor: { ID: id, Attributes: { image: "paas-e2e/app:one", name: "paas-shop-web-v3-1", ...attributes } },
    scope: "local", time: 1796680867, timeNano: "NANO", ...extra,
}).replace('"NANO"', "1796680867123456789");
const labels = { "paas.app": "shop", "paas.process": "web", "paas.dyno": "web.1", "paas.release": "v3", "paas.memory-mib": "64" };

describe("parseOomEvent", () => {
    test("an app container's oom event: its app, dyno, release and limit", () => {
        expect(parseOomEvent(event(labels))).toEqual({
            id, name: "paas-shop-web-v3-1", app: "shop", process: "web", dyno: "web.1", release: "v3", memoryMiB: 64, timeNano: "1796680867123456789",
        });
    });

    test("no limit label: none named", () => {
        const { "paas.memory-mib": _limit, ...rest } = labels;
        expect(parseOomEvent(event(rest))).not.toHaveProperty("memoryMiB");
    });

    test("another container, another event or no JSON: nothing", () => {
        expect(parseOomEvent(event({}))).toBeUndefined();
        expect(parseOomEvent(event(labels, { status: "die", Action: "die" }))).toBeUndefined();
        expect(parseOomEvent("not json")).toBeUndefined();
    });

    test("a label cannot add a line to the journal entry", () => {
        const e = parseOomEvent(event({ ...labels, "paas.dyno": "web.1\nPAAS_APP=other" }))!;
        expect(e.dyno).toBe("web.1PAAS_APP=other");
        expect(memoryKillEntry(e).split("\n").filter(l => l.startsWith("PAAS_APP="))).toEqual(["PAAS_APP=shop"]);
    });
});

describe("memoryKillEntry", () => {
    test("the fields of the app's own lines, so `paas logs` shows it with the dyno", () => {
        const entry = memoryKillEntry(parseOomEvent(event(labels))!);
        expect(entry).toBe([
            `MESSAGE_ID=${memoryKillMessageId}`, "MESSAGE=out of memory: killed at its limit of 64 MiB", "PRIORITY=3", "SYSLOG_IDENTIFIER=paas-oom-watch",
            "PAAS_APP=shop", "PAAS_PROCESS=web", "PAAS_DYNO=web.1", "PAAS_RELEASE=v3",
            `PAAS_CONTAINER_ID=${id}`, "CONTAINER_NAME=paas-shop-web-v3-1", "PAAS_OOM_TIME=1796680867123456789", "",
        ].join("\n"));
        const fields = Object.fromEntries(entry.trim().split("\n").map(l => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
        expect(formatEntry("shop", JSON.stringify({ ...fields, __REALTIME_TIMESTAMP: "1796680867200000" })))
            .toBe("2026-12-07T22:01:07Z shop[web.1]: out of memory: killed at its limit of 64 MiB");
    });

    test("without a known limit", () => {
        expect(memoryKillText({})).toBe("out of memory: killed at its memory limit");
    });
});

describe("parseMemoryKills", () => {
    test("how many per container, and the last one's time", () => {
        const other = "b".repeat(64);
        const line = (container: string, micros: string) => JSON.stringify({ PAAS_CONTAINER_ID: container, __REALTIME_TIMESTAMP: micros });
        const kills = parseMemoryKills([line(id, "1796680867000000"), line(other, "1796680800000000"), line(id, "1796680927000000"), "junk", "{}"].join("\n"));
        expect([...kills.entries()]).toEqual([
            [id, { count: 2, lastAt: "2026-12-07T22:02:07Z" }],
            [other, { count: 1, lastAt: "2026-12-07T22:00:00Z" }],
        ]);
        expect(parseMemoryKills("").size).toBe(0);
    });
});
