// The component library as another Pulumi program gets it: `npm pack` (which builds it), the
// tarball unpacked into a consumer's node_modules, then imported with its types and run.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

jest.setTimeout(300_000);

const repoRoot = path.resolve(__dirname, "../../..");
let consumer: string;
let packed: string[];

beforeAll(() => {
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), "paas-consumer-"));
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", consumer], { cwd: repoRoot, encoding: "utf8" })
        .trim().split("\n").pop()!;
    const modules = path.join(consumer, "node_modules");
    fs.mkdirSync(path.join(modules, "paas"), { recursive: true });
    execFileSync("tar", ["-xzf", path.join(consumer, tarball), "-C", path.join(modules, "paas"), "--strip-components=1"]);
    packed = execFileSync("tar", ["-tzf", path.join(consumer, tarball)], { encoding: "utf8" }).trim().split("\n");
    // The library's own dependencies, as npm would have installed them beside it.
    fs.symlinkSync(path.join(repoRoot, "node_modules/@pulumi"), path.join(modules, "@pulumi"));
    fs.symlinkSync(path.join(repoRoot, "node_modules/@types"), path.join(modules, "@types"));
});

afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

test("the package holds the compiled components with their types, the sources the component analyzer reads, the server scripts, and no tests", () => {
    for (const file of ["bin/components/index.js", "bin/components/index.d.ts", "bin/components/app.d.ts", "bin/components/provider.js",
        "bin/server/bootstrap.sh", "bin/server/paas.js", "bin/shared/rules.js", "PulumiPlugin.yaml",
        "tsconfig.json", "components/index.ts", "components/app.ts", "shared/rules.ts"]) {
        expect(packed).toContain(`package/${file}`);
    }
    expect(packed.filter(f => /\.(test|testing|cases)\.|^package\/(test|stacks|scripts|host)\//.test(f))).toEqual([]);
});

test("a TypeScript program type-checks against it, and a wrong argument is a type error", () => {
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", noEmit: true, esModuleInterop: true, skipLibCheck: true },
        files: ["index.ts"],
    }));
    const program = (port: string) => `
import { App, AppArgs, Platform, PostgresAddon, checkAppArgs } from "paas";
const platform = new Platform("paas", { connection: { host: "203.0.113.10", privateKey: "KEY" }, domain: "paas.example.com" });
const args: AppArgs = { connection: platform.connection, platformDomain: platform.domain, releaseSource: "image",
    image: "registry.example.com/shop:1", port: ${port},
    addons: [new PostgresAddon("shop-db", { connection: platform.connection, name: "shop" })] };
checkAppArgs("shop", args);
export const url = new App("shop", args).url;
`;
    const tsc = path.join(repoRoot, "node_modules/.bin/tsc");
    fs.writeFileSync(path.join(consumer, "index.ts"), program("5000"));
    execFileSync(tsc, ["-p", consumer], { cwd: consumer, encoding: "utf8" });
    fs.writeFileSync(path.join(consumer, "index.ts"), program('"5000"'));
    let errors = "";
    try {
        execFileSync(tsc, ["-p", consumer], { cwd: consumer, encoding: "utf8" });
    } catch (e) {
        errors = (e as { stdout: string }).stdout;
    }
    expect(errors).toMatch(/index\.ts.*error TS2322: Type 'string' is not assignable to type 'Input<number> \| undefined'/);
});

test("loaded from node_modules, it finds the server scripts it installs on the host", () => {
    const out = execFileSync("node", ["-e", `
const fs = require("fs"), path = require("path");
const paas = require("paas");
console.log(JSON.stringify({ app: typeof paas.App, platform: typeof paas.Platform, scripts: paas.serverScriptsDir,
    bootstrap: fs.existsSync(path.join(paas.serverScriptsDir, "bootstrap.sh")) && fs.existsSync(path.join(paas.serverScriptsDir, "paas.js")) }));
`], { cwd: consumer, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({
        app: "function", platform: "function", bootstrap: true,
        scripts: path.join(fs.realpathSync(consumer), "node_modules/paas/bin/server"),
    });
});
