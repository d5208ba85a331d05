// The nginx vhost of an app, rendered as data (pure: no Pulumi, no I/O). The upstream it
// proxies to, `paas_<app>`, is written on the host by `paas app deploy`, which alone knows the
// containers' ports. Each TLS hostname has a certificate of its own, so one name waiting for its
// certificate (its DNS not pointed yet, say) never takes HTTPS away from the others:
// `paas app deploy` puts together the plain block and, for each TLS hostname, its `http` blocks
// until its certificate exists, then its `https` ones.
import { createHash } from "crypto";

/** What a vhost is rendered from. */
export interface VhostOptions {
    /** App name; names the upstream (upstreamName) and the certificates `paas-<app>_<hostname>`. */
    readonly app: string;
    /** Every hostname the app answers on, the default `<app>.<platform domain>` first. */
    readonly hostnames: string[];
    /** Hostnames served over HTTPS, each with its own certificate (a subset of `hostnames`). */
    readonly tlsHostnames: string[];
    /** Largest request body, in nginx syntax (`10m`). */
    readonly clientMaxBodySize: string;
}

/** The server blocks of one TLS hostname. */
export interface TlsVhost {
    /** Before its certificate exists: served over HTTP. */
    readonly http: string;
    /** With its certificate: HTTPS, and its HTTP redirected there. */
    readonly https: string;
}

/** An app's vhost, in the parts `paas app deploy` puts together. */
export interface RenderedVhost {
    /** The server block of the hostnames without TLS; empty when every hostname has TLS. */
    readonly plain: string;
    /** The blocks of each TLS hostname. */
    readonly tls: Record<string, TlsVhost>;
}

/** The webroot of Let's Encrypt HTTP-01 challenges on the host. */
export const acmeWebroot = "/var/lib/paas/acme";

/** While this file exists, nginx answers the app's requests with 503 (`paas maintenance`). */
export const maintenanceFlag = (app: string) => `/var/lib/paas/maintenance/${app}`;

/** nginx refuses a syslog tag longer than this (`syslog tag length exceeds 32`). */
export const maxSyslogTag = 32;

/** The journal's name for the app's router lines. Syslog tags allow letters, digits and `_` only,
 * and app names have no `_`, so `paas_router_<app>` (`-` as `_`) is one to one; it fits for apps
 * of up to 20 characters. A longer name is `paas_rt_<its first 15>_<8 hex of its SHA-256>`, exactly
 * 32 characters, whose prefix no short form has. */
export function routerLogTag(app: string): string {
    const name = app.replace(/-/g, "_");
    if (app.length <= 20) return `paas_router_${name}`;
    return `paas_rt_${name.slice(0, 15)}_${createHash("sha256").update(app).digest("hex").slice(0, 8)}`;
}

/** The nginx upstream of the app's web containers (app names are unique, and the prefix fixed). */
export const upstreamName = (app: string) => `paas_${app}`;

/** The certbot certificate name of an app's hostname (`_` is in neither an app name nor a domain). */
export function certificateName(app: string, hostname: string): string {
    return `paas-${app}_${hostname}`;
}

/** Where certbot puts that certificate (`certbot --cert-name <certificateName>`). */
export function certificateDir(app: string, hostname: string): string {
    return `/etc/letsencrypt/live/${certificateName(app, hostname)}`;
}

const indent = (lines: string[], depth = 1) => lines.map(l => `${"    ".repeat(depth)}${l}`);

const acmeLocation = [
    "location ^~ /.well-known/acme-challenge/ {",
    `    root ${acmeWebroot};`,
    "    default_type text/plain;",
    "}",
];

function proxyLocation(app: string): string[] {
    return [
        "location / {",
        `    if (-f ${maintenanceFlag(app)}) {`,
        "        return 503;",
        "    }",
        "    error_page 503 @paas_maintenance;",
        `    proxy_pass http://${upstreamName(app)};`,
        "    proxy_http_version 1.1;",
        "    proxy_set_header Host $host;",
        "    proxy_set_header X-Real-IP $remote_addr;",
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "    proxy_set_header X-Forwarded-Proto $scheme;",
        "    proxy_set_header X-Forwarded-Host $host;",
        "    proxy_set_header Upgrade $http_upgrade;",
        "    proxy_set_header Connection $connection_upgrade;",
        "    proxy_read_timeout 300s;",
        "    proxy_send_timeout 300s;",
        "}",
        // Only nginx's own 503 lands here: the app's responses pass as they are (no proxy_intercept_errors).
        "location @paas_maintenance {",
        "    default_type text/plain;",
        `    return 503 "${app} is down for maintenance\\n";`,
        "}",
    ];
}

function server(body: string[]): string {
    return ["server {", ...indent(body), "}", ""].join("\n");
}

const listenHttp = ["listen 80;", "listen [::]:80;"];

function proxyServer(o: VhostOptions, listen: string[], names: string[], extra: string[] = []): string {
    return server([
        ...listen,
        `server_name ${names.join(" ")};`,
        `client_max_body_size ${o.clientMaxBodySize};`,
        `access_log syslog:server=unix:/dev/log,tag=${routerLogTag(o.app)},nohostname;`,
        ...extra,
        ...acmeLocation,
        ...proxyLocation(o.app),
    ]);
}

/** Renders the app's vhost: plain data in, nginx configuration text out. */
export function renderVhost(o: VhostOptions): RenderedVhost {
    const tlsNames = o.hostnames.filter(h => o.tlsHostnames.includes(h));
    const plainNames = o.hostnames.filter(h => !tlsNames.includes(h));
    const tls = Object.fromEntries(tlsNames.map((name): [string, TlsVhost] => {
        const cert = certificateDir(o.app, name);
        return [name, {
            http: proxyServer(o, listenHttp, [name]),
            https: [
                proxyServer(o, ["listen 443 ssl http2;", "listen [::]:443 ssl http2;"], [name], [
                    `ssl_certificate ${cert}/fullchain.pem;`,
                    `ssl_certificate_key ${cert}/privkey.pem;`,
                    "add_header Strict-Transport-Security \"max-age=31536000\" always;",
                ]),
                server([
                    ...listenHttp,
                    `server_name ${name};`,
                    ...acmeLocation,
                    "location / {",
                    "    return 301 https://$host$request_uri;",
                    "}",
                ]),
            ].join("\n"),
        }];
    }));
    return { plain: plainNames.length > 0 ? proxyServer(o, listenHttp, plainNames) : "", tls };
}
