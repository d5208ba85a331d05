import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureDir, readJson, readText, userIds, writeFileAtomic, writeJson } from "./files";

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-files-")); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

test("an atomic write creates the folders, applies the mode and leaves no temporary file", () => {
    const file = `${dir}/a/b/secret.json`;
    writeFileAtomic(file, "one\n", { mode: 0o600 });
    expect(fs.readFileSync(file, "utf8")).toBe("one\n");
    expect(mode(file)).toBe("600");
    writeFileAtomic(file, Buffer.from("two\n"));
    expect(fs.readFileSync(file, "utf8")).toBe("two\n");
    expect(mode(file)).toBe("644");
    expect(fs.readdirSync(`${dir}/a/b`)).toEqual(["secret.json"]);
});

test("the mode is applied whatever the umask", () => {
    const old = process.umask(0o077);
    try {
        writeFileAtomic(`${dir}/f`, "x", { mode: 0o664 });
    } finally {
        process.umask(old);
    }
    expect(mode(`${dir}/f`)).toBe("664");
});

test("a write that cannot land leaves the old content and no temporary file", () => {
    fs.mkdirSync(`${dir}/taken`);
    fs.writeFileSync(`${dir}/taken/inside`, "keep");
    expect(() => writeFileAtomic(`${dir}/taken`, "x")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["taken"]);
    expect(fs.readFileSync(`${dir}/taken/inside`, "utf8")).toBe("keep");
});

test("writeJson pretty-prints with a final newline; readJson reads it back", () => {
    writeJson(`${dir}/x.json`, { b: [1], a: "s" }, { mode: 0o600 });
    expect(fs.readFileSync(`${dir}/x.json`, "utf8")).toBe('{\n  "b": [\n    1\n  ],\n  "a": "s"\n}\n');
    expect(mode(`${dir}/x.json`)).toBe("600");
    expect(readJson(`${dir}/x.json`)).toEqual({ a: "s", b: [1] });
});

test("a missing file reads as undefined; other failures and bad JSON throw", () => {
    expect(readText(`${dir}/none`)).toBeUndefined();
    expect(readJson(`${dir}/none/deeper.json`)).toBeUndefined();
    expect(() => readText(dir)).toThrow(/EISDIR/);
    fs.writeFileSync(`${dir}/bad.json`, "{");
    expect(() => readJson(`${dir}/bad.json`)).toThrow(SyntaxError);
});

test("ensureDir creates a folder with its mode and sets the mode of one that exists", () => {
    ensureDir(`${dir}/state/app`, 0o700);
    expect(mode(`${dir}/state/app`)).toBe("700");
    fs.chmodSync(`${dir}/state/app`, 0o755);
    ensureDir(`${dir}/state/app`, 0o700);
    expect(mode(`${dir}/state/app`)).toBe("700");
});

test("userIds reads /etc/passwd; an unknown user is an error", () => {
    expect(userIds("root")).toEqual({ uid: 0, gid: 0 });
    expect(() => userIds("no-such-user-paas")).toThrow("no-such-user-paas: no such user");
});

test("a link planted where the temporary file or the file goes is never followed: its target stays as it was", () => {
    fs.writeFileSync(`${dir}/target`, "precious");
    // Every name an earlier version would have used, and the file's own name.
    for (const n of [`.keys.${process.pid}.new`, ".keys.0.new"]) fs.symlinkSync(`${dir}/target`, `${dir}/${n}`);
    fs.symlinkSync(`${dir}/target`, `${dir}/keys`);
    writeFileAtomic(`${dir}/keys`, "mine\n", { mode: 0o600 });
    expect(fs.readFileSync(`${dir}/target`, "utf8")).toBe("precious");
    expect(fs.lstatSync(`${dir}/keys`).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(`${dir}/keys`, "utf8")).toBe("mine\n");
    expect(mode(`${dir}/target`)).toBe("644");
});

test("the group is set on the file before it takes the name", () => {
    const gid = os.userInfo().gid;
    writeFileAtomic(`${dir}/conf`, "x", { mode: 0o640, gid });
    expect(fs.statSync(`${dir}/conf`).gid).toBe(gid);
    expect(mode(`${dir}/conf`)).toBe("640");
});
