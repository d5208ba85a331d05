// The runner of real programs, with sh and node standing in for pulumi and ssh.
import { systemRunner } from "./process-runner";

describe("systemRunner", () => {
    test("collect: the input on stdin, the output kept, the exit code", async () => {
        const r = await systemRunner.collect("sh", ["-c", 'read -r line; echo "got $line"; echo oops >&2; exit 3'], { input: 'a "$(x)"; b\n' });
        expect(r).toEqual({ code: 3, stdout: 'got a "$(x)"; b\n', stderr: "oops\n" });
    });
    test("collect runs in the directory given", async () => {
        expect((await systemRunner.collect("pwd", [], { cwd: "/" })).stdout).toBe("/\n");
    });
    test("a program that is not installed is named", async () => {
        await expect(systemRunner.collect("paas-no-such-program", [])).rejects.toThrow("paas-no-such-program: not found on PATH");
        await expect(systemRunner.attach("paas-no-such-program", [])).rejects.toThrow("paas-no-such-program: not found on PATH");
    });
    test("attach: the exit code, with the input on stdin", async () => {
        expect(await systemRunner.attach("sh", ["-c", 'read -r x; [ "$x" = hello ] && exit 7'], { input: "hello\n" })).toBe(7);
    });
    test("attach: a program killed by a signal exits 128 + its number", async () => {
        expect(await systemRunner.attach("sh", ["-c", "kill -TERM $$"], { input: "" })).toBe(143);
    });
    test("launch: false when the opener does not exist", async () => {
        expect(await systemRunner.launch("paas-no-such-opener", ["https://example.com"])).toBe(false);
        expect(await systemRunner.launch("true", [])).toBe(true);
    });
});
