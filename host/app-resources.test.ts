import { ensureShared, legacyNetworks, removeShared } from "./app-resources";
import { docker } from "./docker";

jest.mock("./docker");

const ok = (stdout = "", code = 0) => ({ code, stdout, stderr: "", timedOut: false });
/** The engine's networks and volumes: name → its paas.app label. */
let engine: Map<string, string>, calls: string[];

beforeEach(() => {
    engine = new Map();
    calls = [];
    jest.mocked(docker).mockReset().mockImplementation(async args => {
        calls.push(args.join(" "));
        const name = args[args.length - 1];
        if (args[1] === "inspect") return engine.has(name) ? ok(`${engine.get(name)}\n`) : ok("", 1);
        if (args[1] === "create") engine.set(name, args[args.indexOf("--label") + 1].slice("paas.app=".length));
        return ok();
    });
});

test("a new app gets a network and volumes of the new names, labelled with the app and the volume", async () => {
    const r = await ensureShared("shop", [{ name: "media-files", mountPath: "/data" }]);
    expect(r).toEqual({ network: "paas_shop", mounts: [{ source: "paas_shop_media-files", target: "/data" }] });
    expect(calls.filter(c => c.includes(" create "))).toEqual([
        "network create --label paas.app=shop paas_shop",
        "volume create --label paas.app=shop --label paas.volume=media-files paas_shop_media-files",
    ]);
});

test("a volume of an earlier version's name is adopted only by the app its label names", async () => {
    // `paas-shop-media-files` was made by shop-media (volume files), and shared with shop (volume media-files).
    engine.set("paas-shop-media-files", "shop-media");
    engine.set("paas-blog-x-y", "blog");
    expect((await ensureShared("shop", [{ name: "media-files", mountPath: "/m" }])).mounts[0].source).toBe("paas_shop_media-files");
    expect((await ensureShared("shop-media", [{ name: "files", mountPath: "/m" }])).mounts[0].source).toBe("paas-shop-media-files");
    expect((await ensureShared("blog", [{ name: "x-y", mountPath: "/m" }])).mounts[0].source).toBe("paas-blog-x-y");
    expect((await ensureShared("blog-x", [{ name: "y", mountPath: "/m" }])).mounts[0].source).toBe("paas_blog-x_y");
    // Once the new name exists it is the one used.
    expect((await ensureShared("shop", [{ name: "media-files", mountPath: "/m" }])).mounts[0].source).toBe("paas_shop_media-files");
});

test("the network of an earlier version's name is the app's to remove only when labelled with it", async () => {
    engine.set("paas-shop", "shop");
    expect(await legacyNetworks("shop")).toEqual(["paas-shop"]);
    expect(await legacyNetworks("other")).toEqual([]);
});

test("removing an app's resources lists them by its label alone", async () => {
    await removeShared("blog", false);
    expect(calls).toEqual(["network ls -q --filter label=paas.app=blog", "volume ls -q --filter label=paas.app=blog"]);
    calls = [];
    await removeShared("blog", true);
    expect(calls).toEqual(["network ls -q --filter label=paas.app=blog"]);
});

test("a network Docker cannot create (no address left in its pools) fails with Docker's reason", async () => {
    jest.mocked(docker).mockImplementation(async args => args[1] === "inspect"
        ? { code: 1, stdout: "", stderr: "no such network", timedOut: false }
        : { code: 1, stdout: "", stderr: "Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network\n", timedOut: false });
    await expect(ensureShared("shop")).rejects.toThrow(/could not be created: Error response from daemon: could not find an available, non-overlapping IPv4 address pool/);
});
