import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { HostConnection } from "./connection";
import { checkConnectionHostKey, pinnedHostKey, withHostKey } from "./host-key";
import * as hostInputs from "../shared/host-inputs";
import { serverScriptsUpload } from "../shared/uploads";
import * as validate from "./validate";

/**
 * What the host runs (bin/server: the bundled runtime, paas.js, and the bootstrap), built by `npm
 * run build` and shipped with this package: at the package root's bin/server when run from
 * source, beside bin/components when run from bin/.
 */
export const serverScriptsDir: string = [
    path.join(__dirname, "..", "bin", "server"),
    path.join(__dirname, "..", "server"),
].find(dir => fs.existsSync(path.join(dir, "paas.js"))) ?? path.join(__dirname, "..", "bin", "server");

/** Single-quoted for a POSIX shell. */
const shellQuoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/**
 * The command that runs the bootstrap from REMOTEDIR: host/run-upload.sh (shipped in DIR) checks
 * that only root can have written to the folder, then runs its bootstrap.sh. The check travels
 * in the command itself, not as a file of the folder it checks.
 */
export function bootstrapCommand(remoteDir: string, dir = serverScriptsDir): string {
    const check = fs.readFileSync(path.join(dir, "run-upload.sh"), "utf8");
    return `bash -c ${shellQuoted(check)} run-upload ${remoteDir} bootstrap.sh`;
}

/** A digest of the server scripts (names and contents): a new version of them re-runs the bootstrap. */
export function serverScriptsDigest(dir = serverScriptsDir): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string, prefix: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
            const rel = prefix + entry.name;
            if (entry.isDirectory()) walk(path.join(d, entry.name), `${rel}/`);
            else if (entry.isFile()) {
                const data = fs.readFileSync(path.join(d, entry.name));
                hash.update(`${rel} ${data.length}\0`).update(data);
            }
        }
    };
    walk(dir, "");
    return hash.digest("hex");
}

/** Arguments for {@link PlatformHost}. */
export interface PlatformHostArgs {
    /**
     * SSH connection to a Debian 12 host as root: `LinodeServer.connection`, or your own server's.
     * Without a `hostKey` the key the host shows at first contact is recorded and pinned (anew
     * when its address or port changes).
     */
    readonly connection: pulumi.Input<HostConnection>;
    /**
     * Swap file size in MiB, for small plans; 0 for none.
     * @default 1024
     */
    readonly swapMiB?: pulumi.Input<number>;
    /** Let's Encrypt account email; without it apps are served over HTTP only. */
    readonly acmeEmail?: pulumi.Input<string>;
    /**
     * ACME directory that issues the apps' certificates, such as Let's Encrypt staging's or a private CA's.
     * @default Let's Encrypt (https://acme-v02.api.letsencrypt.org/directory)
     */
    readonly acmeServer?: pulumi.Input<string>;
}

/** What the bootstrap is told (see host/bootstrap.sh). */
export type BootstrapSettingsInput = Omit<PlatformHostArgs, "connection">;

/**
 * The bootstrap's settings as the JSON it reads on stdin, each checked: plain values throw here,
 * so call it before `super()`; values known later fail where they resolve.
 */
export function bootstrapSettings(args: BootstrapSettingsInput): pulumi.Output<string> {
    const swapMiB = validate.checked(args.swapMiB ?? 1024, v => validate.swapMiB("swapMiB", v));
    const acmeEmail = validate.checked(args.acmeEmail, v => v === undefined || validate.email("acmeEmail", v));
    const acmeServer = validate.checked(args.acmeServer, v => v === undefined || validate.acmeDirectoryUrl("acmeServer", v));
    return pulumi.all([swapMiB, acmeEmail, acmeServer]).apply(([swap, email, server]) => JSON.stringify(hostInputs.bootstrapSettings({
        swapMiB: swap,
        ...(email === undefined ? {} : { acmeEmail: email }),
        ...(server === undefined ? {} : { acmeServer: server }),
    })));
}

/**
 * The platform's software on any Debian 12 host reachable by SSH: Docker, nginx, PostgreSQL,
 * Redis, certbot, the git receiver and the `paas` command. It copies bin/server to the
 * host and runs `bootstrap.sh` with its settings as JSON on stdin. The bootstrap is idempotent;
 * it runs again when the scripts or the settings change.
 */
export class PlatformHost extends pulumi.ComponentResource {
    /** SSH connection to the host, available once the bootstrap has run: use it for apps and add-ons. */
    public readonly connection: pulumi.Output<HostConnection>;
    /** What the last bootstrap run changed. */
    public readonly bootstrapOutput: pulumi.Output<string>;
    /** Digest of the scripts installed. */
    public readonly scriptsDigest: pulumi.Output<string>;
    /** The host key every command pins: the connection's, or the one learnt at first contact. */
    public readonly hostKey: pulumi.Output<string>;

    constructor(name: string, args: PlatformHostArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = bootstrapSettings(args);
        checkConnectionHostKey(args.connection);
        super("paas:index:PlatformHost", name, {}, opts);

        if (!fs.existsSync(path.join(serverScriptsDir, "paas.js"))) {
            throw new Error(`${serverScriptsDir}/paas.js is missing: run \`npm run build\` first`);
        }
        const digest = serverScriptsDigest();
        const remoteDir = serverScriptsUpload(digest);
        const address = pulumi.unsecret(pulumi.output(args.connection).apply(c => `${c.host}:${c.port ?? 22}`));
        const hostKey = pinnedHostKey(`${name}-host-key`, args.connection, [address], { parent: this });
        const connection = withHostKey(args.connection, hostKey);

        // Copied again whenever the bootstrap is to run again, into a folder of this version's
        // own (the bootstrap removes those of other versions). The trailing '/' copies the
        // folder's contents into remotePath.
        const copy = new command.remote.CopyToRemote(`${name}-scripts`, {
            connection,
            source: new pulumi.asset.FileArchive(`${serverScriptsDir}/`),
            remotePath: remoteDir,
            triggers: [digest, settings],
        }, { parent: this });

        const bootstrap = new command.remote.Command(`${name}-bootstrap`, {
            connection,
            create: bootstrapCommand(remoteDir),
            stdin: settings,
            triggers: [digest],
        }, { parent: this, dependsOn: [copy] });

        // Resources that use this connection wait for the bootstrap.
        // A secret, whatever the caller passed: it holds the private key.
        this.connection = pulumi.secret(pulumi.all([connection, bootstrap.stdout])
            .apply(([connection]) => connection as HostConnection));
        this.bootstrapOutput = bootstrap.stdout;
        this.scriptsDigest = pulumi.output(digest);
        this.hostKey = hostKey;
        this.registerOutputs({ connection: this.connection, bootstrapOutput: this.bootstrapOutput, scriptsDigest: this.scriptsDigest, hostKey });
    }
}
