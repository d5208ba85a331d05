// The git receiver: a bare repository per app owned by `git`, whose pushes arrive through the
// forced command (gitShell) and deploy through the post-receive hook (gitHook), which may run
// exactly one command as root: `paas.js app push-deploy APP SHA` (sudoers, from bootstrap.sh).
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as hostInputs from "../shared/host-inputs";
import { appName } from "../shared/rules";
import { buildImage } from "./build";
import { HostError, fail, print, say } from "./output";
import { paths } from "./paths";
import { deployRelease } from "./release";
import { run } from "./run";
import { releaseIdentity, withApp } from "./state";

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
    const hook = `${repo}/hooks/post-receive`, target = `${paths.lib()}/git-post-receive.sh`;
    if (readLink(hook) !== target) await run("runuser", ["-u", "git", "--", "ln", "-sfn", target, hook]);
    return created;
}

const readLink = (p: string) => { try { return fs.readlinkSync(p); } catch { return undefined; } };

/** The tree of COMMIT, as the repository's owner (root never runs git on a repository another user can configure). */
function extract(repo: string, commit: string, into: string): Promise<boolean> {
    return new Promise(resolve => {
        const archive = spawn("runuser", ["-u", "git", "--", "git", "--git-dir", repo, "archive", "--format=tar", commit], { stdio: ["ignore", "pipe", "ignore"] });
        const tar = spawn("tar", ["-x", "-C", into], { stdio: ["pipe", "ignore", "ignore"] });
        archive.stdout.pipe(tar.stdin);
        let codes = 0;
        const done = (code: number | null) => { codes += code === 0 ? 0 : 1; };
        archive.on("close", done);
        tar.on("close", code => { done(code); resolve(codes === 0); });
    });
}

/** `paas app push-deploy APP SHA` (the hook, as root): builds the commit's Dockerfile as paas/APP:SHA12 and deploys it. */
export async function pushDeploy(appArg: string | undefined, commitArg: string | undefined): Promise<void> {
    const app = hostInputs.appInput({ app: appArg ?? "" }).app;
    const sha = hostInputs.commitId("commit", commitArg);
    const repo = paths.repo(app);
    if (!fs.existsSync(repo)) fail(`app: ${app} has no repository`);
    await withApp(app, async state => {
        const image = `paas/${app}:${sha.slice(0, 12)}`;
        const context = fs.mkdtempSync(path.join(os.tmpdir(), "paas-push-"));
        try {
            if (!await extract(repo, sha, context)) fail(`commit: ${sha} cannot be read from ${repo}`);
            await buildImage({ app, context, image, label: true, serving: state.servingLabel(), missing: "Dockerfile: the pushed commit has none at its root" });
        } finally {
            fs.rmSync(context, { recursive: true, force: true });
        }
        state.setPushedImage(image);
        const spec = state.spec();
        if (!spec) return say(`built ${image}; ${app} deploys once \`paas app deploy\` has its spec`);
        if (spec.source !== "git") return say(`built ${image}; ${app} deploys an image, not git pushes`);
        const env = state.env();
        const current = state.current();
        if (current && current.identity === releaseIdentity(spec, env, image)) return print(`unchanged: v${current.version} ${image}`);
        await deployRelease({ state, spec, env, image, source: `git:${sha.slice(0, 12)}` });
    }, true);
}

/** Runs PROGRAM with this process's stdio and exits with its code. */
function handOver(program: string, args: string[]): Promise<number> {
    return new Promise(resolve => {
        const child = spawn(program, args, { stdio: "inherit" });
        child.on("error", () => resolve(127));
        child.on("close", code => resolve(code ?? 1));
    });
}

/**
 * The only program the `git` user runs: its login shell and every deploy key's forced command
 * (`restrict,command="paas-git-shell APP"`). sshd starts it as `paas-git-shell -c "paas-git-shell
 * APP"` with the client's request in SSH_ORIGINAL_COMMAND. It grants one request: a push to the
 * key's own app, `git-receive-pack 'APP'` (with or without .git and a leading /). No shell, ever.
 */
export async function gitShell(args: string[], request = process.env.SSH_ORIGINAL_COMMAND ?? ""): Promise<number> {
    const refuse = (why: string): never => { throw new HostError(`paas: ${why}`); };
    let app: string | undefined;
    const forced = args.length === 2 && args[0] === "-c" ? /^(?:\/usr\/local\/lib\/paas\/)?paas-git-shell ([^ ]+)$/.exec(args[1]) : null;
    if (forced) app = forced[1];
    else if (args.length === 1 && args[0] !== "-c") app = args[0];
    else refuse("this account only receives git pushes from deploy keys");
    try { appName("app", app!); } catch { refuse("this deploy key names no valid app"); }
    if (request === "") refuse(`no shell here; deploy with: git push git@<host>:${app} main`);
    const push = /^git-receive-pack '\/?([^'/]+)'$/.exec(request);
    if (!push) return refuse("only git push is allowed");
    const target = push[1].replace(/\.git$/, "");
    if (target !== app) refuse(`this key deploys ${app}, not ${target}`);
    if (!fs.existsSync(paths.repo(app!))) refuse(`no repository for ${app}`);
    return handOver("git-receive-pack", [paths.repo(app!)]);
}

/** The refs a post-receive hook reads: `<old> <new> <ref>` lines. The commit of the last push to main (or master), if any. */
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

/** The post-receive hook of every app repository, run as `git`: a push to main deploys. */
export async function gitHook(refs: string, gitDir = process.env.GIT_DIR ?? "."): Promise<number> {
    const app = path.basename(path.resolve(gitDir), ".git");
    try { appName("app", app); } catch { throw new HostError(`-----> ${app} is not an app repository`); }
    const commit = deployedCommit(refs, line => print(line));
    if (!commit) return 0;
    return handOver("sudo", ["-n", `${paths.lib()}/paas.js`, "app", "push-deploy", app, commit]);
}
