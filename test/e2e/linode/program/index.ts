// LinodeServer alone, configured from the stack: what the fake Linode suites drive.
import * as pulumi from "@pulumi/pulumi";
import { LinodeServer } from "./components/linode-server";

const config = new pulumi.Config("test");
const dnsDomain = config.get("dnsDomain");
const server = new LinodeServer("paas", {
    region: config.get("region"),
    plan: config.get("plan"),
    authorizedKeys: config.requireObject<string[]>("authorizedKeys"),
    privateKey: config.requireSecret("privateKey"),
    // No server answers at a fake Linode's address: its key is given, not learnt.
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl",
    ...(dnsDomain ? { dnsDomain, soaEmail: "ops@example.com" } : {}),
});

export const ipv4 = server.ipv4;
export const instanceId = server.instanceId;
