// An add-on's Redis ACL user, confined to the keys `<name>:*`, through ioredis as the admin
// user `paas`. Every value is its own argument (a RESP bulk string), so none needs quoting.
import { createHash } from "crypto";
import * as fs from "fs";
import Redis, { RedisOptions } from "ioredis";
import { fail, HostError } from "../output";
import { paths } from "../paths";

/** What the add-on code needs of a connection (an ioredis client; a fake in the unit tests). */
export interface RedisCalls {
    call(command: string, ...args: string[]): Promise<unknown>;
}

export interface RedisConnection extends RedisCalls {
    quit(): Promise<unknown>;
    disconnect(): void;
}

export type Connect = () => Promise<RedisConnection>;

/** One attempt, no reconnects and no offline queue: a stopped Redis fails at once, by name. */
export function redisOptions(password: string): RedisOptions {
    return {
        host: "127.0.0.1", port: 6379, username: "paas", password,
        lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 0, enableOfflineQueue: false,
        retryStrategy: () => null,
    };
}

/** A connection with OPTIONS, ready for commands. */
export async function openRedis(options: RedisOptions): Promise<RedisConnection> {
    const redis = new Redis(options);
    // connect() rejects with only "Connection is closed."; the cause comes as an error event
    // (which, without a listener, ioredis would also log).
    let cause: unknown;
    redis.on("error", e => { cause = e; });
    try {
        await redis.connect();
    } catch (e) {
        // Ended already (retryStrategy gave up); disconnect() would arm a 2 s timer on the closed stream.
        if (redis.status !== "end") redis.disconnect();
        throw cause ?? e;
    }
    return redis;
}

/** The admin user's password, which the bootstrap wrote with a newline after it. */
export const adminPassword = () => fs.readFileSync(paths.redisAdminPassword(), "utf8").trim();

export const defaultConnect: Connect = () => openRedis(redisOptions(adminPassword()));

// The message alone: not `instanceof Error`, which Node's own errors fail in another realm (jest).
const errorMessage = (e: unknown) => typeof (e as Error | undefined)?.message === "string" ? (e as Error).message : String(e);

/** Runs BODY on an admin connection, closed afterwards (so the process can exit); errors are `redis: <message>`. */
export async function withRedis<T>(body: (r: RedisCalls) => Promise<T>, connect: Connect = defaultConnect): Promise<T> {
    let redis: RedisConnection | undefined;
    try {
        redis = await connect();
        return await body(redis);
    } catch (e) {
        if (e instanceof HostError) throw e;
        return fail(`redis: ${errorMessage(e)}`);
    } finally {
        if (redis) await redis.quit().catch(() => redis?.disconnect());
    }
}

/** ACL user NAME with PASSWORD (sent as its SHA-256), all but admin and dangerous commands on `NAME:*`. */
export async function createRedis(name: string, password: string, connect: Connect = defaultConnect): Promise<void> {
    const hash = createHash("sha256").update(password).digest("hex");
    await withRedis(async r => {
        await r.call("ACL", "SETUSER", name, "reset", "on", `#${hash}`, `~${name}:*`, `&${name}:*`, "+@all", "-@admin", "-@dangerous");
        await r.call("ACL", "SAVE");
    }, connect);
}

/** A glob matching exactly the keys that start with `NAME:`. */
const keyPattern = (name: string) => `${name.replace(/[*?[\]\\]/g, "\\$&")}:*`;

/** ACL user NAME removed, then its keys `NAME:*`, found with SCAN and unlinked a batch at a time. */
export async function dropRedis(name: string, connect: Connect = defaultConnect): Promise<void> {
    await withRedis(async r => {
        await r.call("ACL", "DELUSER", name);
        await r.call("ACL", "SAVE");
        let cursor = "0";
        do {
            const [next, keys] = await r.call("SCAN", cursor, "MATCH", keyPattern(name), "COUNT", "500") as [string, string[]];
            if (keys.length > 0) await r.call("UNLINK", ...keys);
            cursor = next;
        } while (cursor !== "0");
    }, connect);
}
