import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildImage, Build, buildLimitFlags, contextBytes, containersRun, imagesBuilt } from "./build";
import { checkBuildImages } from "./build-bases";
import { docker, imageExists } from "./docker";
import { run } from "./run";

jest.mock("./docker", () => ({ ...jest.requireActual("./docker"), docker: jest.fn(), imageExists: jest.fn() }));
jest.mock("./run", () => ({ ...jest.requireActual("./run"), run: jest.fn() }));
jest.mock("./build-bases");

const ok = (code = 0) => ({ code, stdout: "", stderr: "", timedOut: false });
let context: string, out: string[];

beforeEach(() => {
    context = fs.mkdtempSync(path.join(os.tmpdir(), "paas-build-"));
    fs.writeFileSync(`${context}/Dockerfile`, "FROM scratch\n");
    out = [];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(String(c)); return true; });
    jest.mocked(docker).mockReset().mockResolvedValue(ok());
    jest.mocked(imageExists).mockReset().mockResolvedValue(false);
    jest.mocked(run).mockReset().mockResolvedValue(ok());
    jest.mocked(checkBuildImages).mockReset().mockResolvedValue();
    process.env.PAAS_ROOT = context;
});
afterEach(() => {
    delete process.env.PAAS_ROOT;
    jest.restoreAllMocks();
    fs.rmSync(context, { recursive: true, force: true });
});

const limits = ["--memory", "1024m", "--memory-swap", "1024m", "--cpu-period", "100000", "--cpu-quota", "100000"];
const builds = () => jest.mocked(run).mock.calls.filter(c => c[1][0] === "build");
const build = (b: Partial<Build> = {}): Build => ({ app: "shop", context, image: "paas/shop:0123456789ab", label: false, serving: "release v3", ...b });

test("an image that exists already is not built again", async () => {
    jest.mocked(imageExists).mockResolvedValue(true);
    await buildImage(build());
    expect(imageExists).toHaveBeenCalledWith("paas/shop:0123456789ab");
    expect(docker).not.toHaveBeenCalled();
    expect(run).not.toHaveBeenCalled();
});

test("a build for the app labels the image, even when it exists, and streams its output", async () => {
    jest.mocked(imageExists).mockResolvedValue(true);
    await buildImage(build({ label: true }));
    expect(builds()).toHaveLength(1);
    const [program, args, opts] = builds()[0];
    expect(program).toBe("/usr/bin/docker");
    expect(args).toEqual(["build", "--force-rm", ...limits, "--label", "paas.app=shop", "-t", "paas/shop:0123456789ab", context]);
    expect(opts).toMatchObject({ stdout: "indent-capture", stderr: "indent", timeoutSeconds: 1800 });
    expect(out).toEqual(["-----> building paas/shop:0123456789ab\n"]);
});

test("an unlabelled build names only the tag and the folder", async () => {
    await buildImage(build());
    expect(builds().map(c => c[1])).toEqual([["build", "--force-rm", ...limits, "-t", "paas/shop:0123456789ab", context]]);
});

test("a folder without a Dockerfile is refused before anything is built", async () => {
    fs.rmSync(`${context}/Dockerfile`);
    await expect(buildImage(build())).rejects.toThrow(`buildContext: ${context} has no Dockerfile`);
    await expect(buildImage(build({ missing: "push: the commit has no Dockerfile" }))).rejects.toThrow(/^push: the commit has no Dockerfile$/);
    expect(run).not.toHaveBeenCalled();
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
    jest.mocked(run).mockResolvedValue({ ...ok(1), stdout: failedOutput });
    await expect(buildImage(build())).rejects.toThrow(/^build failed; release v3 keeps serving$/);
    expect(jest.mocked(docker).mock.calls.map(c => c[0])).toEqual([
        ["rmi", "--no-prune", "5555555555bb"],
        ["rmi", "--no-prune", "7777777777bb"],
        ["rmi", "--no-prune", "3333333333bb"],
    ]);
});

test("the build's docker client has a configuration of its own, empty, and the classic builder; it is gone after the build", async () => {
    fs.mkdirSync("/tmp", { recursive: true });
    let config: string | undefined, files: string[] = [];
    jest.mocked(run).mockImplementation(async (_p, _a, opts) => {
        config = opts?.env?.DOCKER_CONFIG;
        files = fs.readdirSync(config!);
        return ok();
    });
    await buildImage(build());
    expect(config).toMatch(/paas-build-client-/);
    expect(files).toEqual([]);
    expect(builds()[0][2]?.env).toMatchObject({ DOCKER_BUILDKIT: "0" });
    expect(fs.existsSync(config!)).toBe(false);
    // The images it reads are checked with that same client, before it starts.
    expect(jest.mocked(checkBuildImages).mock.calls[0]).toEqual(["shop", "FROM scratch\n", expect.objectContaining({ DOCKER_CONFIG: config })]);
});

test("a build's images are checked first: a refusal builds nothing", async () => {
    jest.mocked(checkBuildImages).mockRejectedValue(new Error("Dockerfile line 1: FROM paas/blog:1: is an image of app blog"));
    await expect(buildImage(build())).rejects.toThrow("Dockerfile line 1");
    expect(builds()).toEqual([]);
});

test("a build past its time limit is stopped: its step's container and images go, and it says which limit", async () => {
    const output = ["Step 1/2 : FROM base", " ---> 0123456789ab", "Step 2/2 : RUN sleep 1000", " ---> Running in 2222222222cc", ""].join("\n");
    jest.mocked(run).mockResolvedValue({ ...ok(143), stdout: output, timedOut: true });
    await expect(buildImage(build())).rejects.toThrow(/^build stopped after 1800 s \(the build limit timeoutSeconds\); release v3 keeps serving$/);
    expect(jest.mocked(docker).mock.calls.map(c => c[0])).toEqual([["rm", "-f", "2222222222cc"]]);
    expect(containersRun(output)).toEqual(["2222222222cc"]);
});

test("the limits come from /etc/paas/build-limits.json when the operator wrote one", async () => {
    fs.mkdirSync(`${context}/etc/paas`, { recursive: true });
    fs.writeFileSync(`${context}/etc/paas/build-limits.json`, JSON.stringify({ memoryMiB: 64, cpus: 0.5, timeoutSeconds: 5 }), { mode: 0o644 });
    await buildImage(build());
    expect(builds()[0][1]).toEqual(["build", "--force-rm", "--memory", "64m", "--memory-swap", "64m", "--cpu-period", "100000", "--cpu-quota", "50000",
        "-t", "paas/shop:0123456789ab", context]);
    expect(builds()[0][2]?.timeoutSeconds).toBe(5);
});

test("a context past the size limit is refused before anything is built, naming the field", async () => {
    fs.mkdirSync(`${context}/etc/paas`, { recursive: true });
    fs.writeFileSync(`${context}/etc/paas/build-limits.json`, JSON.stringify({ contextMiB: 1 }));
    fs.writeFileSync(`${context}/big`, Buffer.alloc(1024 * 1024 + 1));
    await expect(buildImage(build({ field: "commit" }))).rejects.toThrow(/^commit: the build's files are more than 1 MiB \(the build limit contextMiB\); release v3 keeps serving$/);
    expect(run).not.toHaveBeenCalled();
    expect(checkBuildImages).not.toHaveBeenCalled();
});

test("a Dockerfile or .dockerignore that is a link is refused (root would read what it points at)", async () => {
    fs.rmSync(`${context}/Dockerfile`);
    fs.symlinkSync("/etc/shadow", `${context}/Dockerfile`);
    await expect(buildImage(build())).rejects.toThrow(/^Dockerfile: must be a file \(not a link or a folder\)$/);
    fs.rmSync(`${context}/Dockerfile`);
    fs.writeFileSync(`${context}/Dockerfile`, "FROM scratch\n");
    fs.symlinkSync("/root/.docker/config.json", `${context}/.dockerignore`);
    await expect(buildImage(build())).rejects.toThrow(/^\.dockerignore: must be a file \(not a link or a folder\)$/);
    expect(run).not.toHaveBeenCalled();
});

test("a context's size counts its files and entries, follows no link, and stops past the limit", () => {
    fs.writeFileSync(`${context}/a`, "12345");
    fs.mkdirSync(`${context}/d`);
    fs.symlinkSync("/usr", `${context}/d/usr`);
    // Dockerfile (13 bytes), a (5), d, d/usr: each entry 512 more.
    expect(contextBytes(context, 1 << 20)).toBe(13 + 5 + 4 * 512);
    expect(contextBytes(context, 100)).toBeUndefined();
});

test("the limit flags: memory with no swap past it, CPUs as a quota", () => {
    expect(buildLimitFlags({ memoryMiB: 256, cpus: 1.5, timeoutSeconds: 1, contextMiB: 1 }))
        .toEqual(["--memory", "256m", "--memory-swap", "256m", "--cpu-period", "100000", "--cpu-quota", "150000"]);
});
