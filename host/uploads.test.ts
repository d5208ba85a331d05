import * as fs from "fs";
import * as path from "path";
import { checkUpload, removeBuildContexts, removeOldUploads, Trust } from "./uploads";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

let root: string, trust: Trust, context: string;
beforeEach(() => {
    root = makeHostRoot("uploads");
    fs.chmodSync(root, 0o700);
    trust = { uid: process.getuid!(), top: root };
    context = `${root}/root/paas-uploads/build-shop-0123456789ab`;
    fs.mkdirSync(`${context}/src`, { recursive: true, mode: 0o755 });
    for (const p of [`${root}/root`, `${root}/root/paas-uploads`, context, `${context}/src`]) fs.chmodSync(p, 0o755);
    fs.writeFileSync(`${context}/Dockerfile`, "FROM scratch\n", { mode: 0o644 });
    fs.writeFileSync(`${context}/src/app.js`, "", { mode: 0o644 });
});
afterEach(() => removeHostRoot(root));

test("a folder only its owner may have written to passes, and so does one not there", () => {
    expect(checkUpload("buildContext", context, trust)).toBe(context);
    expect(checkUpload("buildContext", `${root}/root/paas-uploads/build-shop-ffffffffffff`, trust)).toMatch(/ffffffffffff$/);
});

test.each([
    ["a link in it", () => fs.symlinkSync("/etc/shadow", `${context}/src/secret`), "src/secret is a symbolic link"],
    ["a link for the folder", () => { fs.rmSync(context, { recursive: true }); fs.symlinkSync(`${root}/elsewhere`, context); }, "build-shop-0123456789ab is a symbolic link"],
    ["a file others may write", () => fs.chmodSync(`${context}/Dockerfile`, 0o666), "Dockerfile may be written by others (mode 666)"],
    ["a folder others may write", () => fs.chmodSync(`${context}/src`, 0o775), "src may be written by others (mode 775)"],
    ["a parent others may write", () => fs.chmodSync(`${root}/root/paas-uploads`, 0o1777), "paas-uploads may be written by others (mode 1777)"],
    ["a parent that is a link", () => { fs.renameSync(`${root}/root`, `${root}/real`); fs.symlinkSync(`${root}/real`, `${root}/root`); }, "/root is a symbolic link"],
    ["a fifo in it", () => require("child_process").execFileSync("mkfifo", [`${context}/pipe`]), "pipe is not a plain file or directory"],
])("%s is refused, naming the path", (_what, plant, why) => {
    plant();
    expect(() => checkUpload("buildContext", context, trust)).toThrow(why);
    expect(() => checkUpload("buildContext", context, trust)).toThrow(/^buildContext: .*; nothing is built from it$/);
});

test("a file of another owner is refused", () => {
    expect(() => checkUpload("buildContext", context, { ...trust, uid: trust.uid + 1 })).toThrow(`is owned by uid ${trust.uid}, not ${trust.uid + 1}`);
});

test("an app's other build contexts go, those of other apps and the one in use stay", () => {
    for (const n of ["build-shop-ffffffffffff", "build-shop-two-0123456789ab", "server-0123456789abcdef"]) fs.mkdirSync(`${root}/root/paas-uploads/${n}`);
    removeBuildContexts("shop", "/root/paas-uploads/build-shop-0123456789ab");
    expect(fs.readdirSync(`${root}/root/paas-uploads`).sort()).toEqual(["build-shop-0123456789ab", "build-shop-two-0123456789ab", "server-0123456789abcdef"]);
    removeBuildContexts("shop");
    expect(fs.readdirSync(`${root}/root/paas-uploads`).sort()).toEqual(["build-shop-two-0123456789ab", "server-0123456789abcdef"]);
});

test("old uploads go: other versions' scripts and the folders under /tmp, links removed and never followed", async () => {
    const out: string[] = [];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(String(c)); return true; });
    for (const n of ["server-0123456789abcdef", "server-fedcba9876543210"]) fs.mkdirSync(`${root}/root/paas-uploads/${n}`);
    fs.mkdirSync(`${root}/tmp/paas-build/shop-0123456789ab`, { recursive: true });
    fs.mkdirSync(`${root}/victim`);
    fs.writeFileSync(`${root}/victim/file`, "kept");
    fs.symlinkSync(`${root}/victim`, `${root}/tmp/paas-server`);
    await removeOldUploads("/root/paas-uploads/server-0123456789abcdef");
    expect(fs.readdirSync(`${root}/root/paas-uploads`).sort()).toEqual(["build-shop-0123456789ab", "server-0123456789abcdef"]);
    expect(fs.readdirSync(`${root}/tmp`)).toEqual([]);
    expect(fs.readFileSync(`${root}/victim/file`, "utf8")).toBe("kept");
    expect(out.join("").split("\n").filter(Boolean).map(p => path.relative(root, p)).sort())
        .toEqual(["root/paas-uploads/server-fedcba9876543210", "tmp/paas-build", "tmp/paas-server"]);
    out.length = 0;
    await removeOldUploads("/root/paas-uploads/server-0123456789abcdef");
    expect(out).toEqual([]);
    jest.restoreAllMocks();
});
