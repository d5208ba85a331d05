// Package record is linode:index/domainRecord:DomainRecord, one record of a DNS zone; its id
// is the record's, the zone's id stays in domainId.
package record

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/domain"
	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Record implements the resource.
type Record struct{}

var _ resource.Resource = Record{}

func (Record) Schema() schema.Resource { return schema.DomainRecord }

type args struct {
	DomainID   int     `json:"domainId"`
	RecordType string  `json:"recordType"`
	Name       string  `json:"name"`
	Target     string  `json:"target"`
	TTLSec     int     `json:"ttlSec"`
	Priority   *int    `json:"priority"`
	Weight     *int    `json:"weight"`
	Port       *int    `json:"port"`
	Service    *string `json:"service"`
	Protocol   *string `json:"protocol"`
	Tag        *string `json:"tag"`
}

var recordTypes = []string{"A", "AAAA", "NS", "MX", "CNAME", "TXT", "SRV", "PTR", "CAA"}

func (Record) Check(_ context.Context, _ *resource.Env, req p.CheckRequest) (p.CheckResponse, error) {
	inputs := props.WithDefaults(schema.DomainRecord, req.Inputs)
	failures := props.CheckTypes(schema.DomainRecord, inputs)
	if t, ok := props.Str(inputs, "recordType"); ok && !slices.Contains(recordTypes, t) {
		failures = append(failures, props.Failure("recordType", "expected record_type to be one of %v, got %s", recordTypes, t))
	}
	if n, ok := props.Str(inputs, "name"); ok && len(n) > 100 {
		failures = append(failures, props.Failure("name", "expected length of name to be in the range (0 - 100), got %s", n))
	}
	if n, ok := props.Int(inputs, "priority"); ok && (n < 0 || n > 255) {
		failures = append(failures, props.Failure("priority", "expected priority to be in the range (0 - 255), got %d", n))
	}
	return p.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

// Diff: zone and type replace; a TTL that rounds alike, or a relative target the stored one
// contains, is no change (TF's diff suppressions).
func (Record) Diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	olds := resource.OldInputs(req)
	d := props.Diff(schema.DomainRecord, olds, req.Inputs, req.IgnoreChanges)
	if _, ok := d.DetailedDiff["ttlSec"]; ok && domain.SameTTL(olds.Get("ttlSec"), req.Inputs.Get("ttlSec")) {
		delete(d.DetailedDiff, "ttlSec")
	}
	if _, ok := d.DetailedDiff["target"]; ok {
		nt, nok := props.Str(req.Inputs, "target")
		st, sok := props.Str(req.State, "target")
		if nok && sok && !strings.Contains(nt, ".") && strings.Contains(st, nt) {
			delete(d.DetailedDiff, "target")
		}
	}
	d.HasChanges = len(d.DetailedDiff) > 0
	return d, nil
}

func outputs(r *linodego.DomainRecord, domainID int, inputs property.Map) property.Map {
	out := map[string]any{
		"domainId": domainID, "recordType": string(r.Type), "name": r.Name, "target": r.Target,
	}
	if v := inputs.Get("ttlSec"); v.IsNumber() {
		out["ttlSec"] = v
	} else if r.TTLSec != 0 {
		out["ttlSec"] = r.TTLSec
	}
	for key, v := range map[string]int{"priority": r.Priority, "weight": r.Weight, "port": r.Port} {
		if inputs.Get(key).IsNumber() || v != 0 {
			out[key] = v
		}
	}
	for key, v := range map[string]*string{"service": r.Service, "protocol": r.Protocol, "tag": r.Tag} {
		if v != nil {
			out[key] = *v
		}
	}
	return props.MapOf(out)
}

// read is TF's read: the record, and for a named record the zone, so that a name declared
// with the zone's suffix keeps its declared form.
func read(ctx context.Context, c *linodego.Client, domainID, id int, inputs property.Map) (property.Map, error) {
	r, err := c.GetDomainRecord(ctx, domainID, id)
	if err != nil {
		return property.Map{}, err
	}
	if r.Name != "" {
		zone, err := c.GetDomain(ctx, domainID)
		if err != nil {
			return property.Map{}, fmt.Errorf("Error finding the specified Linode Domain: %w", err)
		}
		if declared, ok := props.Str(inputs, "name"); ok && strings.HasSuffix(declared, zone.Domain) {
			r.Name = declared
		}
	}
	return outputs(r, domainID, inputs), nil
}

func ids(req string, state property.Map) (int, int, error) {
	id, err := resource.ID(req)
	if err != nil {
		return 0, 0, err
	}
	domainID, ok := props.Int(state, "domainId")
	if !ok {
		return 0, 0, fmt.Errorf("record %d has no domainId in its state", id)
	}
	return domainID, id, nil
}

func (Record) Create(ctx context.Context, env *resource.Env, req p.CreateRequest) (p.CreateResponse, error) {
	if req.DryRun {
		return p.CreateResponse{Properties: props.Planned(schema.DomainRecord, req.Properties)}, nil
	}
	var a args
	if err := props.Decode(req.Properties, &a); err != nil {
		return p.CreateResponse{}, err
	}
	r, err := env.Client.CreateDomainRecord(ctx, a.DomainID, linodego.DomainRecordCreateOptions{
		Type: linodego.DomainRecordType(a.RecordType), Name: a.Name, Target: a.Target, TTLSec: a.TTLSec,
		Priority: a.Priority, Weight: a.Weight, Port: a.Port, Service: a.Service, Protocol: a.Protocol, Tag: a.Tag,
	})
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("Error creating a Linode DomainRecord: %w", err)
	}
	out, err := read(ctx, env.Client, a.DomainID, r.ID, req.Properties)
	if err != nil {
		return resource.PartlyCreated(fmt.Sprint(r.ID), outputs(r, a.DomainID, req.Properties), err)
	}
	return p.CreateResponse{ID: fmt.Sprint(r.ID), Properties: out}, nil
}

func (Record) Read(ctx context.Context, env *resource.Env, req p.ReadRequest) (p.ReadResponse, error) {
	domainID, id, err := ids(req.ID, req.Properties)
	if err != nil {
		return p.ReadResponse{}, err
	}
	return resource.Refresh(req, "Error finding the specified Linode DomainRecord", func(inputs property.Map) (property.Map, error) {
		return read(ctx, env.Client, domainID, id, inputs)
	})
}

// Update: PUT the record; empty fields are left out (so an empty name is not sent).
func (Record) Update(ctx context.Context, env *resource.Env, req p.UpdateRequest) (p.UpdateResponse, error) {
	if req.DryRun {
		return p.UpdateResponse{Properties: props.Overlay(schema.DomainRecord, req.State, req.Inputs)}, nil
	}
	domainID, id, err := ids(req.ID, req.State)
	if err != nil {
		return p.UpdateResponse{}, err
	}
	var a args
	if err := props.Decode(req.Inputs, &a); err != nil {
		return p.UpdateResponse{}, err
	}
	_, err = env.Client.UpdateDomainRecord(ctx, domainID, id, linodego.DomainRecordUpdateOptions{
		Type: linodego.DomainRecordType(a.RecordType), Name: a.Name, Target: a.Target, TTLSec: a.TTLSec,
		Priority: a.Priority, Weight: a.Weight, Port: a.Port, Service: a.Service, Protocol: a.Protocol, Tag: a.Tag,
	})
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Error updating Domain Record: %w", err)
	}
	out, err := read(ctx, env.Client, domainID, id, req.Inputs)
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Error finding the specified Linode DomainRecord: %w", err)
	}
	return p.UpdateResponse{Properties: out}, nil
}

func (Record) Delete(ctx context.Context, env *resource.Env, req p.DeleteRequest) error {
	domainID, id, err := ids(req.ID, req.Properties)
	if err != nil {
		return err
	}
	if err := env.Client.DeleteDomainRecord(ctx, domainID, id); err != nil {
		return fmt.Errorf("Error deleting Linode Domain Record %d: %w", id, err)
	}
	return nil
}
