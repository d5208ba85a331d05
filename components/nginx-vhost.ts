// The nginx vhost of an app, rendered as data (pure: no Pulumi, no I/O). The upstream it
// proxies to, `paas_<app>`, is written on the host by `paas app deploy`, which alone knows the
// containers' ports. `paas app deploy` installs the `http` variant until the app's Let's Encrypt
// certificate exists, then the `https` one.

/** What a vhost is rendered from. */
export interface VhostOptions {
    /** App name; names the upstream `paas_<app>` and the certificate `paas-<app>`. */
    readonly app: string;
    /** Every hostname the app answers on, the default `<app>.<platform domain>` first. */
    readonly hostnames: string[];
    /** Hostnames served over HTTPS with the app's certificate (a subset of `hostnames`). */
    readonly tlsHostnames: string[];
    /** Largest request body, in nginx syntax (`10m`). */
    readonly clientMaxBodySize: string;
}

/** Both variants of an app's vhost, as `paas app deploy` takes them. */
export interface RenderedVhost {
    /** HTTP only: what serves before a certificate exists, and for apps without TLS domains. */
    readonly http: string;
    /** With the certificate: HTTPS for TLS hostnames, their HTTP redirected, HTTP for the rest. */
    readonly https: string;
}

/** The webroot of Let's Encrypt HTTP-01 challenges on the host. */
export const acmeWebroot = "/var/lib/paas/acme";

/** Where certbot puts an app's certificate (`certbot --cert-name paas-<app>`). */
export function certificateDir(app: string): string {
    return `/etc/letsencrypt/live/paas-${app}`;
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
        `    proxy_pass http://paas_${app};`,
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
        ...extra,
        ...acmeLocation,
        ...proxyLocation(o.app),
    ]);
}

/** Renders the app's vhost: plain data in, nginx configuration text out. */
export function renderVhost(o: VhostOptions): RenderedVhost {
    const http = proxyServer(o, listenHttp, o.hostnames);
    const tls = o.hostnames.filter(h => o.tlsHostnames.includes(h));
    if (tls.length === 0) return { http, https: http };

    const plain = o.hostnames.filter(h => !tls.includes(h));
    const cert = certificateDir(o.app);
    const https = [
        proxyServer(o, ["listen 443 ssl http2;", "listen [::]:443 ssl http2;"], tls, [
            `ssl_certificate ${cert}/fullchain.pem;`,
            `ssl_certificate_key ${cert}/privkey.pem;`,
            "add_header Strict-Transport-Security \"max-age=31536000\" always;",
        ]),
        server([
            ...listenHttp,
            `server_name ${tls.join(" ")};`,
            ...acmeLocation,
            "location / {",
            "    return 301 https://$host$request_uri;",
            "}",
        ]),
        ...(plain.length > 0 ? [proxyServer(o, listenHttp, plain)] : []),
    ].join("\n");
    return { http, https };
}
