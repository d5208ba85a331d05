import type { AppResources } from "./app-resources";
import { isProcessType, jobContainer, labels, oneOffContainer, processContainer, recordedRun, releaseCommandContainer, runArgs } from "./container-spec";
import type { ReleaseRecord, StoredSpec } from "./state";

const spec = {
    app: "shop", port: 5000, processes: { web: { count: 2 }, worker: { count: 1, command: ["node", "worker.js"] } },
    releaseCommand: ["npm", "run", "migrate"], cron: [{ schedule: "0 * * * *", command: ["node", "report.js"] }],
} as unknown as StoredSpec;
const record = { version: 4, image: "registry.example.com/shop:2", createdAt: "2026-01-01T00:00:00Z", commit: "0123456789abcdef", spec } as ReleaseRecord;
const run = recordedRun("shop", record, { SECRET: "s3cr=t" });
const resources: AppResources = { network: "paas_shop", mounts: [{ source: "paas_shop_media-files", target: "/data" }] };

test("each kind of container: its name, process, dyno and command", () => {
    expect([processContainer(run, resources, "web", 2), processContainer(run, resources, "worker", 1), releaseCommandContainer(run, resources),
        oneOffContainer(run, resources, 1234, ["bash"]), jobContainer(run, resources, 0)].map(c => [c.name, c.process, c.dyno, c.command.join(" ")])).toEqual([
        ["paas_shop_v4_web_2", "web", "web.2", ""],
        ["paas_shop_v4_worker_1", "worker", "worker.1", "node worker.js"],
        ["paas_shop_v4_release_1", "release", "release.1", "npm run migrate"],
        ["paas_shop_run_1234", "run", "run.1234", "bash"],
        ["paas_shop_scheduler_1", "scheduler", "scheduler.1", "node report.js"],
    ]);
});

test("every container gets the config and Heroku's dyno metadata, and the labels ps, logs and deploys find it by", () => {
    const c = oneOffContainer(run, resources, 1234, ["bash"]);
    expect(c.env).toEqual({ SECRET: "s3cr=t", DYNO: "run.1234", HEROKU_APP_NAME: "shop", HEROKU_RELEASE_VERSION: "v4",
        HEROKU_RELEASE_CREATED_AT: "2026-01-01T00:00:00Z", HEROKU_SLUG_COMMIT: "0123456789abcdef" });
    expect(labels(c)).toEqual({ "paas.app": "shop", "paas.release": "v4", "paas.process": "run", "paas.dyno": "run.1234" });
});

test("docker run's arguments: names of config vars only, the network and volumes, and the mode's flags", () => {
    const web = processContainer(run, resources, "web", 1);
    expect(runArgs(web, { detach: true, restart: true, publish: 20001 })).toEqual([
        "run", "-d", "--name", "paas_shop_v4_web_1", "--init",
        "--label", "paas.app=shop", "--label", "paas.release=v4", "--label", "paas.process=web", "--label", "paas.dyno=web.1",
        "--add-host", "paas-host:host-gateway", "--log-driver", "journald", "--log-opt", "labels=paas.app,paas.process,paas.dyno",
        // The default size (host/limits.ts).
        "--memory", "256m", "--memory-swap", "256m", "--cpus", "1", "--oom-score-adj", "500", "--label", "paas.memory-mib=256",
        "--network", "paas_shop", "--mount", "type=volume,src=paas_shop_media-files,dst=/data",
        "-e", "PORT", "-e", "DYNO", "-e", "HEROKU_APP_NAME", "-e", "HEROKU_RELEASE_CREATED_AT", "-e", "HEROKU_RELEASE_VERSION", "-e", "HEROKU_SLUG_COMMIT", "-e", "SECRET",
        "--restart", "unless-stopped", "-p", "127.0.0.1:20001:5000",
        "registry.example.com/shop:2",
    ]);
    const oneOff = runArgs(oneOffContainer(run, resources, 1234, ["sh", "-c", "echo $SECRET"]), { remove: true, interactive: true, tty: true });
    expect(oneOff.slice(0, 6)).toEqual(["run", "--rm", "-i", "-t", "--name", "paas_shop_run_1234"]);
    expect(oneOff.slice(-4)).toEqual(["registry.example.com/shop:2", "sh", "-c", "echo $SECRET"]);
    expect(oneOff).not.toContain("--restart");
    expect([web, oneOffContainer(run, resources, 1, ["x"])].flatMap(c => runArgs(c, {})).join(" ")).not.toContain("s3cr=t");
});

test("the spec's process types are what deploys replace and restart restarts; one-offs, jobs and the release command are not", () => {
    expect(["web", "worker", "clock", "runner"].map(isProcessType)).toEqual([true, true, true, true]);
    expect(["run", "release", "scheduler"].map(isProcessType)).toEqual([false, false, false]);
});
