// Package region is the linode:index/getRegion:getRegion function.
package region

import (
	"context"
	"fmt"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Invoke looks the region up: GET /regions/{id}.
func Invoke(ctx context.Context, env *resource.Env, args property.Map) (p.InvokeResponse, error) {
	if failures := props.CheckTypes(schema.GetRegion, args); len(failures) > 0 {
		return p.InvokeResponse{Failures: failures}, nil
	}
	id, _ := props.Str(args, "id")
	r, err := env.Client.GetRegion(ctx, id)
	if err != nil {
		return p.InvokeResponse{}, fmt.Errorf("Unable to find the Linode Region: Error finding the specified Linode Region %s: %w", id, err)
	}
	out := map[string]any{
		"id": r.ID, "label": r.Label, "country": r.Country, "status": r.Status, "siteType": r.SiteType,
		"capabilities": props.NonNil(r.Capabilities),
		"resolvers":    []any{map[string]any{"ipv4": r.Resolvers.IPv4, "ipv6": r.Resolvers.IPv6}},
	}
	limits := []any{}
	if l := r.PlacementGroupLimits; l != nil {
		limits = append(limits, map[string]any{"maximumPgsPerCustomer": l.MaximumPGsPerCustomer, "maximumLinodesPerPg": l.MaximumLinodesPerPG})
	}
	out["placementGroupLimits"] = limits
	return p.InvokeResponse{Return: props.MapOf(out)}, nil
}
