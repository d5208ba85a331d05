// The bodies the Linode provider sends for the prod stack (components/linode-server.ts).

export const instanceBody = {
    label: "paas", region: "us-east", type: "g6-nanode-1", image: "linode/debian12", booted: true,
    root_pass: "A-very-l0ng-and-complex-Root-Passw0rd!", authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake me@laptop"],
    metadata: { user_data: Buffer.from("#cloud-config\nhostname: paas\n").toString("base64") }, tags: ["paas"],
};
export const allow = (label: string, ports: string) =>
    ({ label, action: "ACCEPT", protocol: "TCP", ports, addresses: { ipv4: ["0.0.0.0/0"], ipv6: ["::/0"] } });
export const firewallRules = { inbound_policy: "DROP", outbound_policy: "ACCEPT", inbound: [allow("ssh", "22"), allow("http", "80"), allow("https", "443")], outbound: [] };
