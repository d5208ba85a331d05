// Package provider assembles the command provider: its resources, its function and the
// package metadata of its schema.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/local"
	"paas.local/toolchain/providers/command/remote"
)

// Name is the package name: tokens are command:<module>:<Name>.
const Name = "command"

// New returns the provider.
func New() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("Command").
		WithDescription("The Pulumi Command Provider enables you to execute commands and scripts either locally or "+
			"remotely as part of the Pulumi resource model.").
		WithKeywords("pulumi", "command", "category/utility", "kind/native").
		WithHomepage("https://pulumi.com").
		WithLicense("Apache-2.0").
		WithRepository("https://github.com/pulumi/pulumi-command").
		WithLogoURL("https://raw.githubusercontent.com/pulumi/pulumi-command/master/assets/logo.svg").
		WithPublisher("Pulumi").
		WithLanguageMap(languages()).
		WithResources(
			infer.Resource(&local.Command{}),
			infer.Resource(&remote.Command{}),
			infer.Resource(&remote.CopyToRemote{}),
			infer.Resource(&remote.CopyFile{}),
		).
		WithFunctions(infer.Function(&local.Run{})).
		Build()
}

// languages is the schema's language section, which SDK generators read.
func languages() map[string]any {
	return map[string]any{
		"csharp": map[string]any{
			"packageReferences":    map[string]any{"Pulumi": "3.*"},
			"respectSchemaVersion": true,
		},
		"go": map[string]any{
			"generateResourceContainerTypes": true,
			"importBasePath":                 "github.com/pulumi/pulumi-command/sdk/go/command",
			"respectSchemaVersion":           true,
		},
		"java": map[string]any{
			"buildFiles":                      "gradle",
			"gradleNexusPublishPluginVersion": "2.0.0",
			"dependencies": map[string]any{
				"com.pulumi:pulumi":               "1.0.0",
				"com.google.code.gson:gson":       "2.8.9",
				"com.google.code.findbugs:jsr305": "3.0.2",
			},
		},
		"nodejs": map[string]any{"respectSchemaVersion": true},
		"python": map[string]any{
			"respectSchemaVersion": true,
			"pyproject":            map[string]any{"enabled": true},
		},
	}
}
