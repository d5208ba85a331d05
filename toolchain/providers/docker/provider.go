package main

import (
	"context"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/terraform-providers/terraform-provider-docker/shim"
)

const (
	packageName = "docker"
	moduleName  = "index"
)

// providerInfo maps the SDKv2 half of the Terraform docker provider onto the tokens and names of
// @pulumi/docker. The plugin serves it and generates its schema from it, so the two cannot drift
// apart. Pulumi's native resources of that package (docker.Image, buildx) are not here.
func providerInfo(version string) tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:           shimv2.NewProvider(shim.NewProvider(version)),
		Name:        packageName,
		Version:     version,
		Description: "A Pulumi package for interacting with Docker in Pulumi programs",
		Keywords:    []string{"pulumi", "docker"},
		License:     "Apache-2.0",
		Homepage:    "https://pulumi.io",
		Repository:  "https://github.com/pulumi/pulumi-docker",
		// No history of earlier releases exists here, so the metadata starts empty; the
		// bridge fills it in memory while the schema is generated.
		MetadataInfo: tfbridge.NewProviderMetadata(nil),
		Config: map[string]*tfbridge.SchemaInfo{
			// The SDK fills DOCKER_HOST in itself; the default is the SDK's documented one.
			"host": {Default: &tfbridge.DefaultInfo{Value: "unix:///var/run/docker.sock", EnvVars: []string{"DOCKER_HOST"}}},
			// One entry per registry, yet singular in the SDK, and a list even when only one.
			"registry_auth": {Name: "registryAuth", MaxItemsOne: tfbridge.False()},
		},
		Resources: map[string]*tfbridge.ResourceInfo{
			// The SDK's names where the standard mapping would give others.
			"docker_config": {Tok: tfbridge.MakeResource(packageName, moduleName, "ServiceConfig")},
			"docker_image": {
				Tok: tfbridge.MakeResource(packageName, moduleName, "RemoteImage"),
				// The image reference to pull, never a generated name.
				Fields: map[string]*tfbridge.SchemaInfo{"name": {Name: "name"}},
			},
			"docker_network": {PreCheckCallback: dropCheckDuplicate},
			"docker_container": {
				// A container's name and host ports would collide with its replacement.
				DeleteBeforeReplace: true,
				Fields: map[string]*tfbridge.SchemaInfo{
					// One command as a list of words, and a list that is already plural.
					"command":           {Name: "command"},
					"networks_advanced": {Name: "networksAdvanced"},
				},
			},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"docker_image": {Tok: tfbridge.MakeDataSource(packageName, moduleName, "getRemoteImage")},
		},
		SchemaPostProcessor: addCheckDuplicate,
	}
	info.MustComputeTokens(tokens.SingleModule("docker_", moduleName, tokens.MakeStandard(packageName)))
	// Resources with a `name` input get `<resource name>-<random suffix>` when none is given.
	info.SetAutonaming(255, "-")
	info.MustApplyAutoAliases()
	return info
}

// The SDK still offers Network's checkDuplicate, which the Terraform provider dropped in v4.0
// (Docker ignores the option since API 1.44). The schema keeps the property, so programs that
// set it type-check, and the plugin drops its value before the Terraform provider sees it.
const checkDuplicate = "checkDuplicate"

func addCheckDuplicate(spec *schema.PackageSpec) {
	network, ok := spec.Resources[string(tfbridge.MakeResource(packageName, moduleName, "Network"))]
	if !ok {
		return
	}
	prop := schema.PropertySpec{
		TypeSpec:           schema.TypeSpec{Type: "boolean"},
		Description:        "Ignored: Docker no longer checks for duplicate network names on request.",
		DeprecationMessage: "Docker ignores this option since API 1.44; it is not sent.",
	}
	network.InputProperties[checkDuplicate] = prop
	network.Properties[checkDuplicate] = prop
	spec.Resources[string(tfbridge.MakeResource(packageName, moduleName, "Network"))] = network
}

func dropCheckDuplicate(_ context.Context, inputs, _ resource.PropertyMap) (resource.PropertyMap, error) {
	if _, ok := inputs[checkDuplicate]; !ok {
		return inputs, nil
	}
	out := inputs.Copy()
	delete(out, checkDuplicate)
	return out, nil
}
