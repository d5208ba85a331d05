import * as fs from "fs";
import { run } from "../run";
import { makeHostRoot, removeHostRoot } from "../host-root.testing";
import { createRedis, dropRedis, pickPort, portOf, portRange, renderConf } from "./redis";

jest.mock("../run", () => ({ ...jest.requireActual("../run"), run: jest.fn() }));
jest.mock("../files", () => ({ ...jest.requireActual("../files"), userIds: () => ({ uid: process.getuid!(), gid: process.getgid!() }) }));
jest.mock("ioredis", () => jest.fn().mockImplementation(() => ({
    on: jest.fn(), connect: jest.fn().mockResolvedValue(undefined), ping: jest.fn().mockResolvedValue("PONG"), disconnect: jest.fn(),
})));

const password = "Rd0secretPassw0rdForShop";
let root: string;
let calls: string[][];
beforeEach(() => {
    root = makeHostRoot("redis");
    fs.mkdirSync(`${root}/etc/redis`, { recursive: true });
    fs.writeFileSync(`${root}/etc/redis/paas.conf`, "bind 127.0.0.1 -::1 -172.17.0.1\n");
    calls = [];
    jest.mocked(run).mockImplementation(async (program, args) => {
        calls.push([program, ...args]);
        return { code: 0, stdout: program === "ss" ? "LISTEN 0 511 127.0.0.1:6380 0.0.0.0:*\n" : "", stderr: "", timedOut: false };
    });
});
afterEach(() => removeHostRoot(root));

test("the configuration: its port and addresses, its data folder, no default user, one user with every command but admin ones", () => {
    const conf = renderConf("shop", 6381, "172.17.0.1", password);
    expect(conf).toContain("port 6381\nbind 127.0.0.1 -::1 -172.17.0.1\n");
    expect(conf).toContain("dir /var/lib/redis/paas-shop\n");
    expect(conf).toContain("user default off\n");
    expect(conf).toMatch(/^user shop on #[0-9a-f]{64} ~\* &\* \+@all -@admin$/m);
    expect(conf).not.toContain(password);
    expect(portOf(conf)).toBe(6381);
});

test("ports: the lowest free one of the range", () => {
    expect(pickPort(new Set([portRange.first, portRange.first + 1]))).toBe(portRange.first + 2);
    expect(pickPort(new Set(Array.from({ length: portRange.last - portRange.first + 1 }, (_, n) => portRange.first + n)))).toBeUndefined();
});

test("create: a server of its own on a port nothing else has, started and enabled; again, the same port and no restart", async () => {
    fs.writeFileSync(`${root}/etc/redis/redis-paas-other.conf`, renderConf("other", 6381, "172.17.0.1", password));
    expect(await createRedis("shop", password)).toBe("on port 6382");
    expect(calls).toEqual([["ss", "-Htln"], ["systemctl", "restart", "redis-server@paas-shop"], ["systemctl", "enable", "redis-server@paas-shop"]]);
    expect((fs.statSync(`${root}/etc/redis/redis-paas-shop.conf`).mode & 0o777).toString(8)).toBe("640");
    expect(fs.existsSync(`${root}/var/lib/redis/paas-shop`)).toBe(true);
    calls = [];
    expect(await createRedis("shop", password)).toBe("on port 6382");
    expect(calls).toEqual([["systemctl", "start", "redis-server@paas-shop"], ["systemctl", "enable", "redis-server@paas-shop"]]);
});

test("drop: the server stopped and disabled, its configuration and data gone", async () => {
    await createRedis("shop", password);
    calls = [];
    await dropRedis("shop");
    expect(calls).toEqual([["systemctl", "disable", "--now", "redis-server@paas-shop"]]);
    expect(fs.existsSync(`${root}/etc/redis/redis-paas-shop.conf`)).toBe(false);
    expect(fs.existsSync(`${root}/var/lib/redis/paas-shop`)).toBe(false);
});
