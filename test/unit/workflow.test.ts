// The pull request workflow passes actionlint (which also runs shellcheck over its `run:` steps),
// and runs the same preview script the end-to-end suite checks.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const workflow = path.resolve(__dirname, "../../.github/workflows/preview.yml");

test("preview.yml passes actionlint", () => {
    const r = spawnSync(process.env.PAAS_ACTIONLINT ?? "actionlint", ["-no-color", workflow], { encoding: "utf8" });
    if (r.error) throw r.error;
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
});

test("preview.yml posts what scripts/pr-preview.sh writes", () => {
    const text = fs.readFileSync(workflow, "utf8");
    expect(text).toContain('run: scripts/pr-preview.sh prod "$RUNNER_TEMP/preview.md"');
    expect(text).toMatch(/gh pr comment "\$PR" --body-file "\$RUNNER_TEMP\/preview.md"/);
});
