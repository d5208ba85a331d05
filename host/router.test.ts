import * as fs from "fs";
import { renderVhost } from "../shared/nginx-vhost";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";
import { paths } from "./paths";
import { assembleVhost, currentAddresses, renderUpstream, switchRouter, upstreamAddresses } from "./router";
import * as run from "./run";

jest.mock("./run", () => ({ ...jest.requireActual("./run"), run: jest.fn() }));

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

describe("switchRouter", () => {
    let root: string, accepts: boolean, worker: number;
    const options = { app: "shop", hostnames: ["shop.paas.test", "shop.example.com"], tlsHostnames: ["shop.example.com"], clientMaxBodySize: "25m" };
    beforeEach(() => {
        root = makeHostRoot("router");
        [accepts, worker] = [true, 1];
        jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        // nginx: `nginx -t` as ACCEPTS says; each reload shows new workers.
        jest.mocked(run.run).mockImplementation(async (command, args) => {
            const code = command === "nginx" && args[0] === "-t" && !accepts ? 1 : 0;
            return { code, stdout: command === "pgrep" ? `${worker++}\n` : "", stderr: "", timedOut: false };
        });
    });
    afterEach(() => {
        jest.restoreAllMocks();
        removeHostRoot(root);
    });

    test("renders the app's vhost itself from its data, with HTTPS for the hostnames that have a certificate", async () => {
        expect(await switchRouter("shop", options, ["127.0.0.1:20001"], d => d === "shop.example.com")).toBe(true);
        expect(fs.readFileSync(paths.vhost("shop"), "utf8")).toBe(assembleVhost(renderVhost(options), d => d === "shop.example.com"));
        expect(fs.readFileSync(paths.vhost("shop"), "utf8")).toContain("ssl_certificate /etc/letsencrypt/live/paas-shop_shop.example.com/fullchain.pem;");
        expect(fs.readFileSync(paths.upstream("shop"), "utf8")).toBe(renderUpstream("shop", ["127.0.0.1:20001"]));
        expect(currentAddresses("shop")).toEqual(["127.0.0.1:20001"]);
    });

    test("a configuration nginx refuses puts the previous files back", async () => {
        await switchRouter("shop", options, ["127.0.0.1:20001"], () => false);
        const before = fs.readFileSync(paths.vhost("shop"), "utf8");
        accepts = false;
        expect(await switchRouter("shop", { ...options, hostnames: ["shop.paas.test"], tlsHostnames: [] }, ["127.0.0.1:20002"], () => false)).toBe(false);
        expect(fs.readFileSync(paths.vhost("shop"), "utf8")).toBe(before);
        expect(currentAddresses("shop")).toEqual(["127.0.0.1:20001"]);
    });
});
