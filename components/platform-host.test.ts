import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, rejectionsDuring, resetRegistrations, resource, reveal, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { bootstrapCommand, PlatformHost, serverScriptsDigest, serverScriptsDir } from "./platform-host";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test("copies bin/server to the host, then runs the bootstrap with its settings as JSON on stdin", async () => {
    const host = new PlatformHost("platform", { connection, acmeEmail: "ops@example.com" });
    await settle();
    expect(everything().map(r => [r.type, r.name])).toEqual([
        ["paas:index:PlatformHost", "platform"],
        ["command:remote:Command", "platform-host-key"],
        ["command:remote:CopyToRemote", "platform-scripts"],
        ["command:remote:Command", "platform-bootstrap"],
    ]);
    const pinned = answers.hostKey.split(" ").slice(0, 2).join(" ");
    const digest = serverScriptsDigest();
    const settings = JSON.stringify({ swapMiB: 1024, acmeEmail: "ops@example.com" });

    const copy = resource("platform-scripts");
    expect(copy.parent).toBe(resource("platform").urn);
    expect(copy.inputs.remotePath).toBe(`/root/paas-uploads/server-${digest.slice(0, 16)}`);
    // A trailing '/' makes CopyToRemote put the folder's contents in remotePath.
    expect(await copy.inputs.source.path).toBe(`${serverScriptsDir}/`);
    expect(fs.existsSync(path.join(serverScriptsDir, "bootstrap.sh"))).toBe(true);
    expect(copy.inputs.triggers).toEqual([digest, settings]);

    const bootstrap = resource("platform-bootstrap");
    expect(bootstrap.parent).toBe(resource("platform").urn);
    expect(bootstrap.inputs.create).toBe(bootstrapCommand(`/root/paas-uploads/server-${digest.slice(0, 16)}`));
    expect(bootstrap.inputs.create).toMatch(/^bash -c '#!\/usr\/bin\/env bash\n# run-upload DIR SCRIPT.*' run-upload \/root\/paas-uploads\/server-[0-9a-f]{16} bootstrap\.sh$/s);
    expect(bootstrap.inputs.stdin).toBe(settings);
    expect(bootstrap.inputs.triggers).toEqual([digest]);
    expect(bootstrap.inputs).not.toHaveProperty("delete");
    expect(bootstrap.dependencies).toContain(copy.urn);
    expect(reveal(bootstrap.inputs.connection)).toMatchObject({ host: "203.0.113.10", privateKey: "KEY", hostKey: pinned });
    expect(reveal(copy.inputs.connection)).toMatchObject({ hostKey: pinned });

    expect(await valueOf(host.connection)).toEqual({ host: "203.0.113.10", privateKey: "KEY", hostKey: pinned });
    expect(await valueOf(host.hostKey)).toBe(pinned);
    expect(await pulumi.isSecret(host.connection)).toBe(true);
    expect(await valueOf(host.scriptsDigest)).toBe(digest);
});

test("without a hostKey, the key the host shows at first contact is recorded, anew only for another address", async () => {
    new PlatformHost("learn", { connection: { ...connection, port: 2222 } });
    await settle();
    const firstContact = resource("learn-host-key");
    expect(firstContact.parent).toBe(resource("learn").urn);
    expect(firstContact.inputs.create).toBe("cat /etc/ssh/ssh_host_ed25519_key.pub");
    expect(reveal(firstContact.inputs.connection)).not.toHaveProperty("hostKey");
    expect(firstContact.inputs.triggers).toEqual(["203.0.113.10:2222"]);
    // Dialled before the key is known; nothing but this command is sent then.
    expect(resource("learn-scripts").dependencies).toContain(firstContact.urn);
});

test("a hostKey given is pinned as it is (its comment dropped), with nothing learnt", async () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl root@example";
    const host = new PlatformHost("given", { connection: { ...connection, hostKey: key } });
    await settle();
    expect(everything().map(r => r.name)).not.toContain("given-host-key");
    expect(reveal(resource("given-bootstrap").inputs.connection).hostKey).toBe(key.split(" ").slice(0, 2).join(" "));
    expect(await valueOf(host.hostKey)).toBe(key.split(" ").slice(0, 2).join(" "));
});

test("a hostKey that is no OpenSSH public key fails before anything is made", async () => {
    expect(() => new PlatformHost("bad", { connection: { ...connection, hostKey: "AAAA not a key" } }))
        .toThrow("hostKey: must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)");
    await settle();
    expect(everything().map(r => r.name).filter(n => n.startsWith("bad-"))).toEqual([]);
});

test("the connection it exposes is a secret even when the key given was plain", async () => {
    const host = new PlatformHost("plain", { connection: { host: "203.0.113.10", privateKey: "PLAIN KEY" } });
    expect(await pulumi.isSecret(host.connection)).toBe(true);
});

test("the connection it exposes waits for the bootstrap", async () => {
    const host = new PlatformHost("platform", { connection });
    const resources = await (host.connection as any).allResources();
    expect([...resources].map((r: pulumi.Resource) => (r as any).__name)).toContain("platform-bootstrap");
});

test("defaults: 1024 MiB of swap, no ACME email (HTTP only)", async () => {
    new PlatformHost("p", { connection });
    await settle();
    expect(JSON.parse(resource("p-bootstrap").inputs.stdin)).toEqual({ swapMiB: 1024 });
    new PlatformHost("q", { connection, swapMiB: 0 });
    await settle();
    expect(JSON.parse(resource("q-bootstrap").inputs.stdin)).toEqual({ swapMiB: 0 });
});

test("an ACME server other than Let's Encrypt is passed to the bootstrap", async () => {
    const staging = "https://acme-staging-v02.api.letsencrypt.org/directory";
    new PlatformHost("s", { connection, acmeEmail: "ops@example.com", acmeServer: staging });
    await settle();
    expect(JSON.parse(resource("s-bootstrap").inputs.stdin)).toEqual({ swapMiB: 1024, acmeEmail: "ops@example.com", acmeServer: staging });
});

test("the digest changes when a script changes, is added or renamed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scripts-"));
    fs.writeFileSync(path.join(dir, "a.sh"), "echo 1");
    const first = serverScriptsDigest(dir);
    expect(serverScriptsDigest(dir)).toBe(first);
    fs.writeFileSync(path.join(dir, "a.sh"), "echo 2");
    const second = serverScriptsDigest(dir);
    expect(second).not.toBe(first);
    fs.writeFileSync(path.join(dir, "b.sh"), "");
    expect(serverScriptsDigest(dir)).not.toBe(second);
    fs.renameSync(path.join(dir, "b.sh"), path.join(dir, "c.sh"));
    expect(serverScriptsDigest(dir)).not.toBe(second);
});

test.each([
    [{ swapMiB: -1 }, "swapMiB: must be a whole number of MiB from 0 to 65536"],
    [{ swapMiB: 1.5 }, "swapMiB: must be a whole number of MiB from 0 to 65536"],
    [{ acmeEmail: "ops" }, "acmeEmail: must be an email address"],
    [{ acmeServer: "http://acme.example/dir" }, "acmeServer: must be the https:// URL of an ACME directory"],
])("bad input %j fails before any resource exists", async (override, message) => {
    expect(() => new PlatformHost("bad", { connection, ...(override as object) })).toThrow(message);
    await settle();
    expect(everything()).toEqual([]);
});

test("an email known only later is checked when it resolves", async () => {
    const errors = await rejectionsDuring(() => new PlatformHost("late", { connection, acmeEmail: pulumi.output("not an email") }));
    expect(errors).toContainEqual(expect.stringContaining("acmeEmail: must be an email address"));
    expect(everything().filter(r => r.name === "late-bootstrap")).toEqual([]);
});
