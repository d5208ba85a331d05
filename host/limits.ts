// The size of each container: its memory limit and CPUs, from the deploy spec, enforced by
// Docker. Pure: the host's CPU count comes from the caller.
import * as os from "os";
import type { ProcessSpec, ReleaseSettings } from "../shared/app-spec";

/** Memory of a container whose app and process type set none: three fit beside the platform on a 1 GB server. */
export const defaultMemoryMiB = 256;
/** CPUs of a container whose app and process type set none. */
export const defaultCpus = 1;

/** How much a container may use. */
export interface ContainerSize {
    readonly memoryMiB: number;
    readonly cpus: number;
}

/** What the spec says about sizes: the app's, and each process type's. */
export type SizeSettings = Pick<ReleaseSettings, "memoryMiB" | "cpus"> & { readonly processes?: Record<string, ProcessSpec> };

/** The process type of a dyno (`web.2` is `web`; `release.1`, `run.4821`, `scheduler.1` are the one-off kinds). */
export const dynoProcess = (dyno: string) => dyno.split(".")[0];

/** The size of PROCESS's containers: the process type's own, else the app's, else the defaults. The
 * release command, `paas run` and scheduled jobs are no process type: they take the app's. */
export function containerSize(spec: SizeSettings, process: string): ContainerSize {
    const own = Object.prototype.hasOwnProperty.call(spec.processes ?? {}, process) ? spec.processes![process] : undefined;
    return { memoryMiB: own?.memoryMiB ?? spec.memoryMiB ?? defaultMemoryMiB, cpus: own?.cpus ?? spec.cpus ?? defaultCpus };
}

/**
 * `docker run` flags for SIZE on a host with HOSTCPUS CPUs. The swap limit equals the memory
 * limit, so the container cannot swap past it: at the limit the kernel kills inside the container
 * only. Docker refuses more CPUs than the host has, so a size above it gets them all (a server
 * resized down keeps deploying). An app's processes go first when the whole server runs short,
 * before the platform's own (dockerd, PostgreSQL, nginx, sshd). The limit is a label too: the
 * engine's `oom` event carries the labels, so the kill's log line can name it.
 */
export function sizeFlags(size: ContainerSize, hostCpus: number): string[] {
    const memory = `${size.memoryMiB}m`;
    const cpus = Math.min(size.cpus, Math.max(hostCpus, 0.01));
    return ["--memory", memory, "--memory-swap", memory, "--cpus", String(cpus), "--oom-score-adj", "500", "--label", `paas.memory-mib=${size.memoryMiB}`];
}

/** The size flags of the container of DYNO (`web.1`, `release.1`, ...) of a release with SPEC. */
export const dynoSizeFlags = (spec: SizeSettings, dyno: string, hostCpus = os.cpus().length): string[] =>
    sizeFlags(containerSize(spec, dynoProcess(dyno)), hostCpus);
