// `npm run rollback` against a real stack: an earlier update's config comes back and is applied.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, "../../..");

describe("rollback to an earlier stack version", () => {
    let project: PulumiProject;
    let target: string;

    // Every command line the rollback gives the pulumi CLI, recorded by a wrapper in front of it.
    let argvLog: string;
    const rollbackCli = (...args: string[]) => {
        const wrapperDir = path.join(project.dir, ".argv-wrapper");
        argvLog = path.join(project.dir, "pulumi-argv.log");
        if (!fs.existsSync(wrapperDir)) {
            fs.mkdirSync(wrapperDir);
            const real = spawnSync("bash", ["-c", "command -v pulumi"], { env: project.env, encoding: "utf8" }).stdout.trim();
            fs.writeFileSync(path.join(wrapperDir, "pulumi"), `#!/bin/sh\necho "$*" >>'${argvLog}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
        }
        const env = { ...project.env, PATH: `${wrapperDir}:${project.env.PATH}` };
        const r = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/rollback.ts"),
            "--stack", "smoke", "--cwd", project.dir, ...args], { cwd: repoRoot, env, encoding: "utf8" });
        return { code: r.status, out: r.stdout + r.stderr };
    };

    beforeAll(() => {
        project = new PulumiProject(path.join(__dirname, "fixture"), "smoke");
        target = path.join(project.dir, "greeting.txt");
        project.run(["stack", "init", "smoke"]);
        project.run(["config", "set", "path", target]);
        project.run(["config", "set", "greeting", "first"]);
        project.run(["config", "set", "--secret", "token", "token-one"]);
        project.run(["up", "--yes", "--skip-preview"]);
        project.run(["config", "set", "greeting", "second"]);
        project.run(["config", "set", "--secret", "token", "token-two"]);
        project.run(["config", "set", "extra", "added-later"]);
        project.run(["up", "--yes", "--skip-preview"]);
    });

    afterAll(() => project?.remove());

    test("--list shows each update, oldest first", () => {
        const r = rollbackCli("--list");
        expect(r.code).toBe(0);
        const lines = r.out.trim().split("\n");
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/^1\t\S+\tupdate\tsucceeded/);
        expect(lines[1]).toMatch(/^2\t\S+\tupdate\tsucceeded/);
    });

    test("--to 1 restores version 1's config, secrets included, and applies it", () => {
        expect(fs.readFileSync(target, "utf8")).toBe("second");
        const r = rollbackCli("--to", "1");
        expect(r.code).toBe(0);
        expect(r.out).toContain("rolling smoke back to version 1");
        expect(fs.readFileSync(target, "utf8")).toBe("first");
        const config = JSON.parse(project.run(["config", "--json", "--show-secrets"]).stdout);
        expect(config["engine-smoke:greeting"].value).toBe("first");
        expect(config["engine-smoke:token"]).toMatchObject({ value: "token-one", secret: true });
        expect(config["engine-smoke:extra"]).toBeUndefined();
        // The secret went back on stdin, never on a command line.
        const argv = fs.readFileSync(argvLog, "utf8");
        expect(argv).toContain("config set --secret --raw --stack smoke --non-interactive engine-smoke:token");
        expect(argv).not.toContain("token-one");
    });

    test("the rollback is itself a recorded update", () => {
        const history = JSON.parse(project.run(["stack", "history", "--json"]).stdout);
        expect(history).toHaveLength(3);
        expect(history[0].message).toBe("rollback to version 1");
    });

    test("a version that does not exist is refused before anything changes", () => {
        const r = rollbackCli("--to", "9");
        expect(r.code).toBe(1);
        expect(r.out).toContain("--to: no version 9; this stack has versions 1 to 3");
        expect(JSON.parse(project.run(["stack", "history", "--json"]).stdout)).toHaveLength(3);
    });
});
