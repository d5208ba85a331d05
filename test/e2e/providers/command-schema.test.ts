// The schema of the command provider plugin built from toolchain/providers/command, as
// `pulumi package get-schema` reads it from the binary, checked against what the npm SDK
// @pulumi/command declares: tokens, input and output names, required ones, secrets, defaults,
// replaceOnChanges and enum values.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPlugin, pluginVersion } from "./command-plugin";

jest.setTimeout(600_000);

const repoRoot = path.resolve(__dirname, "../../..");
const sdkDir = path.dirname(require.resolve("@pulumi/command/package.json"));
const sdkFile = (f: string) => fs.readFileSync(path.join(sdkDir, f), "utf8");

interface SdkResource {
    token: string;
    inputs: string[];
    outputs: string[];
    requiredInputs: string[];
    requiredOutputs: string[];
    secretInputs: string[];
    secretOutputs: string[];
    replaceOnChanges: string[];
}

/** What a generated resource class sends and declares, read from its .js and .d.ts. */
function sdkResource(module: string): SdkResource {
    const js = sdkFile(`${module}.js`);
    const dts = sdkFile(`${module}.d.ts`);
    const token = /\.__pulumiType = '([^']+)'/.exec(js)![1];
    const creating = js.slice(js.indexOf("if (!opts.id) {"), js.indexOf("else {", js.indexOf("if (!opts.id) {")));
    const reading = js.slice(js.indexOf("else {", js.indexOf("if (!opts.id) {")));
    const assigned = (block: string) => [...block.matchAll(/resourceInputs\["(\w+)"\] = (.*);/g)];
    const names = (list: string[]) => [...new Set(list)].sort();
    const inputs = assigned(creating).filter((m) => !m[2].includes("/*out*/"));
    const optionList = (option: string) => {
        const m = new RegExp(`${option}: \\[((?:"[^"]*",? *)*)\\]`).exec(js);
        return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
    };
    const classBody = dts.slice(dts.indexOf("export declare class"), dts.indexOf("constructor(name"));
    const declared = [...classBody.matchAll(/readonly (\w+): pulumi\.Output<(.*)>;/g)];
    return {
        token,
        inputs: names(inputs.map((m) => m[1])),
        outputs: names(assigned(reading).map((m) => m[1])),
        requiredInputs: names([...js.matchAll(/Missing required property '(\w+)'/g)].map((m) => m[1])),
        requiredOutputs: names(declared.filter((m) => !m[2].includes("| undefined")).map((m) => m[1])),
        secretInputs: names(inputs.filter((m) => m[2].includes("pulumi.secret(")).map((m) => m[1])),
        secretOutputs: names(optionList("additionalSecretOutputs")),
        // "triggers[*]" in the SDK's option means the property "triggers" in the schema.
        replaceOnChanges: names(optionList("replaceOnChanges").map((p) => p.replace(/\[\*\]$/, ""))),
    };
}

/** The properties of an interface in a .d.ts, each with whether it is optional. */
function declaredProperties(dts: string, name: string): Record<string, boolean> {
    const m = new RegExp(`^( *)(?:export )?interface ${name} \\{`, "m").exec(dts)!;
    // The interface ends at the brace indented like its first line.
    const body = dts.slice(m.index, dts.indexOf(`\n${m[1]}}`, m.index));
    return Object.fromEntries([...body.matchAll(/^\s+(?:readonly )?(\w+)(\??):/gm)].map((m) => [m[1], m[2] === "?"]));
}

describe("the command provider's schema", () => {
    let schema: any;

    beforeAll(() => {
        const binary = path.join(buildPlugin(), "pulumi-resource-command");
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "paas-schema-home-"));
        try {
            schema = JSON.parse(execFileSync(path.join(repoRoot, "scripts/with-pulumi.sh"),
                ["pulumi", "package", "get-schema", binary], {
                    // Outside the repository, whose Pulumi project files the CLI would try to load.
                    cwd: home, encoding: "utf8", env: { ...process.env, PULUMI_HOME: home }, maxBuffer: 64 << 20,
                }));
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    }, 600_000);

    test("names the package and the SDK's plugin version", () => {
        expect(schema.name).toBe("command");
        expect(schema.version).toBe(pluginVersion);
        expect(pluginVersion).toBe("1.2.1");
    });

    const modules = ["local/command", "remote/command", "remote/copyToRemote", "remote/copyFile"];

    test("has exactly the SDK's resources and function", () => {
        expect(Object.keys(schema.resources).sort()).toEqual(modules.map((m) => sdkResource(m).token).sort());
        const invoked = [...sdkFile("local/run.js").matchAll(/invoke(?:Output)?\("([^"]+)"/g)].map((m) => m[1]);
        expect([...new Set(invoked)]).toEqual(["command:local:run"]);
        expect(Object.keys(schema.functions)).toEqual(["command:local:run"]);
    });

    test.each(modules)("%s: inputs, outputs, required properties, secrets and replaceOnChanges", (module) => {
        const sdk = sdkResource(module);
        const r = schema.resources[sdk.token];
        const names = (o: object) => Object.keys(o).sort();
        const flagged = (props: Record<string, any>, flag: string) => names(props).filter((k) => props[k][flag]);
        // The SDK files were read, not just found empty.
        expect(sdk.inputs.length).toBeGreaterThan(2);
        expect(sdk.outputs.length).toBeGreaterThanOrEqual(sdk.inputs.length);
        expect(names(r.inputProperties)).toEqual(sdk.inputs);
        expect(names(r.properties)).toEqual(sdk.outputs);
        expect([...(r.requiredInputs ?? [])].sort()).toEqual(sdk.requiredInputs);
        expect([...(r.required ?? [])].sort()).toEqual(sdk.requiredOutputs);
        expect(flagged(r.inputProperties, "secret")).toEqual(sdk.secretInputs);
        expect(flagged(r.properties, "secret")).toEqual(sdk.secretOutputs);
        expect(flagged(r.inputProperties, "replaceOnChanges")).toEqual(sdk.replaceOnChanges);
        expect(flagged(r.properties, "replaceOnChanges")).toEqual(sdk.replaceOnChanges);
        const deprecated = /@deprecated (.*)/.exec(sdkFile(`${module}.js`));
        expect(r.deprecationMessage).toBe(deprecated ? deprecated[1].replace(/ \*\/$/, "").trim() : undefined);
    });

    test("command:local:run takes and returns what the SDK declares", () => {
        const fn = schema.functions["command:local:run"];
        const dts = sdkFile("local/run.d.ts");
        const sent = [...sdkFile("local/run.js").matchAll(/^\s+"(\w+)": args\.\w+,$/gm)].map((m) => m[1]);
        const args = declaredProperties(dts, "RunArgs");
        const result = declaredProperties(dts, "RunResult");
        const required = (props: Record<string, boolean>) => Object.keys(props).filter((k) => !props[k]).sort();
        expect(Object.keys(fn.inputs.properties).sort()).toEqual([...new Set(sent)].sort());
        expect(Object.keys(fn.inputs.properties).sort()).toEqual(Object.keys(args).sort());
        expect([...fn.inputs.required].sort()).toEqual(required(args));
        expect(Object.keys(fn.outputs.properties).sort()).toEqual(Object.keys(result).sort());
        expect([...fn.outputs.required].sort()).toEqual(required(result));
    });

    test.each([
        ["command:remote:Connection", "ConnectionArgs", "connectionArgsProvideDefaults"],
        ["command:remote:ProxyConnection", "ProxyConnectionArgs", "proxyConnectionArgsProvideDefaults"],
    ])("%s: properties, required, defaults and secrets", (token, args, defaulter) => {
        const type = schema.types[token];
        const props = declaredProperties(sdkFile("types/input.d.ts"), args);
        expect(Object.keys(type.properties).sort()).toEqual(Object.keys(props).sort());
        expect(type.required).toEqual(Object.keys(props).filter((k) => !props[k]));
        // The SDK fills the defaults the schema declares, client-side.
        const js = sdkFile("types/input.js");
        const body = js.slice(js.indexOf(`function ${defaulter}`), js.indexOf("}", js.indexOf(`function ${defaulter}`)));
        const sdkDefaults = Object.fromEntries([...body.matchAll(/(\w+): \(val\.\w+\) \?\? ("?[\w]+"?)/g)]
            .map((m) => [m[1], JSON.parse(m[2])]));
        const schemaDefaults = Object.fromEntries(Object.entries(type.properties)
            .filter(([, p]: [string, any]) => p.default !== undefined).map(([k, p]: [string, any]) => [k, p.default]));
        expect(schemaDefaults).toEqual(sdkDefaults);
        expect(Object.keys(sdkDefaults).sort()).toEqual(["dialErrorLimit", "perDialTimeout", "port", "user"]);
        // Nested secrets are the schema's alone: the Node SDK wraps only the whole connection.
        const secrets = Object.keys(type.properties).filter((k) => type.properties[k].secret).sort();
        expect(secrets).toEqual(["password", "privateKey", "privateKeyPassword"]);
    });

    test("the Connection outputs declare the same properties as the inputs", () => {
        const out = declaredProperties(sdkFile("types/output.d.ts"), "Connection");
        expect(Object.keys(schema.types["command:remote:Connection"].properties).sort()).toEqual(Object.keys(out).sort());
    });

    test("the Logging enums have the SDK's values", () => {
        const enums = require("@pulumi/command").types.enums;
        for (const [token, values] of [
            ["command:local:Logging", enums.local.Logging],
            ["command:remote:Logging", enums.remote.Logging],
        ]) {
            expect(schema.types[token].type).toBe("string");
            expect(schema.types[token].enum.map((e: any) => e.value)).toEqual(Object.values(values));
        }
    });
});
