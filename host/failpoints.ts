// Faults injected at the release engine's phase boundaries, to test how the platform recovers:
// the root-only file /run/paas/failpoints holds lines `<app> <phase> crash` (the engine kills
// itself with SIGKILL, as the OOM killer or a power loss would stop it) or `<app> <phase> pause
// <seconds>` (it waits there, so that a test can cut its SSH session at that moment). Each line
// fires once and is removed when it fires. /run is a tmpfs: nothing survives a reboot.
import * as fs from "fs";
import { readText, writeFileAtomic } from "./files";
import { say } from "./output";
import { paths } from "./paths";

export interface Failpoint {
    readonly app: string;
    readonly phase: string;
    readonly action: "crash" | "pause";
    /** For `pause`: how long. */
    readonly seconds: number;
}

/** The failpoints of TEXT; lines that are not one are ignored. */
export function parseFailpoints(text: string): Failpoint[] {
    return text.split("\n").flatMap(line => {
        const m = /^\s*([a-z0-9-]+)\s+([a-z-]+)\s+(crash|pause(?:\s+([0-9]{1,4}))?)\s*$/.exec(line);
        if (!m) return [];
        return [{ app: m[1], phase: m[2], action: m[3].startsWith("pause") ? "pause" as const : "crash" as const, seconds: Number(m[4] ?? 0) }];
    });
}

/** Whether FILE may give orders: owned by whoever runs the engine (root on a host) and writable by it alone. */
function trusted(file: string): boolean {
    const st = fs.statSync(file);
    return st.uid === (process.getuid?.() ?? 0) && (st.mode & 0o022) === 0;
}

/** Fires the failpoint set for APP at PHASE, if any. */
export async function failpoint(app: string, phase: string): Promise<void> {
    const file = paths.failpoints();
    const text = readText(file);
    if (text === undefined || !trusted(file)) return;
    const lines = text.split("\n");
    const n = lines.findIndex(l => parseFailpoints(l).some(f => f.app === app && f.phase === phase));
    if (n < 0) return;
    const [point] = parseFailpoints(lines[n]);
    lines.splice(n, 1);
    writeFileAtomic(file, lines.join("\n"), { mode: 0o600 });
    if (point.action === "crash") {
        process.kill(process.pid, "SIGKILL");
        await new Promise(() => undefined);
    }
    say(`failpoint: pausing ${point.seconds} s before ${phase}`);
    await new Promise(r => setTimeout(r, point.seconds * 1000));
}
