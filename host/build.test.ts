import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildImage, Build } from "./build";
import { docker, imageExists } from "./docker";

jest.mock("./docker");

const ok = (code = 0) => ({ code, stdout: "", stderr: "", timedOut: false });
let context: string, out: string[];

beforeEach(() => {
    context = fs.mkdtempSync(path.join(os.tmpdir(), "paas-build-"));
    fs.writeFileSync(`${context}/Dockerfile`, "FROM scratch\n");
    out = [];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(String(c)); return true; });
    jest.mocked(docker).mockReset().mockResolvedValue(ok());
    jest.mocked(imageExists).mockReset().mockResolvedValue(false);
});
afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(context, { recursive: true, force: true });
});

const build = (b: Partial<Build> = {}): Build => ({ app: "shop", context, image: "paas/shop:0123456789ab", label: false, serving: "release v3", ...b });

test("an image that exists already is not built again", async () => {
    jest.mocked(imageExists).mockResolvedValue(true);
    await buildImage(build());
    expect(imageExists).toHaveBeenCalledWith("paas/shop:0123456789ab");
    expect(docker).not.toHaveBeenCalled();
});

test("a build for the app labels the image, even when it exists, and streams its output", async () => {
    jest.mocked(imageExists).mockResolvedValue(true);
    await buildImage(build({ label: true }));
    expect(docker).toHaveBeenCalledWith(["build", "--force-rm", "--label", "paas.app=shop", "-t", "paas/shop:0123456789ab", context],
        { stdout: "indent", stderr: "indent" });
    expect(out).toEqual(["-----> building paas/shop:0123456789ab\n"]);
});

test("an unlabelled build names only the tag and the folder", async () => {
    await buildImage(build());
    expect(jest.mocked(docker).mock.calls.map(c => c[0][0])).toEqual(["images", "build"]);
    expect(jest.mocked(docker).mock.calls[1][0]).toEqual(["build", "--force-rm", "-t", "paas/shop:0123456789ab", context]);
});

test("a folder without a Dockerfile is refused before anything is built", async () => {
    fs.rmSync(`${context}/Dockerfile`);
    await expect(buildImage(build())).rejects.toThrow(`buildContext: ${context} has no Dockerfile`);
    await expect(buildImage(build({ missing: "push: the commit has no Dockerfile" }))).rejects.toThrow(/^push: the commit has no Dockerfile$/);
    expect(docker).not.toHaveBeenCalled();
});

test("a failed build names what keeps serving, and removes the untagged images it left (only those)", async () => {
    const images = [{ ...ok(), stdout: "sha256:old\n" }, ok(1), { ...ok(), stdout: "sha256:old\nsha256:left\n" }, ok()];
    jest.mocked(docker).mockImplementation(async () => images.shift()!);
    await expect(buildImage(build())).rejects.toThrow(/^build failed; release v3 keeps serving$/);
    expect(jest.mocked(docker).mock.calls.map(c => c[0])).toEqual([
        ["images", "-q", "--no-trunc", "--filter", "dangling=true"],
        ["build", "--force-rm", "-t", "paas/shop:0123456789ab", context],
        ["images", "-q", "--no-trunc", "--filter", "dangling=true"],
        ["rmi", "sha256:left"],
    ]);
});
