package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
)

// generateSchema builds the Pulumi package schema from info in memory. Descriptions come from
// the Terraform schema alone: the provider's markdown docs are not part of the binary.
func generateSchema(info tfbridge.ProviderInfo) ([]byte, error) {
	// The plugin's stdout carries the port handshake, so diagnostics are kept and shown only
	// when generation fails.
	var out bytes.Buffer
	sink := diag.DefaultSink(&out, &out, diag.FormatOptions{Color: colors.Never})
	res, err := tfgen.GenerateSchemaWithOptions(tfgen.GenerateSchemaOptions{
		ProviderInfo:    info,
		DiagnosticsSink: sink,
		XInMemoryDocs:   true,
	})
	if err != nil {
		return nil, fmt.Errorf("generating the %s schema: %w\n%s", info.Name, err, out.String())
	}
	return json.Marshal(res.PackageSpec)
}
