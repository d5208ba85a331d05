// Package resource is what every resource of the plugin implements, and what they share: the
// configured client, ids, timeouts, and waits on Linode's events and statuses.
package resource

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/config"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Env is the configured provider, as the resources see it.
type Env struct {
	// Client is nil until Configure has run.
	Client *linodego.Client
	Config config.Config
}

// Resource is one resource type of the plugin.
type Resource interface {
	Schema() schema.Resource
	Check(ctx context.Context, env *Env, req p.CheckRequest) (p.CheckResponse, error)
	Diff(ctx context.Context, req p.DiffRequest) (p.DiffResponse, error)
	Create(ctx context.Context, env *Env, req p.CreateRequest) (p.CreateResponse, error)
	Read(ctx context.Context, env *Env, req p.ReadRequest) (p.ReadResponse, error)
	Update(ctx context.Context, env *Env, req p.UpdateRequest) (p.UpdateResponse, error)
	Delete(ctx context.Context, env *Env, req p.DeleteRequest) error
}

// ID parses a resource id that holds Linode's numeric id.
func ID(id string) (int, error) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return 0, fmt.Errorf("invalid Linode id %q: %w", id, err)
	}
	return n, nil
}

// Timeout is the engine's timeout for an operation, or def when it gives none.
func Timeout(seconds float64, def time.Duration) time.Duration {
	if seconds > 0 {
		return time.Duration(seconds * float64(time.Second))
	}
	return def
}

// OldInputs are the inputs a diff compares against: the old inputs when the engine sends
// them, else the stored state.
func OldInputs(req p.DiffRequest) property.Map { return orElse(req.OldInputs, req.State) }

// UpdateOldInputs are what an update compares the new inputs with, as OldInputs for a diff.
func UpdateOldInputs(req p.UpdateRequest) property.Map { return orElse(req.OldInputs, req.State) }

// ReadInputs are the inputs a read keeps: those the engine sends, else (an import sends
// none) the properties.
func ReadInputs(req p.ReadRequest) property.Map { return orElse(req.Inputs, req.Properties) }

func orElse(m, otherwise property.Map) property.Map {
	if m.Len() > 0 {
		return m
	}
	return otherwise
}

// Refresh answers a read with what outputs computes from Linode for the read's inputs. A
// resource Linode no longer has (404) leaves the state, which the engine takes from an empty
// response; any other error is prefixed with failure.
func Refresh(req p.ReadRequest, failure string, outputs func(inputs property.Map) (property.Map, error)) (p.ReadResponse, error) {
	inputs := ReadInputs(req)
	out, err := outputs(inputs)
	if linodego.IsNotFound(err) {
		return p.ReadResponse{}, nil
	}
	if err != nil {
		return p.ReadResponse{}, fmt.Errorf("%s: %w", failure, err)
	}
	return p.ReadResponse{ID: req.ID, Properties: out, Inputs: inputs}, nil
}

// PartlyCreated answers a create that failed after Linode made the resource: the engine keeps
// id and properties, so that the next update or delete finds it.
func PartlyCreated(id string, properties property.Map, err error) (p.CreateResponse, error) {
	return p.CreateResponse{ID: id, Properties: properties,
		PartialState: &p.InitializationFailed{Reasons: []string{err.Error()}}}, err
}

// Seconds is a duration in whole seconds, at least one, for linodego's waits.
func Seconds(d time.Duration) int {
	if s := int(d / time.Second); s > 0 {
		return s
	}
	return 1
}
