package instance

import (
	"context"
	"fmt"
	"strings"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Instance implements the resource.
type Instance struct{}

var _ resource.Resource = Instance{}

func (Instance) Schema() schema.Resource { return schema.Instance }

// Check applies the schema's defaults and TF's rules, and asks Linode whether the region and
// the plan exist, so that a plan Linode does not sell fails at preview, before anything is made.
func (Instance) Check(ctx context.Context, env *resource.Env, req p.CheckRequest) (p.CheckResponse, error) {
	inputs := props.WithDefaults(schema.Instance, req.Inputs)
	failures := props.CheckTypes(schema.Instance, inputs)
	if label, ok := props.Str(inputs, "label"); ok && (len(label) < 3 || len(label) > 50) {
		failures = append(failures, props.Failure("label", "expected length of label to be in the range (3 - 50), got %s", label))
	}
	if pass, ok := props.Str(inputs, "rootPass"); ok && (len(pass) < 11 || len(pass) > 128) {
		failures = append(failures, props.Failure("rootPass", "expected length of root_pass to be in the range (11 - 128)"))
	}
	if mt, ok := props.Str(inputs, "migrationType"); ok && mt != "cold" && mt != "warm" {
		failures = append(failures, props.Failure("migrationType", "expected migration_type to be one of [cold warm], got %s", mt))
	}
	if keys := inputs.Get("authorizedKeys"); keys.IsArray() {
		for i, k := range keys.AsArray().All {
			if k.IsNull() || (k.IsString() && strings.TrimSpace(k.AsString()) == "") {
				failures = append(failures, props.Failure(fmt.Sprintf("authorizedKeys[%d]", i), "keys cannot be empty or null"))
			}
		}
	}
	if env != nil && env.Client != nil {
		if t, ok := props.Str(inputs, "type"); ok {
			if _, err := env.Client.GetType(ctx, t); linodego.IsNotFound(err) {
				failures = append(failures, props.Failure("type", "Linode has no plan %q (GET /linode/types/%s: %v)", t, t, err))
			}
		}
		if r, ok := props.Str(inputs, "region"); ok {
			if _, err := env.Client.GetRegion(ctx, r); linodego.IsNotFound(err) {
				failures = append(failures, props.Failure("region", "Linode has no region %q (GET /regions/%s: %v)", r, r, err))
			}
		}
	}
	return p.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

// Diff: image, keys, passwords and first-boot data replace the Linode; region migrates it,
// type resizes it, the rest changes in place.
func (Instance) Diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	d := props.Diff(schema.Instance, resource.OldInputs(req), req.Inputs, req.IgnoreChanges)
	// TF forces a new Linode when metadata.user_data changes, and adding or removing the
	// block changes it too.
	if _, ok := d.DetailedDiff["metadatas"]; ok {
		props.MarkReplace(&d, "metadatas")
	}
	return d, nil
}

func booted(a args) bool { return a.Booted == nil || *a.Booted }

func plainValue(v property.Value) property.Value { return props.Plainly(v) }
