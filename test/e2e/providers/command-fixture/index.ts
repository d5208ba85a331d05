// Every resource and the function of @pulumi/command, configured by the test: a local working
// directory for marker files, and an SSH server on loopback for the remote side.
import * as pulumi from "@pulumi/pulumi";
import { local, remote } from "@pulumi/command";

const config = new pulumi.Config();
const work = config.require("workDir");
const remoteDir = config.require("remoteDir");
const greeting = config.require("greeting");
const trigger = config.require("trigger");

const environment = { GREETING: greeting, WORK: work };

const log = new local.Command("local", {
    create: `echo "created $GREETING" >> "$WORK/local.log"; echo "created-$GREETING"`,
    update: `echo "updated $GREETING prev=$PULUMI_COMMAND_STDOUT" >> "$WORK/local.log"; echo "updated-$GREETING"`,
    delete: `echo "deleted prev=$PULUMI_COMMAND_STDOUT" >> "$WORK/local.log"`,
    environment,
    triggers: [trigger],
});

// stdin and this command's stdout are secret; stdout only through additionalSecretOutputs.
const secretEcho = new local.Command("secretEcho", {
    create: "cat",
    stdin: config.requireSecret("stdinSecret"),
    logging: "none",
}, { additionalSecretOutputs: ["stdout"] });

const connection = {
    host: config.require("host"),
    port: config.requireNumber("port"),
    user: "root",
    privateKey: config.requireSecret("privateKeyBase64").apply((k) => Buffer.from(k, "base64").toString("utf8")),
    hostKey: config.require("hostKey"),
    dialErrorLimit: 2,
};

const onHost = new remote.Command("remote", {
    connection,
    create: `echo "remote $GREETING" > ${remoteDir}/remote.txt; echo "remote-$GREETING"`,
    update: `echo "remote $GREETING" > ${remoteDir}/remote.txt; echo "remote-$GREETING prev=$PULUMI_COMMAND_STDOUT"`,
    delete: `rm ${remoteDir}/remote.txt`,
    environment: { GREETING: greeting },
    triggers: [trigger],
});

const copies = [
    new remote.CopyToRemote("copyFile", {
        connection,
        source: new pulumi.asset.FileAsset(`${work}/site/index.html`),
        remotePath: `${remoteDir}/file/deep/page.html`,
    }),
    new remote.CopyToRemote("copyFolder", {
        connection,
        source: new pulumi.asset.FileArchive(`${work}/site`),
        remotePath: `${remoteDir}/folder`,
    }),
    new remote.CopyToRemote("copyContents", {
        connection,
        source: new pulumi.asset.FileArchive(`${work}/site/`),
        remotePath: `${remoteDir}/contents`,
    }),
    new remote.CopyToRemote("copyText", {
        connection,
        source: new pulumi.asset.StringAsset(`greeting=${greeting}\n`),
        remotePath: `${remoteDir}/text/greeting.env`,
    }),
    new remote.CopyFile("legacyCopy", {
        connection,
        localPath: `${work}/site/index.html`,
        remotePath: `${remoteDir}/legacy.html`,
    }),
];

if (config.getBoolean("fail")) {
    new local.Command("failing", { create: "echo about-to-fail; echo oops >&2; exit 7" }, { dependsOn: log });
}

const invoked = local.runOutput({ command: `echo "invoked-$GREETING"`, environment });

export const localStdout = log.stdout;
export const secretStdout = secretEcho.stdout;
export const remoteStdout = onHost.stdout;
export const copied = copies.length;
export const invokedStdout = invoked.stdout;
