// Scheduled jobs as systemd timers, one per job of the current release. The service is a oneshot
// that systemd never starts twice at once, so a job that outlasts its interval is not started
// again until it ends; it runs a one-off container of the current release (with its config,
// volumes and network) whose output goes to the journal with the app's fields, as every container's.
import * as fs from "fs";
import { cronSchedule } from "../shared/cron";
import * as hostInputs from "../shared/host-inputs";
import { ensureShared } from "./app-resources";
import { docker } from "./docker";
import { writeFileAtomic } from "./files";
import { fail } from "./output";
import { paths } from "./paths";
import { commonArgs, dynoEnv } from "./release";
import { run } from "./run";
import { AppState, StoredSpec } from "./state";

const unitDir = () => paths.under("/etc/systemd/system");
const unitName = (app: string, n: number) => `paas-cron-${app}-${n}`;

/** The service and timer of job N of APP. */
export function cronUnits(app: string, n: number, schedule: string): { service: string; timer: string } {
    return {
        service: ["[Unit]", `Description=paas: ${app} scheduled job ${n}`, "After=docker.service", "",
            "[Service]", "Type=oneshot", "TimeoutStartSec=infinity", `ExecStart=${paths.lib()}/paas.js app cron-run ${app} ${n}`, ""].join("\n"),
        timer: ["[Unit]", `Description=paas: ${app} scheduled job ${n}`, "", "[Timer]", `OnCalendar=${cronSchedule(`cron[${n}].schedule`, schedule)}`, "",
            "[Install]", "WantedBy=timers.target", ""].join("\n"),
    };
}

/** The timer names of APP's jobs on the host now. */
function installedJobs(app: string): number[] {
    let names: string[] = [];
    try { names = fs.readdirSync(unitDir()); } catch { return []; }
    return names.map(n => new RegExp(`^paas-cron-${app}-([0-9]+)\\.timer$`).exec(n)).filter((m): m is RegExpExecArray => m !== null).map(m => Number(m[1]));
}

/** Makes the host's timers those of SPEC's jobs. */
export async function syncCronJobs(app: string, spec: StoredSpec): Promise<void> {
    const jobs = spec.cron ?? [];
    const stale = installedJobs(app).filter(n => n >= jobs.length);
    if (jobs.length === 0 && stale.length === 0) return;
    for (const n of stale) {
        await run("systemctl", ["disable", "--now", `${unitName(app, n)}.timer`]);
        for (const ext of ["service", "timer"]) fs.rmSync(`${unitDir()}/${unitName(app, n)}.${ext}`, { force: true });
    }
    jobs.forEach((job, n) => {
        const units = cronUnits(app, n, job.schedule);
        writeFileAtomic(`${unitDir()}/${unitName(app, n)}.service`, units.service);
        writeFileAtomic(`${unitDir()}/${unitName(app, n)}.timer`, units.timer);
    });
    await run("systemctl", ["daemon-reload"]);
    for (let n = 0; n < jobs.length; n++) await run("systemctl", ["enable", "--now", `${unitName(app, n)}.timer`]);
}

/** Removes every job of APP. */
export const removeCronJobs = (app: string) => syncCronJobs(app, { cron: [] } as unknown as StoredSpec);

/** `paas app cron-run APP N` (the timer): job N of the current release, to completion. */
export async function cronRun(appArg: string | undefined, nArg: string | undefined): Promise<number> {
    const app = hostInputs.appInput({ app: appArg ?? "" }).app;
    const state = new AppState(app);
    const current = state.current();
    const env = current && state.releaseEnv(current.version);
    const n = Number(nArg);
    const job = current?.spec.cron?.[n];
    if (!current || !env || !job || !/^[0-9]{1,2}$/.test(nArg ?? "")) return fail(`cron: ${app} has no scheduled job ${nArg}`);
    await ensureShared(app, current.spec.volumes);
    const deploy = { state, spec: current.spec, env, image: current.image, source: current.source, commit: current.commit };
    const jobEnv = dynoEnv(deploy, `scheduler.${n + 1}`, current.version, current.createdAt);
    const name = `paas-${app}-scheduler-${n + 1}`;
    await docker(["rm", "-f", name]);
    const r = await run("/usr/bin/docker", ["run", "--rm", "--name", name, ...commonArgs(app, `v${current.version}`, jobEnv, current.spec),
        "--label", "paas.process=scheduler", current.image, ...job.command],
    { env: { PATH: "/usr/bin:/bin", HOME: "/root", ...jobEnv, DOCKER_CONFIG: "/root/.docker", PORT: String(current.spec.port) }, stdout: "ignore", stderr: "ignore" });
    return r.code;
}
