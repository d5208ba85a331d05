import * as fs from "fs";
import * as path from "path";
import { failpoint, parseFailpoints } from "./failpoints";
import { paths } from "./paths";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

let root: string;
beforeEach(() => { root = makeHostRoot("failpoints"); });
afterEach(() => { jest.restoreAllMocks(); removeHostRoot(root); });

const setFailpoints = (text: string, mode = 0o600) => {
    fs.mkdirSync(path.dirname(paths.failpoints()), { recursive: true });
    fs.writeFileSync(paths.failpoints(), text, { mode });
    fs.chmodSync(paths.failpoints(), mode);
};

test("lines name an app, a phase and crash or pause N; others are ignored", () => {
    expect(parseFailpoints("shop switch crash\n  blog health pause 30 \nshop record explode\n# shop drain crash\nshop pause\n")).toEqual([
        { app: "shop", phase: "switch", action: "crash", seconds: 0 },
        { app: "blog", phase: "health", action: "pause", seconds: 30 },
    ]);
});

test("a pause waits, and fires once: its line is removed, the others stay", async () => {
    jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    setFailpoints("shop health pause 1\nshop record crash\n");
    const timer = jest.spyOn(global, "setTimeout");
    await failpoint("shop", "health");
    expect(timer.mock.calls.some(c => c[1] === 1000)).toBe(true);
    expect(fs.readFileSync(paths.failpoints(), "utf8")).toBe("shop record crash\n");
    timer.mockClear();
    await failpoint("shop", "health");
    expect(timer).not.toHaveBeenCalled();
});

test("a crash kills the process with SIGKILL, only for its app and phase", async () => {
    setFailpoints("shop record crash\n");
    const kill = jest.spyOn(process, "kill").mockImplementation(() => true);
    await failpoint("blog", "record");
    await failpoint("shop", "switch");
    expect(kill).not.toHaveBeenCalled();
    void failpoint("shop", "record");
    await new Promise(r => setImmediate(r));
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGKILL");
    expect(fs.readFileSync(paths.failpoints(), "utf8")).toBe("");
});

test("a file others may write gives no orders; no file, no failpoint", async () => {
    const kill = jest.spyOn(process, "kill").mockImplementation(() => true);
    await failpoint("shop", "record");
    setFailpoints("shop record crash\n", 0o666);
    await failpoint("shop", "record");
    expect(kill).not.toHaveBeenCalled();
});
