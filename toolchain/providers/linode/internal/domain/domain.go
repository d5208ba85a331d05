package domain

import (
	"context"
	"fmt"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Domain implements the resource.
type Domain struct{}

var _ resource.Resource = Domain{}

func (Domain) Schema() schema.Resource { return schema.Domain }

type args struct {
	Domain      string   `json:"domain"`
	Type        string   `json:"type"`
	SOAEmail    string   `json:"soaEmail"`
	Group       string   `json:"group"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	TTLSec      int      `json:"ttlSec"`
	RefreshSec  int      `json:"refreshSec"`
	RetrySec    int      `json:"retrySec"`
	ExpireSec   int      `json:"expireSec"`
	MasterIPs   []string `json:"masterIps"`
	AXFRIPs     []string `json:"axfrIps"`
	Tags        []string `json:"tags"`
}

func (Domain) Check(_ context.Context, _ *resource.Env, req p.CheckRequest) (p.CheckResponse, error) {
	inputs := props.WithDefaults(schema.Domain, req.Inputs)
	failures := props.CheckTypes(schema.Domain, inputs)
	if t, ok := props.Str(inputs, "type"); ok && t != "master" && t != "slave" {
		failures = append(failures, props.Failure("type", "expected type to be one of [master slave], got %s", t))
	}
	if g, ok := props.Str(inputs, "group"); ok && len(g) > 50 {
		failures = append(failures, props.Failure("group", "expected length of group to be in the range (0 - 50)"))
	}
	if d, ok := props.Str(inputs, "description"); ok && len(d) > 253 {
		failures = append(failures, props.Failure("description", "expected length of description to be in the range (0 - 253)"))
	}
	return p.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

var ttlKeys = []string{"ttlSec", "refreshSec", "retrySec", "expireSec"}

func (Domain) Diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	olds := resource.OldInputs(req)
	d := props.Diff(schema.Domain, olds, req.Inputs, req.IgnoreChanges)
	for _, k := range ttlKeys {
		if _, ok := d.DetailedDiff[k]; ok && SameTTL(olds.Get(k), req.Inputs.Get(k)) {
			delete(d.DetailedDiff, k)
		}
	}
	d.HasChanges = len(d.DetailedDiff) > 0
	return d, nil
}

func outputs(d *linodego.Domain, inputs property.Map) property.Map {
	out := map[string]any{
		"domain": d.Domain, "type": string(d.Type), "status": string(d.Status), "tags": props.NonNil(d.Tags),
	}
	set := func(key string, v any, present bool) {
		if present || inputs.Get(key).IsString() || inputs.Get(key).IsNumber() {
			out[key] = v
		}
	}
	set("soaEmail", d.SOAEmail, d.SOAEmail != "")
	set("description", d.Description, d.Description != "")
	set("group", d.Group, d.Group != "")
	// Rounded values are what Linode keeps; the declared ones stay in the state so that
	// they do not show as changes.
	for _, k := range ttlKeys {
		if v := inputs.Get(k); v.IsNumber() {
			out[k] = v
		}
	}
	if len(d.MasterIPs) > 0 || inputs.Get("masterIps").IsArray() {
		out["masterIps"] = props.NonNil(d.MasterIPs)
	}
	if len(d.AXfrIPs) > 0 {
		out["axfrIps"] = d.AXfrIPs
	} else if v := inputs.Get("axfrIps"); v.IsArray() {
		out["axfrIps"] = v
	}
	return props.MapOf(out)
}

// Create: POST /domains. master_ips, axfr_ips and tags go as null when unset, as linodego
// sends them.
func (Domain) Create(ctx context.Context, env *resource.Env, req p.CreateRequest) (p.CreateResponse, error) {
	if req.DryRun {
		return p.CreateResponse{Properties: props.Planned(schema.Domain, req.Properties)}, nil
	}
	var a args
	if err := props.Decode(req.Properties, &a); err != nil {
		return p.CreateResponse{}, err
	}
	d, err := env.Client.CreateDomain(ctx, linodego.DomainCreateOptions{
		Domain: a.Domain, Type: linodego.DomainType(a.Type), SOAEmail: a.SOAEmail, Group: a.Group, Description: a.Description,
		Status: linodego.DomainStatus(a.Status), TTLSec: a.TTLSec, RefreshSec: a.RefreshSec, RetrySec: a.RetrySec,
		ExpireSec: a.ExpireSec, MasterIPs: a.MasterIPs, AXfrIPs: a.AXFRIPs, Tags: a.Tags,
	})
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("Error creating a Linode Domain: %w", err)
	}
	got, err := env.Client.GetDomain(ctx, d.ID)
	if err != nil {
		return resource.PartlyCreated(fmt.Sprint(d.ID), outputs(d, req.Properties), err)
	}
	return p.CreateResponse{ID: fmt.Sprint(d.ID), Properties: outputs(got, req.Properties)}, nil
}

func (Domain) Read(ctx context.Context, env *resource.Env, req p.ReadRequest) (p.ReadResponse, error) {
	id, err := resource.ID(req.ID)
	if err != nil {
		return p.ReadResponse{}, err
	}
	return resource.Refresh(req, "Error finding the specified Linode Domain", func(inputs property.Map) (property.Map, error) {
		d, err := env.Client.GetDomain(ctx, id)
		if err != nil {
			return property.Map{}, err
		}
		return outputs(d, inputs), nil
	})
}

// Update: PUT /domains/{id}; the lists go only when they changed (null otherwise).
func (Domain) Update(ctx context.Context, env *resource.Env, req p.UpdateRequest) (p.UpdateResponse, error) {
	if req.DryRun {
		return p.UpdateResponse{Properties: props.Overlay(schema.Domain, req.State, req.Inputs)}, nil
	}
	id, err := resource.ID(req.ID)
	if err != nil {
		return p.UpdateResponse{}, err
	}
	var a args
	if err := props.Decode(req.Inputs, &a); err != nil {
		return p.UpdateResponse{}, err
	}
	olds := resource.UpdateOldInputs(req)
	opts := linodego.DomainUpdateOptions{
		Domain: a.Domain, Status: linodego.DomainStatus(a.Status), Group: a.Group, Description: a.Description,
		SOAEmail: a.SOAEmail, TTLSec: a.TTLSec, RefreshSec: a.RefreshSec, RetrySec: a.RetrySec, ExpireSec: a.ExpireSec,
	}
	list := func(key string, v []string) []string {
		if props.Same(*schema.Domain.Prop(key), olds.Get(key), req.Inputs.Get(key)) {
			return nil
		}
		if v == nil {
			return []string{}
		}
		return v
	}
	opts.MasterIPs, opts.AXfrIPs, opts.Tags = list("masterIps", a.MasterIPs), list("axfrIps", a.AXFRIPs), list("tags", a.Tags)
	if _, err := env.Client.UpdateDomain(ctx, id, opts); err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Error updating Linode Domain %d: %w", id, err)
	}
	d, err := env.Client.GetDomain(ctx, id)
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Error finding the specified Linode Domain: %w", err)
	}
	return p.UpdateResponse{Properties: outputs(d, req.Inputs)}, nil
}

func (Domain) Delete(ctx context.Context, env *resource.Env, req p.DeleteRequest) error {
	id, err := resource.ID(req.ID)
	if err != nil {
		return err
	}
	if err := env.Client.DeleteDomain(ctx, id); err != nil {
		return fmt.Errorf("Error deleting Linode Domain %d: %w", id, err)
	}
	return nil
}
