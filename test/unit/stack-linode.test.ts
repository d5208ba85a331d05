// The stack program with `paas:target: linode` and the values of Pulumi.prod.yaml.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { answers, everything, installMocks, resource, reveal, secretInput, settle, valueOf } from "./mocks";
installMocks();

// Pulumi.prod.yaml's values (a flat `key: value` list, and one list of keys), and the secret.
const prod = fs.readFileSync(path.join(__dirname, "../../Pulumi.prod.yaml"), "utf8");
const config: Record<string, string> = {};
let list: string | undefined;
for (const line of prod.split("\n")) {
    const item = /^ {4}- (.+)$/.exec(line);
    if (item && list) { config[list] = JSON.stringify([...JSON.parse(config[list] ?? "[]"), item[1]]); continue; }
    const kv = /^ {2}([a-z]+:[A-Za-z]+):\s*(.*)$/.exec(line);
    if (kv) {
        list = kv[2] === "" ? kv[1] : undefined;
        if (kv[2] !== "") config[kv[1]] = kv[2].replace(/^"(.*)"$/, "$1");
    }
}
pulumi.runtime.setAllConfig({ ...config, "paas:sshPrivateKey": "PRIVATE KEY" }, ["paas:sshPrivateKey"]);

test("Pulumi.prod.yaml: a Linode in us-east on g6-nanode-1 with DNS for example.com, the platform on it", async () => {
    expect(config).toMatchObject({ "paas:target": "linode", "paas:region": "us-east", "paas:plan": "g6-nanode-1", "paas:domain": "example.com" });
    const stack = require("../../stacks/index");
    await settle();
    expect(resource("paas-instance").inputs).toMatchObject({ region: "us-east", type: "g6-nanode-1", image: "linode/debian12" });
    expect(resource("paas-instance").inputs.authorizedKeys).toEqual(JSON.parse(config["paas:sshPublicKeys"]));
    expect(resource("paas-domain").inputs).toMatchObject({ domain: "example.com", soaEmail: config["paas:acmeEmail"] });
    expect(reveal(resource("paas-host-bootstrap").inputs.connection)).toMatchObject({ host: answers.ipv4, user: "root", privateKey: "PRIVATE KEY" });
    expect(JSON.parse(resource("paas-host-bootstrap").inputs.stdin)).toEqual({ swapMiB: 1024, acmeEmail: config["paas:acmeEmail"] });
    expect(JSON.parse(resource("sample-deploy").inputs.stdin).hostnames).toEqual(["sample.example.com"]);
    expect(await valueOf(stack.serverIpv4)).toBe(answers.ipv4);
    expect(everything().filter(r => r.type === "linode:index/instance:Instance")).toHaveLength(1);
});
