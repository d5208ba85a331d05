// Scheduled jobs as systemd timers, one per job of the current release. The service is a oneshot
// that systemd never starts twice at once, so a job that outlasts its interval is not started
// again until it ends; it runs a one-off container of the current release (with its config,
// volumes and network) whose output goes to the journal with the app's fields, as every container's.
import * as fs from "fs";
import { cronSchedule } from "../shared/cron";
import * as hostInputs from "../shared/host-inputs";
import { ensureShared } from "./app-resources";
import { jobContainer, recordedRun, runArgs } from "./container-spec";
import { docker, dockerWithEnv } from "./docker";
import { writeFileAtomic } from "./files";
import { cronUnit, cronUnitsOf } from "./names";
import { fail } from "./output";
import { paths } from "./paths";
import { run } from "./run";
import { AppState, StoredSpec } from "./state";

const unitDir = () => paths.under("/etc/systemd/system");

/** The service and timer of job N of APP. */
export function cronUnits(app: string, n: number, schedule: string): { service: string; timer: string } {
    return {
        service: ["[Unit]", `Description=paas: ${app} scheduled job ${n}`, "After=docker.service", "",
            "[Service]", "Type=oneshot", "TimeoutStartSec=infinity", `ExecStart=${paths.lib()}/paas.js app cron-run ${app} ${n}`, ""].join("\n"),
        timer: ["[Unit]", `Description=paas: ${app} scheduled job ${n}`, "", "[Timer]", `OnCalendar=${cronSchedule(`cron[${n}].schedule`, schedule)}`, "",
            "[Install]", "WantedBy=timers.target", ""].join("\n"),
    };
}

/** APP's job units on the host now, earlier versions' names included. */
function installedJobs(app: string): { unit: string; n: number; legacy: boolean }[] {
    let files: string[] = [];
    try { files = fs.readdirSync(unitDir()); } catch { return []; }
    return cronUnitsOf(app, files.sort());
}

/** Disables the timer of UNIT and removes its files; with STOP, a run of its job in progress is stopped too. */
async function removeUnit(unit: string, stop: boolean): Promise<void> {
    await run("systemctl", ["disable", "--now", `${unit}.timer`]);
    if (stop) await run("systemctl", ["stop", `${unit}.service`]);
    for (const ext of ["service", "timer"]) fs.rmSync(`${unitDir()}/${unit}.${ext}`, { force: true });
}

/** Makes the host's timers those of SPEC's jobs. A job running now runs on to its end. */
export async function syncCronJobs(app: string, spec: StoredSpec): Promise<void> {
    const jobs = spec.cron ?? [];
    const stale = installedJobs(app).filter(j => j.legacy || j.n >= jobs.length);
    if (jobs.length === 0 && stale.length === 0) return;
    for (const j of stale) await removeUnit(j.unit, false);
    jobs.forEach((job, n) => {
        const units = cronUnits(app, n, job.schedule);
        writeFileAtomic(`${unitDir()}/${cronUnit(app, n)}.service`, units.service);
        writeFileAtomic(`${unitDir()}/${cronUnit(app, n)}.timer`, units.timer);
    });
    await run("systemctl", ["daemon-reload"]);
    for (let n = 0; n < jobs.length; n++) await run("systemctl", ["enable", "--now", `${cronUnit(app, n)}.timer`]);
}

/** Removes every job of APP, stopping any that runs now (its container is stopped with the
 * service), so that no timer starts another. */
export async function removeCronJobs(app: string): Promise<void> {
    const installed = installedJobs(app);
    for (const j of installed) await removeUnit(j.unit, true);
    if (installed.length > 0) await run("systemctl", ["daemon-reload"]);
}

/** `paas app cron-run APP N` (the timer): job N of the current release, to completion. */
export async function cronRun(appArg: string | undefined, nArg: string | undefined): Promise<number> {
    const app = hostInputs.appInput({ app: appArg ?? "" }).app;
    const state = new AppState(app);
    const current = state.current();
    const env = current && state.releaseEnv(current.version);
    const n = Number(nArg);
    const job = current?.spec.cron?.[n];
    if (!current || !env || !job || !/^[0-9]{1,2}$/.test(nArg ?? "")) return fail(`cron: ${app} has no scheduled job ${nArg}`);
    const resources = await ensureShared(app, current.spec.volumes);
    const c = jobContainer(recordedRun(app, current, env), resources, n);
    // A container of this job is left only by a run that was cut short (its service never runs twice at once).
    await docker(["rm", "-f", c.name]);
    const r = await dockerWithEnv(c.env, c.port, runArgs(c, { remove: true }), { stdout: "ignore", stderr: "ignore" });
    return r.code;
}
