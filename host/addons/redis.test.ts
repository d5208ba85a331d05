import * as fs from "fs";
import { run } from "../run";
import { makeHostRoot, removeHostRoot } from "../host-root.testing";
import { bridgeIp, choosePort, createRedis, dropRedis, hashOf, passwordHash, pickPort, portOf, portRange, renderConf } from "./redis";

jest.mock("../run", () => ({ ...jest.requireActual("../run"), run: jest.fn() }));
jest.mock("../files", () => ({ ...jest.requireActual("../files"), userIds: () => ({ uid: process.getuid!(), gid: process.getgid!() }) }));
jest.mock("ioredis", () => jest.fn().mockImplementation(() => ({
    on: jest.fn(), connect: jest.fn().mockResolvedValue(undefined), ping: jest.fn().mockResolvedValue("PONG"), disconnect: jest.fn(),
})));

const password = "Rd0secretPassw0rdForShop";
let root: string;
let calls: string[][];
// The units running, as systemctl would say; flock is the real one, so the locks hold.
let active: Set<string>;
let loopbackOnly: Set<string>;
const realRun = jest.requireActual("../run").run;
beforeEach(() => {
    root = makeHostRoot("redis");
    fs.mkdirSync(`${root}/etc/redis`, { recursive: true });
    fs.mkdirSync(`${root}/etc/docker`, { recursive: true });
    fs.writeFileSync(`${root}/etc/docker/daemon.json`, JSON.stringify({ bip: "172.17.0.1/16" }));
    calls = [];
    active = new Set();
    loopbackOnly = new Set();
    jest.mocked(run).mockImplementation(async (program, args, opts) => {
        if (program === "flock") return realRun(program, args, opts);
        calls.push([program, ...args]);
        // As redis: here, as whoever runs the test.
        if (program === "runuser") return realRun(args[3], args.slice(4), opts);
        const result = (code = 0, stdout = "") => ({ code, stdout, stderr: "", timedOut: false });
        // Something on 6380; each running server on loopback and the bridge, unless it lost the bridge.
        if (program === "ss") {
            return result(0, ["LISTEN 0 511 127.0.0.1:6380 0.0.0.0:*", ...[...active].flatMap(u => {
                const port = portOf(fs.readFileSync(`${root}/etc/redis/redis-${u.replace("redis-server@", "")}.conf`, "utf8"));
                return [`LISTEN 0 511 127.0.0.1:${port} 0.0.0.0:*`, ...(loopbackOnly.has(u) ? [] : [`LISTEN 0 511 172.17.0.1:${port} 0.0.0.0:*`])];
            })].join("\n"));
        }
        if (args[0] === "is-active") return result(active.has(args[2]) ? 0 : 3);
        if (args[0] === "start" || args[0] === "restart") active.add(args[1]);
        if (args[0] === "restart") loopbackOnly.delete(args[1]);
        if (args[0] === "disable") active.delete(args[2]);
        return result();
    });
});
afterEach(() => removeHostRoot(root));

test("the configuration: its port and addresses, its data folder, no default user, one user with every command but admin ones, ACL and MIGRATE", () => {
    const conf = renderConf("shop", 6381, "172.17.0.1", passwordHash(password));
    expect(conf).toContain("port 6381\nbind 127.0.0.1 -::1 -172.17.0.1\n");
    expect(conf).toContain("dir /var/lib/redis/paas-shop\n");
    expect(conf).toContain("user default off\n");
    expect(conf).toMatch(/^user shop on #[0-9a-f]{64} ~\* &\* \+@all -@admin -acl -migrate$/m);
    expect(conf).toContain("sanitize-dump-payload yes\n");
    expect(conf).not.toContain(password);
    expect(portOf(conf)).toBe(6381);
    expect(hashOf(conf, "shop")).toBe(passwordHash(password));
    expect(hashOf(conf, "other")).toBeUndefined();
    // A second user, for a migration's copy, after the add-on's own.
    expect(renderConf("shop", 6381, "172.17.0.1", passwordHash(password), ["user paas on #ab ~* &* +@all"])).toMatch(/-migrate\nuser paas on #ab ~\* &\* \+@all\n$/);
});

test("ports: the lowest free one of the range", () => {
    expect(pickPort(new Set([portRange.first, portRange.first + 1]))).toBe(portRange.first + 2);
    expect(pickPort(new Set(Array.from({ length: portRange.last - portRange.first + 1 }, (_, n) => portRange.first + n)))).toBeUndefined();
});

test("choosing a port: the one it has while it serves or nobody else claims it; else the lowest free one", () => {
    const scene = (own: number | undefined, serving: boolean, others: number[], listening: number[]) =>
        choosePort({ own, serving, others: new Set(others), listening: new Set(listening) });
    expect(scene(undefined, false, [6380, 6381], [6382])).toBe(6383);
    expect(scene(6385, false, [6380], [6381])).toBe(6385);
    // Its own server listens there.
    expect(scene(6385, true, [], [6385])).toBe(6385);
    // Two configurations once given one port: the server that runs keeps it, the other moves.
    expect(scene(6381, true, [6381], [6381])).toBe(6381);
    expect(scene(6381, false, [6381], [6381])).toBe(6380);
    // Something else took its port while it was down.
    expect(scene(6381, false, [], [6381])).toBe(6380);
});

test("create: a server of its own on a port nothing else has, started and enabled; again, the same port and no restart", async () => {
    fs.writeFileSync(`${root}/etc/redis/redis-paas-other.conf`, renderConf("other", 6381, "172.17.0.1", passwordHash(password)));
    expect(await createRedis("shop", password)).toBe("on port 6382");
    expect(calls).toEqual([["systemctl", "is-active", "--quiet", "redis-server@paas-shop"], ["ss", "-Htln"],
        ["runuser", "-u", "redis", "--", "install", "-d", "-m", "750", "--", `${root}/var/lib/redis/paas-shop`],
        ["systemctl", "restart", "redis-server@paas-shop"], ["systemctl", "enable", "redis-server@paas-shop"]]);
    expect((fs.statSync(`${root}/etc/redis/redis-paas-shop.conf`).mode & 0o777).toString(8)).toBe("640");
    expect(fs.existsSync(`${root}/var/lib/redis/paas-shop`)).toBe(true);
    calls = [];
    expect(await createRedis("shop", password)).toBe("on port 6382");
    expect(calls.filter(c => c[0] === "systemctl" && c[1] !== "is-active")).toEqual([["systemctl", "start", "redis-server@paas-shop"], ["systemctl", "enable", "redis-server@paas-shop"]]);
});

test("a server that started before Docker's bridge existed (loopback only) is restarted by the next create", async () => {
    await createRedis("shop", password);
    loopbackOnly.add("redis-server@paas-shop");
    calls = [];
    expect(await createRedis("shop", password)).toBe("on port 6381");
    expect(calls).toContainEqual(["systemctl", "restart", "redis-server@paas-shop"]);
    calls = [];
    await createRedis("shop", password);
    expect(calls).toContainEqual(["systemctl", "start", "redis-server@paas-shop"]);
});

test("add-ons created at the same time get ports of their own", async () => {
    const names = ["a1", "a2", "a3", "a4", "a5", "a6"];
    const lines = await Promise.all(names.map(n => createRedis(n, password)));
    expect(new Set(lines).size).toBe(names.length);
    expect(lines.sort()).toEqual(["on port 6381", "on port 6382", "on port 6383", "on port 6384", "on port 6385", "on port 6386"]);
});

test("a clash left by an earlier version recovers: the add-on whose server is down moves, the running one keeps its port", async () => {
    fs.writeFileSync(`${root}/etc/redis/redis-paas-first.conf`, renderConf("first", 6381, "172.17.0.1", passwordHash(password)));
    fs.writeFileSync(`${root}/etc/redis/redis-paas-second.conf`, renderConf("second", 6381, "172.17.0.1", passwordHash(password)));
    active.add("redis-server@paas-first");
    expect(await createRedis("second", password)).toBe("on port 6382");
    expect(calls).toContainEqual(["systemctl", "restart", "redis-server@paas-second"]);
    expect(await createRedis("first", password)).toBe("on port 6381");
});

test("drop: the server stopped and disabled, its configuration and data gone", async () => {
    await createRedis("shop", password);
    calls = [];
    await dropRedis("shop");
    expect(calls).toEqual([["systemctl", "disable", "--now", "redis-server@paas-shop"], ["systemctl", "reset-failed", "redis-server@paas-shop"],
        ["runuser", "-u", "redis", "--", "rm", "-rf", "--", `${root}/var/lib/redis/paas-shop`]]);
    expect(fs.existsSync(`${root}/etc/redis/redis-paas-shop.conf`)).toBe(false);
    expect(fs.existsSync(`${root}/var/lib/redis/paas-shop`)).toBe(false);
});

test("the bridge address: the engine's pinned bip, else Docker's default", () => {
    fs.writeFileSync(`${root}/etc/docker/daemon.json`, JSON.stringify({ "log-driver": "json-file", bip: "10.77.0.1/24" }));
    expect(bridgeIp()).toBe("10.77.0.1");
    expect(renderConf("shop", 6381, bridgeIp(), passwordHash(password))).toContain("bind 127.0.0.1 -::1 -10.77.0.1\n");
    fs.writeFileSync(`${root}/etc/docker/daemon.json`, JSON.stringify({ bip: "10.77.0.1/24 -x" }));
    expect(bridgeIp()).toBe("172.17.0.1");
    fs.rmSync(`${root}/etc/docker/daemon.json`);
    expect(bridgeIp()).toBe("172.17.0.1");
});
