// A user's program that ran `npm install paas`: a platform on an existing host and one app built
// from a Dockerfile on it, with a secret config var.
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { App, Platform } from "paas";

const config = new pulumi.Config();
const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey") },
    domain: "paas.test",
    swapMiB: 0,
});
const hello = new App("hello", {
    connection: platform.connection,
    platformDomain: platform.domain,
    releaseSource: "dockerfile",
    dockerfileContext: path.join(__dirname, "app"),
    config: { GREETING: config.requireSecret("greeting") },
}, { parent: platform });

export const url = hello.url;
export const release = hello.release;
