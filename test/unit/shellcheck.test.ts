// Every script of the project passes shellcheck (with the repository's .shellcheckrc).
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../..");

function scripts(): string[] {
    const files = execFileSync("git", ["ls-files", "*.sh", "components/server/paas-git-shell", ".ci/run"], { cwd: repoRoot, encoding: "utf8" })
        .split("\n").filter(Boolean);
    return files;
}

test("there are scripts to check", () => {
    expect(scripts()).toEqual(expect.arrayContaining(["components/server/bootstrap.sh", "components/server/paas.sh", "scripts/toolchain.sh"]));
});

test.each(scripts())("%s passes shellcheck", file => {
    const r = spawnSync("shellcheck", ["-x", file], { cwd: repoRoot, encoding: "utf8" });
    if (r.error) throw new Error("shellcheck is not installed: apt-get install shellcheck");
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
});
