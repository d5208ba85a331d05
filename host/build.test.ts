import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildImage, Build, imagesBuilt } from "./build";
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
        { stdout: "indent-capture", stderr: "indent" });
    expect(out).toEqual(["-----> building paas/shop:0123456789ab\n"]);
});

test("an unlabelled build names only the tag and the folder", async () => {
    await buildImage(build());
    expect(jest.mocked(docker).mock.calls.map(c => c[0])).toEqual([["build", "--force-rm", "-t", "paas/shop:0123456789ab", context]]);
});

test("a folder without a Dockerfile is refused before anything is built", async () => {
    fs.rmSync(`${context}/Dockerfile`);
    await expect(buildImage(build())).rejects.toThrow(`buildContext: ${context} has no Dockerfile`);
    await expect(buildImage(build({ missing: "push: the commit has no Dockerfile" }))).rejects.toThrow(/^push: the commit has no Dockerfile$/);
    expect(docker).not.toHaveBeenCalled();
});

// docker's classic builder, as it prints a build whose last step fails: step 1 is the base
// image, step 2 came from the cache (another build made it), steps 3 to 5 were made here (a COPY
// runs no container).
const failedOutput = [
    "Sending build context to Docker daemon  3.072kB",
    "Step 1/6 : FROM debian:bookworm-slim", " ---> 0123456789ab",
    "Step 2/6 : ENV A=1", " ---> Using cache", " ---> 1111111111aa",
    "Step 3/6 : ENV B=2", " ---> Running in 2222222222cc", "Removing intermediate container 2222222222cc", " ---> 3333333333bb",
    "Step 4/6 : COPY VERSION /app/VERSION", " ---> 7777777777bb",
    "Step 5/6 : RUN make", " ---> Running in 4444444444cc", "compiling", " ---> 5555555555bb",
    "Step 6/6 : RUN false", " ---> Running in 6666666666cc", "Removing intermediate container 6666666666cc", "",
].join("\n");

test("the images a build made are told from its output: not the base, not a cached step's", () => {
    expect(imagesBuilt(failedOutput)).toEqual(["3333333333bb", "7777777777bb", "5555555555bb"]);
    expect(imagesBuilt("")).toEqual([]);
    // A base image's ONBUILD triggers make a new image in the FROM step.
    expect(imagesBuilt(["Step 1/2 : from base", "# Executing 1 build trigger", " ---> Running in 8888888888cc", " ---> 9999999999bb"].join("\n")))
        .toEqual(["9999999999bb"]);
});

test("a failed build names what keeps serving, and removes the images it made itself (newest first), no other build's", async () => {
    jest.mocked(docker).mockImplementation(async args => args[0] === "build" ? { ...ok(1), stdout: failedOutput } : ok());
    await expect(buildImage(build())).rejects.toThrow(/^build failed; release v3 keeps serving$/);
    expect(jest.mocked(docker).mock.calls.map(c => c[0])).toEqual([
        ["build", "--force-rm", "-t", "paas/shop:0123456789ab", context],
        ["rmi", "--no-prune", "5555555555bb"],
        ["rmi", "--no-prune", "7777777777bb"],
        ["rmi", "--no-prune", "3333333333bb"],
    ]);
});
