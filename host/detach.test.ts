import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineCommand } from "./detach";

test("the engine is `paas engine ...`, under systemd in a scope of its own", () => {
    expect(engineCommand(["app", "deploy"], true)).toEqual(["systemd-run",
        ["--scope", "--quiet", "--collect", "--", process.execPath, process.argv[1], "engine", "app", "deploy"]]);
    expect(engineCommand(["app", "rollback", "shop", "3"], false)).toEqual([process.execPath, [process.argv[1], "engine", "app", "rollback", "shop", "3"]]);
});

test("with nobody reading its output any more, a command kept running goes on: its output and its children's is dropped, a hangup ignored", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-detach-"));
    const done = path.join(dir, "done");
    // Progress lines, a child's indented output (more than a pipe holds), a hangup, then the end.
    const script = `
        const { keepRunningWithoutReader, say } = require("./output");
        const { run } = require("./run");
        keepRunningWithoutReader();
        (async () => {
            await new Promise(r => setTimeout(r, 300));
            for (let n = 0; n < 2000; n++) say("line " + n);
            process.kill(process.pid, "SIGHUP");
            await run("sh", ["-c", "head -c 1000000 /dev/zero | tr '\\\\0' x"], { stdout: "indent" });
            require("fs").writeFileSync(${JSON.stringify(done)}, "ok");
        })();`;
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: __dirname, stdio: ["ignore", "pipe", "pipe"] });
    // The reader goes away before the first line.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise(r => child.on("exit", r));
    expect([code, fs.readFileSync(done, "utf8")]).toEqual([0, "ok"]);
    fs.rmSync(dir, { recursive: true, force: true });
});
