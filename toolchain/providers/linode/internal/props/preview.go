package props

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/schema"
)

// Planned is what a preview of a create shows: the inputs, and every other property the
// resource always has as unknown.
func Planned(r schema.Resource, inputs property.Map) property.Map {
	out := inputs
	for _, prop := range r.Props {
		if v, ok := out.GetOk(prop.Name); (!ok || v.IsNull()) && prop.Output {
			out = out.Set(prop.Name, property.New(property.Computed))
		}
	}
	return Secrets(r, out)
}

// Overlay is what a preview of an update shows: the stored outputs with the new inputs
// over them, and the named properties unknown (those the update will change).
func Overlay(r schema.Resource, state, inputs property.Map, changing ...string) property.Map {
	out := state
	for k, v := range inputs.All {
		if !v.IsNull() {
			out = out.Set(k, v)
		}
	}
	for _, k := range changing {
		out = out.Set(k, property.New(property.Computed))
	}
	return Secrets(r, out)
}

// Secrets marks the schema's secret properties secret.
func Secrets(r schema.Resource, m property.Map) property.Map {
	for _, prop := range r.Props {
		if v, ok := m.GetOk(prop.Name); ok && prop.Secret && !v.IsNull() {
			m = m.Set(prop.Name, v.WithSecret(true))
		}
	}
	return m
}
