import * as fs from "fs";
import { removeCronJobs, syncCronJobs } from "./cron";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";
import { run } from "./run";
import type { StoredSpec } from "./state";

jest.mock("./run", () => ({ ...jest.requireActual("./run"), run: jest.fn() }));

let root: string, units: string;
const systemctl = () => jest.mocked(run).mock.calls.map(c => c[1].join(" "));
const files = () => fs.readdirSync(units).sort();

beforeEach(() => {
    root = makeHostRoot("cron");
    units = `${root}/etc/systemd/system`;
    fs.mkdirSync(units, { recursive: true });
    jest.mocked(run).mockReset().mockResolvedValue({ code: 0, stdout: "", stderr: "", timedOut: false });
});
afterEach(() => removeHostRoot(root));

const put = (...names: string[]) => names.forEach(n => fs.writeFileSync(`${units}/${n}`, ""));

test("a deploy writes the jobs' units under their names and removes those of earlier versions' names, leaving a run in progress alone", async () => {
    put("paas-cron-shop-0.service", "paas-cron-shop-0.timer", "paas-cron-shop-x-0.timer", "paas_cron_shop_1.timer", "paas_cron_shop_1.service");
    await syncCronJobs("shop", { cron: [{ schedule: "0 * * * *", command: ["x"] }] } as unknown as StoredSpec);
    expect(files()).toEqual(["paas-cron-shop-x-0.timer", "paas_cron_shop_0.service", "paas_cron_shop_0.timer"]);
    expect(systemctl()).toEqual(["disable --now paas-cron-shop-0.timer", "disable --now paas_cron_shop_1.timer", "daemon-reload", "enable --now paas_cron_shop_0.timer"]);
});

test("removing an app's jobs stops a run in progress too, and no other app's", async () => {
    put("paas_cron_shop_0.service", "paas_cron_shop_0.timer", "paas_cron_shop-x_0.timer", "paas-cron-shop-3.timer");
    await removeCronJobs("shop");
    expect(files()).toEqual(["paas_cron_shop-x_0.timer"]);
    expect(systemctl()).toEqual(["disable --now paas-cron-shop-3.timer", "stop paas-cron-shop-3.service",
        "disable --now paas_cron_shop_0.timer", "stop paas_cron_shop_0.service", "daemon-reload"]);
});
