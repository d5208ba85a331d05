// Command pulumi-resource-docker is the Pulumi resource plugin for the resources and functions
// of @pulumi/docker that come from the Terraform docker provider, served through the Pulumi
// Terraform bridge. Build it with -tags no_compose (see README.md).
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
)

// version is set at build time (-X main.version=4.11.2): the engine asks for the plugin by the
// version the npm SDK names, and the bridge refuses a non-semver one.
var version string

func main() {
	// The SDKv2 bridge would serve an empty version, which the engine cannot match to the SDK.
	if version == "" {
		cmdutil.ExitError("pulumi-resource-docker was built without -X main.version=<version>")
	}
	info := providerInfo(version)
	// The schema is generated at start-up from the same info, so none is committed or embedded.
	// The bridge also checks inputs against it.
	schema, err := generateSchema(info)
	if err != nil {
		cmdutil.ExitError(err.Error())
	}
	tfbridge.Main(packageName, version, info, schema)
}
