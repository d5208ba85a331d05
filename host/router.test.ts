import { renderVhost } from "../shared/nginx-vhost";
import { assembleVhost, renderUpstream, upstreamAddresses } from "./router";

test("an upstream lists the web containers, or one down server when there are none", () => {
    const text = renderUpstream("shop", ["127.0.0.1:20001", "127.0.0.1:20002"]);
    expect(text).toBe("upstream paas_shop {\n    server 127.0.0.1:20001;\n    server 127.0.0.1:20002;\n}\n");
    expect(upstreamAddresses(text)).toEqual(["127.0.0.1:20001", "127.0.0.1:20002"]);
    expect(renderUpstream("shop", [])).toContain("server 127.0.0.1:1 down;");
    expect(upstreamAddresses(renderUpstream("shop", []))).toEqual([]);
});

test("each TLS domain is served over HTTPS once its certificate exists, over HTTP until then", () => {
    const vhost = renderVhost({ app: "shop", hostnames: ["shop.paas.test", "a.example.com", "b.example.com"],
        tlsHostnames: ["a.example.com", "b.example.com"], clientMaxBodySize: "10m" });
    const text = assembleVhost(vhost, d => d === "b.example.com");
    expect(text.startsWith(vhost.plain)).toBe(true);
    expect(text).toContain(vhost.tls["a.example.com"].http);
    expect(text).toContain(vhost.tls["b.example.com"].https);
    expect(text).not.toContain("live/paas-shop_a.example.com");
    expect(assembleVhost(vhost, () => false)).not.toContain("listen 443");
});
