import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { HostError } from "../output";
import { adminPassword, createRedis, dropRedis, openRedis, RedisConnection, redisOptions, withRedis } from "./redis";
import { makeHostRoot, removeHostRoot } from "../host-root.testing";

/** A connection that records each command as its list of arguments; ANSWER replies. */
function fake(answer: (args: string[]) => unknown = () => "OK") {
    const log: string[][] = [];
    const state = { quit: false };
    const redis: RedisConnection = {
        async call(...args: string[]) {
            if (state.quit) throw new Error("Connection is closed.");
            log.push(args);
            return answer(args);
        },
        async quit() { state.quit = true; return "OK"; },
        disconnect() { state.quit = true; },
    };
    return { log, state, connect: async () => redis };
}

const password = "Rd0secretPassw0rdForShop";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

let root: string;
beforeEach(() => {
    root = makeHostRoot("redis");
});
afterEach(() => {
    removeHostRoot(root);
});

test("create: the ACL user confined to its keys and channels, its password as SHA-256, then saved", async () => {
    const f = fake();
    await createRedis("shop", password, f.connect);
    expect(f.log).toEqual([
        ["ACL", "SETUSER", "shop", "reset", "on", `#${sha256(password)}`, "~shop:*", "&shop:*", "+@all", "-@admin", "-@dangerous"],
        ["ACL", "SAVE"],
    ]);
    expect(JSON.stringify(f.log)).not.toContain(password);
    expect(f.state.quit).toBe(true);
});

test("every value is one argument of its own: spaces and quotes change nothing", async () => {
    const f = fake();
    await createRedis(`a b"c`, "x' on >y", f.connect);
    expect(f.log[0].slice(0, 6)).toEqual(["ACL", "SETUSER", `a b"c`, "reset", "on", `#${sha256("x' on >y")}`]);
    expect(f.log[0]).toHaveLength(11);
});

test("drop: the user, saved, then its keys found with SCAN MATCH page by page and unlinked", async () => {
    const pages: Record<string, [string, string[]]> = { "0": ["17", ["shop:a", "shop:b"]], "17": ["42", []], "42": ["0", ["shop:c"]] };
    const f = fake(args => args[0] === "SCAN" ? pages[args[1]] : 1);
    await dropRedis("shop", f.connect);
    expect(f.log).toEqual([
        ["ACL", "DELUSER", "shop"],
        ["ACL", "SAVE"],
        ["SCAN", "0", "MATCH", "shop:*", "COUNT", "500"],
        ["UNLINK", "shop:a", "shop:b"],
        ["SCAN", "17", "MATCH", "shop:*", "COUNT", "500"],
        ["SCAN", "42", "MATCH", "shop:*", "COUNT", "500"],
        ["UNLINK", "shop:c"],
    ]);
    expect(f.state.quit).toBe(true);
});

test("drop: glob characters in a name match only themselves", async () => {
    const f = fake(args => args[0] === "SCAN" ? ["0", []] : 1);
    await dropRedis("a*b?[c]\\", f.connect);
    expect(f.log[2]).toEqual(["SCAN", "0", "MATCH", "a\\*b\\?\\[c\\]\\\\:*", "COUNT", "500"]);
});

test("an error reply stops the rest, closes the connection and names redis", async () => {
    const f = fake(args => {
        if (args[1] === "SAVE") throw new Error("ERR There was an error trying to save the ACLs");
        return "OK";
    });
    await expect(createRedis("shop", password, f.connect)).rejects.toThrow(new HostError("redis: ERR There was an error trying to save the ACLs"));
    expect(f.log).toHaveLength(2);
    expect(f.state.quit).toBe(true);
});

test("the admin user `paas` with the password of its file, newline trimmed", () => {
    fs.mkdirSync(path.join(root, "etc/redis"), { recursive: true });
    fs.writeFileSync(path.join(root, "etc/redis/paas-admin.pass"), "0123abcd\n");
    expect(adminPassword()).toBe("0123abcd");
    const options = redisOptions("0123abcd");
    expect(options).toMatchObject({ host: "127.0.0.1", port: 6379, username: "paas", password: "0123abcd", lazyConnect: true, maxRetriesPerRequest: 0 });
    expect(options.retryStrategy?.(1)).toBeNull();
});

test("no admin password file: refused by name, nothing sent", async () => {
    await expect(dropRedis("shop")).rejects.toThrow(/^redis: ENOENT: no such file or directory, open '.*\/etc\/redis\/paas-admin\.pass'$/);
});

test("a Redis that is not running fails at once, by name, and leaves nothing open", async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise(resolve => server.close(resolve));
    const started = Date.now();
    const connect = () => openRedis({ ...redisOptions("x"), port });
    await expect(withRedis(async r => r.call("PING"), connect)).rejects.toThrow(new HostError(`redis: connect ECONNREFUSED 127.0.0.1:${port}`));
    expect(Date.now() - started).toBeLessThan(2000);
});
