// `paas app destroy`: routing stops first, then the scheduled jobs (so that no timer starts
// another container), then every container of the app (one-offs and jobs included), and its
// certificates, images, keys, repository and state; its volumes too when keepData is false.
import * as fs from "fs";
import * as hostInputs from "../shared/host-inputs";
import { maintenanceFlag } from "../shared/nginx-vhost";
import { removeShared } from "./app-resources";
import { removeAs } from "./as-user";
import { deleteCertificates } from "./certificates";
import { removeCronJobs } from "./cron";
import { grantKeys } from "./deploy-keys";
import { containers, docker } from "./docker";
import { imageRepository } from "./names";
import { parseJson } from "./input";
import { print } from "./output";
import { otherOwner } from "./owners";
import { paths } from "./paths";
import { drain, stopTimeoutSeconds } from "./drain";
import { unroute } from "./router";
import { lines } from "./run";
import { AppState, withApp } from "./state";
import { removeBuildContexts } from "./uploads";

/** Images the app's releases used that no other app's release uses, and those built for it. */
async function appImages(state: AppState): Promise<string[]> {
    const built = lines((await docker(["images", "--format", "{{.Repository}}:{{.Tag}}", imageRepository(state.app)])).stdout)
        .filter(i => !i.endsWith(":<none>"));
    const others = new Set(fs.readdirSync(paths.apps()).filter(a => a !== state.app && !a.startsWith("."))
        .flatMap(a => new AppState(a).releases().map(r => r.image)));
    const used = state.releases().map(r => r.image).filter(i => !others.has(i));
    return [...new Set([...built, ...used])];
}

export async function destroy(stdin: string, appArg: string | undefined): Promise<void> {
    const input = stdin.trim() === "" ? {} : parseJson(stdin);
    const { app, keepData, owner } = hostInputs.destroy(input, appArg);
    await withApp(app, async state => {
        const other = otherOwner(state.ownerFile, owner);
        if (other) return print(`kept ${app}: it belongs to ${other} now`);
        await unroute(app);
        await removeCronJobs(app);
        const spec = state.spec();
        await drain({ ids: await containers({ "paas.app": app }), stopTimeout: spec ? stopTimeoutSeconds(spec) : 30 });
        await removeShared(app, keepData);
        await deleteCertificates(app);
        const images = await appImages(state);
        if (images.length > 0) await docker(["rmi", ...images]);
        const dangling = lines((await docker(["images", "-q", "--filter", "dangling=true", "--filter", `label=paas.app=${app}`])).stdout);
        if (dangling.length > 0) await docker(["rmi", ...dangling]);
        if (fs.existsSync(paths.authorizedKeys())) await grantKeys(app, []);
        // The lock file stays: a deploy waiting on it must exclude any that comes after it.
        fs.rmSync(state.dir, { recursive: true, force: true });
        await removeAs("git", paths.repo(app));
        removeBuildContexts(app);
        fs.rmSync(paths.under(maintenanceFlag(app)), { force: true });
        // A `paas run` that read the release before the state went may have started since.
        const late = await containers({ "paas.app": app });
        if (late.length > 0) {
            await docker(["rm", "-f", ...late]);
            await removeShared(app, true);
        }
        // The app owns its volumes only: an add-on's data is its add-on's, deleted (or kept) by
        // that resource's own keepData and owner record.
        print(keepData ? `destroyed ${app}` : `destroyed ${app} and its volumes`);
    });
}
