import { certificateDir, renderVhost } from "./nginx-vhost";

const proxy = (app: string) => [
    "    location / {",
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
];
const acme = [
    "    location ^~ /.well-known/acme-challenge/ {",
    "        root /var/lib/paas/acme;",
    "        default_type text/plain;",
    "    }",
];

describe("renderVhost", () => {
    const plain = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com"], tlsHostnames: [], clientMaxBodySize: "25m" });

    test("HTTP: every hostname, the body size, the ACME webroot, the app's upstream", () => {
        expect(plain.http).toBe([
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name shop.paas.example shop.example.com;",
            "    client_max_body_size 25m;",
            ...acme,
            ...proxy("shop"),
            "}",
            "",
        ].join("\n"));
    });

    test("without TLS hostnames both variants are the HTTP one", () => expect(plain.https).toBe(plain.http));

    test("with TLS: HTTPS with the app's certificate, HTTP to HTTPS redirects, HTTP for the other names", () => {
        const v = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com", "www.shop.example.com"],
            tlsHostnames: ["shop.example.com", "www.shop.example.com"], clientMaxBodySize: "10m" });
        expect(v.http).not.toContain("443");
        expect(v.http).toContain("server_name shop.paas.example shop.example.com www.shop.example.com;");
        expect(v.https).toBe([
            "server {",
            "    listen 443 ssl http2;",
            "    listen [::]:443 ssl http2;",
            "    server_name shop.example.com www.shop.example.com;",
            "    client_max_body_size 10m;",
            "    ssl_certificate /etc/letsencrypt/live/paas-shop/fullchain.pem;",
            "    ssl_certificate_key /etc/letsencrypt/live/paas-shop/privkey.pem;",
            "    add_header Strict-Transport-Security \"max-age=31536000\" always;",
            ...acme,
            ...proxy("shop"),
            "}",
            "",
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name shop.example.com www.shop.example.com;",
            ...acme,
            "    location / {",
            "        return 301 https://$host$request_uri;",
            "    }",
            "}",
            "",
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name shop.paas.example;",
            "    client_max_body_size 10m;",
            ...acme,
            ...proxy("shop"),
            "}",
            "",
        ].join("\n"));
    });

    test("when every hostname has TLS there is no plain HTTP server", () => {
        const v = renderVhost({ app: "a", hostnames: ["a.example.com"], tlsHostnames: ["a.example.com"], clientMaxBodySize: "1m" });
        expect(v.https.match(/server \{/g)).toHaveLength(2);
        expect(v.https.match(/proxy_pass/g)).toHaveLength(1);
    });

    test("TLS names that the app does not answer on are ignored", () => {
        const v = renderVhost({ app: "a", hostnames: ["a.paas.example"], tlsHostnames: ["other.example.com"], clientMaxBodySize: "1m" });
        expect(v.https).toBe(v.http);
    });

    test("balanced braces in every variant", () => {
        for (const text of [plain.http, plain.https]) {
            expect(text.split("{").length).toBe(text.split("}").length);
        }
    });

    test("certificates live where certbot --cert-name paas-<app> puts them", () => {
        expect(certificateDir("shop")).toBe("/etc/letsencrypt/live/paas-shop");
    });
});
