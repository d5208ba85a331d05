import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Addon } from "./addon";
import { buildAppSpec, DomainSpec, ProcessSpec } from "./app-spec";
import { HostConnection } from "./connection";
import { hostCommand } from "./remote-command";
import * as validate from "./validate";

/** A process type of an app, as in a Procfile. */
export interface ProcessArgs {
    /** How many containers run it (0 to 20). */
    count: number;
    /** Its command as a list of arguments; the image's own command when unset. */
    command?: string[];
}

/** A domain an app answers on, besides `<app>.<platform domain>`. */
export interface DomainArgs {
    /** The domain name; point its DNS at the server. */
    name: string;
    /**
     * Obtain a Let's Encrypt certificate and redirect HTTP to HTTPS.
     * @default false
     */
    tls?: boolean;
}

/** Arguments for {@link App}. The app's name is the resource's name. */
export interface AppArgs {
    /** SSH connection to the platform host. */
    readonly connection: pulumi.Input<HostConnection>;
    /** Platform domain: the app is served at `<name>.<platformDomain>`. */
    readonly platformDomain: pulumi.Input<string>;
    /** Where releases come from: `image` (a prebuilt image), `dockerfile` (a local directory built on the server) or `git` (the latest `git push`). */
    readonly releaseSource: string;
    /** Image reference, for `releaseSource: "image"`. */
    readonly image?: pulumi.Input<string>;
    /** Local directory with a Dockerfile, for `releaseSource: "dockerfile"`. */
    readonly dockerfileContext?: string;
    /** Config vars; every value is a secret. */
    readonly config?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Add-ons whose config vars (`DATABASE_URL`, ...) the app gets. */
    readonly addons?: Addon[];
    /** Domains besides the default hostname. */
    readonly domains?: DomainArgs[];
    /**
     * Process types and their counts.
     * @default { web: { count: 1 } }
     */
    readonly processes?: Record<string, ProcessArgs>;
    /**
     * Port the `web` process listens on (also given to it as `PORT`).
     * @default 5000
     */
    readonly port?: number;
    /**
     * Path that must answer 2xx/3xx before a release gets traffic.
     * @default "/"
     */
    readonly healthPath?: string;
    /** Command run in a one-off container before each release (migrations); its failure blocks the release. */
    readonly releaseCommand?: string[];
    /**
     * Largest request body nginx accepts.
     * @default "10m"
     */
    readonly clientMaxBodySize?: string;
    /** SSH public keys allowed to `git push` to this app (and to nothing else). */
    readonly deployKeys?: string[];
}

/** A digest of a directory's files: the image tag of a Dockerfile build. */
export function directoryDigest(dir: string): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(d, entry.name);
            hash.update(path.relative(dir, p));
            if (entry.isDirectory()) walk(p);
            else hash.update(fs.readFileSync(p));
        }
    };
    walk(dir);
    return hash.digest("hex");
}

/** The last `released vN IMAGE` / `unchanged: vN IMAGE` line of a deploy. */
export function parseRelease(stdout: string | undefined): { release: string; image: string } {
    const m = /^(?:released |unchanged: )(v\d+) (\S+)$/m.exec((stdout ?? "").split("\n").reverse().find(l => /^(released|unchanged:) v/.test(l)) ?? "");
    return m ? { release: m[1], image: m[2] } : { release: "", image: "" };
}

/**
 * An app on the platform: config vars, add-ons, domains, process types and a release. Every
 * change deploys a new release with no dropped request; an unchanged app is left alone.
 */
export class App extends pulumi.ComponentResource {
    /** Where the app is served. */
    public readonly url: pulumi.Output<string>;
    /** The release serving after this update, such as `v7` (empty while waiting for a push). */
    public readonly release: pulumi.Output<string>;
    /** The image of that release. */
    public readonly image: pulumi.Output<string>;

    constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything given as a plain value is checked before anything is registered.
        const source = validate.oneOf("releaseSource", args.releaseSource, ["image", "dockerfile", "git"] as const);
        const processes: Record<string, ProcessSpec> = args.processes ?? { web: { count: 1 } };
        const domains: DomainSpec[] = args.domains ?? [];
        const plain = {
            app: name, source, processes, domains,
            port: args.port ?? 5000, healthPath: args.healthPath ?? "/", releaseCommand: args.releaseCommand,
            clientMaxBodySize: args.clientMaxBodySize ?? "10m",
        };
        buildAppSpec({ ...plain, platformDomain: "example.com", image: "checked/later", env: {} });
        if (source === "image" && args.image === undefined) throw new validate.ValidationError("image: required when releaseSource is image");
        if (source === "dockerfile") {
            if (!args.dockerfileContext || !fs.existsSync(path.join(args.dockerfileContext, "Dockerfile"))) {
                throw new validate.ValidationError("dockerfileContext: must be a directory with a Dockerfile");
            }
        }
        (args.deployKeys ?? []).forEach((k, i) => validate.sshPublicKey(`deployKeys[${i}]`, k));
        super("paas:index:App", name, args, opts);

        let image: pulumi.Input<string> | undefined = args.image;
        let built: pulumi.Resource[] = [];
        let buildContext: string | undefined;
        if (source === "dockerfile") {
            const digest = directoryDigest(args.dockerfileContext!).slice(0, 12);
            buildContext = `/tmp/paas-build/${name}-${digest}`;
            image = `paas/${name}:${digest}`;
            built = [new command.remote.CopyToRemote(`${name}-context`, {
                connection: args.connection,
                source: new pulumi.asset.FileArchive(args.dockerfileContext!),
                remotePath: buildContext,
            }, { parent: this })];
        }

        if (args.deployKeys && args.deployKeys.length > 0) {
            built.push(hostCommand(`${name}-deploy-keys`, {
                connection: args.connection,
                create: "paas keys set",
                stdin: JSON.stringify({ app: name, keys: args.deployKeys }),
            }, { parent: this }));
        }

        const addonEnv = pulumi.all((args.addons ?? []).map(a => a.env))
            .apply(envs => Object.assign({}, ...envs) as Record<string, string>);
        const spec = pulumi.all([args.platformDomain, image ?? "", args.config ?? {}, addonEnv]).apply(([domain, img, config, extra]) => {
            const env = { ...extra, ...(config as Record<string, string>) };
            const s = buildAppSpec({ ...plain, platformDomain: domain, image: source === "git" ? undefined : img, env });
            return JSON.stringify(buildContext ? { ...s, buildContext } : s);
        });

        const deploy = hostCommand(`${name}-release`, {
            connection: args.connection,
            create: "paas app deploy",
            delete: "paas app destroy",
            stdin: spec,
        }, { parent: this, dependsOn: built });

        const released = pulumi.unsecret(deploy.stdout).apply(parseRelease);
        const secure = domains.some(d => d.tls);
        this.url = pulumi.interpolate`${secure ? "https" : "http"}://${name}.${args.platformDomain}/`;
        this.release = released.apply(r => r.release);
        this.image = released.apply(r => r.image);
        this.registerOutputs({ url: this.url, release: this.release, image: this.image });
    }
}
