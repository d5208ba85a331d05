package main

import (
	"context"
	"errors"

	pftfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/terraform-providers/terraform-provider-random/shim"
)

const (
	packageName = "random"
	moduleName  = "index"
)

// providerInfo maps the Terraform random provider onto the tokens of @pulumi/random. The plugin
// serves it and generates its schema from it, so the two cannot drift apart.
func providerInfo(version string) tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:           pftfbridge.ShimProvider(shim.NewProvider()),
		Name:        packageName,
		Version:     version,
		Description: "A Pulumi package to safely use randomness in Pulumi programs.",
		Keywords:    []string{"pulumi", "random"},
		License:     "Apache-2.0",
		Homepage:    "https://pulumi.io",
		Repository:  "https://github.com/pulumi/pulumi-random",
		// No history of earlier releases exists here, so the metadata starts empty; the
		// bridge fills it in memory while the schema is generated.
		MetadataInfo: tfbridge.NewProviderMetadata(nil),
		Resources: map[string]*tfbridge.ResourceInfo{
			"random_string": {PreStateUpgradeHook: assumeStringStateV1},
			// random_bytes has no id attribute of its own.
			"random_bytes": {ComputeID: bytesID},
		},
		// Same previews and state encoding as Pulumi's published plugin, so state written by
		// either plugin reads the same in the other.
		EnableAccurateBridgePreview: true,
		EnableRawStateDelta:         true,
	}
	// "random_password" becomes random:index/randomPassword:RandomPassword: the SDK keeps the
	// provider's prefix in each type name.
	info.MustComputeTokens(tokens.SingleModule("random_", moduleName,
		func(module, name string) (string, error) {
			return tokens.MakeStandard(packageName)(module, "Random"+name)
		}))
	info.MustApplyAutoAliases()
	return info
}

// assumeStringStateV1 reads a RandomString state that carries no schema version as version 1:
// older Pulumi releases of the plugin wrote such states (pulumi/pulumi-random#258), and the
// provider's upgrades from version 1 leave already-upgraded values unchanged.
func assumeStringStateV1(args tfbridge.PreStateUpgradeHookArgs) (int64, resource.PropertyMap, error) {
	if args.PriorStateSchemaVersion == 0 {
		return 1, args.PriorState, nil
	}
	return args.PriorStateSchemaVersion, args.PriorState, nil
}

// bytesID uses the base64 result as the ID, as Pulumi's plugin does: it is what
// `pulumi import` of a RandomBytes takes.
func bytesID(_ context.Context, state resource.PropertyMap) (resource.ID, error) {
	v, ok := state["base64"]
	if !ok {
		return "", errors.New("RandomBytes state has no base64 property")
	}
	// IDs cannot be secret: the value is unwrapped.
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		return "", errors.New("RandomBytes base64 property is not a string")
	}
	return resource.ID(v.StringValue()), nil
}
