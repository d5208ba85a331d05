// The nginx vhost of an app, rendered as data. The upstream it proxies to
// (`paas_<app>`) is written on the host by `paas app deploy`, which alone knows the ports.

export interface VhostOptions {
    /** App name; names the upstream. */
    readonly app: string;
    /** Every hostname the app answers on; the first is its default `<app>.<platform domain>`. */
    readonly hostnames: string[];
    /** Hostnames with a Let's Encrypt certificate (a subset of hostnames). */
    readonly tlsHostnames: string[];
    /** Largest request body, nginx syntax. */
    readonly clientMaxBodySize: string;
}

export interface RenderedVhost {
    /** HTTP only: what serves before a certificate exists, and for apps without TLS. */
    readonly http: string;
    /** With certificates: HTTPS for TLS hostnames, HTTP to HTTPS redirects, HTTP for the rest. */
    readonly https: string;
}

const acmeLocation = "    location /.well-known/acme-challenge/ { root /var/lib/paas/acme; }";

function proxyLocation(app: string): string {
    return [
        "    location / {",
        `        proxy_pass http://paas_${app};`,
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $host;",
        "        proxy_set_header X-Real-IP $remote_addr;",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $connection_upgrade;",
        "        proxy_read_timeout 300s;",
        "    }",
    ].join("\n");
}

function server(lines: string[]): string {
    return ["server {", ...lines, "}", ""].join("\n");
}

export function renderVhost(o: VhostOptions): RenderedVhost {
    const common = (names: string[]) => [
        `    server_name ${names.join(" ")};`,
        `    client_max_body_size ${o.clientMaxBodySize};`,
        acmeLocation,
    ];
    const http = server(["    listen 80;", "    listen [::]:80;", ...common(o.hostnames), proxyLocation(o.app)]);
    if (o.tlsHostnames.length === 0) return { http, https: http };

    const plain = o.hostnames.filter(h => !o.tlsHostnames.includes(h));
    const cert = `/etc/letsencrypt/live/paas-${o.app}`;
    const https = [
        server(["    listen 443 ssl http2;", "    listen [::]:443 ssl http2;", ...common(o.tlsHostnames),
            `    ssl_certificate ${cert}/fullchain.pem;`, `    ssl_certificate_key ${cert}/privkey.pem;`,
            "    add_header Strict-Transport-Security \"max-age=31536000\" always;", proxyLocation(o.app)]),
        server(["    listen 80;", "    listen [::]:80;", `    server_name ${o.tlsHostnames.join(" ")};`, acmeLocation,
            "    location / { return 301 https://$host$request_uri; }"]),
        ...(plain.length > 0 ? [server(["    listen 80;", "    listen [::]:80;", ...common(plain), proxyLocation(o.app)])] : []),
    ].join("\n");
    return { http, https };
}
