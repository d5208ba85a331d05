// The program `pulumi up` runs: a platform on a new Linode (`paas:target: linode`) or on an
// existing Debian 12 host (`paas:target: host`), and the apps of stacks/apps.ts on it.
import * as pulumi from "@pulumi/pulumi";
import { HostConnection, LinodeServer, PlatformHost } from "../components";
import { defineApps } from "./apps";

const config = new pulumi.Config("paas");
const target = config.get("target") ?? "linode";
if (target !== "linode" && target !== "host") throw new Error(`paas:target: must be linode or host, not ${target}`);
const domain = config.require("domain");
const privateKey = config.requireSecret("sshPrivateKey");

let connection: pulumi.Input<HostConnection>;
let server: LinodeServer | undefined;
if (target === "linode") {
    server = new LinodeServer("paas", {
        region: config.get("region"),
        plan: config.get("plan"),
        sshPublicKeys: config.requireObject<string[]>("sshPublicKeys"),
        sshPrivateKey: privateKey,
        domain,
        manageDns: config.getBoolean("manageDns"),
        soaEmail: config.get("acmeEmail"),
    });
    connection = server.connection;
} else {
    connection = { host: config.require("host"), port: config.getNumber("port") ?? 22, user: config.get("user") ?? "root", privateKey };
}

const platform = new PlatformHost("platform", {
    connection,
    domain,
    swapMiB: config.getNumber("swapMiB"),
    acmeEmail: config.get("acmeEmail"),
}, { dependsOn: server ? [server] : [] });

const apps = defineApps({
    connection: platform.connection,
    domain: platform.domain,
    releasePins: config.getObject<Record<string, string>>("releasePins") ?? {},
    parent: platform,
});

export const serverIpv4 = server?.ipv4;
export const urls = Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.url]));
export const releases = Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.release]));
