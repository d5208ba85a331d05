// The grammar of `paas VERB ...`: each verb's arguments and options, and the parser that turns
// argv into them. Only the shape is checked here; values are checked by ./host-requests.
import { CliError } from "./cli-error";

export interface OptionSyntax {
    readonly short?: string;
    /** The value's placeholder (`N`) for an option that takes one; a switch has none. */
    readonly value?: string;
    readonly describe: string;
}

export interface VerbSyntax {
    /** What follows `paas VERB` in the usage line. */
    readonly usage: string;
    readonly summary: string;
    /** Lines of `paas VERB --help` under the summary. */
    readonly details?: readonly string[];
    /** Required arguments, then optional ones (`?`), then a repeated one (`...`). */
    readonly args: readonly string[];
    readonly options?: Readonly<Record<string, OptionSyntax>>;
    /** The arguments after `--`, or after the others: run's command, taken as they are. */
    readonly rest?: string;
}

/** Options every verb takes. */
export const commonOptions: Readonly<Record<string, OptionSyntax>> = {
    stack: { value: "NAME", describe: "the stack (default: the one selected, pulumi stack --show-name)" },
    cwd: { value: "DIR", describe: "the Pulumi project directory (default: the current directory)" },
    help: { short: "h", describe: "this help" },
};

export const verbs: Readonly<Record<string, VerbSyntax>> = {
    apps: { usage: "", summary: "list the apps: release, image, processes and URL", args: [] },
    ps: { usage: "APP", summary: "list an app's containers", args: ["APP"] },
    logs: {
        usage: "APP [-f|--follow] [--process P] [--num N]",
        summary: "show an app's logs and its router's, oldest first",
        args: ["APP"],
        options: {
            follow: { short: "f", describe: "keep printing new lines until Ctrl-C" },
            process: { short: "p", value: "P", describe: "only the containers of process type P (web, worker, ...)" },
            num: { short: "n", value: "N", describe: "how many lines, 1 to 10000 (default 100)" },
        },
    },
    run: {
        usage: "APP [--] COMMAND...",
        summary: "run a command in a one-off container of the current release, with its config",
        details: ["Interactive when stdin and stdout are a terminal. Exits with the command's exit code.",
            "COMMAND is passed as its arguments, never through a shell: paas run shop -- sh -c 'echo $HOME'"],
        args: ["APP"],
        rest: "COMMAND",
    },
    releases: { usage: "APP", summary: "list an app's releases, newest first", args: ["APP"] },
    rollback: {
        usage: "APP vN",
        summary: "deploy release N's image and config again, as a new release",
        details: ["Pins the app to that image in paas:releasePins, so the next pulumi up keeps it;",
            "pulumi config rm paas:releasePins follows code and pushes again."],
        args: ["APP", "VERSION"],
    },
    config: {
        usage: "APP [--reveal]",
        summary: "list an app's config var names",
        args: ["APP"],
        options: { reveal: { describe: "show the values too" } },
    },
    scale: {
        usage: "APP PROCESS=COUNT...",
        summary: "set how many containers of each process type run (0 to 20)",
        details: ["Recorded in the stack's paas:formation, so the next pulumi up keeps the counts."],
        args: ["APP", "PROCESS=COUNT..."],
    },
    restart: { usage: "APP [PROCESS]", summary: "restart an app's containers (web one at a time)", args: ["APP", "PROCESS?"] },
    maintenance: { usage: "APP on|off", summary: "answer every request with 503, or serve again", args: ["APP", "STATE"] },
    open: { usage: "APP", summary: "print the app's URL, and open it in a browser from a terminal", args: ["APP"] },
};

export type VerbName = keyof typeof verbs;

/** A command line, parsed. */
export interface CommandLine {
    /** Undefined for `paas` and `paas --help`. */
    readonly verb?: string;
    readonly help: boolean;
    readonly stack?: string;
    readonly cwd?: string;
    readonly args: readonly string[];
    /** run's command. */
    readonly rest: readonly string[];
    /** The verb's options: a value, or true for a switch. */
    readonly options: Readonly<Record<string, string | true>>;
}

const usageLine = (verb: string) => `paas ${verb} ${verbs[verb].usage}`.trimEnd();

/** Parses ARGV (without `node paas`), checking its shape against the verb's syntax. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
    const verbIndex = verbPosition(argv);
    const verb = verbIndex < 0 ? undefined : argv[verbIndex];
    // Common options may come before the verb too (paas --stack prod apps).
    const before = verbIndex < 0 ? argv : argv.slice(0, verbIndex);
    const after = verbIndex < 0 ? [] : argv.slice(verbIndex + 1);
    if (verb !== undefined && !Object.prototype.hasOwnProperty.call(verbs, verb)) {
        throw new CliError(`unknown command ${JSON.stringify(verb)} (paas --help lists them)`);
    }
    const syntax: VerbSyntax | undefined = verb === undefined ? undefined : verbs[verb];
    const where = verb === undefined ? "paas" : `paas ${verb}`;
    const known: Record<string, OptionSyntax> = { ...commonOptions, ...syntax?.options };
    const byShort = Object.fromEntries(Object.entries(known).filter(([, o]) => o.short).map(([name, o]) => [o.short, name]));
    const options: Record<string, string | true> = {};
    const args: string[] = [];
    const rest: string[] = [];
    const positional = syntax ? syntax.args.filter(a => !a.endsWith("...")).length : 0;
    const repeats = syntax?.args.some(a => a.endsWith("...")) ?? false;

    const words = [...before, ...after];
    let inRest = false, afterDashes = false;
    for (let i = 0; i < words.length; i++) {
        const word = words[i];
        if (inRest) { rest.push(word); continue; }
        if (word === "--" && !afterDashes) {
            if (syntax?.rest) inRest = true; else afterDashes = true;
            continue;
        }
        if (!afterDashes && word.startsWith("-") && word !== "-") {
            const long = word.startsWith("--");
            const [key, inline] = long ? word.slice(2).split(/=(.*)/s, 2) : [word.slice(1), undefined];
            const name = long ? key : byShort[key];
            const option = name === undefined ? undefined : known[name];
            if (name === undefined || option === undefined) throw new CliError(`unknown option ${word} (${where} --help lists them)`);
            if (option.value === undefined) {
                if (inline !== undefined) throw new CliError(`--${name} takes no value`);
                options[name] = true;
            } else {
                const value = inline ?? words[++i];
                if (value === undefined || value === "") throw new CliError(`--${name} needs a value (${option.value})`);
                options[name] = value;
            }
            continue;
        }
        if (syntax?.rest && args.length >= positional) { inRest = true; rest.push(word); continue; }
        if (!repeats && args.length >= syntax!.args.length) {
            throw new CliError(`unexpected argument ${JSON.stringify(word)} (usage: ${usageLine(verb!)})`);
        }
        args.push(word);
    }

    const { stack, cwd, help, ...own } = options;
    const line: CommandLine = {
        verb, help: help === true, args, rest, options: own,
        ...(typeof stack === "string" ? { stack } : {}), ...(typeof cwd === "string" ? { cwd } : {}),
    };
    if (line.help || !syntax) return line;
    const required = syntax.args.filter(a => !a.endsWith("?"));
    if (args.length < required.length) {
        throw new CliError(`missing ${required[args.length].replace(/\.\.\.$/, "")} (usage: ${usageLine(verb!)})`);
    }
    if (syntax.rest && rest.length === 0) throw new CliError(`missing ${syntax.rest} (usage: ${usageLine(verb!)})`);
    return line;
}

/** What errors of ARGV are prefixed with: `paas VERB`, or `paas` without a known verb. */
export function commandName(argv: readonly string[]): string {
    const verb = argv[verbPosition(argv)];
    return verb !== undefined && Object.prototype.hasOwnProperty.call(verbs, verb) ? `paas ${verb}` : "paas";
}

/** Where the verb is: the first word that is neither a common option nor its value. */
function verbPosition(argv: readonly string[]): number {
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i];
        if (!word.startsWith("-")) return i;
        if (word === "--") return -1;
        if (word.startsWith("--") && commonOptions[word.slice(2)]?.value !== undefined) i++;
    }
    return -1;
}

export { usageLine };
