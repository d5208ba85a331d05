import { CliError } from "./cli-error";
import { commandName, parseCommandLine, verbs } from "./command-line";
import { overviewHelp, verbHelp } from "./help";

const parse = (line: string) => parseCommandLine(line === "" ? [] : line.split(" "));
const refusal = (argv: string[]) => {
    try {
        parseCommandLine(argv);
    } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as Error).message;
    }
    throw new Error(`accepted: ${argv.join(" ")}`);
};

describe("parseCommandLine", () => {
    test.each([
        ["apps", { verb: "apps", args: [] }],
        ["ps shop", { verb: "ps", args: ["shop"] }],
        ["logs shop -f --process web --num 50", { verb: "logs", args: ["shop"], options: { follow: true, process: "web", num: "50" } }],
        ["logs shop --follow -p worker -n 7", { verb: "logs", args: ["shop"], options: { follow: true, process: "worker", num: "7" } }],
        ["logs shop --num=9", { verb: "logs", args: ["shop"], options: { num: "9" } }],
        ["releases shop", { verb: "releases", args: ["shop"] }],
        ["rollback shop v3", { verb: "rollback", args: ["shop", "v3"] }],
        ["config shop --reveal", { verb: "config", args: ["shop"], options: { reveal: true } }],
        ["config shop", { verb: "config", args: ["shop"], options: {} }],
        ["scale shop web=3 worker=1", { verb: "scale", args: ["shop", "web=3", "worker=1"] }],
        ["restart shop", { verb: "restart", args: ["shop"] }],
        ["restart shop worker", { verb: "restart", args: ["shop", "worker"] }],
        ["maintenance shop on", { verb: "maintenance", args: ["shop", "on"] }],
        ["open shop", { verb: "open", args: ["shop"] }],
    ])("%s", (line, expected) => {
        expect(parse(line)).toMatchObject({ help: false, rest: [], ...expected });
    });

    test("--stack and --cwd anywhere, before the verb too", () => {
        expect(parse("--stack prod ps shop --cwd /p")).toMatchObject({ verb: "ps", stack: "prod", cwd: "/p", args: ["shop"] });
        expect(parse("ps --stack=prod shop")).toMatchObject({ verb: "ps", stack: "prod", args: ["shop"] });
        expect(parse("ps shop")).not.toHaveProperty("stack");
    });

    test("run takes everything after APP as the command, options included, with or without --", () => {
        expect(parse("run shop ls -la --stack x")).toMatchObject({ verb: "run", args: ["shop"], rest: ["ls", "-la", "--stack", "x"] });
        expect(parse("run --stack prod shop -- rails c --help")).toMatchObject({ stack: "prod", args: ["shop"], rest: ["rails", "c", "--help"] });
        expect(parseCommandLine(["run", "shop", "--", "sh", "-c", "echo \"$(id)\"; rm -rf /\n"]).rest)
            .toEqual(["sh", "-c", "echo \"$(id)\"; rm -rf /\n"]);
        expect(parseCommandLine(["run", "shop", "--", "--"]).rest).toEqual(["--"]);
    });

    test("--help and -h on every verb, and alone", () => {
        for (const verb of Object.keys(verbs)) {
            expect(parse(`${verb} --help`)).toMatchObject({ verb, help: true });
            expect(parse(`${verb} -h`)).toMatchObject({ verb, help: true });
        }
        expect(parse("--help")).toMatchObject({ verb: undefined, help: true });
        expect(parse("")).toMatchObject({ verb: undefined, help: false });
    });

    test.each([
        [["frob"], 'unknown command "frob" (paas --help lists them)'],
        [["ps"], "missing APP (usage: paas ps APP)"],
        [["ps", "a", "b"], 'unexpected argument "b" (usage: paas ps APP)'],
        [["rollback", "shop"], "missing VERSION (usage: paas rollback APP vN)"],
        [["scale", "shop"], "missing PROCESS=COUNT (usage: paas scale APP PROCESS=COUNT...)"],
        [["maintenance", "shop"], "missing STATE (usage: paas maintenance APP on|off)"],
        [["restart", "a", "web", "x"], 'unexpected argument "x" (usage: paas restart APP [PROCESS])'],
        [["run", "shop"], "missing COMMAND (usage: paas run APP [--] COMMAND...)"],
        [["run", "shop", "--"], "missing COMMAND (usage: paas run APP [--] COMMAND...)"],
        [["logs", "shop", "--tail"], "unknown option --tail (paas logs --help lists them)"],
        [["logs", "shop", "-x"], "unknown option -x (paas logs --help lists them)"],
        [["ps", "shop", "--reveal"], "unknown option --reveal (paas ps --help lists them)"],
        [["logs", "shop", "--num"], "--num needs a value (N)"],
        [["logs", "shop", "--num="], "--num needs a value (N)"],
        [["ps", "shop", "--stack"], "--stack needs a value (NAME)"],
        [["config", "shop", "--reveal=yes"], "--reveal takes no value"],
    ])("%j is refused: %s", (argv, message) => {
        expect(refusal(argv)).toBe(message);
    });

    test("errors are named after the verb", () => {
        expect(commandName(["--stack", "prod", "logs", "x"])).toBe("paas logs");
        expect(commandName(["frob"])).toBe("paas");
        expect(commandName([])).toBe("paas");
    });
});

describe("help", () => {
    test("paas --help lists every verb with its summary, and the common options", () => {
        const text = overviewHelp();
        for (const [verb, syntax] of Object.entries(verbs)) expect(text).toContain(`  ${verb.padEnd(11)}  ${syntax.summary}\n`);
        expect(text).toMatch(/--stack NAME/);
        expect(text).toMatch(/--cwd DIR/);
    });

    test.each(Object.keys(verbs))("paas %s --help: its usage, its options and the common ones", verb => {
        const text = verbHelp(verb);
        expect(text.startsWith(`usage: paas ${verb}`)).toBe(true);
        for (const name of Object.keys(verbs[verb].options ?? {})) expect(text).toContain(`--${name}`);
        expect(text).toContain("--stack NAME");
        expect(text).toContain("--cwd DIR");
    });

    test("logs' help names its short options", () => {
        expect(verbHelp("logs")).toMatch(/-f, --follow +keep printing/);
        expect(verbHelp("logs")).toMatch(/-n, --num N +how many lines, 1 to 10000/);
    });
});
