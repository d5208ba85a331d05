// What a build on the host may use: shared/rules.ts's defaults, or what the operator wrote in
// /etc/paas/build-limits.json (`{"memoryMiB": 2048, "timeoutSeconds": 600}`), read at each build.
import * as fs from "fs";
import { BuildLimits, buildLimits } from "../shared/host-inputs";
import { fail } from "./output";
import { paths } from "./paths";

export function readBuildLimits(): BuildLimits {
    const file = paths.buildLimits();
    let st: fs.Stats;
    try { st = fs.lstatSync(file); } catch { return buildLimits({}); }
    // Limits that someone other than root could loosen are no limits.
    if (!st.isFile() || st.uid !== (process.getuid?.() ?? 0) || (st.mode & 0o022) !== 0) {
        fail(`${file}: must be a file of root's that no one else may write`);
    }
    let value: unknown;
    try { value = JSON.parse(fs.readFileSync(file, "utf8")); } catch (e) { fail(`${file}: ${(e as Error).message}`); }
    return buildLimits(value);
}
