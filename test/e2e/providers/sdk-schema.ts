// What an npm provider SDK declares (tokens, property names, required inputs, secrets, list or
// not), read from its generated .d.ts and .js files, and how a plugin's schema falls short of it.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export interface SdkProperty {
    name: string;
    /** Declared as a list (`T[]`): a schema that flattens it (or the reverse) breaks programs. */
    array: boolean;
}

export interface SdkEntity {
    /** `pkg:module/name:Name`; for the provider, `pulumi:providers:pkg`. */
    token: string;
    inputs: SdkProperty[];
    outputs: SdkProperty[];
    secretInputs: string[];
    secretOutputs: string[];
    /** Inputs a program must set (the SDK throws without them). */
    requiredInputs: string[];
}

export interface Sdk {
    provider: SdkEntity;
    resources: SdkEntity[];
    functions: SdkEntity[];
    /** Provider methods the SDK calls, such as `pulumi:providers:random/terraformConfig`. */
    methods: string[];
    /** Object types by name, from `types/input.d.ts` and `types/output.d.ts`. */
    types: { name: string; side: "input" | "output"; properties: SdkProperty[] }[];
}

/** Reads the SDK installed at DIR: its top-level modules and its object types. */
export function readSdk(dir: string): Sdk {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).pulumi.name as string;
    const sdk: Sdk = { provider: undefined as unknown as SdkEntity, resources: [], functions: [], methods: [], types: [] };
    for (const side of ["input", "output"] as const) {
        const file = path.join(dir, "types", `${side}.d.ts`);
        if (!fs.existsSync(file)) continue;
        const dts = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        // Types of other modules (such as `config`) sit in namespaces; their names stay unique.
        const visit = (node: ts.Node) => {
            if (ts.isInterfaceDeclaration(node)) sdk.types.push({ name: node.name.text, side, properties: members(node.members) });
            else if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) node.body.statements.forEach(visit);
        };
        dts.statements.forEach(visit);
    }
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".d.ts")).sort()) {
        const base = file.slice(0, -".d.ts".length);
        const jsPath = path.join(dir, `${base}.js`);
        if (!fs.existsSync(jsPath)) continue;
        const js = fs.readFileSync(jsPath, "utf8");
        const dts = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.Latest, true);
        const interfaces = new Map<string, SdkProperty[]>();
        const classes = new Map<string, { provider: boolean; props: SdkProperty[] }>();
        dts.forEachChild(node => {
            if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, members(node.members));
            if (ts.isClassDeclaration(node) && node.name) {
                const base = node.heritageClauses?.[0]?.types[0]?.expression.getText();
                if (base === "pulumi.CustomResource" || base === "pulumi.ProviderResource") {
                    const props = members(node.members.filter(m => !isStatic(m)));
                    classes.set(node.name.text, { provider: base === "pulumi.ProviderResource", props });
                }
            }
        });
        const secretInputs = [...js.matchAll(/pulumi\.secret\(args\.(\w+)\)/g)].map(m => m[1]);
        const secretOutputs = [...js.matchAll(/additionalSecretOutputs: \[([^\]]*)\]/g)]
            .flatMap(m => [...m[1].matchAll(/"(\w+)"/g)].map(n => n[1]));
        const requiredInputs = [...js.matchAll(/Missing required property '(\w+)'/g)].map(m => m[1]);
        for (const m of js.matchAll(/pulumi\.runtime\.call\("([^"]+)"/g)) sdk.methods.push(m[1]);
        for (const [name, { provider, props }] of classes) {
            const entity: SdkEntity = {
                token: provider ? `pulumi:providers:${pkg}` : (js.match(/__pulumiType = '([^']+)'/) ?? [])[1],
                inputs: interfaces.get(`${name}Args`) ?? [],
                outputs: props,
                secretInputs,
                secretOutputs,
                requiredInputs,
            };
            if (!entity.token) throw new Error(`${file}: no __pulumiType for ${name}`);
            if (provider) sdk.provider = entity;
            else sdk.resources.push(entity);
        }
        const invoke = js.match(/pulumi\.runtime\.invoke\("([^"]+)"/);
        if (invoke && classes.size === 0) {
            const fn = base.charAt(0).toUpperCase() + base.slice(1);
            sdk.functions.push({
                token: invoke[1],
                inputs: interfaces.get(`${fn}Args`) ?? [],
                outputs: interfaces.get(`${fn}Result`) ?? [],
                secretInputs: [],
                secretOutputs: [],
                requiredInputs: [],
            });
        }
    }
    if (!sdk.provider) throw new Error(`${dir}: no Provider class`);
    return sdk;
}

function isStatic(m: ts.ClassElement): boolean {
    return ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some(k => k.kind === ts.SyntaxKind.StaticKeyword);
}

function members(nodes: readonly ts.Node[]): SdkProperty[] {
    const props: SdkProperty[] = [];
    for (const m of nodes) {
        if ((ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) && m.type) {
            props.push({ name: m.name.getText(), array: isArray(m.type) });
        }
    }
    return props;
}

/** `T[]`, or `pulumi.Input<...[]>` / `pulumi.Output<...[] | undefined>` around one. */
function isArray(t: ts.TypeNode): boolean {
    if (ts.isArrayTypeNode(t)) return true;
    if (ts.isParenthesizedTypeNode(t)) return isArray(t.type);
    if (ts.isUnionTypeNode(t)) {
        const defined = t.types.filter(u => u.kind !== ts.SyntaxKind.UndefinedKeyword);
        return defined.length > 0 && defined.every(isArray);
    }
    if (ts.isTypeReferenceNode(t) && /^pulumi\.(Input|Output)$/.test(t.typeName.getText()) && t.typeArguments?.length === 1) {
        return isArray(t.typeArguments[0]);
    }
    return false;
}

interface SchemaProperty { type?: string; secret?: boolean }
interface SchemaType { properties?: Record<string, SchemaProperty> }
interface SchemaObject { inputProperties?: Record<string, SchemaProperty>; properties?: Record<string, SchemaProperty>; requiredInputs?: string[] }
export interface Schema {
    name: string;
    version: string;
    provider: SchemaObject;
    resources: Record<string, SchemaObject>;
    types?: Record<string, SchemaType>;
    functions: Record<string, { inputs?: { properties?: Record<string, SchemaProperty> }; outputs?: { properties?: Record<string, SchemaProperty> } }>;
}

/** Every way SCHEMA fails to serve what SDK declares, one line each; empty when it serves it all. */
export function missingFromSchema(sdk: Sdk, schema: Schema): string[] {
    const problems: string[] = [];
    const props = (what: string, declared: SdkProperty[], served: Record<string, SchemaProperty> | undefined, secrets?: string[]) => {
        for (const p of declared) {
            const s = served?.[p.name];
            if (!s) {
                problems.push(`${what} ${p.name}: not in the schema`);
                continue;
            }
            if ((s.type === "array") !== p.array) problems.push(`${what} ${p.name}: the SDK's is ${p.array ? "" : "not "}a list, the schema's ${s.type === "array" ? "is" : "is not"}`);
            if (secrets && !!s.secret !== secrets.includes(p.name)) problems.push(`${what} ${p.name}: secret ${!!s.secret} in the schema, ${secrets.includes(p.name)} in the SDK`);
        }
    };
    props("provider input", sdk.provider.inputs, schema.provider.inputProperties, sdk.provider.secretInputs);
    for (const r of sdk.resources) {
        const served = schema.resources[r.token];
        if (!served) {
            problems.push(`resource ${r.token}: not in the schema`);
            continue;
        }
        props(`${r.token} input`, r.inputs, served.inputProperties, r.secretInputs);
        const required = [...(served.requiredInputs ?? [])].sort().join(", ");
        if (required !== [...r.requiredInputs].sort().join(", ")) {
            problems.push(`${r.token}: required inputs [${required}] in the schema, [${[...r.requiredInputs].sort().join(", ")}] in the SDK`);
        }
        props(`${r.token} output`, r.outputs, served.properties, r.secretOutputs);
    }
    for (const f of sdk.functions) {
        const served = schema.functions[f.token];
        if (!served) {
            problems.push(`function ${f.token}: not in the schema`);
            continue;
        }
        props(`${f.token} argument`, f.inputs, served.inputs?.properties);
        props(`${f.token} result`, f.outputs, served.outputs?.properties);
    }
    for (const m of sdk.methods) if (!schema.functions[m]) problems.push(`method ${m}: not in the schema`);
    for (const t of sdk.types) {
        // The SDK names a type after the last part of its token, capitalised, with `Args` added
        // to the input form of a function's type.
        const names = [t.name, t.name.replace(/Args$/, "")].map(n => n.toLowerCase());
        const token = Object.keys(schema.types ?? {}).find(k => names.includes(k.split(":").pop()!.toLowerCase()));
        if (!token) {
            problems.push(`${t.side} type ${t.name}: not in the schema`);
            continue;
        }
        props(`${t.side} type ${t.name}`, t.properties, schema.types![token].properties);
    }
    return problems;
}

/** What SCHEMA serves beyond SDK: resource and function tokens and top-level property names. */
export function extraInSchema(sdk: Sdk, schema: Schema): string[] {
    const extra: string[] = [];
    const names = (what: string, declared: SdkProperty[], served: Record<string, SchemaProperty> | undefined) => {
        const known = new Set(declared.map(p => p.name));
        for (const name of Object.keys(served ?? {})) if (!known.has(name)) extra.push(`${what} ${name}`);
    };
    names("provider input", sdk.provider.inputs, schema.provider.inputProperties);
    const resources = new Map(sdk.resources.map(r => [r.token, r]));
    for (const [token, served] of Object.entries(schema.resources)) {
        const r = resources.get(token);
        if (!r) {
            extra.push(`resource ${token}`);
            continue;
        }
        names(`${token} input`, r.inputs, served.inputProperties);
        names(`${token} output`, r.outputs, served.properties);
    }
    const functions = new Map(sdk.functions.map(f => [f.token, f]));
    for (const [token, served] of Object.entries(schema.functions)) {
        const f = functions.get(token);
        if (!f) {
            if (!sdk.methods.includes(token)) extra.push(`function ${token}`);
            continue;
        }
        names(`${token} argument`, f.inputs, served.inputs?.properties);
        names(`${token} result`, f.outputs, served.outputs?.properties);
    }
    return extra;
}
