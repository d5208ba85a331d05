// The stdin of `paas app deploy` (components/server/README.md), built from plain values.
import { renderVhost, RenderedVhost } from "./nginx-vhost";
import * as validate from "./validate";

/** Where a release's image comes from. */
export const releaseSources = ["image", "dockerfile", "git"] as const;

/** A process type: how many containers run it, and its command (the image's own when unset). */
export interface ProcessSpec {
    count: number;
    command?: string[];
}

export interface DomainSpec {
    name: string;
    tls?: boolean;
}

/** Everything about an app that a deploy needs, resolved to plain values. */
export interface AppSpecInput {
    app: string;
    platformDomain: string;
    /** `image` or `dockerfile` deploy `image`; `git` deploys the latest push. */
    source: string;
    image?: string;
    env: Record<string, string>;
    processes: Record<string, ProcessSpec>;
    port: number;
    healthPath: string;
    releaseCommand?: string[];
    domains: DomainSpec[];
    clientMaxBodySize: string;
}

export interface AppSpec {
    app: string;
    source: "image" | "git";
    image?: string;
    env: Record<string, string>;
    processes: Record<string, ProcessSpec>;
    port: number;
    healthPath: string;
    releaseCommand?: string[];
    hostnames: string[];
    tlsDomains: string[];
    vhost: RenderedVhost;
}

/** Validates every field, then builds the deploy spec. */
export function buildAppSpec(i: AppSpecInput): AppSpec {
    validate.appName("name", i.app);
    validate.domainName("platformDomain", i.platformDomain);
    const source = validate.oneOf("releaseSource", i.source, releaseSources);
    if (source !== "git") {
        if (i.image === undefined) throw new validate.ValidationError(`image: required when releaseSource is ${source}`);
        validate.imageReference("image", i.image);
    }
    for (const key of Object.keys(i.env)) validate.envKey(`config.${key}`, key);
    for (const [name, p] of Object.entries(i.processes)) {
        validate.processName(`processes.${name}`, name);
        validate.processCount(`processes.${name}.count`, p.count);
        if (p.command !== undefined) validate.command(`processes.${name}.command`, p.command);
    }
    validate.port("port", i.port);
    validate.urlPath("healthPath", i.healthPath);
    if (i.releaseCommand !== undefined) validate.command("releaseCommand", i.releaseCommand);
    i.domains.forEach((d, n) => validate.domainName(`domains[${n}].name`, d.name));

    const hostnames = [`${i.app}.${i.platformDomain}`, ...i.domains.map(d => d.name)];
    const tlsDomains = i.domains.filter(d => d.tls).map(d => d.name);
    const processes = Object.fromEntries(Object.entries(i.processes).sort(([a], [b]) => a.localeCompare(b))
        .map(([name, p]) => [name, p.command ? { count: p.count, command: p.command } : { count: p.count }]));
    return {
        app: i.app,
        source: source === "git" ? "git" : "image",
        ...(source === "git" ? {} : { image: i.image }),
        env: i.env,
        processes,
        port: i.port,
        healthPath: i.healthPath,
        ...(i.releaseCommand ? { releaseCommand: i.releaseCommand } : {}),
        hostnames,
        tlsDomains,
        vhost: renderVhost({ app: i.app, hostnames, tlsHostnames: tlsDomains, clientMaxBodySize: i.clientMaxBodySize }),
    };
}
