import * as pulumi from "@pulumi/pulumi";
import { components, installMocks, resetRegistrations, registered, settle, valueOf } from "../test/unit/mocks";
installMocks();
import { PlatformHost, serverScriptsDigest } from "./platform-host";

const connection = { host: "203.0.113.10", privateKey: pulumi.secret("KEY") };
beforeEach(resetRegistrations);

test("copies the server scripts and runs the bootstrap, both keyed on the scripts' digest", async () => {
    const host = new PlatformHost("platform", { connection, domain: "paas.example", acmeEmail: "ops@example.com" });
    await settle();
    const [copy, bootstrap] = registered.filter(r => r.type.startsWith("command:"));
    expect(copy.type).toBe("command:remote:CopyToRemote");
    expect(copy.inputs.remotePath).toBe("/tmp/paas-server");
    expect(bootstrap.inputs.create).toBe("bash /tmp/paas-server/bootstrap.sh");
    expect(JSON.parse(bootstrap.inputs.stdin)).toEqual({ swapMiB: 1024, acmeEmail: "ops@example.com" });
    expect(copy.inputs.triggers).toEqual([serverScriptsDigest()]);
    expect(bootstrap.inputs.triggers).toEqual([serverScriptsDigest()]);
    expect(await valueOf(host.domain)).toBe("paas.example");
});

test("the digest changes when a script changes", () => {
    const fs = require("fs"), os = require("os"), path = require("path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scripts-"));
    fs.writeFileSync(path.join(dir, "a.sh"), "echo 1");
    const before = serverScriptsDigest(dir);
    fs.writeFileSync(path.join(dir, "a.sh"), "echo 2");
    expect(serverScriptsDigest(dir)).not.toBe(before);
});
