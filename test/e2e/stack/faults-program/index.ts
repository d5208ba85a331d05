// One app of two web containers on an existing host; its greeting comes from the stack's config,
// so that each change is a new release.
import * as pulumi from "@pulumi/pulumi";
import { App, Platform } from "./components";

const config = new pulumi.Config();
const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey") },
    domain: "paas.test",
    swapMiB: 0,
    acmeEmail: "ops@example.com",
});

const shop = new App("shop", {
    connection: platform.connection,
    platformDomain: platform.domain,
    releaseSource: "image",
    image: config.require("image"),
    config: { GREETING: config.require("greeting") },
    processes: { web: { count: 2 } },
    healthPath: "/healthz",
    releaseCommand: ["true"],
    stopTimeoutSeconds: 5,
}, { parent: platform });

export const release = shop.release;
