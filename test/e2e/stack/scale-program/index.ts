// A user's program at a real user's scale: `count` apps each with a Postgres database of its own,
// an app with the longest name the rules allow, two pairs of apps whose derived names once
// collided, two Redis add-ons created in one update, and an app with a scheduled job.
import * as pulumi from "@pulumi/pulumi";
import { App, AppArgs, Platform, PostgresAddon, RedisAddon } from "./components";

const config = new pulumi.Config();
const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey") },
    domain: "paas.test",
    swapMiB: 0,
    acmeEmail: "ops@example.com",
});
const connection = platform.connection;
const releases: Record<string, pulumi.Output<string>> = {};

type Extra = Omit<AppArgs, "connection" | "platformDomain" | "releaseSource">;
const app = (name: string, extra: Extra = {}) => {
    const created = new App(name, {
        connection, platformDomain: platform.domain, releaseSource: "image", image: config.require("image"), healthPath: "/healthz",
        config: { GREETING: `hello from ${name}` }, ...extra,
    }, { parent: platform });
    releases[name] = created.release;
};

for (let n = 1; n <= config.requireNumber("count"); n++) {
    const db = new PostgresAddon(`db-${n}`, { connection, name: `db_${n}` }, { parent: platform });
    app(`app-${n}`, { addons: [db] });
}

app(config.require("longName"));
// `shop` + `media-files` and `shop-media` + `files`; `a` + `x-web` and `a-x` + `web`.
const cacheOne = new RedisAddon("cache-one", { connection, name: "cache_one", keepData: false }, { parent: platform });
const cacheTwo = new RedisAddon("cache-two", { connection, name: "cache_two", keepData: false }, { parent: platform });
app("shop", { volumes: [{ name: "media-files", mountPath: "/data" }], addons: [cacheOne], keepData: false });
app("shop-media", { volumes: [{ name: "files", mountPath: "/data" }], addons: [cacheTwo], keepData: false });
app("a", { processes: { web: { count: 1 }, "x-web": { count: 1, command: ["sleep", "infinity"] } } });
app("a-x");
// A job every minute that runs for most of it, writing when it ends.
app("jobs", {
    config: { GREETING: config.get("jobsGreeting") ?? "jobs one" },
    volumes: [{ name: "data", mountPath: "/data" }],
    cron: [{ schedule: "* * * * *", command: ["sh", "-c", "sleep 40 && echo done >> /data/jobs"] }],
    keepData: false,
});

export const released = releases;
