// `paas`, the platform's command on the host (host/README.md is its contract). Everything a user
// chose arrives as JSON on stdin or as checked arguments, and reaches programs as separate
// arguments, through the environment or through a client's own quoting: never through a shell.
import { addonCommand } from "./addons/addon";
import { configVars, dynosWithUsage, listApps } from "./app-info";
import { cronRun } from "./cron";
import * as apps from "./apps";
import { setKeys } from "./deploy-keys";
import { engineWord, runDetached } from "./detach";
import { destroy } from "./destroy";
import { drain, drainOrder } from "./drain";
import { readStdin } from "./files";
import { gitHook, gitShell, pushDeploy } from "./git";
import { parseJson } from "./input";
import { fail, HostError, keepRunningWithoutReader, print } from "./output";
import { printLogs } from "./logs";
import { redact } from "./redaction";
import { recordMemoryKill } from "./memory-kills";
import { pruneImages } from "./prune";
import { setMaintenance } from "./maintenance";
import { runOneOff } from "./one-off";
import { reloadRouter } from "./router";
import { restart, scale } from "./scale";
import { checkRules } from "./rule-check";
import { removeOldUploads } from "./uploads";
import { putFile } from "./as-user";
import * as hostInputs from "../shared/host-inputs";

const usage = "usage: paas app register|config|deploy|releases|rollback|destroy|list|ps|logs|run|scale|restart|maintenance|config-vars, " +
    "paas addon postgres|redis create|delete|upgrade, paas keys set|clear APP, paas router reload, paas rules check, paas platform settings";

const json = (value: unknown) => print(JSON.stringify(value, null, 2));
/** The app an operator's verb names on stdin. */
const stdinApp = async () => hostInputs.appInput(parseJson(await readStdin())).app;

const asRoot = () => { if (process.getuid?.() !== 0) fail("paas: run as root"); };

/** The commands of the release engine: once started, each runs to its end (host/detach.ts). */
const engineCommands = new Set(["app deploy", "app push-deploy", "app rollback"]);

/** Runs one command; resolves with its exit code. */
export async function main(argv: string[]): Promise<number> {
    if (argv[0] === engineWord) {
        asRoot();
        keepRunningWithoutReader();
        argv = argv.slice(1);
        if (!engineCommands.has(`${argv[0]} ${argv[1]}`)) fail(usage);
    } else if (engineCommands.has(`${argv[0]} ${argv[1]}`)) {
        asRoot();
        return runDetached(argv);
    }
    const [group, verb, ...rest] = argv;
    // The two entry points the `git` user runs (bash wrappers exec them): no root, no stdin JSON.
    if (group === "git-shell") return gitShell(argv.slice(1));
    if (group === "git-hook") return gitHook(await readStdin());
    // Run by root as the owner of a folder (host/as-user.ts): as that user, never as root.
    if (group === "file" && verb === "put") { putFile(rest[0], rest[1], await readStdin()); return 0; }
    asRoot();
    switch (`${group ?? ""} ${verb ?? ""}`) {
    case "app register": await apps.register(await readStdin()); break;
    case "app config": await apps.config(await readStdin()); break;
    case "app deploy": await apps.deploy(await readStdin()); break;
    case "app releases": apps.releases(rest[0] ?? await stdinApp()); break;
    case "app rollback": {
        if (rest.length > 0) await apps.rollback(rest[0], rest[1]);
        else {
            const i = hostInputs.appInput(parseJson(await readStdin()));
            await apps.rollback(i.app, String(i.version ?? ""));
        }
        break;
    }
    case "app list": json(listApps()); break;
    case "app ps": json(await dynosWithUsage(await stdinApp())); break;
    case "app logs": return printLogs(hostInputs.logsQuery(parseJson(await readStdin())));
    case "app run": return runOneOff(rest[0] === "--spec" ? rest[1] : undefined);
    case "app scale": await scale(await readStdin()); break;
    case "app drain": await drain(drainOrder(parseJson(await readStdin()))); await pruneImages(); break;
    case "system prune": await pruneImages(); break;
    case "system uploads-clean": await removeOldUploads(rest[0] ?? ""); break;
    case "system oom-record": await recordMemoryKill(await readStdin()); break;
    case "app cron-run": return cronRun(rest[0], rest[1]);
    case "app restart": await restart(await readStdin()); break;
    case "app maintenance": { const m = hostInputs.maintenance(parseJson(await readStdin())); setMaintenance(m.app, m.on); break; }
    case "app config-vars": {
        const i = hostInputs.appInput(parseJson(await readStdin()));
        json(configVars(i.app, i.reveal === true));
        break;
    }
    case "app destroy": await destroy(await readStdin(), rest[0]); break;
    case "app push-deploy": await pushDeploy(rest[0], rest[1]); break;
    case "addon postgres": case "addon redis": await addonCommand(verb, rest[0], await readStdin()); break;
    case "keys set": await setKeys(await readStdin(), rest[0], false); break;
    case "keys clear": await setKeys(await readStdin(), rest[0], true); break;
    case "router reload": if (!await reloadRouter()) fail("router: nginx refuses its configuration"); break;
    case "rules check": print(JSON.stringify(checkRules(parseJson(await readStdin(), "cases", "must be a JSON array")))); break;
    // The bootstrap's settings, checked by the same rules as PlatformHost's (printed back normalised).
    case "platform settings": print(JSON.stringify(hostInputs.bootstrapSettings(parseJson(await readStdin(), "stdin")))); break;
    default: fail(usage);
    }
    return 0;
}

/** A refusal prints its message alone; anything else is a bug, printed whole. */
export function report(e: unknown): number {
    if (e instanceof HostError || (e instanceof Error && e.name === "ValidationError")) {
        process.stderr.write(redact(`${e.message}\n`));
    } else {
        process.stderr.write(redact(`paas: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`));
    }
    return 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).catch(report).then(code => process.exit(code));
}
