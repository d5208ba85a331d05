import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { addonCommand } from "./addon";
import { createPostgres, dropPostgres } from "./postgres";
import { createRedis, dropRedis } from "./redis";
import { makeHostRoot, removeHostRoot } from "../host-root.testing";

// The database work is ./postgres's and ./redis's (tested beside them); here only the flow.
jest.mock("./postgres", () => ({ createPostgres: jest.fn(async () => undefined), dropPostgres: jest.fn(async () => undefined) }));
jest.mock("./redis", () => ({ createRedis: jest.fn(async () => undefined), dropRedis: jest.fn(async () => undefined) }));

const password = "Sup3rSecretPassw0rdX";
const oldOwner = "urn:pulumi:prod::paas::paas:index:PostgresAddon::old";
const newOwner = "urn:pulumi:prod::paas::paas:index:PostgresAddon::new";

let root: string;
let out: string[];
beforeEach(() => {
    root = makeHostRoot("addon");
    out = [];
    jest.spyOn(process.stdout, "write").mockImplementation(chunk => { out.push(String(chunk)); return true; });
    jest.clearAllMocks();
});
afterEach(() => {
    jest.restoreAllMocks();
    removeHostRoot(root);
});

const addons = () => path.join(root, "var/lib/paas/addons");
const ownerFile = (kind: string) => path.join(addons(), `${kind}-shop.owner`);
const run = (kind: string, action: string | undefined, input: unknown) =>
    addonCommand(kind, action, typeof input === "string" ? input : JSON.stringify(input));

describe.each([
    ["postgres", "postgres database shop", "dropped", createPostgres, dropPostgres],
    ["redis", "redis server shop", "removed", createRedis, dropRedis],
])("%s", (kind, line, gone, create, drop) => {
    test("create: the database work, the owner recorded, one line", async () => {
        await run(kind, "create", { name: "shop", password, owner: newOwner });
        expect(create).toHaveBeenCalledWith("shop", password);
        expect(fs.readFileSync(ownerFile(kind), "utf8")).toBe(`${newOwner}\n`);
        expect((fs.statSync(addons()).mode & 0o777).toString(8)).toBe("700");
        expect(out).toEqual([`${line} ready\n`]);
    });

    test("create without an owner records none", async () => {
        await run(kind, "create", { name: "shop", password });
        expect(fs.existsSync(ownerFile(kind))).toBe(false);
        expect(out).toEqual([`${line} ready\n`]);
    });

    test("delete keeps the data unless keepData is false", async () => {
        await run(kind, "delete", { name: "shop" });
        await run(kind, "delete", { name: "shop", keepData: true });
        await run(kind, "delete", { name: "shop", keepData: "no" });
        expect(drop).not.toHaveBeenCalled();
        expect(out).toEqual([`${line} kept\n`, `${line} kept\n`, `${line} kept\n`]);
    });

    test("delete with keepData false: the owner record removed, the data dropped", async () => {
        await run(kind, "create", { name: "shop", password, owner: newOwner });
        await run(kind, "delete", { name: "shop", keepData: false, owner: newOwner });
        expect(drop).toHaveBeenCalledWith("shop");
        expect(fs.existsSync(ownerFile(kind))).toBe(false);
        expect(out[1]).toBe(`${line} ${gone}\n`);
    });

    test("a delete from the former owner leaves the new owner's data", async () => {
        await run(kind, "create", { name: "shop", password, owner: newOwner });
        await run(kind, "delete", { name: "shop", keepData: false, owner: oldOwner });
        expect(drop).not.toHaveBeenCalled();
        expect(fs.readFileSync(ownerFile(kind), "utf8")).toBe(`${newOwner}\n`);
        expect(out[1]).toBe(`${line} kept: it belongs to ${newOwner} now\n`);
    });

    test("a delete naming no owner drops whoever owns it", async () => {
        await run(kind, "create", { name: "shop", password, owner: newOwner });
        await run(kind, "delete", { name: "shop", keepData: false });
        expect(drop).toHaveBeenCalledWith("shop");
    });

    test("bad input is refused naming the field, before anything changes", async () => {
        const refused = async (action: string | undefined, input: unknown, message: string) => {
            await expect(run(kind, action, input)).rejects.toThrow(message);
        };
        await refused("create", "{not json", "input: must be a JSON object");
        await refused("create", "", "input: must be a JSON object");
        await refused("create", [], "input: must be a JSON object");
        await refused("create", { name: "postgres", password }, "name: postgres is reserved by the platform");
        await refused("create", { name: "paas", password }, "name: paas is reserved by the platform");
        await refused("create", { name: "Shop", password }, "name: lowercase letters, digits and _, starting with a letter, at most 63");
        await refused("create", { name: "shop", password: "short" }, "password: 16 to 128 letters and digits");
        await refused("create", { name: "shop", password: `${password}'` }, "password: 16 to 128 letters and digits");
        await refused("create", { name: "shop" }, "password: 16 to 128 letters and digits");
        await refused("create", { name: "shop", password, owner: "line\nbreak" }, "owner: must be a resource name");
        await refused("frob", { name: "shop" }, `usage: paas addon ${kind} create|delete|upgrade`);
        await refused(undefined, { name: "shop" }, `usage: paas addon ${kind} create|delete|upgrade`);
        expect(create).not.toHaveBeenCalled();
        expect(out).toEqual([]);
    });

    test("commands on one add-on run one at a time; another add-on's do not wait for them", async () => {
        const order: string[] = [];
        let finish: () => void = () => undefined;
        (create as jest.Mock).mockImplementationOnce(async (name: string) => {
            order.push(`create ${name} starts`);
            await new Promise<void>(resolve => { finish = resolve; });
            order.push(`create ${name} ends`);
        });
        (drop as jest.Mock).mockImplementation(async (name: string) => { order.push(`drop ${name}`); });
        const first = run(kind, "create", { name: "shop", password });
        while (order.length === 0) await new Promise(r => setTimeout(r, 10));
        const second = run(kind, "delete", { name: "shop", keepData: false });
        await run(kind, "delete", { name: "blog", keepData: false });
        await new Promise(r => setTimeout(r, 200));
        finish();
        await Promise.all([first, second]);
        expect(order).toEqual(["create shop starts", "drop blog", "create shop ends", "drop shop"]);
    });

    test("a failed create records no owner and prints nothing", async () => {
        (create as jest.Mock).mockRejectedValueOnce(new Error("down"));
        await expect(run(kind, "create", { name: "shop", password, owner: newOwner })).rejects.toThrow("down");
        expect(fs.existsSync(ownerFile(kind))).toBe(false);
        expect(out).toEqual([]);
    });
});

test("an unknown kind is a usage error", async () => {
    await expect(run("mysql", "create", { name: "shop", password })).rejects.toThrow("usage: paas addon postgres|redis create|delete|upgrade");
});
