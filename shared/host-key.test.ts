import { hostKeyFingerprint, hostKeyLine, knownHostsLine } from "./host-key";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMHXy9qIJQArJx9jQz/4cQVoijnFXaqUbU+OhYQq8Ckl";

test("a host key line keeps its type and key, not the host's name after them", () => {
    expect(hostKeyLine("hostKey", `${key} root@paas\n`)).toBe(key);
    expect(hostKeyLine("hostKey", key)).toBe(key);
});

test("anything but one OpenSSH public key line is refused, naming the field", () => {
    for (const bad of ["", "AAAA", `${key}\n${key}`, "ssh-dss AAAAB3NzaC1kc3M=", "-----BEGIN OPENSSH PRIVATE KEY-----"]) {
        expect(() => hostKeyLine("paas:hostKey", bad)).toThrow("paas:hostKey: must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)");
    }
});

test("its fingerprint is the one ssh-keygen -l prints", () => {
    expect(hostKeyFingerprint(`${key} root@paas`)).toBe("SHA256:6dWCRHbD+9pcT/kj/yW9AinHgSZqHYB/YEOYKGKcK7E");
});

test("a known_hosts line names the port when it is not 22", () => {
    expect(knownHostsLine("203.0.113.7", 22, `${key} root@paas`)).toBe(`203.0.113.7 ${key}`);
    expect(knownHostsLine("127.0.0.1", 2222, key)).toBe(`[127.0.0.1]:2222 ${key}`);
});
