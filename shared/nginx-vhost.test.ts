import { certificateDir, certificateName, maxSyslogTag, renderVhost } from "./nginx-vhost";

const proxy = (app: string) => [
    "    location / {",
    `        if (-f /var/lib/paas/maintenance/${app}) {`,
    "            return 503;",
    "        }",
    "        error_page 503 @paas_maintenance;",
    `        proxy_pass http://paas_${app};`,
    "        proxy_http_version 1.1;",
    "        proxy_set_header Host $host;",
    "        proxy_set_header X-Real-IP $remote_addr;",
    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "        proxy_set_header X-Forwarded-Proto $scheme;",
    "        proxy_set_header X-Forwarded-Host $host;",
    "        proxy_set_header Upgrade $http_upgrade;",
    "        proxy_set_header Connection $connection_upgrade;",
    "        proxy_read_timeout 300s;",
    "        proxy_send_timeout 300s;",
    "    }",
    "    location @paas_maintenance {",
    "        default_type text/plain;",
    `        return 503 "${app} is down for maintenance\\n";`,
    "    }",
];
const acme = [
    "    location ^~ /.well-known/acme-challenge/ {",
    "        root /var/lib/paas/acme;",
    "        default_type text/plain;",
    "    }",
];

const block = (lines: string[]) => ["server {", ...lines, "}", ""].join("\n");

describe("renderVhost", () => {
    const plain = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com"], tlsHostnames: [], clientMaxBodySize: "25m" });

    test("without TLS: one HTTP block for every hostname, with the body size, the ACME webroot and the app's upstream", () => {
        expect(plain).toEqual({
            plain: block([
                "    listen 80;",
                "    listen [::]:80;",
                "    server_name shop.paas.example shop.example.com;",
                "    client_max_body_size 25m;",
    "    access_log syslog:server=unix:/dev/log,tag=paas_router_shop,nohostname;",
                ...acme,
                ...proxy("shop"),
            ]),
            tls: {},
        });
    });

    test("each TLS hostname: HTTP before its certificate, then HTTPS with its own certificate and its HTTP redirected", () => {
        const v = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com", "www.shop.example.com"],
            tlsHostnames: ["shop.example.com", "www.shop.example.com"], clientMaxBodySize: "10m" });
        expect(v.plain).toBe(block([
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name shop.paas.example;",
            "    client_max_body_size 10m;",
            "    access_log syslog:server=unix:/dev/log,tag=paas_router_shop,nohostname;",
            ...acme,
            ...proxy("shop"),
        ]));
        expect(Object.keys(v.tls)).toEqual(["shop.example.com", "www.shop.example.com"]);
        expect(v.tls["shop.example.com"].http).toBe(block([
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name shop.example.com;",
            "    client_max_body_size 10m;",
            "    access_log syslog:server=unix:/dev/log,tag=paas_router_shop,nohostname;",
            ...acme,
            ...proxy("shop"),
        ]));
        expect(v.tls["shop.example.com"].https).toBe([
            block([
                "    listen 443 ssl http2;",
                "    listen [::]:443 ssl http2;",
                "    server_name shop.example.com;",
                "    client_max_body_size 10m;",
            "    access_log syslog:server=unix:/dev/log,tag=paas_router_shop,nohostname;",
                "    ssl_certificate /etc/letsencrypt/live/paas-shop_shop.example.com/fullchain.pem;",
                "    ssl_certificate_key /etc/letsencrypt/live/paas-shop_shop.example.com/privkey.pem;",
                "    add_header Strict-Transport-Security \"max-age=31536000\" always;",
                ...acme,
                ...proxy("shop"),
            ]),
            block([
                "    listen 80;",
                "    listen [::]:80;",
                "    server_name shop.example.com;",
                ...acme,
                "    location / {",
                "        return 301 https://$host$request_uri;",
                "    }",
            ]),
        ].join("\n"));
        expect(v.tls["www.shop.example.com"].https).toContain("ssl_certificate /etc/letsencrypt/live/paas-shop_www.shop.example.com/fullchain.pem;");
    });

    test("when every hostname has TLS there is no plain block", () => {
        const v = renderVhost({ app: "a", hostnames: ["a.example.com"], tlsHostnames: ["a.example.com"], clientMaxBodySize: "1m" });
        expect(v.plain).toBe("");
        expect(v.tls["a.example.com"].https.match(/server \{/g)).toHaveLength(2);
        expect(v.tls["a.example.com"].https.match(/proxy_pass/g)).toHaveLength(1);
    });

    test("TLS names that the app does not answer on are ignored", () => {
        const v = renderVhost({ app: "a", hostnames: ["a.paas.example"], tlsHostnames: ["other.example.com"], clientMaxBodySize: "1m" });
        expect(v.tls).toEqual({});
    });

    test("balanced braces in every block", () => {
        const v = renderVhost({ app: "a", hostnames: ["a.paas.example", "a.example.com"], tlsHostnames: ["a.example.com"], clientMaxBodySize: "1m" });
        for (const text of [v.plain, v.tls["a.example.com"].http, v.tls["a.example.com"].https]) {
            expect(text.split("{").length).toBe(text.split("}").length);
        }
    });

    test("a 30-character app's router log tag fits nginx's 32-character limit", () => {
        const app = "a-thirty-character-app-name-ok";
        const tag = /tag=([a-z0-9_]+),/.exec(renderVhost({ app, hostnames: [`${app}.paas.example`], tlsHostnames: [], clientMaxBodySize: "1m" }).plain)![1];
        expect(tag).toMatch(/^paas_rt_a_thirty_charac_[0-9a-f]{8}$/);
        expect(tag.length).toBeLessThanOrEqual(maxSyslogTag);
    });

    test("certificates are named after the app and the hostname, where certbot --cert-name puts them", () => {
        expect(certificateName("shop", "shop.example.com")).toBe("paas-shop_shop.example.com");
        expect(certificateDir("shop", "shop.example.com")).toBe("/etc/letsencrypt/live/paas-shop_shop.example.com");
    });
});
