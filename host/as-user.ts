// Files in folders another user owns (`git`'s home and repositories, Redis's data) are read,
// written and removed as that user (runuser), so that a link that user planted leads root
// nowhere: whatever a path resolves to, the access is the user's own. A process that is not
// root can only act as itself, so it does so directly.
import * as fs from "fs";
import { readText, writeFileAtomic } from "./files";
import { fail } from "./output";
import { paths } from "./paths";
import { run, RunOptions } from "./run";

const isRoot = () => process.getuid?.() === 0;

/** Runs PROGRAM as USER (without a shell, the user's login shell not involved). */
async function runAs(user: string, program: string, args: string[], opts: RunOptions = {}) {
    const r = await run("runuser", ["-u", user, "--", program, ...args], opts);
    return r;
}

/** FILE's text read as USER, or undefined when it does not exist. */
export async function readFileAs(user: string, file: string): Promise<string | undefined> {
    if (!isRoot()) return readText(file);
    const r = await runAs(user, "cat", ["--", file]);
    if (r.code === 0) return r.stdout;
    if (/No such file or directory/.test(r.stderr)) return undefined;
    return fail(`${file}: could not be read as ${user}: ${r.stderr.trim()}`);
}

/** Writes DATA to FILE as USER, atomically (writeFileAtomic run by `paas file put` as USER). */
export async function writeFileAs(user: string, file: string, data: string, mode: number): Promise<void> {
    if (!isRoot()) return writeFileAtomic(file, data, { mode });
    const r = await runAs(user, process.execPath, [`${paths.lib()}/paas.js`, "file", "put", file, mode.toString(8)], { input: data });
    if (r.code !== 0) fail(`${file}: could not be written as ${user}: ${r.stderr.trim()}`);
}

/** DIR with MODE, made as USER when missing (its mode set either way). */
export async function makeDirAs(user: string, dir: string, mode: number): Promise<void> {
    if (!isRoot()) { fs.mkdirSync(dir, { recursive: true }); fs.chmodSync(dir, mode); return; }
    const r = await runAs(user, "install", ["-d", "-m", mode.toString(8), "--", dir]);
    if (r.code !== 0) fail(`${dir}: could not be made as ${user}: ${r.stderr.trim()}`);
}

/** Removes P (a file or a tree) as USER. */
export async function removeAs(user: string, p: string): Promise<void> {
    if (!isRoot()) { fs.rmSync(p, { recursive: true, force: true }); return; }
    const r = await runAs(user, "rm", ["-rf", "--", p]);
    if (r.code !== 0) fail(`${p}: could not be removed as ${user}: ${r.stderr.trim()}`);
}

/** `paas file put FILE MODE`: stdin written to FILE atomically, by whoever runs it. */
export function putFile(file: string | undefined, mode: string | undefined, data: string): void {
    if (!file?.startsWith("/") || !/^[0-7]{3,4}$/.test(mode ?? "")) fail("usage: paas file put /ABSOLUTE/FILE OCTAL-MODE");
    writeFileAtomic(file!, data, { mode: parseInt(mode!, 8) });
}
