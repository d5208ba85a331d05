import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AppSpecInput, buildAppSpec, buildConfigStage, buildDeploySpec } from "../shared/app-spec";
import { maxApps } from "../shared/rules";
import { config, deploy, register, releases, rollback } from "./apps";
import { buildImage } from "./build";
import { checkUpload, removeBuildContexts } from "./uploads";
import { ensureRepo } from "./git";
import { deployRelease, refreshCertificates } from "./release";
import { AppState, configDigest, releaseIdentity } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./release");
jest.mock("./git");
jest.mock("./build");
jest.mock("./uploads");

let root: string, out: string[];
const input: AppSpecInput = {
    app: "shop", platformDomain: "example.com", source: "image", image: "registry.example.com/shop:1", env: { A: "1" },
    processes: { web: { count: 1 } }, port: 5000, healthPath: "/", domains: [], clientMaxBodySize: "10m",
};
const spec = (i: Partial<AppSpecInput> = {}) => JSON.stringify(buildAppSpec({ ...input, ...i }));
const lastLine = () => out[out.length - 1];

beforeEach(() => {
    root = makeHostRoot("apps");
    out = [];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(...String(c).split("\n").filter(l => l !== "")); return true; });
    jest.mocked(deployRelease).mockReset().mockImplementation(async d => {
        const version = d.state.lastVersion() + 1;
        d.state.recordRelease({ version, image: d.image, configDigest: configDigest(d.env), createdAt: "2026-01-01T00:00:00Z",
            source: d.source, spec: d.spec, identity: releaseIdentity(d.spec, d.env, d.image) }, d.env);
        process.stdout.write(`released v${version} ${d.image}\n`);
    });
    jest.mocked(refreshCertificates).mockReset().mockResolvedValue(undefined);
    jest.mocked(ensureRepo).mockReset().mockResolvedValue(undefined as never);
    jest.mocked(buildImage).mockReset().mockResolvedValue(undefined);
    jest.mocked(checkUpload).mockReset().mockImplementation((_field, dir) => dir);
});
afterEach(() => {
    jest.restoreAllMocks();
    removeHostRoot(root);
});

test("a deploy identical to the current release prints it and deploys nothing", async () => {
    await deploy(spec());
    expect(lastLine()).toBe("released v1 registry.example.com/shop:1");
    const { env, ...stored } = JSON.parse(spec());
    expect(jest.mocked(deployRelease).mock.calls[0][0]).toMatchObject({ spec: stored, env, image: "registry.example.com/shop:1", source: "image" });
    await deploy(spec());
    expect(lastLine()).toBe("unchanged: v1 registry.example.com/shop:1");
    expect(deployRelease).toHaveBeenCalledTimes(1);
    expect(refreshCertificates).toHaveBeenCalledWith("shop", stored);
    await deploy(spec({ env: { A: "2" } }));
    expect(lastLine()).toBe("released v2 registry.example.com/shop:1");
});

test("a git app with nothing pushed saves its spec and waits", async () => {
    await deploy(spec({ source: "git", image: undefined }));
    expect(lastLine()).toBe("waiting for git push: git push git@<host>:shop main");
    expect(ensureRepo).toHaveBeenCalledWith("shop");
    expect(deployRelease).not.toHaveBeenCalled();
    const state = new AppState("shop");
    expect(state.spec()).toMatchObject({ app: "shop", source: "git", port: 5000 });
    expect(state.env()).toEqual({ A: "1" });
    expect(state.currentVersion()).toBe(0);
});

test("a git app serves the pushed image, then keeps the image of its release", async () => {
    const state = new AppState("shop");
    state.ensure();
    state.setPushed("paas/shop:0123456789ab", "0123456789ab".repeat(3) + "0123");
    await deploy(spec({ source: "git", image: undefined }));
    expect(lastLine()).toBe("released v1 paas/shop:0123456789ab");
    state.setPushed("paas/shop:ba9876543210", "ba9876543210".repeat(3) + "ba98");
    await deploy(spec({ source: "git", image: undefined, env: { A: "2" } }));
    expect(lastLine()).toBe("released v2 paas/shop:0123456789ab");
});

test("a deploy naming fingerprints that are not the staged ones changes nothing", async () => {
    const { env: _env, ...rest } = input;
    await expect(deploy(JSON.stringify(buildDeploySpec(rest, { A: "0123456789abcdef" }))))
        .rejects.toThrow(/^config: nothing staged for shop \(paas app config comes first\)$/);
    const stage = buildConfigStage("shop", { A: "1", B: "2" }, "salt");
    await config(JSON.stringify(stage));
    expect(lastLine()).toBe("config of shop staged: 2 var(s)");
    const wrong = [{ ...stage.fingerprints, A: "0123456789abcdef" }, { A: stage.fingerprints.A }];
    for (const fingerprints of wrong) {
        await expect(deploy(JSON.stringify(buildDeploySpec(rest, fingerprints))))
            .rejects.toThrow(/^config: the staged config is not the one this deploy names; no release keeps serving$/);
    }
    expect(deployRelease).not.toHaveBeenCalled();
    expect(fs.existsSync(`${new AppState("shop").dir}/current.json`)).toBe(false);
    await deploy(JSON.stringify(buildDeploySpec(rest, stage.fingerprints)));
    expect(jest.mocked(deployRelease).mock.calls[0][0].env).toEqual({ A: "1", B: "2" });
});

test("a buildContext is checked, built before the deploy, labelled for nobody; the app's other contexts go", async () => {
    await deploy(spec({ source: "dockerfile", buildContext: "/root/paas-uploads/build-shop-0123456789ab" }));
    expect(checkUpload).toHaveBeenCalledWith("buildContext", "/root/paas-uploads/build-shop-0123456789ab");
    expect(buildImage).toHaveBeenCalledWith({ app: "shop", context: "/root/paas-uploads/build-shop-0123456789ab", image: "registry.example.com/shop:1",
        label: false, serving: "no release" });
    expect(jest.mocked(checkUpload).mock.invocationCallOrder[0]).toBeLessThan(jest.mocked(buildImage).mock.invocationCallOrder[0]);
    expect(jest.mocked(buildImage).mock.invocationCallOrder[0]).toBeLessThan(jest.mocked(deployRelease).mock.invocationCallOrder[0]);
    expect(removeBuildContexts).toHaveBeenCalledWith("shop");
});

test("a buildContext that fails its check builds nothing and deploys nothing", async () => {
    jest.mocked(checkUpload).mockImplementation(() => { throw new Error("buildContext: /root is owned by uid 1000, not 0; nothing is built from it"); });
    await expect(deploy(spec({ source: "dockerfile", buildContext: "/root/paas-uploads/build-shop-0123456789ab" }))).rejects.toThrow(/owned by uid 1000/);
    expect(buildImage).not.toHaveBeenCalled();
    expect(deployRelease).not.toHaveBeenCalled();
});

test("rollback deploys an earlier release's image and config as a new release; a missing one is refused", async () => {
    await deploy(spec());
    await deploy(spec({ image: "registry.example.com/shop:2", env: { A: "2" } }));
    await expect(rollback("shop", "9")).rejects.toThrow(/^release: shop has no release v9$/);
    await expect(rollback("shop", "0")).rejects.toThrow(/^release: must be a release number such as 3$/);
    await rollback("shop", "1");
    expect(out.slice(-2)).toEqual(["-----> rolling shop back to v1", "released v3 registry.example.com/shop:1"]);
    expect(jest.mocked(deployRelease).mock.calls[2][0]).toMatchObject({ env: { A: "1" }, source: "rollback:v1" });
    releases("shop");
    const printed = JSON.parse(out.slice(out.indexOf("[")).join("\n"));
    expect(printed.map((r: { version: number; source: string }) => [r.version, r.source])).toEqual([[1, "image"], [2, "image"], [3, "rollback:v1"]]);
    expect(printed[0]).not.toHaveProperty("identity");
});

test("register refuses a new app past the platform's limit, naming the field and the rule; a registered app registers again", async () => {
    const owner = (app: string) => `urn:pulumi:prod::paas::paas:index:App::${app}`;
    for (let n = 1; n < maxApps; n++) fs.mkdirSync(`${root}/var/lib/paas/apps/app-${n}`, { recursive: true });
    await register(JSON.stringify({ app: "last", owner: owner("last") }));
    await expect(register(JSON.stringify({ app: "one-more", owner: owner("one-more") }))).rejects.toThrow(`app: at most ${maxApps} apps on one platform`);
    expect(fs.existsSync(`${root}/var/lib/paas/apps/one-more`)).toBe(false);
    await register(JSON.stringify({ app: "last", owner: owner("last") }));
    expect(lastLine()).toBe(`last belongs to ${owner("last")}`);
});

test("register records the owner", async () => {
    await register(JSON.stringify({ app: "shop", owner: "urn:pulumi:prod::paas::paas:index:App::shop" }));
    expect(fs.readFileSync(new AppState("shop").ownerFile, "utf8")).toBe("urn:pulumi:prod::paas::paas:index:App::shop\n");
    expect(lastLine()).toBe("shop belongs to urn:pulumi:prod::paas::paas:index:App::shop");
});

test.each([
    [() => deploy("{not json"), /^spec: must be a JSON object$/],
    [() => deploy(JSON.stringify({ ...JSON.parse(spec()), port: "5000" })), /^port: /],
    [() => deploy(JSON.stringify({ ...JSON.parse(spec()), env: { PORT: "1" } })), /^env\.PORT: /],
    [() => deploy(JSON.stringify({ ...JSON.parse(spec()), app: "../etc" })), /^app: /],
    [() => register("[]"), /^input: must be a JSON object with app$/],
    [() => config(JSON.stringify({ app: "shop", env: { A: "1" }, fingerprints: {} })), /^fingerprints: /],
])("bad input is refused naming the field (%#)", async (call, message) => {
    await expect(call()).rejects.toThrow(message);
    expect(deployRelease).not.toHaveBeenCalled();
    expect(fs.existsSync(`${root}/var/lib/paas/apps/shop/current.json`)).toBe(false);
});

describe("a hostname another app has", () => {
    const blog = (i: Partial<AppSpecInput> = {}) => spec({ app: "blog", domains: [{ name: "shared.example.org" }], ...i });

    test("refuses a deploy before anything is built, saved or started", async () => {
        await deploy(spec({ domains: [{ name: "shared.example.org" }] }));
        for (const source of [{}, { source: "git", image: undefined }, { source: "dockerfile", buildContext: "/root/paas-uploads/build-blog-0123456789ab", image: "paas/blog:0123456789ab" }]) {
            await expect(deploy(blog(source))).rejects.toThrow(
                "domains[0].name: shared.example.org (app blog) is already a hostname of app shop: a hostname belongs to one app; no release keeps serving");
        }
        expect(ensureRepo).not.toHaveBeenCalled();
        expect(buildImage).not.toHaveBeenCalled();
        expect(deployRelease).toHaveBeenCalledTimes(1);
        expect(new AppState("blog").spec()).toBeUndefined();
    });

    test("refuses a rollback to a release with a name another app took since; the current release keeps serving", async () => {
        await deploy(blog());
        await deploy(blog({ domains: [] }));
        await deploy(spec({ domains: [{ name: "shared.example.org" }] }));
        await expect(rollback("blog", "1")).rejects.toThrow("domains[0].name: shared.example.org (app blog) is already a hostname of app shop: " +
            "a hostname belongs to one app; release v2 keeps serving");
        expect(deployRelease).toHaveBeenCalledTimes(3);
        expect(new AppState("blog").currentVersion()).toBe(2);
    });
});
