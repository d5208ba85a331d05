// The verbs that change things: run, scale, restart, maintenance, rollback. What Pulumi declares
// (process counts, the release image) is recorded in the stack's config too, so that the next
// `pulumi up` keeps it instead of undoing it.
import { appName } from "../../shared/rules";
import { CliError } from "./cli-error";
import { formation, hostCommands, maintenanceRequest, releasesRequest, releaseVersion, restartRequest, rollbackRequest, runRequest, scaleRequest } from "./host-requests";
import { formationKey, pinRelease, recordFormation, releasePinsKey } from "./stack-config";
import { Verb } from "./session";
import { hostList } from "./tables";

const progress = (line: string) => `-----> ${line}\n`;
const indented = (line: string) => `       ${line}\n`;

/** Exits with the command's exit code. */
export const run: Verb = (line, ctx) => {
    const request = runRequest(line.args[0], line.rest, ctx.interactive);
    return s => s.host.interactive(request);
};

export const scale: Verb = line => {
    const app = appName("app", line.args[0]);
    const counts = formation(line.args.slice(1));
    const request = scaleRequest(app, counts);
    const shown = Object.entries(counts).map(([p, n]) => `${p}=${n}`).join(" ");
    return async s => {
        // Recorded first: if the host then fails, the stack still says what was asked, and the
        // next `pulumi up` applies it; the other way round a failed record would be undone by it.
        await recordFormation(s.ctx.runner, s.target, app, counts);
        s.ctx.out(progress(`Recorded ${shown} for ${app} in ${formationKey} of stack ${s.target.stack}: the next pulumi up keeps it`));
        s.ctx.out(progress(`Scaling ${app}: ${shown}`));
        return s.host.stream(request);
    };
};

export const restart: Verb = line => {
    const request = restartRequest(line.args[0], line.args[1]);
    return async s => {
        s.ctx.out(progress(`Restarting ${line.args[1] ? `the ${line.args[1]} containers of ` : ""}${line.args[0]}`));
        return s.host.stream(request);
    };
};

export const maintenance: Verb = line => {
    const request = maintenanceRequest(line.args[0], line.args[1]);
    return async s => {
        s.ctx.out(progress(`Turning maintenance ${line.args[1]} for ${line.args[0]}`));
        return s.host.stream(request);
    };
};

export const rollback: Verb = line => {
    const app = appName("app", line.args[0]);
    const version = releaseVersion(line.args[1]);
    const listing = releasesRequest(app);
    const request = rollbackRequest(app, version);
    return async s => {
        const stack = s.target.stack;
        const record = hostList(await s.host.query(listing), hostCommands.releases).find(r => Number(r?.version) === version);
        if (!record) throw new CliError(`version: ${app} has no release v${version} (paas releases ${app} lists them)`);
        const image = record.image;
        if (typeof image !== "string" || image === "") throw new CliError(`${hostCommands.releases}: release v${version} of ${app} names no image`);

        s.ctx.out(progress(`Rolling ${app} back to v${version} (${image}) on stack ${stack}`));
        const code = await s.host.stream(request);
        if (code !== 0) return code;
        try {
            await pinRelease(s.ctx.runner, s.target, app, image);
        } catch (e) {
            const why = e instanceof Error ? e.message : String(e);
            throw new CliError(`${why}; ${app} serves ${image} now, but the next pulumi up may replace it unless ${releasePinsKey} pins it`);
        }
        s.ctx.out(progress(`Pinned ${app} to ${image} in ${releasePinsKey} of stack ${stack}, so the next pulumi up keeps it`));
        s.ctx.out(indented(`To follow code and pushes again: pulumi config rm ${releasePinsKey} --stack ${stack}`));
        return 0;
    };
};
