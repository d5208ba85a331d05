// Package shim exposes the Terraform docker provider's SDKv2 constructor, which lives in an
// internal package: Go lets only packages under the Terraform module's own path import it, so
// this module is declared under that path and pulled into the plugin with a local replace.
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// NewProvider returns the SDKv2 half of the Terraform docker provider. Every resource and data
// source @pulumi/docker maps is in that half; the plugin-framework half (compose, Terraform
// actions) is left out. version reaches the Docker daemon in the client's user agent.
func NewProvider(version string) *schema.Provider {
	return provider.New(version)()
}
