// Package provider assembles the plugin: schema, configuration, and the resources and
// function, dispatched by token.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/config"
	"paas.local/toolchain/providers/linode/internal/domain"
	"paas.local/toolchain/providers/linode/internal/firewall"
	"paas.local/toolchain/providers/linode/internal/instance"
	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/record"
	"paas.local/toolchain/providers/linode/internal/region"
	res "paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

var resources = map[string]res.Resource{
	schema.Instance.Token:     instance.Instance{},
	schema.Firewall.Token:     firewall.Firewall{},
	schema.Domain.Token:       domain.Domain{},
	schema.DomainRecord.Token: record.Record{},
}

func lookup(urn resource.URN) (res.Resource, error) {
	r, ok := resources[string(urn.Type())]
	if !ok {
		return nil, fmt.Errorf("unknown resource type %q", urn.Type())
	}
	return r, nil
}

// configKeys are the configuration's own keys (the engine adds "version", go-provider its own).
func configKeys(m property.Map) property.Map {
	out := map[string]property.Value{}
	for _, prop := range schema.Provider.Props {
		if v, ok := m.GetOk(prop.Name); ok {
			out[prop.Name] = v
		}
	}
	return property.NewMap(out)
}

// New is the plugin. env reads the environment (os.LookupEnv outside tests).
func New(version string, env func(string) (string, bool)) p.Provider {
	state := &res.Env{}
	if env == nil {
		env = os.LookupEnv
	}
	needClient := func() error {
		if state.Client == nil {
			return fmt.Errorf("the linode provider is not configured")
		}
		return nil
	}
	return p.Provider{
		GetSchema: func(context.Context, p.GetSchemaRequest) (p.GetSchemaResponse, error) {
			return p.GetSchemaResponse{Schema: schema.JSON(version)}, nil
		},
		Cancel: func(context.Context) error { return nil },
		CheckConfig: func(_ context.Context, req p.CheckRequest) (p.CheckResponse, error) {
			_, failures := config.Parse(req.Inputs, env)
			var out []p.CheckFailure
			for _, f := range failures {
				out = append(out, p.CheckFailure{Property: f.Key, Reason: f.Reason})
			}
			return p.CheckResponse{Inputs: req.Inputs, Failures: out}, nil
		},
		DiffConfig: func(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
			d := props.Diff(schema.Provider, configKeys(req.OldInputs), configKeys(req.Inputs), req.IgnoreChanges)
			return d, nil
		},
		Configure: func(ctx context.Context, req p.ConfigureRequest) error {
			cfg, failures := config.Parse(req.Args, env)
			if len(failures) > 0 {
				msgs := make([]string, len(failures))
				for i, f := range failures {
					msgs[i] = f.Error()
				}
				return fmt.Errorf("%s", strings.Join(msgs, "; "))
			}
			client, err := cfg.Client(version)
			if err != nil {
				return err
			}
			if err := config.Ping(ctx, client); err != nil {
				return err
			}
			state.Client, state.Config = client, cfg
			return nil
		},
		Invoke: func(ctx context.Context, req p.InvokeRequest) (p.InvokeResponse, error) {
			if string(req.Token) != schema.GetRegion.Token {
				return p.InvokeResponse{}, fmt.Errorf("unknown function %q", req.Token)
			}
			if err := needClient(); err != nil {
				return p.InvokeResponse{}, err
			}
			return region.Invoke(ctx, state, req.Args)
		},
		Check: func(ctx context.Context, req p.CheckRequest) (p.CheckResponse, error) {
			r, err := lookup(req.Urn)
			if err != nil {
				return p.CheckResponse{}, err
			}
			return r.Check(ctx, state, req)
		},
		Diff: func(ctx context.Context, req p.DiffRequest) (p.DiffResponse, error) {
			r, err := lookup(req.Urn)
			if err != nil {
				return p.DiffResponse{}, err
			}
			return r.Diff(ctx, req)
		},
		Create: func(ctx context.Context, req p.CreateRequest) (p.CreateResponse, error) {
			r, err := lookup(req.Urn)
			if err != nil {
				return p.CreateResponse{}, err
			}
			if !req.DryRun {
				if err := needClient(); err != nil {
					return p.CreateResponse{}, err
				}
			}
			return r.Create(ctx, state, req)
		},
		Read: func(ctx context.Context, req p.ReadRequest) (p.ReadResponse, error) {
			r, err := lookup(req.Urn)
			if err != nil {
				return p.ReadResponse{}, err
			}
			if err := needClient(); err != nil {
				return p.ReadResponse{}, err
			}
			return r.Read(ctx, state, req)
		},
		Update: func(ctx context.Context, req p.UpdateRequest) (p.UpdateResponse, error) {
			r, err := lookup(req.Urn)
			if err != nil {
				return p.UpdateResponse{}, err
			}
			if !req.DryRun {
				if err := needClient(); err != nil {
					return p.UpdateResponse{}, err
				}
			}
			return r.Update(ctx, state, req)
		},
		Delete: func(ctx context.Context, req p.DeleteRequest) error {
			r, err := lookup(req.Urn)
			if err != nil {
				return err
			}
			if err := needClient(); err != nil {
				return err
			}
			return r.Delete(ctx, state, req)
		},
	}
}
