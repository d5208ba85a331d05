// Redis add-ons of earlier versions brought to this one (`paas addon redis upgrade`, run by the
// bootstrap): every add-on's server configured with the current rules (userRules), and the
// shared server of the first versions retired.
//
// That shared server was Debian's redis-server.service on port 6379, with an admin user `paas`
// (its password in /etc/redis/paas-admin.pass) and, per add-on, an ACL user NAME confined to the
// keys `NAME:*` (in /etc/redis/users.acl, written by ACL SAVE). Each such add-on gets a server of
// its own with the same user and password, its keys (in every database, under the same names,
// with their TTLs) are copied there, and its user is deleted from the shared server; then that
// server is stopped, disabled and masked (Debian's package starts it on install, with no
// password), and its admin user and files are removed. Its data file stays where Redis keeps it,
// and /etc/redis/redis.conf keeps its include of the removed paas.conf, so that an unmasked
// shared server fails to start rather than serve without users.
import { randomBytes } from "crypto";
import * as fs from "fs";
import Redis from "ioredis";
import * as path from "path";
import { readText, removeFileDurably, syncDir, writeFileAtomic } from "../files";
import { lockFiles, withLock } from "../locks";
import { fail } from "../output";
import { paths } from "../paths";
import { run } from "../run";
import { addonServers, confFile, connectAs, hashOf, passwordHash, portOf, serve } from "./redis";

/** The shared server and what configured it. */
export const shared = {
    unit: "redis-server",
    port: 6379,
    adminUser: "paas",
    adminPassword: () => paths.redisAdminPassword(),
    acl: () => paths.under("/etc/redis/users.acl"),
    conf: () => paths.under("/etc/redis/paas.conf"),
    dropIn: () => paths.under("/etc/systemd/system/redis-server.service.d/10-paas-after-docker.conf"),
};

/** An add-on's user on the shared server. */
export interface SharedUser {
    readonly name: string;
    /** Its password's SHA-256, as the ACL file holds it. */
    readonly hash: string;
}

/** The add-ons' users in an ACL file of the shared server (not `default`, not the admin). */
export function sharedUsers(acl: string | undefined): SharedUser[] {
    const users: SharedUser[] = [];
    for (const line of (acl ?? "").split("\n")) {
        const m = /^user ([a-z0-9_]+) (.*)$/.exec(line.trim());
        const hash = m ? /(?:^| )#([0-9a-f]{64})(?: |$)/.exec(m[2])?.[1] : undefined;
        if (m && hash && m[1] !== "default" && m[1] !== shared.adminUser) users.push({ name: m[1], hash });
    }
    return users;
}

/** The databases that hold keys, from INFO keyspace (`db0:keys=3,...`). */
export const keyspaceDbs = (info: string) => [...info.matchAll(/^db([0-9]+):keys=[1-9]/gm)].map(m => Number(m[1]));

/** A glob matching exactly the keys that start with `NAME:`. */
export const keyPattern = (name: string) => `${name.replace(/[*?[\]\\]/g, "\\$&")}:*`;

/** Where a move in progress is written down: an interrupted one is done again, whole. */
const moving = (name: string) => `${paths.addons()}/redis-${name}.moving`;

/** Every add-on's server configured by the current rules, and the shared server retired;
 * returns a line per change. */
export async function upgradeRedis(): Promise<string[]> {
    const changes: string[] = [];
    const stillShared = new Set(sharedUsers(readText(shared.acl())).map(u => u.name));
    for (const name of addonServers()) {
        // Its move is done below; a move cut short after its shared user went is over.
        if (fs.existsSync(moving(name)) && stillShared.has(name)) continue;
        removeFileDurably(moving(name));
        await withLock(lockFiles.addon("redis", name), async () => {
            const hash = hashOf(readText(confFile(name)), name);
            if (hash === undefined) {
                process.stderr.write(`paas: ${confFile(name)}: no user ${name}; left as it is\n`);
                return;
            }
            const r = await serve(name, hash);
            if (r.stderr !== undefined) fail(`redis: the server of ${name} did not start: ${r.stderr}`);
            if (r.changed) changes.push(`${confFile(name)}`);
        });
    }
    return [...changes, ...await retireShared()];
}

/** The shared server's add-ons moved to servers of their own, then the server stopped for good. */
async function retireShared(): Promise<string[]> {
    const changes: string[] = [];
    const users = sharedUsers(readText(shared.acl()));
    if (users.length > 0) {
        const password = readText(shared.adminPassword())?.trim() ?? fail(`redis: ${shared.adminPassword()} is missing: the shared server's add-ons cannot be moved`);
        if ((await run("systemctl", ["start", shared.unit])).code !== 0) fail(`redis: the shared server ${shared.unit} does not start: its add-ons cannot be moved`);
        const admin = await connectAs(shared.port, shared.adminUser, password) ?? fail(`redis: the shared server does not answer its admin user`);
        try {
            for (const user of users) {
                const port = await withLock(lockFiles.addon("redis", user.name), () => moveAddon(admin, user));
                changes.push(`redis add-on ${user.name} moved from the shared server to one of its own, on port ${port}`);
            }
        } finally {
            admin.disconnect();
        }
    }
    const enabled = (await run("systemctl", ["is-enabled", shared.unit])).stdout.trim();
    if (enabled !== "masked" || (await run("systemctl", ["is-active", "--quiet", shared.unit])).code === 0) {
        await run("systemctl", ["disable", "--now", shared.unit]);
        const masked = await run("systemctl", ["mask", shared.unit]);
        if (masked.code !== 0) fail(`redis: ${shared.unit} cannot be masked: ${masked.stderr.trim()}`);
        changes.push(`${shared.unit} stopped, disabled and masked`);
    }
    for (const file of [shared.adminPassword(), shared.acl(), shared.conf(), shared.dropIn()]) {
        // lstat: a link is removed, not followed.
        if (!fs.lstatSync(file, { throwIfNoEntry: false })) continue;
        fs.rmSync(file, { force: true });
        syncDir(path.dirname(file));
        changes.push(`${file} removed`);
        if (file === shared.dropIn()) await run("systemctl", ["daemon-reload"]);
    }
    return changes;
}

/**
 * USER's keys copied from the shared server (ADMIN) into a server of its own, then USER deleted
 * there; returns the new server's port. The user is switched off on the shared server and its
 * clients are disconnected first, so the copy is of data no one changes any more. Its own
 * server takes, for the copy, a second user (`paas`, a name no add-on may have) with a password
 * of this run's, removed again before the shared user goes.
 */
async function moveAddon(admin: Redis, user: SharedUser): Promise<number> {
    if (fs.existsSync(confFile(user.name)) && !fs.existsSync(moving(user.name))) {
        // A server of its own already (an add-on created again by a later version, perhaps with
        // another password): that one serves, as it is.
        await dropSharedUser(admin, user.name);
        return portOf(readText(confFile(user.name))) ?? fail(`redis: ${confFile(user.name)} names no port`);
    }
    writeFileAtomic(moving(user.name), `${user.name}\n`, { mode: 0o600 });
    await admin.call("ACL", "SETUSER", user.name, "off");
    await admin.call("CLIENT", "KILL", "USER", user.name);
    const copier = randomBytes(24).toString("hex");
    const started = await serve(user.name, user.hash, [`user ${shared.adminUser} on #${passwordHash(copier)} ~* &* +@all`]);
    if (started.stderr !== undefined) fail(`redis: the server of ${user.name} did not start: ${started.stderr}`);
    const own = await connectAs(started.port, shared.adminUser, copier) ?? fail(`redis: the new server of ${user.name} does not answer`);
    try {
        await own.flushall();
        await copyKeys(admin, own, user.name);
    } catch (e) {
        fail(`redis: moving ${user.name}'s keys: ${(e as Error).message}`);
    } finally {
        own.disconnect();
    }
    const done = await serve(user.name, user.hash);
    if (done.stderr !== undefined) fail(`redis: the server of ${user.name} did not start: ${done.stderr}`);
    await dropSharedUser(admin, user.name);
    removeFileDurably(moving(user.name));
    return done.port;
}

async function dropSharedUser(admin: Redis, name: string): Promise<void> {
    await admin.call("ACL", "DELUSER", name);
    await admin.call("ACL", "SAVE");
}

/** Every key `NAME:*` of every database of FROM, with its TTL, into the same database of TO. */
export async function copyKeys(from: Redis, to: Redis, name: string): Promise<void> {
    for (const db of keyspaceDbs(await from.info("keyspace"))) {
        await from.select(db);
        await to.select(db);
        let cursor = "0";
        do {
            const [next, keys] = await from.scanBuffer(cursor, "MATCH", keyPattern(name), "COUNT", 500);
            for (const key of keys) {
                const [payload, ttl] = await Promise.all([from.dumpBuffer(key), from.pttl(key)]);
                // Gone (expired) since the scan: nothing to copy.
                if (payload === null || ttl === -2) continue;
                await to.restore(key, ttl > 0 ? ttl : 0, payload, "REPLACE");
            }
            cursor = next.toString();
        } while (cursor !== "0");
    }
}
