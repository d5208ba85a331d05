// Command pulumi-resource-random is the Pulumi resource plugin for @pulumi/random: the
// Terraform random provider served through the Pulumi Terraform bridge.
package main

import (
	"context"

	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
)

// version is set at build time (-X main.version=4.21.2): the engine asks for the plugin by the
// version the npm SDK names, and the bridge refuses a non-semver one.
var version string

func main() {
	ctx := context.Background()
	info := providerInfo(version)
	// The schema is generated at start-up from the same info, so none is committed or embedded.
	schema, err := generateSchema(ctx, info)
	if err != nil {
		cmdutil.ExitError(err.Error())
	}
	pftfbridge.Main(ctx, packageName, info, pftfbridge.ProviderMetadata{PackageSchema: schema})
}
