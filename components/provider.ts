#!/usr/bin/env node
// The components as a Pulumi resource provider, for programs in other languages: the engine
// starts this as the plugin `pulumi-resource-paas`, and @pulumi/pulumi's component provider host
// reads the component classes' argument interfaces from this package's TypeScript sources
// (tsconfig.json at the package root) to give their schema, then constructs them on request.
import * as fs from "fs";
import * as path from "path";
import { componentProviderHost, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "./index";

/** The package root, where package.json and tsconfig.json are (above bin/components, or above components/). */
function packageRoot(dir: string): string {
    return fs.existsSync(path.join(dir, "package.json")) ? dir : packageRoot(path.dirname(dir));
}

componentProviderHost({ name: "paas", dirname: packageRoot(__dirname), components: getPulumiComponents(components) }).catch(err => {
    console.error(err);
    process.exit(1);
});
