// The Docker engine, through its CLI. Config vars reach a container through the environment of
// the `docker` process (`-e NAME`, no value), never as an argument, so no value shows in a
// process list. Their names are checked (shared/rules.ts envKey): none can change how the docker
// client itself behaves.
import { baseEnv, lines, output, run, RunOptions, RunResult } from "./run";

const clientEnv = { ...baseEnv, DOCKER_CONFIG: "/root/.docker" };
// By its path: a config var may be named PATH, and the container must get its value.
const dockerBin = "/usr/bin/docker";

/** Runs `docker ARGS`. */
export const docker = (args: readonly string[], opts: RunOptions = {}): Promise<RunResult> =>
    run(dockerBin, args, { env: clientEnv, ...opts });

/** Runs `docker ARGS` with PORT and every config var in its environment; `envFlags` names them. */
export const dockerWithEnv = (env: Record<string, string>, port: number, args: readonly string[], opts: RunOptions = {}) =>
    run(dockerBin, args, { ...opts, env: { ...baseEnv, ...env, DOCKER_CONFIG: clientEnv.DOCKER_CONFIG, PORT: String(port) } });

/** `-e NAME` for PORT and each config var. */
export const envFlags = (env: Record<string, string>): string[] => ["-e", "PORT", ...Object.keys(env).sort().flatMap(k => ["-e", k])];

/** Container ids with every label of LABELS (`paas.app=shop`), running or not. */
export async function containers(labels: Record<string, string>): Promise<string[]> {
    const filters = Object.entries(labels).flatMap(([k, v]) => ["--filter", v === "" ? `label=${k}` : `label=${k}=${v}`]);
    return lines(await output(dockerBin, ["ps", "-aq", "--no-trunc", ...filters], { env: clientEnv }));
}

/** Each of the app's containers and its release label. */
export async function containerReleases(app: string): Promise<{ id: string; release: string }[]> {
    const out = await output(dockerBin, ["ps", "-a", "--no-trunc", "--filter", `label=paas.app=${app}`, "--format", '{{.ID}} {{.Label "paas.release"}}'], { env: clientEnv });
    return lines(out).map(l => { const [id, release = ""] = l.split(" "); return { id, release }; });
}

/** Stops (letting requests finish), then removes. */
export async function removeContainers(ids: string[], stopSeconds = 10): Promise<void> {
    if (ids.length === 0) return;
    await docker(["stop", "-t", String(stopSeconds), ...ids]);
    await docker(["rm", "-f", ...ids]);
}

export const imageExists = async (image: string) => (await docker(["image", "inspect", image])).code === 0;

/** Whether the container runs. */
export const isRunning = async (id: string) => (await docker(["inspect", "-f", "{{.State.Running}}", id])).stdout.trim() === "true";

/** The loopback address the container's PORT is published on, if any. */
export async function publishedAddress(id: string, port: number): Promise<string | undefined> {
    const r = await docker(["port", id, `${port}/tcp`]);
    return lines(r.stdout).find(l => l.startsWith("127.0.0.1:"));
}
