// Command pulumi-resource-command is the Pulumi resource provider plugin "command": shell
// commands run on the provider's host or over SSH, and files copied over SFTP.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"

	"paas.local/toolchain/providers/command/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.1".
var version string

func main() {
	prov, err := provider.New()
	if err == nil {
		err = p.RunProvider(context.Background(), provider.Name, pluginVersion(), prov)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %s\n", err)
		os.Exit(1)
	}
}

// pluginVersion is the version reported to the engine, without a leading "v". A build without
// the linker flag reports a development version.
func pluginVersion() string {
	if v := strings.TrimPrefix(version, "v"); v != "" {
		return v
	}
	return "0.0.0-dev"
}
