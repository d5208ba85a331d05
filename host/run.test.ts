import { lines, output, run } from "./run";

test("arguments reach the program as they are, never through a shell", async () => {
    const nasty = `it's "x" $(touch /tmp/never) ; \`id\``;
    const r = await run("printf", ["%s", nasty]);
    expect(r).toMatchObject({ code: 0, stdout: nasty, timedOut: false });
});

test("stdin is written and closed; the environment is only what is given", async () => {
    expect((await run("cat", [], { input: "line\n" })).stdout).toBe("line\n");
    expect((await run("sh", ["-c", "echo \"$SECRET_X\""], { env: { PATH: "/usr/bin:/bin", SECRET_X: "s" } })).stdout).toBe("s\n");
    expect((await run("sh", ["-c", "echo \"${HOSTNAME_X:-unset}\""])).stdout).toBe("unset\n");
});

test("a failing program reports its code; output() throws with its stderr; a missing one is 127", async () => {
    expect((await run("sh", ["-c", "echo no >&2; exit 3"])).code).toBe(3);
    await expect(output("sh", ["-c", "echo broken >&2; exit 2"])).rejects.toThrow("exited 2: broken");
    expect((await run("/nonexistent/program", [])).code).toBe(127);
});

test("a program past its timeout is stopped and says so", async () => {
    const r = await run("sleep", ["30"], { timeoutSeconds: 0.2 });
    expect(r.timedOut).toBe(true);
    expect(r.code).not.toBe(0);
});

test("lines drops blank lines and surrounding spaces", () => {
    expect(lines(" a \n\nb\n")).toEqual(["a", "b"]);
});
