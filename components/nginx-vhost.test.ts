import { renderVhost } from "./nginx-vhost";

describe("renderVhost", () => {
    const plain = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com"], tlsHostnames: [], clientMaxBodySize: "25m" });

    test("serves every hostname over HTTP through the app's upstream", () => {
        expect(plain.http).toContain("server_name shop.paas.example shop.example.com;");
        expect(plain.http).toContain("proxy_pass http://paas_shop;");
        expect(plain.http).toContain("client_max_body_size 25m;");
        expect(plain.http).toContain("location /.well-known/acme-challenge/ { root /var/lib/paas/acme; }");
    });

    test("passes proxy headers and websocket upgrades", () => {
        for (const header of ["Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme", "Upgrade $http_upgrade", "Connection $connection_upgrade"]) {
            expect(plain.http).toContain(`proxy_set_header ${header};`);
        }
    });

    test("without TLS both variants are the HTTP one", () => expect(plain.https).toBe(plain.http));

    test("with TLS: HTTPS with the certificate, a redirect for TLS names, HTTP for the others", () => {
        const v = renderVhost({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com"], tlsHostnames: ["shop.example.com"], clientMaxBodySize: "10m" });
        expect(v.http).not.toContain("443");
        expect(v.https).toContain("listen 443 ssl http2;");
        expect(v.https).toContain("ssl_certificate /etc/letsencrypt/live/paas-shop/fullchain.pem;");
        expect(v.https).toMatch(/server_name shop\.example\.com;\n    location \/\.well-known[^\n]*\n    location \/ \{ return 301 https:\/\/\$host\$request_uri; \}/);
        expect(v.https).toMatch(/listen 80;\n    listen \[::\]:80;\n    server_name shop\.paas\.example;\n    client_max_body_size 10m;/);
    });
});
