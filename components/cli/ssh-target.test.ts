// The stack's `sshTarget` output, which `paas` reads to find the server: the connection Pulumi
// uses, without the key, and not a secret.
import * as pulumi from "@pulumi/pulumi";
import { answers, installMocks, isSecret, settle, valueOf } from "../../test/unit/mocks";
installMocks();

const base = { "paas:domain": "paas.localhost", "paas:sshPrivateKey": "PRIVATE KEY" };

test("a host target: paas:host, paas:port and paas:user", async () => {
    pulumi.runtime.setAllConfig({ ...base, "paas:target": "host", "paas:host": "10.0.0.5", "paas:port": "2222", "paas:user": "ops" }, ["paas:sshPrivateKey"]);
    const stack = require("../../stacks/index");
    await settle();
    // The key it learnt at first contact, for the CLI to pin.
    const hostKey = answers.hostKey.split(" ").slice(0, 2).join(" ");
    expect(await valueOf(stack.sshTarget)).toEqual({ host: "10.0.0.5", port: 2222, user: "ops", hostKey });
    expect(await isSecret(stack.sshTarget)).toBe(false);
});

test("a Linode: its address, as root on 22", async () => {
    pulumi.runtime.setAllConfig({ ...base, "paas:target": "linode", "paas:sshPublicKeys": '["ssh-ed25519 AAAA me"]' }, ["paas:sshPrivateKey"]);
    let stack: any;
    jest.isolateModules(() => { stack = require("../../stacks/index"); });
    await settle();
    expect(await valueOf(stack.sshTarget)).toEqual({ host: answers.ipv4, port: 22, user: "root", hostKey: answers.hostKey.split(" ").slice(0, 2).join(" ") });
    expect(await isSecret(stack.sshTarget)).toBe(false);
});

test("a host target with paas:hostKey: that key, none learnt", async () => {
    const hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl";
    pulumi.runtime.setAllConfig({ ...base, "paas:target": "host", "paas:host": "10.0.0.5", "paas:hostKey": `${hostKey} root@ops` }, ["paas:sshPrivateKey"]);
    let stack: any;
    jest.isolateModules(() => { stack = require("../../stacks/index"); });
    await settle();
    expect(await valueOf(stack.sshTarget)).toEqual({ host: "10.0.0.5", port: 22, user: "root", hostKey });
});
