import { appName, processName, volumeName } from "../shared/rules";
import * as names from "./names";

// The longest names the rules allow, and names full of the old separator.
const longApp = appName("app", `a${"-b".repeat(14)}c`);
const longProcess = processName("process", "p".repeat(20));
const longVolume = volumeName("volume", "v".repeat(30));
const apps = ["a", "a-x", "shop", "shop-media", "blog", "blog-x", "a--b", "a-1", longApp, "b".repeat(30), "b".repeat(21), "b".repeat(20)].map(a => appName("app", a));

test("the colliding pairs of earlier versions get names of their own", () => {
    expect(names.volume("shop", "media-files")).not.toBe(names.volume("shop-media", "files"));
    expect(names.legacyVolume("shop", "media-files")).toBe(names.legacyVolume("shop-media", "files"));
    expect(names.volume("blog", "x-y")).not.toBe(names.volume("blog-x", "y"));
    expect(names.processContainer("a", "v1", "x-web", 1)).not.toBe(names.processContainer("a-x", "v1", "web", 1));
    expect([names.volume("shop", "media-files"), names.processContainer("a", "v1", "x-web", 1)]).toEqual(["paas_shop_media-files", "paas_a_v1_x-web_1"]);
});

test("distinct inputs give distinct names, across every kind of container", () => {
    const inputs: string[] = [], seen = new Map<string, string>();
    const add = (name: string, input: string) => {
        expect([name, seen.get(name) ?? input]).toEqual([name, input]);
        seen.set(name, input);
        inputs.push(input);
    };
    for (const app of apps) {
        for (const release of ["v1", "v12"]) {
            for (const process of ["web", "x-web", "worker", "web-1", longProcess]) for (const n of [1, 2, 12]) add(names.processContainer(app, release, process, n), `${app} ${release} ${process} ${n}`);
            add(names.releaseCommandContainer(app, release), `${app} ${release} release`);
        }
        for (const n of [1, 12, 1234]) {
            add(names.oneOffContainer(app, n), `${app} run ${n}`);
            add(names.jobContainer(app, n), `${app} scheduler ${n}`);
        }
    }
    expect(seen.size).toBe(inputs.length);
});

test("volumes, networks, cron units, router tags and upstreams are one to one", () => {
    const distinct = (list: string[]) => expect(new Set(list).size).toBe(list.length);
    distinct(apps.flatMap(a => ["x-y", "y", "files", "media-files", longVolume].map(v => names.volume(a, v))));
    distinct(apps.map(names.network));
    distinct(apps.flatMap(a => [0, 1, 10, 12].map(n => names.cronUnit(a, n))));
    distinct(apps.map(names.routerLogTag));
    distinct(apps.map(names.upstreamName));
    distinct(apps.map(names.appAccount));
    // A new name is never an old one (the old ones have no `_`).
    for (const a of apps) expect(names.volume(a, "data")).not.toBe(names.legacyVolume(a, "data"));
});

test("every length-limited name fits its limit for the longest names the rules allow", () => {
    for (const app of apps) expect(names.routerLogTag(app).length).toBeLessThanOrEqual(32);
    expect(names.routerLogTag("b".repeat(30))).toMatch(/^paas_rt_b{15}_[0-9a-f]{8}$/);
    expect(names.routerLogTag(longApp)).toMatch(/^[a-z0-9_]{32}$/);
    // Up to 20 characters the tag stays what it was, so the router's earlier lines are still found.
    expect(names.routerLogTag("shop-media")).toBe("paas_router_shop_media");
    expect(names.routerLogTag("b".repeat(20))).toBe(`paas_router_${"b".repeat(20)}`);
    // systemd: 255 characters with `.service`.
    expect(`${names.cronUnit(longApp, 99)}.service`.length).toBeLessThanOrEqual(255);
    // Postgres identifiers: 63 bytes.
    expect(names.appAccount(longApp).length).toBeLessThanOrEqual(63);
    // Docker's names: [a-zA-Z0-9][a-zA-Z0-9_.-]+.
    for (const n of [names.processContainer(longApp, "v999999", longProcess, 20), names.oneOffContainer(longApp, 9999), names.jobContainer(longApp, 99),
        names.volume(longApp, longVolume), names.network(longApp)]) expect(n).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
});

test("an app's cron units are told from another's, the old names included", () => {
    const files = ["paas_cron_a_0.timer", "paas_cron_a_0.service", "paas_cron_a-1_0.timer", "paas_cron_a_12.timer",
        "paas-cron-a-3.timer", "paas-cron-a-1-0.timer", "paas-prune.timer", "other.timer"];
    expect(names.cronUnitsOf("a", files)).toEqual([
        { unit: "paas_cron_a_0", n: 0, legacy: false }, { unit: "paas_cron_a_12", n: 12, legacy: false }, { unit: "paas-cron-a-3", n: 3, legacy: true }]);
    expect(names.cronUnitsOf("a-1", files)).toEqual([{ unit: "paas_cron_a-1_0", n: 0, legacy: false }, { unit: "paas-cron-a-1-0", n: 0, legacy: true }]);
});
