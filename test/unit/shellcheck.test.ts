// Every shell script of the project passes shellcheck (with the repository's .shellcheckrc):
// each *.sh under host/ and scripts/, the extensionless bash scripts beside them
// (paas-git-shell) and the CI entry point.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

jest.setTimeout(300_000);

const repoRoot = path.resolve(__dirname, "../..");

function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? walk(full) : entry.isFile() ? [full] : [];
    });
}

const isShellScript = (file: string) =>
    file.endsWith(".sh") || /^#!\s*(\/usr\/bin\/env\s+bash|\/bin\/(ba)?sh)\b/.test(fs.readFileSync(file, "utf8").slice(0, 64));

function scripts(): string[] {
    const files = ["host", "scripts"].flatMap(d => walk(path.join(repoRoot, d)));
    const ci = path.join(repoRoot, ".ci/run");
    if (fs.existsSync(ci)) files.push(ci);
    return files.filter(isShellScript).map(f => path.relative(repoRoot, f)).sort();
}

function shellcheck(file: string, cwd = repoRoot) {
    return spawnSync("shellcheck", ["-x", file], { cwd, encoding: "utf8" });
}

beforeAll(() => {
    if (spawnSync("shellcheck", ["--version"]).status === 0) return;
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "shellcheck"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
});

test("there are scripts to check", () => {
    expect(scripts()).toEqual(expect.arrayContaining([
        "host/bootstrap.sh", "host/git-pre-receive.sh", "host/paas-git-shell",
        "scripts/host/engine.sh", "scripts/host/host.sh", "scripts/host/images.sh", "scripts/host/load-image.sh",
    ]));
});

test("a script with a mistake fails the check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shellcheck-"));
    try {
        fs.writeFileSync(path.join(dir, "bad.sh"), "#!/usr/bin/env bash\nrm -rf $1/*\n");
        const r = shellcheck("bad.sh", dir);
        expect(r.status).not.toBe(0);
        expect(r.stdout).toContain("SC2086");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

test.each(scripts())("%s passes shellcheck", file => {
    const r = shellcheck(file);
    if (r.error) throw r.error;
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
});
