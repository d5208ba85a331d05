// Package shim exposes the Terraform random provider's constructor, which lives in an internal
// package: Go lets only packages under the Terraform module's own path import it, so this module
// is declared under that path and pulled into the plugin with a local replace.
package shim

import (
	tfprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// NewProvider returns the Terraform random provider (plugin framework).
func NewProvider() tfprovider.Provider {
	return provider.New()
}
