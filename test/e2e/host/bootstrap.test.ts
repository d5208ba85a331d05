// The host bootstrap, end to end: a new Debian 12 host (systemd, sshd, nothing else, like a new
// Linode) is bootstrapped exactly as the PlatformHost component does it, then checked from the
// outside: what answers on its published port, what listens where, who may log in, and that a
// second run changes nothing.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootstrapCommand, serverScriptsDigest } from "../../../components/platform-host";
import { serverScriptsUpload } from "../../../shared/uploads";
import { defaultBootstrapSettings, ExecResult, saveBootstrapSnapshot, startBootstrappedHost, startHost, TestHost } from "../../harness/host";

jest.setTimeout(20 * 60_000);

let host: TestHost;
let first: ExecResult;
/** The range bootstrap.sh plans for app networks, as pg_hba_file_rules shows it. */
const appNetworks = { address: "10.77.0.0", prefix: 16 };
// The scripts as they are when the suite starts: every bootstrap below installs these, so the
// reruns compare like with like even if bin/server is rebuilt meanwhile.
const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-server-"));
fs.cpSync(path.resolve(__dirname, "../../../bin/server"), serverDir, { recursive: true });
const bootstrap = (h: TestHost) => h.bootstrap(defaultBootstrapSettings, serverDir);
/** Where the bootstrap's scripts are copied to, and the command that runs them (as PlatformHost's). */
const uploaded = serverScriptsUpload(serverScriptsDigest(serverDir));
const bootstrapLine = bootstrapCommand(uploaded, serverDir);
const timings: string[] = [];

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await f();
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
}

/** Addresses (without port) on which something listens on TCP PORT inside the host. */
async function listeners(port: number): Promise<string[]> {
    const { stdout } = await host.exec(`ss -Hltn 'sport = :${port}'`);
    return stdout.trim().split("\n").filter(Boolean).map(line => line.split(/\s+/)[3].replace(/:\d+$/, "").replace(/^\[|\]$/g, ""));
}

/** The IPv4 address of the host's interface DEVICE. */
async function interfaceAddress(device: string): Promise<string> {
    const address = (await host.exec(`ip -4 -o addr show dev ${device} | awk '{ split($4, a, "/"); print a[1] }'`)).stdout.trim();
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    return address;
}

/** Whether a TCP connection to ADDRESS:PORT opens, from inside the host. */
async function connects(address: string, port: number): Promise<boolean> {
    return (await host.exec(`timeout 5 bash -c 'exec 3<>/dev/tcp/${address}/${port}'`, { allowFail: true })).code === 0;
}

beforeAll(async () => {
    // A name of its own per run: several runs may share this machine's engine.
    host = await timed("host start", () => startHost({ name: `paas-e2e-bootstrap-${process.pid}` }));
    first = await timed("first bootstrap", () => bootstrap(host));
});

afterAll(() => {
    host?.stop();
    fs.rmSync(serverDir, { recursive: true, force: true });
    console.log(timings.join("\n"));
});

test("the first bootstrap reports what it changed", () => {
    expect(first.stdout).toMatch(/^changed: installed .*docker\.io.*nginx.*postgresql.*redis-server/m);
    expect(first.stdout).toContain("changed: user git");
    expect(first.stdout).toContain("changed: /usr/local/lib/paas\n");
    expect(first.stdout.trim().split("\n").every(line => line.startsWith("changed: "))).toBe(true);
});

test("nginx answers 404 for a host it does not know, on the published port on 127.0.0.1", async () => {
    const r = await host.http("nobody.example.com");
    expect(r.status).toBe(404);
    // The app upstreams are included inside http {}.
    const { stdout } = await host.exec("nginx -T 2>/dev/null");
    expect(stdout.indexOf("include /etc/nginx/paas/upstreams/*.conf;")).toBeGreaterThan(stdout.indexOf("http {"));
    await host.exec("test -d /etc/nginx/paas/upstreams && test -d /var/lib/paas/acme");
});

test("the host's Docker runs containers from debian:bookworm-slim and builds on it with Debian's packages", async () => {
    host.loadImage("debian:bookworm-slim");
    const run = await host.exec("docker run --rm debian:bookworm-slim cat /etc/debian_version");
    expect(run.stdout).toMatch(/^12\./);
    const dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update -qq && apt-get install -y -qq --no-install-recommends netbase >/dev/null\n";
    await host.exec("docker build -q -t paas-e2e/apt-check -", { stdin: dockerfile });
    const built = await host.exec("docker run --rm paas-e2e/apt-check cat /etc/services");
    expect(built.stdout).toContain("http");
    await host.exec("docker rmi paas-e2e/apt-check");
});

test("postgres accepts a local connection and listens on loopback and the docker bridge only", async () => {
    const r = await host.exec("runuser -u postgres -- psql -tAXc 'select 1'");
    expect(r.stdout.trim()).toBe("1");
    const bridge = await interfaceAddress("docker0");
    expect(bridge).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const pg = await listeners(5432);
    expect(pg).toContain("127.0.0.1");
    expect(pg).toContain(bridge);
    expect(pg.every(a => ["127.0.0.1", "::1", bridge].includes(a))).toBe(true);
    // The host's own public address (its eth0 here) gets no answer on 5432.
    const publicIp = await interfaceAddress("eth0");
    expect(await connects(publicIp, 5432)).toBe(false);
    expect(await connects("127.0.0.1", 5432)).toBe(true);
    // From an app container, a password is required.
    const hba = await host.exec("runuser -u postgres -- psql -tAXc 'select type, address, auth_method from pg_hba_file_rules where address is not null'");
    expect(hba.stdout).not.toMatch(/trust/);
    // App containers come from the planned range only (Docker's default pools are not admitted).
    expect(hba.stdout).toContain(`host|${appNetworks.address}|scram-sha-256`);
    expect(hba.stdout).not.toContain("172.16.0.0");
    // Each app role its own database only; over the socket, a password but for the superuser.
    const rules = (await host.exec(`runuser -u postgres -- psql -tAXc "select type, array_to_string(database, ','), array_to_string(user_name, ','), auth_method from pg_hba_file_rules where type = 'local' or address = '${appNetworks.address}'"`)).stdout;
    expect(rules).toContain("host|sameuser|all|scram-sha-256");
    expect(rules).toContain("local|all|all|scram-sha-256");
    expect(rules).not.toContain("local|all|all|peer");
    expect((await host.exec("runuser -u postgres -- psql -tAXc 'show max_connections'")).stdout.trim()).toBe("300");
});

test("Docker's address pools are the planned range: the bridge and every new network in it, in /24s", async () => {
    const daemon = JSON.parse((await host.exec("cat /etc/docker/daemon.json")).stdout);
    expect(daemon).toMatchObject({ "default-address-pools": [{ base: "10.77.0.0/16", size: 24 }], bip: "10.77.0.1/24", "log-opts": { "max-size": "10m" } });
    expect((await host.exec("ip -4 -o addr show dev docker0")).stdout).toContain("inet 10.77.0.1/24");
    const subnets: string[] = [];
    try {
        for (const n of [1, 2, 3]) {
            await host.exec(`docker network create paas-e2e-pool-${n}`);
            subnets.push((await host.exec(`docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' paas-e2e-pool-${n}`)).stdout.trim());
        }
    } finally {
        await host.exec("docker network rm paas-e2e-pool-1 paas-e2e-pool-2 paas-e2e-pool-3", { allowFail: true });
    }
    expect(subnets.every(s => /^10\.77\.([1-9][0-9]{0,2})\.0\/24$/.test(s))).toBe(true);
    expect(new Set(subnets).size).toBe(3);
});

test("no shared redis (Debian's, started by its package, is masked); an add-on's server listens on loopback and the docker bridge only, and the default user is off", async () => {
    expect((await host.exec("systemctl is-enabled redis-server", { allowFail: true })).stdout.trim()).toBe("masked");
    expect(await listeners(6379)).toEqual([]);
    const bridge = await interfaceAddress("docker0");
    const port = Number(/on port (\d+)$/.exec((await host.exec("paas addon redis create", { stdin: JSON.stringify({ name: "probe", password: "Pr0bePassw0rdForRedis" }) })).stdout.trim())![1]);
    const redis = await listeners(port);
    expect(redis).toContain("127.0.0.1");
    expect(redis).toContain(bridge);
    expect(redis.every(a => ["127.0.0.1", "::1", bridge].includes(a))).toBe(true);
    const anonymous = await host.exec(`redis-cli -h 127.0.0.1 -p ${port} ping`, { allowFail: true });
    expect(anonymous.stdout + anonymous.stderr).not.toMatch(/PONG/);
    expect(anonymous.stdout + anonymous.stderr).toMatch(/NOAUTH/);
    // Gone again: the snapshot below must hold no add-on.
    await host.exec("paas addon redis delete", { stdin: JSON.stringify({ name: "probe", keepData: false }) });
});

test("sshd refuses passwords and takes keys", async () => {
    const r = spawnSync("ssh", ["-p", String(host.sshPort), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password,keyboard-interactive", "root@127.0.0.1", "true"], { encoding: "utf8" });
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
    const { stdout } = await host.exec("sshd -T");
    expect(stdout).toMatch(/^passwordauthentication no$/m);
    expect(stdout).toMatch(/^kbdinteractiveauthentication no$/m);
    expect(stdout).toMatch(/^permitrootlogin without-password$/m);
});

test("user git has the restricted shell: a key that logs in as git gets no shell", async () => {
    const passwd = (await host.exec("getent passwd git")).stdout.trim().split(":");
    expect(passwd[6]).toBe("/usr/local/lib/paas/paas-git-shell");
    // Let the test's key in as git for a moment, without a forced command: the login shell is
    // all that stands between it and a shell.
    await host.exec("cp /home/git/.ssh/authorized_keys /root/git-keys && cat /root/.ssh/authorized_keys >>/home/git/.ssh/authorized_keys");
    try {
        const r = await host.exec("id", { user: "git", allowFail: true });
        expect(r.code).not.toBe(0);
        expect(r.stdout).not.toMatch(/uid=/);
        expect(r.stderr).toMatch(/paas: /);
    } finally {
        await host.exec("cat /root/git-keys >/home/git/.ssh/authorized_keys && rm /root/git-keys");
    }
});

test("the paas command, its scripts and the app state folder are in place", async () => {
    expect((await host.exec("readlink /usr/local/bin/paas")).stdout.trim()).toBe("/usr/local/lib/paas/paas.js");
    expect((await host.exec("stat -c '%a %U' /var/lib/paas/apps")).stdout.trim()).toBe("700 root");
    await host.exec(`test -x /usr/local/lib/paas/paas-git-shell && test -x /usr/local/lib/paas/paas-oom-watch && diff -r ${uploaded} /usr/local/lib/paas`);
});

test("a second bootstrap changes nothing and prints nothing", async () => {
    const again = await timed("bootstrap rerun", () => bootstrap(host));
    expect(again.stdout).toBe("");
});

test("a host bootstrapped by an earlier version (Docker's default pools, pg_hba for 172.16.0.0/12) gets the planned ones; its containers come back", async () => {
    host.loadImage("debian:bookworm-slim");
    await host.exec("docker run -d --name paas-e2e-survivor --restart unless-stopped debian:bookworm-slim sleep infinity");
    try {
        const pgHba = "$(ls /etc/postgresql/*/main/pg_hba.conf)";
        await host.exec(`printf '{\n  "log-driver": "json-file",\n  "log-opts": { "max-size": "10m", "max-file": "3" }\n}\n' >/etc/docker/daemon.json && ` +
            `sed -i 's|^host sameuser all 10.77.0.0/16 scram-sha-256$|host all all 172.16.0.0/12 scram-sha-256|' ${pgHba} && systemctl restart docker postgresql`);
        const upgrade = await bootstrap(host);
        expect(upgrade.stdout).toContain("changed: /etc/docker/daemon.json");
        expect(upgrade.stdout).toMatch(/changed: \/etc\/postgresql\/[0-9]+\/main\/pg_hba\.conf/);
        const daemon = JSON.parse((await host.exec("cat /etc/docker/daemon.json")).stdout);
        expect(daemon).toMatchObject({ "default-address-pools": [{ base: "10.77.0.0/16", size: 24 }], bip: "10.77.0.1/24" });
        // Networks made before the change keep being admitted until their apps are deployed again.
        const hba = (await host.exec("runuser -u postgres -- psql -tAXc 'select address from pg_hba_file_rules where address is not null'")).stdout;
        expect(hba).toContain("172.16.0.0");
        expect((await host.exec("grep -c '^host sameuser all 172.16.0.0/12 scram-sha-256$' /etc/postgresql/*/main/pg_hba.conf")).stdout.trim()).toBe("1");
        expect(hba).toContain(appNetworks.address);
        expect((await host.exec("docker inspect -f '{{.State.Running}}' paas-e2e-survivor")).stdout.trim()).toBe("true");
        expect((await bootstrap(host)).stdout).toBe("");
    } finally {
        await host.exec("docker rm -f paas-e2e-survivor", { allowFail: true });
    }
});

test.each([
    [{ swapMiB: "lots" }, "swapMiB"],
    [{ swapMiB: 1e9 }, "swapMiB"],
    [{ acmeEmail: "ops@example.com; touch /tmp/paas-pwned" }, "acmeEmail"],
    [{ acmeServer: "https://ca.example/$(touch /tmp/paas-pwned)" }, "acmeServer"],
])("bad settings %j are refused with a line naming the field, before anything changes; nothing runs", async (settings, field) => {
    const r = await host.exec(bootstrapLine, { stdin: JSON.stringify(settings), allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toMatch(new RegExp(`^bootstrap: ${field}: `));
    expect(await host.existing(["/tmp/paas-pwned"])).toEqual([]);
    expect((await bootstrap(host)).stdout).toBe("");
});

test("swap asked for on a host that cannot swap (a container): a warning, no change", async () => {
    const r = await host.exec(bootstrapLine, { stdin: JSON.stringify({ ...defaultBootstrapSettings, swapMiB: 64 }) });
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no swap");
    await host.exec("test ! -e /swapfile");
});

test("after a reboot, the services come back by themselves", async () => {
    await timed("reboot", async () => host.reboot());
    expect((await host.http("nobody.example.com")).status).toBe(404);
    // Postgres started after Docker, so it holds the bridge address again; the shared Redis stays down.
    const bridge = await interfaceAddress("docker0");
    expect(await listeners(5432)).toContain(bridge);
    expect(await listeners(6379)).toEqual([]);
    expect(bridge).toBe("10.77.0.1");
    // An add-on's server is ordered after Docker as well.
    expect((await host.exec("systemctl show -p After redis-server@paas-any")).stdout).toContain("docker.service");
    // The watch that records kills for memory runs again, on the engine's events.
    expect((await host.exec("systemctl is-active paas-oom-watch")).stdout.trim()).toBe("active");
    expect((await bootstrap(host)).stdout).toBe("");
});

test("a snapshot of a bootstrapped host starts as a bootstrapped host", async () => {
    // Taken after the checks above; what they left behind (a loaded image in the Docker volume)
    // is not part of it.
    await saveBootstrapSnapshot(host, defaultBootstrapSettings, serverDir);
    const other = await timed("host start from snapshot + bootstrap rerun", () =>
        startBootstrappedHost({ name: `paas-e2e-snapshot-${process.pid}`, serverDir }));
    try {
        expect((await other.http("nobody.example.com")).status).toBe(404);
        expect((await other.exec("runuser -u postgres -- psql -tAXc 'select 1'")).stdout.trim()).toBe("1");
        expect((await bootstrap(other)).stdout).toBe("");
    } finally {
        other.stop();
    }
});
