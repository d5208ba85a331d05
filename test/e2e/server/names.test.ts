// Names that cannot collide and containers that live by their own rules, end to end on a local
// Debian 12 host: a 30-character app name serves and logs; apps whose names once collided get
// volumes and containers of their own; one-offs and scheduled jobs survive a deploy; a destroy
// leaves no container; a scale-up that fails its health check leaves nothing behind.
import { AppSpecInput, buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const keepAlive = ["python3", "-c", "import time\nwhile True: time.sleep(1)"];

let host: TestHost;

const spec = (app: string, overrides: Partial<AppSpecInput> = {}) => buildAppSpec({
    app, platformDomain: domain, source: "image", image: "paas-e2e/app:one", env: { GREETING: `hello ${app}` },
    processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m", ...overrides,
});
const deploy = (s: object, allowFail = false) => host.exec("paas app deploy", { stdin: JSON.stringify(s), allowFail });
const paas = async (command: string, input: object) => (await host.exec(`paas app ${command}`, { stdin: JSON.stringify(input) })).stdout;
const run = (app: string, command: string[]) =>
    host.exec(`paas app run --spec ${Buffer.from(JSON.stringify({ app, command })).toString("base64url")}`, { allowFail: true });
const names = async (filter: string) => (await host.exec(`docker ps -a --filter ${filter} --format '{{.Names}}'`)).stdout.split("\n").filter(Boolean).sort();
const sleep = (seconds: number) => new Promise(r => setTimeout(r, seconds * 1000));
/** Waits until a container with LABELS (`paas.app=shop`, ...) runs; its name. */
async function runningContainer(...labels: string[]): Promise<string> {
    for (let n = 0; n < 120; n++) {
        const [name] = await names(`status=running ${labels.map(l => `--filter label=${l}`).join(" ")}`);
        if (name) return name;
        await sleep(0.5);
    }
    throw new Error(`no running container with ${labels.join(", ")}`);
}

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-names-${process.pid}` });
    await host.buildSampleApp();
});

afterAll(() => host?.stop());

test("an app with a 30-character name deploys, serves through nginx, and its router lines show in its logs", async () => {
    const app = "a-thirty-character-app-name-ok";
    expect(app).toHaveLength(30);
    const r = await deploy(spec(app));
    expect(r.stdout.trim().split("\n").pop()).toBe("released v1 paas-e2e/app:one");
    expect((await host.http(`${app}.${domain}`, "/")).body).toBe(`hello ${app}`);
    let lines: string[] = [];
    for (let n = 0; n < 60 && !lines.some(l => l.includes('"GET / HTTP/1.1" 200')); n++) {
        lines = (await paas("logs", { app, process: "router", num: 100 })).split("\n").filter(Boolean);
        if (lines.length === 0) await sleep(0.5);
    }
    expect(lines.find(l => l.includes('"GET / HTTP/1.1" 200'))).toMatch(new RegExp(`^\\S+Z ${app}\\[router\\]: `));
});

test("shop + media-files and shop-media + files are two volumes: one app's file is not the other's, and destroying one keeps the other's", async () => {
    await deploy(spec("shop", { volumes: [{ name: "media-files", mountPath: "/data" }] }));
    await deploy(spec("shop-media", { volumes: [{ name: "files", mountPath: "/data" }] }));
    expect((await run("shop", ["sh", "-c", "echo shop > /data/who"])).code).toBe(0);
    const other = await run("shop-media", ["cat", "/data/who"]);
    expect(other.code).not.toBe(0);
    expect((await run("shop-media", ["sh", "-c", "echo shop-media > /data/who"])).code).toBe(0);
    await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "shop-media", keepData: false }) });
    expect((await run("shop", ["cat", "/data/who"])).stdout).toBe("shop\n");
    expect((await host.exec("docker volume ls -q --filter label=paas.app=shop")).stdout.trim()).toBe("paas_shop_media-files");
    expect((await host.exec("docker volume ls -q --filter label=paas.app=shop-media")).stdout.trim()).toBe("");
});

test("app a with process x-web and app a-x with web each get their own containers", async () => {
    await deploy(spec("a", { processes: { web: { count: 1 }, "x-web": { count: 1, command: keepAlive } } }));
    await deploy(spec("a-x"));
    await host.drained("a");
    expect(await names("label=paas.app=a")).toEqual(["paas_a_v1_web_1", "paas_a_v1_x-web_1"]);
    expect(await names("label=paas.app=a-x")).toEqual(["paas_a-x_v1_web_1"]);
    expect((await host.http(`a.${domain}`, "/")).body).toBe("hello a");
    expect((await host.http(`a-x.${domain}`, "/")).body).toBe("hello a-x");
    await host.exec("paas app destroy a-x", { stdin: "{}" });
    expect(await names("label=paas.app=a")).toEqual(["paas_a_v1_web_1", "paas_a_v1_x-web_1"]);
});

test("a volume of an earlier version's name is adopted by the app that made it, and by no other", async () => {
    // `paas-old-data` made by app old; `paas-old-media-files` made by app old-media (volume files).
    await host.exec("docker volume create --label paas.app=old paas-old-data && docker volume create --label paas.app=old-media paas-old-media-files");
    await host.exec("docker run --rm -v paas-old-data:/d -v paas-old-media-files:/m paas-e2e/app:one sh -c 'echo old > /d/f; echo old-media > /m/f'");
    await deploy(spec("old", { volumes: [{ name: "data", mountPath: "/data" }, { name: "media-files", mountPath: "/media" }] }));
    expect((await run("old", ["cat", "/data/f"])).stdout).toBe("old\n");
    expect((await run("old", ["ls", "/media"])).stdout).toBe("");
    expect((await host.exec("docker volume ls -q --filter label=paas.app=old")).stdout.split("\n").filter(Boolean).sort())
        .toEqual(["paas-old-data", "paas_old_media-files"]);
    await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "old", keepData: false }) });
    const volumes = (await host.exec("docker volume ls -q")).stdout.split("\n");
    expect(["paas-old-data", "paas_old_media-files", "paas-old-media-files"].map(v => volumes.includes(v))).toEqual([false, false, true]);
});

test("a `paas run` of 60 s and a running scheduled job both survive a deploy of their app (a config change), and exit 0", async () => {
    const job = { schedule: "0 0 1 1 *", command: ["sh", "-c", "sleep 40; echo job done"] };
    await deploy(spec("shop", { volumes: [{ name: "media-files", mountPath: "/data" }], cron: [job] }));
    await host.drained("shop");
    const oneOff = run("shop", ["sh", "-c", "sleep 60; echo run done"]);
    const scheduled = host.exec("paas app cron-run shop 0", { allowFail: true });
    const runName = await runningContainer("paas.app=shop", "paas.process=run");
    const jobName = await runningContainer("paas.app=shop", "paas.process=scheduler");
    expect(jobName).toBe("paas_shop_scheduler_1");
    const r = await deploy(spec("shop", { env: { GREETING: "hello again" }, volumes: [{ name: "media-files", mountPath: "/data" }], cron: [job] }));
    expect(r.stdout.trim().split("\n").pop()).toMatch(/^released v\d+ paas-e2e\/app:one$/);
    await host.drained("shop");
    expect((await host.http(`shop.${domain}`, "/")).body).toBe("hello again");
    expect(await names("status=running --filter label=paas.app=shop")).toEqual(expect.arrayContaining([runName, jobName]));
    expect(await scheduled).toMatchObject({ code: 0 });
    expect(await oneOff).toMatchObject({ code: 0, stdout: "run done\n" });
    expect(await names("label=paas.app=shop --filter label=paas.process=run")).toEqual([]);
});

test("destroying an app with a running job and a one-off removes its timers first and leaves no container of it", async () => {
    await deploy(spec("jobs", { cron: [{ schedule: "0 0 1 1 *", command: ["sleep", "300"] }] }));
    await host.exec("systemctl start --no-block paas_cron_jobs_0.service");
    const oneOff = run("jobs", ["sleep", "300"]);
    await runningContainer("paas.app=jobs", "paas.process=scheduler");
    await runningContainer("paas.app=jobs", "paas.process=run");
    expect((await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "jobs", keepData: false }) })).stdout).toContain("destroyed jobs");
    expect(await names("label=paas.app=jobs")).toEqual([]);
    expect(await host.existing(["/etc/systemd/system/paas_cron_jobs_*"])).toEqual([]);
    expect((await oneOff).code).not.toBe(0);
    expect((await host.exec("systemctl is-active paas_cron_jobs_0.service", { allowFail: true })).stdout.trim()).not.toBe("active");
});

test("a scale-up whose new web container fails its health check removes it; the old one keeps serving", async () => {
    const web = ["sh", "-c", "test -e /data/broken && exit 1; exec python3 /app/app.py"];
    await deploy(spec("scaler", { processes: { web: { count: 1, command: web } }, volumes: [{ name: "data", mountPath: "/data" }], healthTimeoutSeconds: 5 }));
    const before = await names("label=paas.app=scaler");
    expect((await run("scaler", ["touch", "/data/broken"])).code).toBe(0);
    const r = await host.exec("paas app scale", { stdin: JSON.stringify({ app: "scaler", processes: { web: 2 } }), allowFail: true });
    expect([r.code, r.stderr.trim()]).toEqual([1, "health check failed: /healthz did not answer 2xx/3xx within 5s; the other containers keep serving"]);
    expect(await names("label=paas.app=scaler")).toEqual(before);
    expect((await host.http(`scaler.${domain}`, "/")).body).toBe("hello scaler");
});

test("a health path outside Latin-1 is asked percent-encoded: a failing check is reported, and the deploy cleans up", async () => {
    const r = await deploy(spec("unicode", { healthPath: "/健康", healthTimeoutSeconds: 3 }), true);
    expect([r.code, r.stderr.trim().split("\n").pop()]).toEqual([1, "health check failed: /健康 did not answer 2xx/3xx within 3s; no release keeps serving"]);
    expect(await names("label=paas.app=unicode")).toEqual([]);
});

test("a failed build removes the images it made, and not those another build left meanwhile", async () => {
    const dangling = async () => (await host.exec("docker images -q --filter dangling=true")).stdout.split("\n").filter(Boolean).sort();
    const before = await dangling();
    const context = "/root/paas-uploads/build-broken-0123456789ab";
    // A base of its own: app a deploys paas-e2e/app:one, and a build may not read another app's image.
    await host.exec("printf 'FROM paas-e2e/app:one\\nLABEL base=build\\n' | docker build -q -t paas-e2e/build-base -");
    await host.exec(`mkdir -p ${context} && printf 'FROM paas-e2e/build-base\\nCOPY Dockerfile /copied\\nRUN echo mine > /mine\\nRUN sleep 20\\nRUN false\\n' > ${context}/Dockerfile`);
    const deploying = deploy(spec("broken", { source: "dockerfile", image: "paas/broken:0123456789ab", buildContext: context }), true);
    for (let n = 0; n < 120 && !(await host.exec("docker ps --no-trunc --format '{{.Command}}'")).stdout.includes("sleep 20"); n++) await sleep(0.5);
    // While it runs, another app's build fails (as paas builds, --force-rm) and leaves the untagged image of its last good step.
    const mid = await dangling();
    await host.exec("printf 'FROM paas-e2e/build-base\\nRUN echo other > /other\\nRUN false\\n' | docker build --force-rm - >/dev/null 2>&1 || true");
    const other = (await dangling()).filter(i => !mid.includes(i));
    expect(other).toHaveLength(1);
    const r = await deploying;
    expect([r.code, r.stderr.trim().split("\n").pop()]).toEqual([1, "build failed; no release keeps serving"]);
    expect(await dangling()).toEqual([...before, ...other].sort());
});
