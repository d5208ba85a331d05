import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { makeDirAs, putFile, readFileAs, removeAs } from "./as-user";

// As the user who runs the test: through runuser when that is root, directly otherwise.
const me = os.userInfo().username;
let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-as-user-")); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a file is read as the user; a missing one reads as undefined", async () => {
    fs.writeFileSync(`${dir}/keys`, "line\n");
    expect(await readFileAs(me, `${dir}/keys`)).toBe("line\n");
    expect(await readFileAs(me, `${dir}/none`)).toBeUndefined();
});

test("a folder is made with its mode, and an existing one gets it", async () => {
    await makeDirAs(me, `${dir}/a`, 0o700);
    expect(fs.statSync(`${dir}/a`).mode & 0o777).toBe(0o700);
    fs.chmodSync(`${dir}/a`, 0o755);
    await makeDirAs(me, `${dir}/a`, 0o700);
    expect(fs.statSync(`${dir}/a`).mode & 0o777).toBe(0o700);
});

test("a tree is removed; a link in it goes, its target stays", async () => {
    fs.mkdirSync(`${dir}/tree/sub`, { recursive: true });
    fs.writeFileSync(`${dir}/kept`, "kept");
    fs.symlinkSync(`${dir}/kept`, `${dir}/tree/sub/link`);
    await removeAs(me, `${dir}/tree`);
    expect(fs.readdirSync(dir)).toEqual(["kept"]);
});

test("paas file put writes stdin atomically with the mode; bad arguments are refused", () => {
    putFile(`${dir}/f`, "600", "data\n");
    expect(fs.readFileSync(`${dir}/f`, "utf8")).toBe("data\n");
    expect(fs.statSync(`${dir}/f`).mode & 0o777).toBe(0o600);
    expect(() => putFile("relative", "600", "")).toThrow("usage: paas file put /ABSOLUTE/FILE OCTAL-MODE");
    expect(() => putFile(`${dir}/f`, "rw", "")).toThrow("usage: paas file put");
});
