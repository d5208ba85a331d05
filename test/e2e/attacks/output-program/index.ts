// Apps that print every config var and add-on credential wherever the platform shows output: the
// release command, the web process (whose logs a failed health check shows) and, for the pushed
// app, its build. What it sets comes from the stack's config, so that a test can change it.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { App, Platform, PostgresAddon, RedisAddon } from "./components";

const config = new pulumi.Config();
const printEnv = "env; env | base64 -w0; echo";

const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey") },
    domain: "paas.test",
    swapMiB: 0,
});
const connection = platform.connection;

const db = new PostgresAddon("leaky-db", { connection, name: "leaky" }, { parent: platform });
const leaky = new App("leaky", {
    connection,
    platformDomain: platform.domain,
    releaseSource: "dockerfile",
    dockerfileContext: path.join(__dirname, "app"),
    config: { SECRET_TOKEN: config.requireSecret("secretToken"), DEBUG: "true" },
    addons: [db],
    processes: { web: { count: 1, ...(config.getBoolean("failWeb") ? { command: ["sh", "-c", `${printEnv}; exit 1`] } : {}) } },
    healthPath: "/healthz",
    // A web process that exits never passes: no need to wait the default minute for it.
    ...(config.getBoolean("failWeb") ? { healthTimeoutSeconds: 5 } : {}),
    releaseCommand: ["sh", "-c", config.getBoolean("failRelease") ? `${printEnv}; exit 3` : printEnv],
}, { parent: platform });

const cache = new RedisAddon("pushed-cache", { connection, name: "pushed", keepData: false }, { parent: platform });
const pushed = new App("pushed", {
    connection,
    platformDomain: platform.domain,
    releaseSource: "git",
    config: { SECRET_TOKEN: config.requireSecret("secretToken") },
    addons: [cache],
    healthPath: "/healthz",
    releaseCommand: ["sh", "-c", printEnv],
    deployKeys: [config.require("deployKey")],
}, { parent: platform });

export const releases = { leaky: leaky.release, pushed: pushed.release };
