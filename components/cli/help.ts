// The text `paas --help` and `paas VERB --help` print, from the grammar in ./command-line.
import { commonOptions, OptionSyntax, usageLine, verbs } from "./command-line";

const optionLines = (options: Readonly<Record<string, OptionSyntax>>) => {
    const shown = Object.entries(options).map(([name, o]) =>
        [`${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}`, o.describe] as const);
    const width = Math.max(...shown.map(([flag]) => flag.length));
    return shown.map(([flag, describe]) => `  ${flag.padEnd(width)}  ${describe}`);
};

/** `paas --help`: every verb, and the options all of them take. */
export function overviewHelp(): string {
    const width = Math.max(...Object.keys(verbs).map(v => v.length));
    return [
        "usage: paas VERB [ARGS] [--stack NAME] [--cwd DIR]",
        "",
        "Heroku's verbs for the apps of a paas stack, run over SSH on the stack's server.",
        "",
        "verbs:",
        ...Object.entries(verbs).map(([name, v]) => `  ${name.padEnd(width)}  ${v.summary}`),
        "",
        "options:",
        ...optionLines(commonOptions),
        "",
        "paas VERB --help says more about a verb. The server, its SSH key and port come from the",
        "stack (pulumi stack output, pulumi config), and so does the host key it must present",
        "(sshTarget.hostKey); a stack that records none yet keeps it in",
        "${XDG_STATE_HOME:-~/.local/state}/paas/<stack>/known_hosts (PAAS_KNOWN_HOSTS overrides).",
    ].join("\n") + "\n";
}

/** `paas VERB --help`. */
export function verbHelp(verb: string): string {
    const v = verbs[verb];
    return [
        `usage: ${usageLine(verb)}`,
        "",
        `${v.summary[0].toUpperCase()}${v.summary.slice(1)}.`,
        ...(v.details ?? []),
        "",
        "options:",
        ...optionLines({ ...v.options, ...commonOptions }),
    ].join("\n") + "\n";
}
