#!/usr/bin/env node
// `paas VERB ...`: Heroku's verbs for the apps of a paas stack, from the developer's machine.
// Finds the stack's server through the `pulumi` CLI and speaks host/README.md's "operator's
// verbs" over the system `ssh`: fixed command lines, every value as JSON on stdin.
import { CliError, refusalMessage } from "./cli-error";
import { commandName, parseCommandLine } from "./command-line";
import { overviewHelp, verbHelp } from "./help";
import { forwardSignals, systemRunner } from "./process-runner";
import { CliContext, Verb, withSession } from "./session";
import * as change from "./verbs-change";
import * as inspect from "./verbs-inspect";

export const verbImplementations: Readonly<Record<string, Verb>> = {
    apps: inspect.apps, ps: inspect.ps, logs: inspect.logs, run: change.run, releases: inspect.releases,
    rollback: change.rollback, config: inspect.config, scale: change.scale, restart: change.restart,
    maintenance: change.maintenance, open: inspect.open,
};

/** Runs `paas ARGV`; resolves with the exit code. */
export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
    try {
        const line = parseCommandLine(argv);
        if (line.verb === undefined) {
            // `paas` alone is a mistake, shown its help; `paas --help` asked for it.
            (line.help ? ctx.out : ctx.err)(overviewHelp());
            return line.help ? 0 : 1;
        }
        if (line.help) {
            ctx.out(verbHelp(line.verb));
            return 0;
        }
        const prepared = verbImplementations[line.verb](line, ctx);
        return await withSession(ctx, line, prepared);
    } catch (e) {
        const message = refusalMessage(e);
        ctx.err(message !== undefined
            ? `${commandName(argv)}: ${message}\n`
            : `${commandName(argv)}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return e instanceof CliError ? e.exitCode : 1;
    }
}

/** The CLI's real surroundings. */
export function systemContext(): CliContext {
    return {
        runner: systemRunner,
        env: process.env,
        cwd: process.cwd(),
        out: text => process.stdout.write(text),
        err: text => process.stderr.write(text),
        interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        stdoutIsTTY: Boolean(process.stdout.isTTY),
        platform: process.platform,
    };
}

if (require.main === module) {
    forwardSignals();
    main(process.argv.slice(2), systemContext()).then(code => { process.exitCode = code; });
}
