// pulumi-resource-linode: the Linode resources the platform uses (@pulumi/linode 5.1.1's
// Instance, Firewall, Domain, DomainRecord and getRegion), on Linode's own Go client.
package main

import (
	"context"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"

	"paas.local/toolchain/providers/linode/internal/provider"
)

// version is set at build time (-X main.version=5.1.1).
var version string

func main() {
	if err := p.RunProvider(context.Background(), "linode", version, provider.New(version, nil)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
