// Attacks on the files root runs and writes, each by a less trusted local account of a
// bootstrapped host, each beside the legitimate use it imitates: a local user preparing the
// folders the components copy to (the old /tmp paths, and the new ones' parents); the `git` user
// planting links where root writes deploy keys; the `redis` and `postgres` users doing the same
// in their folders.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootstrapCommand, serverScriptsDigest } from "../../../components/platform-host";
import { buildAppSpec } from "../../../shared/app-spec";
import { buildContextUpload, serverScriptsUpload, uploadsDir } from "../../../shared/uploads";
import { defaultBootstrapSettings, shellQuote, startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
// The scripts as they are when the suite starts, so every bootstrap below installs the same ones.
const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-server-"));
fs.cpSync(path.resolve(__dirname, "../../../bin/server"), serverDir, { recursive: true });
const uploaded = serverScriptsUpload(serverScriptsDigest(serverDir));
const bootstrapLine = bootstrapCommand(uploaded, serverDir);
const lib = "/usr/local/lib/paas";

let host: TestHost;
/** A deploy of app shop built from its folder of root's uploads. */
const dockerfileSpec = (greeting: string) => buildAppSpec({
    app: "shop", platformDomain: domain, source: "dockerfile", image: "paas/shop:0123456789ab", buildContext: buildContextUpload("shop", "0123456789ab"),
    env: { GREETING: greeting }, processes: { web: { count: 1 } }, port: 5000, healthPath: "/healthz", domains: [], clientMaxBodySize: "10m",
});
/** What marks that a planted script or build ran as root. */
const marker = "/var/tmp/paas-owned";

/** sha256, owner and mode of PATH on the host. */
const fingerprint = async (p: string) => (await host.exec(`sha256sum ${p} | cut -d' ' -f1; stat -c '%U:%G %a' ${p}`)).stdout;
const asUser = (user: string, command: string, opts: { allowFail?: boolean; stdin?: string } = {}) =>
    host.exec(`runuser -u ${user} -- bash -c ${shellQuote(command)}`, opts);
/** Links named as the temporary files of earlier versions (`.<name>.<pid>.new`), for the next pids, to TARGET. */
const plantTemporaryLinks = (user: string, dir: string, name: string, target: string) =>
    asUser(user, `s=$(cat /proc/sys/kernel/ns_last_pid); for ((p = s; p < s + 300; p++)); do ln -sf ${target} ${dir}/.${name}.$p.new; done`);

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-attack-files-${process.pid}`, serverDir });
    await host.exec("useradd --create-home mallory");
    await host.buildSampleApp();
});

afterAll(() => {
    host?.stop();
    fs.rmSync(serverDir, { recursive: true, force: true });
});

describe("a local user and the folders the components copy to", () => {
    test("the old copy folders, prepared by a local user, are never run and are removed; the bootstrap installs what was copied", async () => {
        await asUser("mallory", "mkdir -p /tmp/paas-server /tmp/paas-build/shop-0123456789ab && chmod 777 /tmp/paas-server && " +
            "tee /tmp/paas-server/bootstrap.sh /tmp/paas-server/paas.js >/dev/null", { stdin: `#!/bin/bash\nid -u >${marker}\n` });
        await asUser("mallory", "cat >/tmp/paas-build/shop-0123456789ab/Dockerfile", { stdin: `FROM paas-e2e/app:one\nRUN id -u >${marker}\n` });
        const r = await host.bootstrap(defaultBootstrapSettings, serverDir);
        expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual(["changed: /tmp/paas-build removed", "changed: /tmp/paas-server removed"]);
        expect(await host.existing(["/tmp/paas-server", "/tmp/paas-build", marker])).toEqual([]);
        await host.exec(`diff -r ${uploaded} ${lib}`);
        // A deploy naming the old build folder (prepared again) is refused before anything is built.
        await asUser("mallory", "mkdir -p /tmp/paas-build/shop-0123456789ab && cat >/tmp/paas-build/shop-0123456789ab/Dockerfile",
            { stdin: `FROM paas-e2e/app:one\nRUN id -u >${marker}\n` });
        const r2 = await host.exec("paas app deploy", { allowFail: true,
            stdin: JSON.stringify({ ...dockerfileSpec("from /tmp"), buildContext: "/tmp/paas-build/shop-0123456789ab" }) });
        expect([r2.code, r2.stderr.trim()]).toEqual([1, `buildContext: must be a folder ${uploadsDir}/build-<app>-<digest>`]);
        expect(await host.existing([marker])).toEqual([]);
        await host.exec("rm -rf /tmp/paas-build");
    });

    test("a local user cannot make the new folders or their parents; the bootstrap's copy stays for a rerun, older ones go", async () => {
        const made = await asUser("mallory", `mkdir -p ${uploadsDir}/build-shop-0123456789ab`, { allowFail: true });
        expect(made.code).not.toBe(0);
        expect(made.stderr).toMatch(/Permission denied/);
        await host.exec(`mkdir -p ${uploadsDir}/server-0000000000000000`);
        const r = await host.bootstrap(defaultBootstrapSettings, serverDir);
        expect(r.stdout.trim()).toBe(`changed: ${uploadsDir}/server-0000000000000000 removed`);
        expect(await host.existing([`${uploadsDir}/server-*`])).toEqual([uploaded]);
        // A rerun (an interrupted `pulumi up` run again) finds the copy and changes nothing.
        expect((await host.exec(bootstrapLine, { stdin: JSON.stringify(defaultBootstrapSettings) })).stdout).toBe("");
    });

    test.each([
        ["a parent others may write", `chmod 1777 ${uploadsDir}`, `run-upload: ${uploadsDir}: others may write to it (mode 1777)`, `chmod 755 ${uploadsDir}`],
        ["the folder owned by another user", `chown mallory ${uploaded}`, `run-upload: ${uploaded}: owned by uid`, `chown root ${uploaded}`],
        ["a script others may write", `chmod 666 ${uploaded}/paas.js`, `run-upload: ${uploaded}/paas.js: not a file or folder of root's that only root may write`, `chmod 755 ${uploaded}/paas.js`],
        ["a link in the folder", `ln -s /home/mallory/evil ${uploaded}/evil`, `run-upload: ${uploaded}/evil: not a file or folder of root's`, `rm ${uploaded}/evil`],
    ])("a copy another user could have changed (%s) is refused before anything runs; put right, it runs", async (_what, spoil, refusal, repair) => {
        await host.exec(`echo 'id -u >${marker}' >/home/mallory/evil && chmod 755 /home/mallory/evil`);
        await host.exec(spoil);
        try {
            const r = await host.exec(bootstrapLine, { stdin: JSON.stringify(defaultBootstrapSettings), allowFail: true });
            expect([r.code, r.stdout]).toEqual([1, ""]);
            expect(r.stderr.trim()).toContain(refusal);
            expect(await host.existing([marker])).toEqual([]);
        } finally {
            await host.exec(repair);
        }
        expect((await host.exec(bootstrapLine, { stdin: JSON.stringify(defaultBootstrapSettings) })).stdout).toBe("");
    });

    test("a build context another user could have changed is refused before anything is built; a sound one builds and serves", async () => {
        const context = buildContextUpload("shop", "0123456789ab");
        const deploy = (allowFail = false) => host.exec("paas app deploy", { allowFail, stdin: JSON.stringify(dockerfileSpec("built from root's folder")) });
        await host.exec(`mkdir -p ${context} && cp -r /root/app/. ${context}/ && chmod 777 ${context} && ` +
            `printf '\\nRUN id -u >/built-by\\n' >>${context}/Dockerfile`);
        const refused = await deploy(true);
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim().split("\n").pop()).toBe(`buildContext: ${context} may be written by others (mode 777); nothing is built from it`);
        expect((await host.exec("docker images -q paas/shop:0123456789ab")).stdout.trim()).toBe("");
        await host.exec(`chmod 755 ${context} && ln -s /etc/shadow ${context}/shadow`);
        expect((await deploy(true)).stderr).toContain(`buildContext: ${context}/shadow is a symbolic link; nothing is built from it`);
        await host.exec(`rm ${context}/shadow`);
        const r = await deploy();
        expect(r.stdout.trim().split("\n").pop()).toBe("released v1 paas/shop:0123456789ab");
        expect((await host.http(`shop.${domain}`)).body).toBe("built from root's folder");
    });
});

describe("the git user and the files root writes in its home", () => {
    const key = (name: string) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-key-"));
        const file = path.join(dir, "id");
        require("child_process").execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
        const line = fs.readFileSync(`${file}.pub`, "utf8").trim();
        fs.rmSync(dir, { recursive: true, force: true });
        return line;
    };
    const setKeys = (keys: string[], allowFail = false) =>
        host.exec("paas keys set shop", { stdin: JSON.stringify({ keys }), allowFail });

    test("links planted at authorized_keys and at every temporary name root used change nothing of root's; the keys are set", async () => {
        const before = await fingerprint(`${lib}/paas.js`);
        await plantTemporaryLinks("git", "/home/git/.ssh", "authorized_keys", `${lib}/paas.js`);
        await asUser("git", `ln -sf ${lib}/paas.js /home/git/.ssh/authorized_keys`);
        const laptop = key("laptop");
        const r = await setKeys([laptop]);
        expect(r.stdout.trim()).toBe("deploy keys of shop: 1");
        expect(await fingerprint(`${lib}/paas.js`)).toBe(before);
        // authorized_keys is git's own file again, with the key.
        expect((await host.exec("stat -c '%F %U %a' /home/git/.ssh/authorized_keys")).stdout.trim()).toBe("regular file git 600");
        expect((await host.exec("cat /home/git/.ssh/authorized_keys")).stdout).toContain(laptop.split(" ").slice(0, 2).join(" "));
    });

    test("authorized_keys linked to a file only root may read: its content does not reach git's file", async () => {
        await asUser("git", "ln -sf /etc/shadow /home/git/.ssh/authorized_keys");
        const r = await setKeys([key("desk")], true);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/could not be read as git/);
        // Nothing written through the link, nothing of the file's read into git's.
        expect((await host.exec("stat -c %F /home/git/.ssh/authorized_keys")).stdout.trim()).toBe("symbolic link");
        expect((await host.exec("grep -l root: /home/git/.ssh/.authorized_keys* 2>/dev/null || true")).stdout).toBe("");
        await asUser("git", "rm /home/git/.ssh/authorized_keys");
        expect((await setKeys([key("desk")])).stdout.trim()).toBe("deploy keys of shop: 1");
    });

    test("~git/.ssh replaced by a link to the platform's folder: the folder stays root's, the keys are refused, and set once it is put back", async () => {
        const before = (await host.exec(`stat -c '%U %a' ${lib}; sha256sum ${lib}/paas.js`)).stdout;
        await asUser("git", `mv /home/git/.ssh /home/git/ssh.real && ln -s ${lib} /home/git/.ssh`);
        const r = await setKeys([key("phone")], true);
        expect(r.code).toBe(1);
        expect((await host.exec(`stat -c '%U %a' ${lib}; sha256sum ${lib}/paas.js`)).stdout).toBe(before);
        expect(await host.existing([`${lib}/authorized_keys`, `${lib}/.authorized_keys*`])).toEqual([]);
        // The bootstrap does not follow it either.
        expect((await host.exec(bootstrapLine, { stdin: JSON.stringify(defaultBootstrapSettings), allowFail: true })).code).not.toBe(0);
        expect((await host.exec(`stat -c '%U %a' ${lib}`)).stdout.trim()).toBe("root 755");
        await asUser("git", "rm /home/git/.ssh && mv /home/git/ssh.real /home/git/.ssh");
        expect((await setKeys([key("phone")])).stdout.trim()).toBe("deploy keys of shop: 1");
    });
});

test("the postgres user linking its configuration folder to one root reads: the bootstrap writes nothing there; put back, it converges", async () => {
    const confDir = (await host.exec("ls -d /etc/postgresql/*/main/conf.d")).stdout.trim();
    await asUser("postgres", `mv ${confDir} ${confDir}.real && ln -s /etc/tmpfiles.d ${confDir}`);
    const r = await host.exec(bootstrapLine, { stdin: JSON.stringify(defaultBootstrapSettings), allowFail: true });
    expect(r.code).toBe(1);
    expect(await host.existing(["/etc/tmpfiles.d/paas.conf"])).toEqual([]);
    await asUser("postgres", `rm ${confDir} && mv ${confDir}.real ${confDir}`);
    await host.bootstrap(defaultBootstrapSettings, serverDir);
    expect((await host.exec(`stat -c '%U %a' ${confDir}/paas.conf`)).stdout.trim()).toBe("postgres 644");
});

describe("the redis user and the files root writes in its folders", () => {
    const password = "Rd0secretPassw0rdForCache";
    const create = (allowFail = false) => host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "cache", password }), allowFail });

    test("links planted at the add-on's data folder and configuration's temporary names change nothing of root's; a sound add-on serves", async () => {
        const before = await fingerprint(`${lib}/paas.js`);
        const libBefore = (await host.exec(`stat -c '%U:%G %a' ${lib}`)).stdout;
        await plantTemporaryLinks("redis", "/etc/redis", "redis-paas-cache.conf", `${lib}/paas.js`);
        await asUser("redis", `ln -s ${lib} /var/lib/redis/paas-cache`);
        const r = await create(true);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/could not be made as redis/);
        expect(await fingerprint(`${lib}/paas.js`)).toBe(before);
        expect((await host.exec(`stat -c '%U:%G %a' ${lib}`)).stdout).toBe(libBefore);
        await asUser("redis", "rm /var/lib/redis/paas-cache");
        const port = Number(/ready on port (\d+)$/.exec((await create()).stdout.trim())?.[1]);
        const ping = await host.exec(`REDISCLI_AUTH=$(cat) redis-cli -p ${port} --no-auth-warning --user cache PING`, { stdin: password });
        expect(ping.stdout.trim()).toBe("PONG");
        expect((await host.exec("stat -c '%U:%G %a' /var/lib/redis/paas-cache /etc/redis/redis-paas-cache.conf")).stdout.trim().split("\n"))
            .toEqual(["redis:redis 750", "root:redis 640"]);
    });

    test("the add-on's data folder linked to root's files when it is deleted: only the link goes", async () => {
        await host.exec("mkdir -p /root/victim && echo kept >/root/victim/file");
        // Stopped first: a running Redis that lost its folder refuses to stop (it cannot save).
        await host.exec("systemctl stop redis-server@paas-cache");
        await asUser("redis", "rm -rf /var/lib/redis/paas-cache && ln -s /root/victim /var/lib/redis/paas-cache");
        const r = await host.exec("paas addon redis delete", { stdin: JSON.stringify({ name: "cache", keepData: false }) });
        expect(r.stdout.trim()).toBe("redis server cache removed");
        expect((await host.exec("cat /root/victim/file")).stdout.trim()).toBe("kept");
        expect(await host.existing(["/var/lib/redis/paas-cache"])).toEqual([]);
    });

    test("the retired shared Redis's ACL file planted as a link to a root file: the bootstrap removes the link, never what it points at", async () => {
        await host.exec("echo 'root only' >/root/victim-acl && chmod 600 /root/victim-acl");
        await asUser("redis", "ln -sfn /root/victim-acl /etc/redis/users.acl");
        expect((await host.bootstrap(defaultBootstrapSettings, serverDir)).code).toBe(0);
        expect(await host.existing(["/etc/redis/users.acl"])).toEqual([]);
        expect((await host.exec("cat /root/victim-acl && stat -c '%U %a' /root/victim-acl")).stdout).toBe("root only\nroot 600\n");
    });
});

