import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PassThrough } from "stream";
import { isKeyFolder, reapOnEnd } from "./key-folder-reaper";

test("only a folder the CLI makes is one it removes", () => {
    expect(isKeyFolder("/tmp/paas-ssh-AbC123")).toBe(true);
    expect(isKeyFolder("/home/me")).toBe(false);
    expect(isKeyFolder("paas-ssh-x")).toBe(false);
    expect(isKeyFolder("/tmp/paas-ssh-x/../..")).toBe(false);
});

test("the folder goes when its input ends, not before", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "paas-ssh-"));
    fs.writeFileSync(path.join(folder, "id"), "K\n", { mode: 0o600 });
    const input = new PassThrough();
    const reaped = reapOnEnd(folder, input);
    input.write("anything\n");
    await new Promise(resolve => setImmediate(resolve));
    expect(fs.existsSync(path.join(folder, "id"))).toBe(true);
    input.end();
    await reaped;
    expect(fs.existsSync(folder)).toBe(false);
});
