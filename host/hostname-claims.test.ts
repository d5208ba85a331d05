import * as fs from "fs";
import { renderVhost } from "../shared/nginx-vhost";
import { appClaims, claimHostnames, hostClaims } from "./hostname-claims";
import { HostError } from "./output";
import { AppState, configDigest, StoredSpec } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

let root: string;
beforeEach(() => {
    root = makeHostRoot("claims");
});
afterEach(() => removeHostRoot(root));

const spec = (app: string, ...domains: string[]) => ({
    app, source: "image", image: "x:1", port: 5000, healthPath: "/", processes: { web: { count: 1 } },
    hostnames: [`${app}.paas.example`, ...domains], tlsDomains: [], clientMaxBodySize: "10m",
}) as StoredSpec;

/** An app serving SPEC as its release v1. */
function serving(s: StoredSpec): AppState {
    const state = new AppState(s.app);
    state.ensure();
    state.recordRelease({ version: 1, image: "x:1", configDigest: configDigest({}), createdAt: "2026-12-01T00:00:00Z", source: "image", spec: s, identity: "i" }, {});
    return state;
}

const refusal = async (claim: Promise<void>) => claim.then(() => "ok", (e: Error) => {
    expect(e).toBeInstanceOf(HostError);
    return e.message;
});

test("an app claims its hostnames; another app asking for one is refused, naming the field and the app", async () => {
    await claimHostnames(new AppState("shop"), ["shop.paas.example", "shop.example.com"]);
    expect(appClaims("shop")).toEqual(["shop.paas.example", "shop.example.com"]);
    const blog = new AppState("blog");
    expect(await refusal(claimHostnames(blog, ["blog.paas.example", "blog.example.com", "shop.example.com"])))
        .toBe("domains[1].name: shop.example.com (app blog) is already a hostname of app shop: a hostname belongs to one app; no release keeps serving");
    expect(hostClaims()).toEqual({ shop: ["shop.paas.example", "shop.example.com"] });
    // The app itself asks for its names again, or for others.
    expect(await refusal(claimHostnames(new AppState("shop"), ["shop.paas.example", "www.shop.example.com"]))).toBe("ok");
});

test("a served release and a kept spec hold their hostnames, in either stored format", async () => {
    const shop = serving(spec("shop", "shop.example.com"));
    // A git app waiting for its first push keeps its spec only, written before the host rendered vhosts.
    const news = new AppState("news");
    news.ensure();
    const { clientMaxBodySize: _s, ...rest } = spec("news", "news.example.com");
    fs.writeFileSync(`${news.dir}/current.json`, JSON.stringify({ ...rest,
        vhost: renderVhost({ app: "news", hostnames: rest.hostnames, tlsHostnames: [], clientMaxBodySize: "10m" }) }));
    expect(await refusal(claimHostnames(new AppState("blog"), ["blog.paas.example", "news.example.com"]))).toContain("of app news");
    expect(await refusal(claimHostnames(new AppState("blog"), ["blog.paas.example", "shop.example.com"]))).toContain("of app shop");
    // A default hostname another app has as its domain.
    expect(await refusal(claimHostnames(new AppState("www"), ["www.paas.example"]))).toBe("ok");
    serving(spec("blog", "store.paas.example"));
    expect(await refusal(claimHostnames(new AppState("store"), ["store.paas.example"])))
        .toBe("appName: store.paas.example (app store) is already a hostname of app blog: a hostname belongs to one app; no release keeps serving");
    // Serving v1 and declaring new names: both are held until the next deploy settles.
    await claimHostnames(shop, ["shop.paas.example", "new.example.com"]);
    expect(appClaims("shop")).toEqual(["shop.paas.example", "shop.example.com", "new.example.com"]);
    expect(await refusal(claimHostnames(new AppState("other"), ["other.paas.example", "shop.example.com"]))).toContain("; no release keeps serving");
});

test("the refusal says which release keeps serving", async () => {
    serving(spec("shop", "shared.example.com"));
    const blog = serving(spec("blog"));
    expect(await refusal(claimHostnames(blog, ["blog.paas.example", "shared.example.com"]))).toMatch(/of app shop: .*; release v1 keeps serving$/);
});

test("destroying an app (its folder) frees its names", async () => {
    const shop = serving(spec("shop", "shared.example.com"));
    fs.rmSync(shop.dir, { recursive: true });
    expect(await refusal(claimHostnames(new AppState("blog"), ["blog.paas.example", "shared.example.com"]))).toBe("ok");
});

test("two apps claiming one name at once: one gets it, the other is refused", async () => {
    const results = await Promise.all(["a", "b", "c", "d"].map(app => refusal(claimHostnames(new AppState(app), [`${app}.paas.example`, "shared.example.com"]))));
    expect(results.filter(r => r === "ok")).toHaveLength(1);
    expect(results.filter(r => r.startsWith("domains[0].name: shared.example.com"))).toHaveLength(3);
});

test("an unreadable record claims nothing and breaks no other app's claim", async () => {
    const shop = serving(spec("shop", "shop.example.com"));
    fs.writeFileSync(`${shop.dir}/releases/v1.json`, "{ truncated");
    expect(appClaims("shop")).toEqual(["shop.paas.example", "shop.example.com"]);
    fs.writeFileSync(`${shop.dir}/current.json`, "{ truncated");
    expect(appClaims("shop")).toEqual([]);
    expect(await refusal(claimHostnames(new AppState("blog"), ["blog.paas.example"]))).toBe("ok");
});
