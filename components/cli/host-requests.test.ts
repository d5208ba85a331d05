import {
    configVarsRequest, decodeRunSpec, formation, hostCommands, listRequest, logsRequest, maintenanceRequest, maxSpecLength,
    psRequest, releasesRequest, releaseVersion, restartRequest, rollbackRequest, runRequest, scaleRequest,
} from "./host-requests";

const appRule = "app: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters";
const processRule = "names are lowercase letters, digits and -, at most 20";
const hostile = ["shop'; rm -rf / #", "$(id)", "a;b", "a\nb", "`id`", "Shop", "a b", ""];
const fixedLines = Object.values(hostCommands).filter(l => l !== hostCommands.run);

describe("each request is a fixed line and its values as JSON", () => {
    test.each([
        [listRequest(), hostCommands.list, undefined],
        [psRequest("shop"), hostCommands.ps, { app: "shop" }],
        [logsRequest("shop"), hostCommands.logs, { app: "shop" }],
        [logsRequest("shop", { process: "web", num: "250", follow: true }), hostCommands.logs, { app: "shop", process: "web", num: 250, follow: true }],
        [scaleRequest("shop", { web: 3, worker: 0 }), hostCommands.scale, { app: "shop", processes: { web: 3, worker: 0 } }],
        [restartRequest("shop"), hostCommands.restart, { app: "shop" }],
        [restartRequest("shop", "worker"), hostCommands.restart, { app: "shop", process: "worker" }],
        [maintenanceRequest("shop", "on"), hostCommands.maintenance, { app: "shop", on: true }],
        [maintenanceRequest("shop", "off"), hostCommands.maintenance, { app: "shop", on: false }],
        [configVarsRequest("shop", false), hostCommands.configVars, { app: "shop" }],
        [configVarsRequest("shop", true), hostCommands.configVars, { app: "shop", reveal: true }],
        [releasesRequest("shop"), hostCommands.releases, { app: "shop" }],
        [rollbackRequest("shop", 7), hostCommands.rollback, { app: "shop", version: 7 }],
    ])("%#: %j", (request, line, input) => {
        expect(request.line).toBe(line);
        expect(fixedLines).toContain(request.line);
        if (input === undefined) expect(request.stdin).toBe("");
        else expect(JSON.parse(request.stdin as string)).toEqual(input);
    });

    test("the fixed lines are the contract's (host/README.md)", () => {
        expect(hostCommands).toEqual({
            list: "paas app list", ps: "paas app ps", logs: "paas app logs", run: "paas app run --spec", scale: "paas app scale",
            restart: "paas app restart", maintenance: "paas app maintenance", configVars: "paas app config-vars",
            releases: "paas app releases", rollback: "paas app rollback",
        });
    });
});

describe("values are checked before anything connects, with the rule's message", () => {
    test.each(hostile)("app name %j is refused by every request", name => {
        for (const make of [psRequest, logsRequest, releasesRequest, (a: string) => restartRequest(a), (a: string) => configVarsRequest(a, true),
            (a: string) => scaleRequest(a, { web: 1 }), (a: string) => maintenanceRequest(a, "on"), (a: string) => rollbackRequest(a, 1),
            (a: string) => runRequest(a, ["ls"], false)]) {
            expect(() => make(name)).toThrow(appRule);
        }
    });
    test("names the platform keeps for itself are refused", () => {
        expect(() => psRequest("postgres")).toThrow("app: postgres is reserved by the platform");
    });
    test.each([["0"], ["10001"], ["-1"], ["1.5"], ["ten"], ["1e3"]])("--num %s", num => {
        expect(() => logsRequest("shop", { num })).toThrow("num: must be a whole number from 1 to 10000");
    });
    test("--num 1 and 10000 are taken", () => {
        expect(JSON.parse(logsRequest("shop", { num: "1" }).stdin as string).num).toBe(1);
        expect(JSON.parse(logsRequest("shop", { num: "10000" }).stdin as string).num).toBe(10000);
    });
    test.each([["Web"], ["$(id)"], ["web;ls"], ["a".repeat(21)]])("process %j", process => {
        expect(() => logsRequest("shop", { process })).toThrow(`process: ${processRule}`);
        expect(() => restartRequest("shop", process)).toThrow(`process: ${processRule}`);
    });
    test("logs of the host's own containers may be asked for; restart takes process types only", () => {
        for (const process of ["run", "release", "scheduler", "router"]) expect(JSON.parse(logsRequest("shop", { process }).stdin as string).process).toBe(process);
        expect(() => restartRequest("shop", "scheduler")).toThrow("process: run, release and scheduler name the platform's own containers");
    });
    test("maintenance is on or off", () => {
        expect(() => maintenanceRequest("shop", "yes")).toThrow("state: must be one of on, off");
    });
    test.each([["v0"], ["x3"], ["v"], ["3.1"], ["v1;ls"]])("release %j", v => {
        expect(() => releaseVersion(v)).toThrow("version: must be a release such as v7 (paas releases lists them)");
    });
    test("releases are v7 or 7", () => {
        expect(releaseVersion("v7")).toBe(7);
        expect(releaseVersion("12")).toBe(12);
    });
});

describe("formation", () => {
    test("PROCESS=COUNT pairs as counts", () => {
        expect(formation(["web=3", "worker=0", "clock=20"])).toEqual({ web: 3, worker: 0, clock: 20 });
    });
    test.each([
        [[], "processes: give at least one PROCESS=COUNT, such as web=2"],
        [["web"], 'processes: "web" is not PROCESS=COUNT, such as web=2'],
        [["web=21"], "processes.web: must be a whole number from 0 to 20"],
        [["web=-1"], "processes.web: must be a whole number from 0 to 20"],
        [["web="], "processes.web: must be a whole number from 0 to 20"],
        [["web=$(id)"], "processes.web: must be a whole number from 0 to 20"],
        [["Web=1"], `processes: ${processRule}`],
        [["=1"], `processes: ${processRule}`],
        [["web=1", "web=2"], "processes.web: given twice"],
    ])("%j is refused: %s", (args, message) => {
        expect(() => formation(args)).toThrow(message);
    });
});

describe("run", () => {
    const nasty = ["sh", "-c", "echo \"it's $(id)\"; `ls` | cat > /tmp/x && exit 3\n", "", "--spec", "'\"\\", "\u00e9\u4e2d", "a\u0001b"];

    test("the command, whatever it holds, arrives intact in the spec, and the line is only base64url", () => {
        const request = runRequest("shop", nasty, true);
        expect(request.line).toMatch(/^paas app run --spec [A-Za-z0-9_-]+$/);
        expect(request.stdin).toBeUndefined();
        expect(request.tty).toBe(true);
        expect(decodeRunSpec(request.line)).toEqual({ app: "shop", command: nasty, tty: true });
    });
    test("without a terminal, tty is false", () => {
        expect(decodeRunSpec(runRequest("shop", ["ls"], false).line)).toEqual({ app: "shop", command: ["ls"], tty: false });
    });
    test("an empty program is refused", () => {
        expect(() => runRequest("shop", [""], false)).toThrow("command: must be a non-empty list of arguments, the first not empty");
    });
    test("a command too long for one remote argument is refused", () => {
        expect(() => runRequest("shop", ["echo", "x".repeat(maxSpecLength)], false)).toThrow(`command: must be at most ${maxSpecLength} characters once encoded`);
    });
});
