// An add-on's Redis: a server of its own (Debian's redis-server@ template, one instance per
// add-on) on a port of its own, on loopback and the Docker bridge, where the add-on's one ACL user
// may run every command but those that reach the host or another server (`userRules`). So client
// libraries' ordinary calls (INFO, FLUSHDB, SELECT, KEYS, EVAL) work, with no key prefix to know,
// and reach only this add-on's data.
import { createHash } from "crypto";
import * as fs from "fs";
import Redis from "ioredis";
import { makeDirAs, removeAs } from "../as-user";
import { readText, userIds, writeFileAtomic } from "../files";
import { lockFiles, withLock } from "../locks";
import { redisInstance } from "../names";
import { fail } from "../output";
import { paths } from "../paths";
import { lines, run } from "../run";

export const portRange = { first: 6380, last: 6999 };

const instance = redisInstance;
const unit = (name: string) => `redis-server@${instance(name)}`;
export const confFile = (name: string) => paths.under(`/etc/redis/redis-${instance(name)}.conf`);
const confPattern = /^redis-paas-(.+)\.conf$/;
const dataDir = (name: string) => paths.under(`/var/lib/redis/${instance(name)}`);

/**
 * What an add-on's user may run: every command but the admin ones (CONFIG, DEBUG, MODULE,
 * REPLICAOF and SLAVEOF, SYNC and PSYNC, FAILOVER, SHUTDOWN, MONITOR, SAVE, CLIENT KILL, ...),
 * ACL whole, and MIGRATE, which connects to another server. A script's redis.call runs under the
 * same rules, so EVAL stays (queue libraries need it) without reaching past them.
 */
export const userRules = "~* &* +@all -@admin -acl -migrate";

/** How a configuration holds a password: its SHA-256, never the password. */
export const passwordHash = (password: string) => createHash("sha256").update(password).digest("hex");

/** The configuration of NAME's server: its port, addresses, data and its one user, whose password
 * has the SHA-256 HASH; EXTRAUSERS are more `user` lines (a migration's own, for a moment). */
export function renderConf(name: string, port: number, bridgeIp: string, hash: string, extraUsers: readonly string[] = []): string {
    return [
        `# The Redis of add-on ${name} (paas addon redis); rewritten by it.`,
        `port ${port}`,
        // "-": a missing address (the bridge, before Docker runs) is skipped, not fatal.
        `bind 127.0.0.1 -::1 -${bridgeIp}`,
        "protected-mode no",
        `pidfile /run/redis-${instance(name)}/redis-server.pid`,
        `dir /var/lib/redis/${instance(name)}`,
        // Every write logged and synced each second: the data outlives a crash, not only a clean stop.
        "appendonly yes",
        "maxmemory 128mb",
        "maxmemory-policy noeviction",
        // RESTORE payloads come from the app: checked in full before they are loaded.
        "sanitize-dump-payload yes",
        "user default off",
        `user ${name} on #${hash} ${userRules}`,
        ...extraUsers,
        "",
    ].join("\n");
}

/** The password hash of a configuration's user NAME. */
export const hashOf = (conf: string | undefined, name: string) =>
    new RegExp(`^user ${name} on #([0-9a-f]{64}) `, "m").exec(conf ?? "")?.[1];

/** The port a configuration names. */
export const portOf = (conf: string | undefined) => Number(/^port ([0-9]+)$/m.exec(conf ?? "")?.[1]) || undefined;

/** The lowest port of the range that no other add-on's server has and nothing listens on. */
export function pickPort(taken: ReadonlySet<number>): number | undefined {
    for (let p = portRange.first; p <= portRange.last; p++) if (!taken.has(p)) return p;
    return undefined;
}

/** Where an add-on's server runs and what the others hold. */
export interface PortScene {
    /** The port its configuration names, if it has one. */
    readonly own: number | undefined;
    /** Whether its server is up (so the listener on `own` is its own). */
    readonly serving: boolean;
    /** Ports the other add-ons' configurations name. */
    readonly others: ReadonlySet<number>;
    /** Ports something listens on. */
    readonly listening: ReadonlySet<number>;
}

/**
 * The port of an add-on's server: the one it has, unless another add-on's configuration names it
 * too or something else listens there while it is down (two servers once given one port: the one
 * that runs keeps it, the other moves); else the lowest free one.
 */
export function choosePort(scene: PortScene): number | undefined {
    const { own, serving, others, listening } = scene;
    if (own !== undefined && (serving || (!others.has(own) && !listening.has(own)))) return own;
    return pickPort(new Set([...others, ...listening]));
}

/** The ports the other add-ons' configurations name. */
function otherConfPorts(except: string): Set<number> {
    const dir = paths.under("/etc/redis");
    const confs = fs.readdirSync(dir).filter(f => confPattern.test(f) && f !== `redis-${instance(except)}.conf`);
    return new Set(confs.map(f => portOf(readText(`${dir}/${f}`))).filter((p): p is number => p !== undefined));
}

/** The add-ons that have a server (a configuration). */
export const addonServers = () => fs.readdirSync(paths.under("/etc/redis")).map(f => confPattern.exec(f)?.[1]).filter((n): n is string => n !== undefined).sort();

/** The local addresses (`127.0.0.1:6380`) something listens on. */
const listening = async () => lines((await run("ss", ["-Htln"])).stdout).map(l => l.split(/\s+/)[3] ?? "");
const portsOf = (addresses: string[]) => new Set(addresses.map(a => Number(a.split(":").pop())));

/** The Docker bridge's address, which containers reach the host by: the one the bootstrap pins
 * in the engine's settings (`bip`). */
export function bridgeIp(): string {
    const settings = readText(paths.under("/etc/docker/daemon.json"));
    const bip = settings === undefined ? undefined : (JSON.parse(settings) as { bip?: unknown }).bip;
    return typeof bip === "string" && /^[0-9.]+\/[0-9]+$/.test(bip) ? bip.split("/")[0] : "172.17.0.1";
}

/** A connection to the server on PORT as USER, once it answers (it may be starting); undefined
 * when it does not within about ten seconds. */
export async function connectAs(port: number, user: string, password: string): Promise<Redis | undefined> {
    for (let n = 0; n < 50; n++) {
        const redis = new Redis({ host: "127.0.0.1", port, username: user, password, lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
        redis.on("error", () => undefined);
        try {
            await redis.connect();
            if (await redis.ping() === "PONG") return redis;
        } catch { /* not up yet */ }
        redis.disconnect();
        await new Promise(r => setTimeout(r, 200));
    }
    return undefined;
}

/** Whether NAME's server answers its user. */
async function answers(name: string, port: number, password: string): Promise<boolean> {
    const redis = await connectAs(port, name, password);
    redis?.disconnect();
    return redis !== undefined;
}

/** NAME's server with PASSWORD, created or brought up to date; returns what the ready line adds.
 * The caller holds NAME's lock. */
export async function createRedis(name: string, password: string): Promise<string> {
    const { port, stderr } = await serve(name, passwordHash(password));
    if (stderr !== undefined || !await answers(name, port, password)) fail(`redis: the server of ${name} did not start: ${stderr ?? ""}`.trim());
    return `on port ${port}`;
}

/** NAME's server, its user's password hash HASH (and EXTRAUSERS), configured and running; returns
 * its port, whether its configuration changed, and systemctl's complaint when it did not start.
 * The port is chosen and written under the lock every add-on's pick shares, so two add-ons
 * created at once never get the same port. */
export async function serve(name: string, hash: string, extraUsers: readonly string[] = []): Promise<{ port: number; changed: boolean; stderr?: string }> {
    const { port, restart, changed } = await withLock(lockFiles.redisPorts(), async () => {
        const current = readText(confFile(name));
        const serving = (await run("systemctl", ["is-active", "--quiet", unit(name)])).code === 0;
        const addresses = await listening();
        const picked = choosePort({ own: portOf(current), serving, others: otherConfPorts(name), listening: portsOf(addresses) });
        if (picked === undefined) return fail(`redis: no free port from ${portRange.first} to ${portRange.last}`);
        const bridge = bridgeIp();
        const conf = renderConf(name, picked, bridge, hash, extraUsers);
        // A server started before Docker's bridge existed serves on loopback only, out of its app's reach.
        if (current === conf) return { port: picked, changed: false, restart: serving && !addresses.includes(`${bridge}:${picked}`) };
        writeFileAtomic(confFile(name), conf, { mode: 0o640, gid: userIds("redis").gid });
        return { port: picked, changed: true, restart: true };
    });
    // Made by redis in its own folder: root never follows a link redis may have put there.
    await makeDirAs("redis", dataDir(name), 0o750);
    const r = await run("systemctl", [restart ? "restart" : "start", unit(name)]);
    await run("systemctl", ["enable", unit(name)]);
    return r.code === 0 ? { port, changed } : { port, changed, stderr: r.stderr.trim() };
}

/** NAME's server stopped and disabled, and its configuration and data removed. */
export async function dropRedis(name: string): Promise<void> {
    await run("systemctl", ["disable", "--now", unit(name)]);
    // A server that failed (a port taken) stays listed as failed until reset.
    await run("systemctl", ["reset-failed", unit(name)]);
    fs.rmSync(confFile(name), { force: true });
    await removeAs("redis", dataDir(name));
}
