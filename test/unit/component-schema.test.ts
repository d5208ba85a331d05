// What other Pulumi languages see: Pulumi's Node.js component analyzer, run on this package as
// `pulumi package add` runs it (entry point from package.json, tsconfig.json), accepts every
// component and finds a description for every argument and output.
import * as path from "path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, "../..");
const components = ["App", "LinodeServer", "Platform", "PlatformHost", "PostgresAddon", "RedisAddon"];
const schema = new Analyzer(repoRoot, "paas", require("../../package.json"), new Set(components)).analyze();

test("every component is accepted", () => {
    expect(Object.keys(schema.components).sort()).toEqual(components);
    expect(Object.keys(schema.typeDefinitions).sort()).toEqual(["Addon", "CronJob", "Domain", "HostConnection", "ProcessType", "Volume"]);
});

test.each(components)("%s: every input and output is described", name => {
    const component = schema.components[name];
    const undescribed = [...Object.entries(component.inputs), ...Object.entries(component.outputs)]
        .filter(([, property]) => !property.description).map(([key]) => key);
    expect(undescribed).toEqual([]);
});

test("App's inputs, as other languages get them", () => {
    const inputs = schema.components.App.inputs;
    expect(inputs.connection).toMatchObject({ $ref: "#/types/paas:index:HostConnection" });
    expect(inputs.platformDomain).toMatchObject({ type: "string" });
    expect(inputs.platformDomain.optional).toBeUndefined();
    expect(inputs.config).toMatchObject({ type: "object", additionalProperties: { type: "string" }, optional: true });
    expect(inputs.processes).toMatchObject({ type: "object", additionalProperties: { $ref: "#/types/paas:index:ProcessType" } });
    expect(inputs.domains).toMatchObject({ type: "array", items: { $ref: "#/types/paas:index:Domain" } });
    expect(inputs.releaseTimeoutSeconds).toMatchObject({ type: "number", optional: true });
    expect(inputs.memoryMiB).toMatchObject({ type: "number", optional: true });
    expect(inputs.cpus).toMatchObject({ type: "number", optional: true });
    const processType = schema.typeDefinitions.ProcessType.properties!;
    expect(processType.memoryMiB).toMatchObject({ type: "number", optional: true });
    expect(processType.cpus).toMatchObject({ type: "number", optional: true });
    expect(Object.keys(schema.components.App.outputs).sort()).toEqual(["gitRemote", "hostnames", "image", "release", "url"]);
});
