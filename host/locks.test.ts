import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { acquire, withLock } from "./locks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-locks-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a second holder waits until the first releases", async () => {
    const file = path.join(dir, "a.lock");
    const order: string[] = [];
    const first = await acquire(file);
    const second = withLock(file, async () => { order.push("second"); });
    await new Promise(r => setTimeout(r, 300));
    order.push("first done");
    first.release();
    await second;
    expect(order).toEqual(["first done", "second"]);
});

test("locks on different files do not wait for each other", async () => {
    const a = await acquire(path.join(dir, "b.lock"));
    const b = await acquire(path.join(dir, "c.lock"));
    a.release();
    b.release();
});

test("the lock is freed when the body throws", async () => {
    const file = path.join(dir, "d.lock");
    await expect(withLock(file, async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    await withLock(file, async () => undefined);
});
