// A host tree of its own for a unit test: paths.ts puts every path under PAAS_ROOT.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Makes an empty tree and points PAAS_ROOT at it. */
export function makeHostRoot(name: string): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `paas-${name}-`));
    process.env.PAAS_ROOT = root;
    return root;
}

/** Unsets PAAS_ROOT and removes ROOT. */
export function removeHostRoot(root: string): void {
    delete process.env.PAAS_ROOT;
    fs.rmSync(root, { recursive: true, force: true });
}
