// The verbs that look: apps, ps, logs, releases, config, open.
import { appName } from "../../shared/rules";
import { CliError } from "./cli-error";
import { configVarsRequest, hostCommands, HostRequest, listRequest, logsRequest, psRequest, releasesRequest } from "./host-requests";
import { optionValue, Verb } from "./session";
import { appsTable, configVarsText, hostList, psTable, releasesTable } from "./tables";

export const apps: Verb = () => async s => {
    s.ctx.out(appsTable(hostList(await s.host.query(listRequest()), hostCommands.list)));
    return 0;
};

/** A verb that asks the host for a list about one app and prints it as a table. */
function tableVerb(request: (app: string) => HostRequest, command: string, table: (app: string, rows: readonly unknown[]) => string): Verb {
    return line => {
        const asked = request(line.args[0]);
        return async s => {
            s.ctx.out(table(line.args[0], hostList(await s.host.query(asked), command)));
            return 0;
        };
    };
}

export const ps = tableVerb(psRequest, hostCommands.ps, psTable);

/** The host's lines as they come; with --follow until Ctrl-C, which ends the local ssh and so the remote side. */
export const logs: Verb = line => {
    const request = logsRequest(line.args[0], {
        process: optionValue(line, "process"), num: optionValue(line, "num"), follow: line.options.follow === true,
    });
    return s => s.host.stream(request);
};

export const releases = tableVerb(releasesRequest, hostCommands.releases, releasesTable);

export const config: Verb = line => {
    const reveal = line.options.reveal === true;
    const request = configVarsRequest(line.args[0], reveal);
    return async s => {
        let answer: unknown;
        try {
            answer = JSON.parse(await s.host.query(request));
        } catch (e) {
            if (e instanceof CliError) throw e;
            throw new CliError(`${hostCommands.configVars}: the host answered with something other than JSON`);
        }
        s.ctx.out(configVarsText(answer, reveal));
        return 0;
    };
};

/** The program that opens a URL in the desktop's browser. */
export const browserOpener = (platform: NodeJS.Platform) => platform === "darwin" ? "open" : "xdg-open";

export const open: Verb = line => {
    const app = appName("app", line.args[0]);
    return async s => {
        const entry = hostList(await s.host.query(listRequest()), hostCommands.list).find(a => a?.app === app);
        if (!entry) throw new CliError(`app: stack ${s.target.stack} has no app ${app} (paas apps lists them)`);
        const url = Array.isArray(entry.urls) ? entry.urls[0] : undefined;
        if (typeof url !== "string" || !/^https?:\/\/[^\s]+$/.test(url)) throw new CliError(`${app}: the host names no URL for it`);
        s.ctx.out(`${url}\n`);
        // Only for a person at a terminal; a script gets the URL alone.
        if (s.ctx.stdoutIsTTY) await s.ctx.runner.launch(browserOpener(s.ctx.platform), [url]);
        return 0;
    };
};
