// The program `pulumi up` runs: the platform on a new Linode (`paas:target: linode`) or on an
// existing Debian 12 host over SSH (`paas:target: host`), and the apps of stacks/apps.ts on it.
import * as pulumi from "@pulumi/pulumi";
import { checkAppArgs, checkAppHostnames, checkPlatformArgs, HostConnection, LinodeServer, Platform, PostgresAddon, validate } from "../components";
import { appDefinitions, applyFormation, defineApps } from "./apps";

const config = new pulumi.Config("paas");
const target = validate.oneOf("paas:target", config.get("target") ?? "linode", ["linode", "host"] as const);
const domain = config.require("domain");
const privateKey = config.requireSecret("sshPrivateKey");
const acmeEmail = config.get("acmeEmail");
const platformSettings = {
    domain,
    swapMiB: config.getNumber("swapMiB"),
    acmeEmail,
    acmeServer: config.get("acmeServer"),
};
// Pins set by `npm run rollback` and `paas rollback`; process counts set by `paas scale`.
const apps = applyFormation(appDefinitions(config.getObject<Record<string, string>>("releasePins") ?? {}),
    config.getObject<Record<string, Record<string, number>>>("formation") ?? {});

// Every input is checked before the first resource is registered: a bad value fails the update
// with nothing created, never half-way through.
checkPlatformArgs(platformSettings);
const hostKey = config.get("hostKey");
if (hostKey !== undefined) validate.sshPublicKey("paas:hostKey", hostKey.trim());
validate.appCount("appDefinitions", Object.keys(apps).length);
for (const [name, app] of Object.entries(apps)) {
    checkAppArgs(name, { ...app.args, platformDomain: domain }, app.postgres ? PostgresAddon.envNames : []);
}
// A hostname belongs to one app: two asking for one fail here, not on the server.
checkAppHostnames(domain, Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.args])));

let connection: pulumi.Input<HostConnection>;
let server: LinodeServer | undefined;
if (target === "linode") {
    const manageDns = config.getBoolean("manageDns") ?? false;
    server = new LinodeServer("paas", {
        region: config.get("region"),
        plan: config.get("plan"),
        authorizedKeys: config.requireObject<string[]>("sshPublicKeys"),
        privateKey,
        ...(manageDns ? { dnsDomain: domain, soaEmail: config.get("soaEmail") ?? acmeEmail } : {}),
    });
    connection = server.connection;
} else {
    connection = {
        host: config.require("host"),
        port: config.getNumber("port") ?? 22,
        user: config.get("user") ?? "root",
        privateKey,
        hostKey,
    };
}

const platform = new Platform("paas", { connection, ...platformSettings });
const created = defineApps(platform, apps);

const byApp = <T>(pick: (app: (typeof created)[string]) => pulumi.Output<T>) =>
    Object.fromEntries(Object.entries(created).map(([name, app]) => [name, pick(app)]));

/** The server's address: the Linode's public IPv4, or the host given. */
export const serverIpv4 = server ? server.ipv4 : config.require("host");
export const platformDomain = platform.domain;
export const urls = byApp(app => app.url);
export const releases = byApp(app => app.release);
export const images = byApp(app => app.image);
export const gitRemotes = byApp(app => app.gitRemote);
/**
 * Where the operator's `paas` (components/cli/paas.ts) logs in to the server: the connection
 * Pulumi uses, with the host key it pins, without its private key (that stays in the secret
 * config `paas:sshPrivateKey`).
 */
export const sshTarget = pulumi.unsecret(pulumi.output(platform.connection).apply(c => ({
    host: c.host, port: c.port ?? 22, user: c.user ?? "root", hostKey: c.hostKey,
})));
