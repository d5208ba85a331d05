// A user's own program: a platform on an existing host, a git-pushed app with a database, and a
// second app. What it sets comes from the stack's config, so that a test can change it.
import * as pulumi from "@pulumi/pulumi";
import { App, Platform, PostgresAddon, RedisAddon } from "./components";

const config = new pulumi.Config();
// Set by `npm run rollback`: app resource name to the image it is pinned to.
const pins = config.getObject<Record<string, string>>("releasePins") ?? {};

const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey"), hostKey: config.get("hostKey") },
    domain: "paas.test",
    swapMiB: 0,
    acmeEmail: "ops@example.com",
    acmeServer: config.get("acmeServer"),
});

const release = (name: string) => (pins[name] ? { releaseSource: "image", image: pins[name] } : { releaseSource: "git" });

const db = new PostgresAddon("shop-db", { connection: platform.connection, name: "shop" }, { parent: platform });
// Renaming the App in code: the alias keeps the live app, its releases and its data.
const shopName = config.get("shopResourceName") ?? "shop";
const shop = new App(shopName, {
    connection: platform.connection,
    platformDomain: platform.domain,
    appName: "shop",
    ...release(shopName),
    // Like Django's ALLOWED_HOSTS: any other Host header gets 400.
    config: { GREETING: config.requireSecret("greeting"), ALLOWED_HOSTS: "shop.paas.test" },
    addons: [db],
    // Sized: web's own memory, the app's CPUs (the other apps take the defaults).
    processes: { web: { count: config.getNumber("webCount") ?? 1, memoryMiB: 192 } },
    cpus: 0.5,
    healthPath: config.get("healthPath") ?? "/healthz",
    healthTimeoutSeconds: config.getNumber("healthTimeoutSeconds"),
    releaseCommand: config.getObject<string[]>("releaseCommand"),
    deployKeys: [config.require("shopDeployKey")],
}, { parent: platform, aliases: shopName === "shop" ? [] : [{ name: "shop" }] });

const other = new App("other", {
    connection: platform.connection,
    platformDomain: platform.domain,
    ...release("other"),
    deployKeys: [config.require("otherDeployKey")],
}, { parent: platform });

const cache = new RedisAddon("api-cache", { connection: platform.connection, name: "api", keepData: false }, { parent: platform });

// An app whose settings redirect to HTTPS, served at its default hostname with a certificate; the
// shop's key deploys it too.
const api = new App("api", {
    connection: platform.connection,
    platformDomain: platform.domain,
    releaseSource: "git",
    defaultDomainTls: platform.tls,
    config: { FORCE_HTTPS: "1", ALLOWED_HOSTS: "api.paas.test" },
    addons: [cache],
    deployKeys: [config.require("shopDeployKey")],
    volumes: [{ name: "data", mountPath: "/data" }],
    cron: [{ schedule: "@hourly", command: ["sh", "-c", "date >> /data/hourly"] }],
    stopTimeoutSeconds: 5,
}, { parent: platform });

export const releases = { shop: shop.release, other: other.release, api: api.release };
export const images = { shop: shop.image, other: other.image };
export const gitRemote = shop.gitRemote;
