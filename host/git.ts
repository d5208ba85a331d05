// The git receiver: a bare repository per app owned by `git`. Pushes arrive through the forced
// command (gitShell) and are deployed by the pre-receive hook (gitHook) before the branch moves:
// the hook, as `git`, hands the pushed tree to `paas.js app push-deploy APP SHA` (the one command
// sudoers lets it run as root, from bootstrap.sh), and a failed deploy rejects the push.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as hostInputs from "../shared/host-inputs";
import { appName } from "../shared/rules";
import { removeAs } from "./as-user";
import { buildImage } from "./build";
import { readBuildLimits } from "./build-limits";
import { userIds } from "./files";
import { failpoint } from "./failpoints";
import { buildUser, imageRepository } from "./names";
import { claimHostnames } from "./hostname-claims";
import { HostError, fail, print, say } from "./output";
import { paths } from "./paths";
import { deployRelease } from "./release";
import { baseEnv, run } from "./run";
import { withRecoveredApp } from "./recovery";
import { releaseIdentity } from "./state";

/** The app's bare repository with the push hook; true when it was created now. */
export async function ensureRepo(app: string, announce = true): Promise<boolean> {
    const repo = paths.repo(app);
    if ((await run("id", ["git"])).code !== 0) fail("git: the host has no git user; run bootstrap.sh");
    let created = false;
    if (!fs.existsSync(repo)) {
        await run("runuser", ["-u", "git", "--", "git", "init", "-q", "--bare", repo]);
        created = true;
        if (announce) process.stderr.write(`-----> created ${repo}\n`);
    }
    const hook = `${repo}/hooks/pre-receive`, target = `${paths.lib()}/git-pre-receive.sh`;
    if (readLink(hook) !== target) await run("runuser", ["-u", "git", "--", "ln", "-sfn", target, hook]);
    // Repositories made before pushes were decided up front deployed after the fact.
    if (readLink(`${repo}/hooks/post-receive`)?.startsWith(`${paths.lib()}/`)) await removeAs("git", `${repo}/hooks/post-receive`);
    return created;
}

const readLink = (p: string) => { try { return fs.readlinkSync(p); } catch { return undefined; } };

/**
 * Unpacks the tar on this process's stdin (the pushed tree) into a new folder under WORK, as the
 * build user (who owns nothing else: no link or device in the tar reaches anything of root's),
 * stopping past LIMIT bytes of tar. WORK is root's; the build user may enter it only while tar
 * runs. The tree's folder, or why there is none.
 */
export function unpackStdin(work: string, limit: number): Promise<{ tree?: string; tooBig?: boolean }> {
    let ids: { uid: number; gid: number } | undefined;
    try { ids = userIds(buildUser); } catch { fail(`builds: the host has no ${buildUser} user; run bootstrap.sh`); }
    const { uid, gid } = ids;
    const tree = path.join(work, "tree");
    fs.chownSync(work, 0, gid);
    fs.chmodSync(work, 0o710);
    fs.mkdirSync(tree, { mode: 0o700 });
    fs.chownSync(tree, uid, gid);
    return new Promise(resolve => {
        // No file may grow past the limit either (a sparse member is small in the tar).
        const tar = spawn("prlimit", [`--fsize=${limit}`, "--", "setpriv", `--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--no-new-privs",
            "tar", "-x", "--no-same-owner", "--no-same-permissions", "-C", tree], { stdio: ["pipe", "ignore", "ignore"], env: baseEnv });
        let bytes = 0, tooBig = false;
        const counter = (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes <= limit || tooBig) return;
            tooBig = true;
            process.stdin.unpipe(tar.stdin);
            tar.kill("SIGKILL");
        };
        process.stdin.on("data", counter);
        process.stdin.pipe(tar.stdin);
        tar.stdin.on("error", () => undefined);
        const done = (ok: boolean) => {
            process.stdin.off("data", counter);
            fs.chmodSync(work, 0o700);
            resolve(tooBig ? { tooBig } : ok ? { tree } : {});
        };
        tar.on("error", () => done(false));
        tar.on("close", code => done(code === 0));
    });
}

/** `paas app push-deploy APP SHA` (the hook, as root; the commit's tree as a tar on stdin): builds its
 * Dockerfile as paas/APP:SHA12 and deploys it. */
export async function pushDeploy(appArg: string | undefined, commitArg: string | undefined): Promise<void> {
    const app = hostInputs.appInput({ app: appArg ?? "" }).app;
    const sha = hostInputs.commitId("commit", commitArg);
    if (!fs.existsSync(paths.repo(app))) fail(`app: ${app} has no repository`);
    await withRecoveredApp(app, async state => {
        const declared = state.spec();
        if (declared?.source === "git") await claimHostnames(state, declared.hostnames);
        const image = `${imageRepository(app)}:${sha.slice(0, 12)}`;
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "paas-push-"));
        try {
            const { contextMiB } = readBuildLimits();
            const { tree, tooBig } = await unpackStdin(work, contextMiB * 1024 * 1024);
            if (tooBig) fail(`commit: the tree of ${sha} is more than ${contextMiB} MiB (the build limit contextMiB); ${state.servingLabel()} keeps serving`);
            if (!tree) fail(`commit: the tree of ${sha} could not be read`);
            await failpoint(app, "build");
            await buildImage({ app, context: tree, image, label: true, serving: state.servingLabel(), missing: "Dockerfile: the pushed commit has none at its root", field: "commit" });
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
        state.setPushed(image, sha);
        const spec = state.spec();
        if (!spec) return say(`built ${image}; ${app} deploys once \`paas app deploy\` has its spec`);
        if (spec.source !== "git") return say(`built ${image}; ${app} deploys an image, not git pushes`);
        const env = state.env();
        const current = state.current();
        if (current && current.identity === releaseIdentity(spec, env, image)) return print(`unchanged: v${current.version} ${image}`);
        await deployRelease({ state, spec, env, image, source: `git:${sha.slice(0, 12)}`, commit: sha });
    }, true);
}

/**
 * The only program the `git` user runs: its login shell and every deploy key's forced command
 * (`restrict,command="paas-git-shell APP..."`, the apps the key may deploy). sshd starts it as
 * `paas-git-shell -c "paas-git-shell APP..."` with the client's request in SSH_ORIGINAL_COMMAND.
 * It grants one request: a push to one of those apps, `git-receive-pack 'APP'` (with or without
 * .git and a leading /). No shell, ever.
 */
export async function gitShell(args: string[], request = process.env.SSH_ORIGINAL_COMMAND ?? ""): Promise<number> {
    const refuse = (why: string): never => { throw new HostError(`paas: ${why}`); };
    let apps: string[] = [];
    const forced = args.length === 2 && args[0] === "-c" ? /^(?:\/usr\/local\/lib\/paas\/)?paas-git-shell ((?:[^ ]+)(?: [^ ]+)*)$/.exec(args[1]) : null;
    if (forced) apps = forced[1].split(" ");
    else if (args.length === 1 && args[0] !== "-c") apps = [args[0]];
    else refuse("this account only receives git pushes from deploy keys");
    try { apps.forEach(a => appName("app", a)); } catch { refuse("this deploy key names no valid app"); }
    if (request === "") refuse(`no shell here; deploy with: git push git@<host>:${apps[0]} main`);
    const push = /^git-receive-pack '\/?([^'/]+)'$/.exec(request);
    if (!push) return refuse("only git push is allowed");
    const target = push[1].replace(/\.git$/, "");
    if (!apps.includes(target)) refuse(`this key deploys ${apps.join(", ")}, not ${target}`);
    if (!fs.existsSync(paths.repo(target))) refuse(`no repository for ${target}`);
    return handOver("git-receive-pack", [paths.repo(target)]);
}

/** Runs PROGRAM with this process's stdio and exits with its code. */
function handOver(program: string, args: string[]): Promise<number> {
    return new Promise(resolve => {
        const child = spawn(program, args, { stdio: "inherit" });
        child.on("error", () => resolve(127));
        child.on("close", code => resolve(code ?? 1));
    });
}

/** The refs a receive hook reads (`<old> <new> <ref>` lines): the commit of the last push to main (or master), if any. */
export function deployedCommit(refs: string, say: (line: string) => void): string | undefined {
    let deploy: string | undefined;
    for (const line of refs.split("\n").filter(l => l.trim() !== "")) {
        const [, commit, ref] = line.trim().split(/\s+/);
        if (ref !== "refs/heads/main" && ref !== "refs/heads/master") {
            say(`-----> ${ref} is not deployed (push main to deploy)`);
            continue;
        }
        if (!/^0+$/.test(commit)) deploy = commit;
    }
    return deploy;
}

/**
 * The pre-receive hook of every app repository, run as `git` while the pushed objects are still in
 * quarantine: `git archive` (which sees them through the environment git gives the hook) pipes the
 * commit's tree to the deploy. Its exit code decides whether the branch moves.
 */
export async function gitHook(refs: string, gitDir = process.env.GIT_DIR ?? "."): Promise<number> {
    const app = path.basename(path.resolve(gitDir), ".git");
    try { appName("app", app); } catch { throw new HostError(`-----> ${app} is not an app repository`); }
    const commit = deployedCommit(refs, line => print(line));
    if (!commit) return 0;
    const archive = spawn("git", ["archive", "--format=tar", commit], { stdio: ["ignore", "pipe", "inherit"] });
    const deploy = spawn("sudo", ["-n", `${paths.lib()}/paas.js`, "app", "push-deploy", app, commit], { stdio: ["pipe", "inherit", "inherit"] });
    archive.stdout.pipe(deploy.stdin);
    const code = await new Promise<number>(resolve => deploy.on("close", c => resolve(c ?? 1)));
    if (code !== 0) process.stderr.write(`-----> push rejected: ${app} keeps what it served before; fix the commit and push again\n`);
    return code;
}
