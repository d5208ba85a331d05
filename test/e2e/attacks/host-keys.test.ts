// The network between the operator and the server, as the less trusted party: a machine that
// answers on the server's address and port with another host key. The repository's stack on a
// local Debian 12 host pins the host's key (`paas:hostKey`, and the key learnt at first contact
// without it); `pulumi up` and the operator's `paas` refuse the other key before they send
// anything, and with the right key both still work.
import { spawnSync } from "child_process";
import * as path from "path";
import { hostKeyFingerprint } from "../../../shared/host-key";
import { startBootstrappedHost, TestHost } from "../../harness/host";
import { PulumiProject } from "../pulumi-cli";

jest.setTimeout(1_800_000);

const repoRoot = path.resolve(__dirname, "../../..");
const hostname = "sample.paas.test";
const stack = "hostkeys";

let host: TestHost;
let project: PulumiProject;
let realKey: string;

const up = (opts: { allowFail?: boolean } = {}) => project.run(["up", "--yes", "--skip-preview"], opts);
const greeting = async () => (await host.http(hostname, "/env/GREETING")).body;
/** `paas ARGS` as an operator runs it, with no setting of the tests' own about host keys. */
const paas = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...project.env, XDG_STATE_HOME: path.join(project.dir, ".xdg-state") };
    delete env.PAAS_SSH_STRICT;
    delete env.PAAS_KNOWN_HOSTS;
    const [verb, ...rest] = args;
    const r = spawnSync("node", ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "components/cli/paas.ts"), verb, "--stack", stack, "--cwd", project.dir, ...rest],
        { cwd: repoRoot, env, encoding: "utf8" });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
/** How many logins the host's sshd has accepted so far (its journal, flushed first). */
const logins = async () => Number((await host.exec("journalctl --sync && journalctl -u ssh -o cat | grep -c '^Accepted publickey' || true")).stdout.trim());

/** Gives the host's sshd a new ed25519 host key (the old one kept aside); its public line. */
async function swapHostKey(): Promise<string> {
    await host.exec("cd /etc/ssh && cp -a ssh_host_ed25519_key /root/real_host_key && cp -a ssh_host_ed25519_key.pub /root/real_host_key.pub " +
        "&& rm ssh_host_ed25519_key ssh_host_ed25519_key.pub && ssh-keygen -q -t ed25519 -N '' -f ssh_host_ed25519_key && systemctl restart ssh");
    return (await host.exec("cat /etc/ssh/ssh_host_ed25519_key.pub")).stdout.trim();
}

async function restoreHostKey(): Promise<void> {
    await host.exec("cd /etc/ssh && mv /root/real_host_key ssh_host_ed25519_key && mv /root/real_host_key.pub ssh_host_ed25519_key.pub && systemctl restart ssh");
}

/** What `pulumi up` against a server with OTHER says, and what reached the server meanwhile. */
async function upAgainstImpostor(newGreeting: string) {
    project.run(["config", "set", "--secret", "paas:sampleGreeting", newGreeting]);
    const other = await swapHostKey();
    const before = await logins();
    const r = up({ allowFail: true });
    // Only the count's own login came in since.
    const sent = (await logins()) - before - 1;
    return { r, output: `${r.stdout}\n${r.stderr}`, other, sent };
}

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-hostkeys-${process.pid}` });
    host.loadImage("debian:bookworm-slim");
    realKey = host.hostKey.split(" ").slice(0, 2).join(" ");
    project = PulumiProject.repositoryStackOn(stack, host, "paas.test", {}, { "paas:sampleGreeting": "hello one" });
    up();
});

afterAll(() => {
    host?.stop();
    project?.remove();
});

test("the stack pins the host's key and exports it for the operator's paas; the right key deploys", async () => {
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout).sshTarget)
        .toEqual({ host: host.sshHost, port: host.sshPort, user: "root", hostKey: realKey });
    expect(await greeting()).toBe("hello one");
    const apps = paas(["apps"]);
    expect([apps.code, apps.stderr]).toEqual([0, ""]);
    expect(apps.stdout).toMatch(/^sample\s+v1\s/m);
});

test("a server with another host key: pulumi up fails at once naming the host and both fingerprints, and sends it nothing", async () => {
    const { r, output, other, sent } = await upAgainstImpostor("hello two");
    try {
        expect(r.code).not.toBe(0);
        expect(output).toContain(`ssh: host key mismatch at ${host.sshHost}:${host.sshPort}: the server presents ssh-ed25519 ${hostKeyFingerprint(other)}, ` +
            `but hostKey pins ssh-ed25519 ${hostKeyFingerprint(realKey)}; nothing was sent to it.`);
        // Refused on the first attempt, not retried.
        expect(output).not.toMatch(/Dial \d+\/\d+ failed: retrying/);
        expect(output).not.toContain("after 10 failed attempts");
        expect(sent).toBe(0);

        // The operator's paas refuses it as well, saying which key it expected.
        const refused = paas(["apps"]);
        expect(refused.code).toBe(255);
        expect(refused.stderr).toContain(`ssh root@${host.sshHost}:${host.sshPort} (stack ${stack}): Host key verification failed.`);
        expect(refused.stderr).toContain(`not the one stack ${stack} pins, ssh-ed25519 ${hostKeyFingerprint(realKey)}; nothing was sent to it.`);
        expect(refused.stdout).toBe("");
    } finally {
        await restoreHostKey();
    }
    // The app never got the new value.
    expect(await greeting()).toBe("hello one");
});

test("with its own key back, the same update goes through and paas works", async () => {
    up();
    expect(await greeting()).toBe("hello two");
    expect(paas(["apps"]).code).toBe(0);
});

test("without paas:hostKey the key seen at first contact is recorded (nothing else changes) and pinned from then on", async () => {
    project.run(["config", "rm", "paas:hostKey"]);
    const learnt = up();
    expect(learnt.stdout).toMatch(/\+\s+command:remote:Command\s+paas-host-host-key\s+created/);
    expect(learnt.stdout).not.toMatch(/~\s+command:remote:/);
    expect(JSON.parse(project.run(["stack", "output", "--json"]).stdout).sshTarget.hostKey).toBe(realKey);

    const { r, output, other, sent } = await upAgainstImpostor("hello three");
    try {
        expect(r.code).not.toBe(0);
        expect(output).toContain(`the server presents ssh-ed25519 ${hostKeyFingerprint(other)}, but hostKey pins ssh-ed25519 ${hostKeyFingerprint(realKey)}`);
        expect(sent).toBe(0);
    } finally {
        await restoreHostKey();
    }
    expect(await greeting()).toBe("hello two");
    up();
    expect(await greeting()).toBe("hello three");
});
