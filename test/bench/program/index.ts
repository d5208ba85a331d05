// `count` apps deploying a prebuilt image, and one app deployed by `git push`.
import * as pulumi from "@pulumi/pulumi";
import { App, Platform } from "./components";

const config = new pulumi.Config();
const platform = new Platform("paas", {
    connection: { host: config.require("host"), port: config.requireNumber("port"), privateKey: config.requireSecret("sshPrivateKey") },
    domain: "paas.test",
    swapMiB: 0,
    acmeEmail: "ops@example.com",
});
const common = { connection: platform.connection, platformDomain: platform.domain, healthPath: "/healthz" };
for (let n = 1; n <= config.requireNumber("count"); n++) {
    new App(`app-${n}`, { ...common, releaseSource: "image", image: "paas-bench/app:one", config: { GREETING: `app ${n}` } }, { parent: platform });
}
const greeting = config.get("greeting");
const pushed = new App("pushed", { ...common, releaseSource: "git", config: greeting ? { GREETING: greeting } : {}, deployKeys: [config.require("deployKey")] },
    { parent: platform });
export const release = pushed.release;
