import { containerReleases, containers, docker, dockerWithEnv, envFlags, imageExists, isRunning, publishedAddress, removeContainers } from "./docker";
import { baseEnv, output, run } from "./run";

jest.mock("./run", () => ({ ...jest.requireActual("./run"), run: jest.fn(), output: jest.fn() }));

const ok = (stdout = "", code = 0) => ({ code, stdout, stderr: "", timedOut: false });
const runMock = jest.mocked(run), outputMock = jest.mocked(output);
const clientEnv = { ...baseEnv, DOCKER_CONFIG: "/root/.docker" };

beforeEach(() => {
    runMock.mockReset().mockResolvedValue(ok());
    outputMock.mockReset().mockResolvedValue("");
});

test("docker runs the binary by its path with the client's environment and the caller's options", async () => {
    await docker(["ps"], { stdout: "indent", timeoutSeconds: 5 });
    expect(runMock).toHaveBeenCalledWith("/usr/bin/docker", ["ps"], { env: clientEnv, stdout: "indent", timeoutSeconds: 5 });
});

test("dockerWithEnv: config vars and PORT in the environment, never in the arguments", async () => {
    const args = ["run", "-d", ...envFlags({ SECRET: "v@lue" }), "img"];
    await dockerWithEnv({ SECRET: "v@lue" }, 5000, args, { stdout: "ignore" });
    expect(runMock).toHaveBeenCalledWith("/usr/bin/docker", ["run", "-d", "-e", "PORT", "-e", "SECRET", "img"],
        { stdout: "ignore", env: { ...baseEnv, SECRET: "v@lue", DOCKER_CONFIG: "/root/.docker", PORT: "5000" } });
});

test("dockerWithEnv: the app's PATH and HOME win over the client's; DOCKER_CONFIG and PORT do not yield", async () => {
    await dockerWithEnv({ PATH: "/app/bin", HOME: "/app", DOCKER_CONFIG: "/tmp/evil", PORT: "1" }, 8080, ["run"], { env: { X: "caller" } });
    const env = runMock.mock.calls[0][2]!.env!;
    expect(env).toEqual({ PATH: "/app/bin", HOME: "/app", LANG: "C.UTF-8", DOCKER_CONFIG: "/root/.docker", PORT: "8080" });
});

test("envFlags: PORT first, then each name sorted, no values", () => {
    expect(envFlags({ ZED: "1", ALPHA: "2", MID: "3" })).toEqual(["-e", "PORT", "-e", "ALPHA", "-e", "MID", "-e", "ZED"]);
    expect(envFlags({})).toEqual(["-e", "PORT"]);
});

test("containers filters on each label, a bare name for an empty value", async () => {
    outputMock.mockResolvedValue("aaa\n\nbbb\n");
    expect(await containers({ "paas.app": "shop", "paas.release": "" })).toEqual(["aaa", "bbb"]);
    expect(outputMock).toHaveBeenCalledWith("/usr/bin/docker",
        ["ps", "-aq", "--no-trunc", "--filter", "label=paas.app=shop", "--filter", "label=paas.release"], { env: clientEnv });
});

test("containerReleases pairs each id with its release and process labels, empty when unlabelled", async () => {
    outputMock.mockResolvedValue("aaa v3 web\nbbb  \nccc v4 run\n");
    expect(await containerReleases("shop")).toEqual([{ id: "aaa", release: "v3", process: "web" }, { id: "bbb", release: "", process: "" },
        { id: "ccc", release: "v4", process: "run" }]);
    expect(outputMock.mock.calls[0][1]).toEqual(["ps", "-a", "--no-trunc", "--filter", "label=paas.app=shop", "--format",
        '{{.ID}} {{.Label "paas.release"}} {{.Label "paas.process"}}']);
});

test("removeContainers stops with a grace period, then removes; nothing for no ids", async () => {
    await removeContainers([]);
    expect(runMock).not.toHaveBeenCalled();
    await removeContainers(["a", "b"], 3);
    expect(runMock.mock.calls.map(c => c[1])).toEqual([["stop", "-t", "3", "a", "b"], ["rm", "-f", "a", "b"]]);
    await removeContainers(["c"]);
    expect(runMock.mock.calls[2][1]).toEqual(["stop", "-t", "10", "c"]);
});

test("imageExists, isRunning and publishedAddress read docker's answers", async () => {
    runMock.mockResolvedValueOnce(ok("", 1)).mockResolvedValueOnce(ok("[]"));
    expect([await imageExists("x:1"), await imageExists("x:1")]).toEqual([false, true]);
    expect(runMock.mock.calls[0][1]).toEqual(["image", "inspect", "x:1"]);
    runMock.mockResolvedValueOnce(ok("true\n")).mockResolvedValueOnce(ok("false\n"));
    expect([await isRunning("c"), await isRunning("c")]).toEqual([true, false]);
    runMock.mockResolvedValueOnce(ok("0.0.0.0:1234\n[::]:1234\n127.0.0.1:20001\n"));
    expect(await publishedAddress("c", 5000)).toBe("127.0.0.1:20001");
    expect(runMock.mock.calls[4][1]).toEqual(["port", "c", "5000/tcp"]);
    runMock.mockResolvedValueOnce(ok("", 1));
    expect(await publishedAddress("c", 5000)).toBeUndefined();
});
