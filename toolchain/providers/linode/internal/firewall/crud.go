package firewall

import (
	"context"
	"fmt"
	"slices"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

func read(ctx context.Context, c *linodego.Client, id int, inputs property.Map) (property.Map, error) {
	fw, err := c.GetFirewall(ctx, id)
	if err != nil {
		return property.Map{}, err
	}
	rules, err := c.GetFirewallRules(ctx, id)
	if err != nil {
		return property.Map{}, fmt.Errorf("Failed to Get Rules for Firewall %d: %w", id, err)
	}
	devices, err := c.ListFirewallDevices(ctx, id, linodego.NewListOptions(1, ""))
	if err != nil {
		return property.Map{}, fmt.Errorf("Failed to Get Devices for Firewall %d: %w", id, err)
	}
	return outputs(fw, rules, devices, inputs), nil
}

// Create: POST the firewall with its rules and Linodes, then disable it if asked.
func (Firewall) Create(ctx context.Context, env *resource.Env, req p.CreateRequest) (p.CreateResponse, error) {
	if req.DryRun {
		return p.CreateResponse{Properties: props.Planned(schema.Firewall, req.Properties)}, nil
	}
	var a args
	if err := props.Decode(req.Properties, &a); err != nil {
		return p.CreateResponse{}, err
	}
	c := env.Client
	fw, err := c.CreateFirewall(ctx, linodego.FirewallCreateOptions{
		Label: a.Label, Rules: ruleSet(a), Tags: a.Tags,
		Devices: linodego.DevicesCreationOptions{Linodes: a.Linodes, NodeBalancers: a.Nodebalancers},
	})
	if err != nil {
		return p.CreateResponse{}, fmt.Errorf("Failed to Create Firewall: %w", err)
	}
	id := fmt.Sprint(fw.ID)
	partial := func(err error) (p.CreateResponse, error) {
		return resource.PartlyCreated(id, props.Planned(schema.Firewall, req.Properties), err)
	}
	if a.Disabled {
		if fw, err = c.UpdateFirewall(ctx, fw.ID, linodego.FirewallUpdateOptions{Status: linodego.FirewallDisabled}); err != nil {
			return partial(fmt.Errorf("Failed to Disable Firewall %d: %w", fw.ID, err))
		}
	}
	devices, err := c.ListFirewallDevices(ctx, fw.ID, linodego.NewListOptions(1, ""))
	if err != nil {
		return partial(fmt.Errorf("Failed to Get Devices for Firewall %d: %w", fw.ID, err))
	}
	rules, err := c.GetFirewallRules(ctx, fw.ID)
	if err != nil {
		return partial(fmt.Errorf("Failed to Get Rules for Firewall %d: %w", fw.ID, err))
	}
	return p.CreateResponse{ID: id, Properties: outputs(fw, rules, devices, req.Properties)}, nil
}

func (Firewall) Read(ctx context.Context, env *resource.Env, req p.ReadRequest) (p.ReadResponse, error) {
	id, err := resource.ID(req.ID)
	if err != nil {
		return p.ReadResponse{}, err
	}
	return resource.Refresh(req, fmt.Sprintf("Failed to Get Firewall %d", id), func(property.Map) (property.Map, error) {
		return read(ctx, env.Client, id, req.Properties)
	})
}

// Update: PUT the label, tags and status; PUT the whole rule set; add and remove devices.
func (Firewall) Update(ctx context.Context, env *resource.Env, req p.UpdateRequest) (p.UpdateResponse, error) {
	if req.DryRun {
		return p.UpdateResponse{Properties: props.Overlay(schema.Firewall, req.State, req.Inputs, "updated", "devices")}, nil
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
	changed := func(keys ...string) bool {
		for _, k := range keys {
			prop := schema.Firewall.Prop(k)
			if nv, ok := req.Inputs.GetOk(k); ok && !props.Same(*prop, olds.Get(k), nv) {
				return true
			}
		}
		return false
	}
	c := env.Client
	if changed("label", "tags", "disabled") {
		opts := linodego.FirewallUpdateOptions{}
		if changed("label") {
			opts.Label = a.Label
		}
		if changed("tags") {
			tags := a.Tags
			if tags == nil {
				tags = []string{}
			}
			opts.Tags = &tags
		}
		if changed("disabled") {
			opts.Status = linodego.FirewallEnabled
			if a.Disabled {
				opts.Status = linodego.FirewallDisabled
			}
		}
		if _, err := c.UpdateFirewall(ctx, id, opts); err != nil {
			return p.UpdateResponse{}, fmt.Errorf("Failed to Update Firewall %d: %w", id, err)
		}
	}
	if changed("inbounds", "outbounds", "inboundPolicy", "outboundPolicy") {
		if _, err := c.UpdateFirewallRules(ctx, id, ruleSet(a)); err != nil {
			return p.UpdateResponse{}, fmt.Errorf("Failed to Update Rules for Firewall %d: %w", id, err)
		}
	}
	if changed("linodes", "nodebalancers") {
		if err := syncDevices(ctx, c, id, a, req.Inputs); err != nil {
			return p.UpdateResponse{}, err
		}
	}
	out, err := read(ctx, c, id, req.Inputs)
	if err != nil {
		return p.UpdateResponse{}, fmt.Errorf("Failed to Get Firewall %d: %w", id, err)
	}
	return p.UpdateResponse{Properties: out}, nil
}

// syncDevices attaches the wanted entities that are missing and detaches the unwanted ones,
// by device id. A list the program left unset is not managed.
func syncDevices(ctx context.Context, c *linodego.Client, id int, a args, inputs property.Map) error {
	devices, err := c.ListFirewallDevices(ctx, id, linodego.NewListOptions(1, ""))
	if err != nil {
		return fmt.Errorf("Failed to Get Devices for Firewall %d: %w", id, err)
	}
	wanted := map[linodego.FirewallDeviceType][]int{}
	if inputs.Get("linodes").IsArray() {
		wanted[linodego.FirewallDeviceLinode] = a.Linodes
	}
	if inputs.Get("nodebalancers").IsArray() {
		wanted[linodego.FirewallDeviceNodeBalancer] = a.Nodebalancers
	}
	for kind, ids := range wanted {
		for _, entity := range ids {
			if !slices.ContainsFunc(devices, func(d linodego.FirewallDevice) bool { return d.Entity.Type == kind && d.Entity.ID == entity }) {
				if _, err := c.CreateFirewallDevice(ctx, id, linodego.FirewallDeviceCreateOptions{ID: entity, Type: kind}); err != nil {
					return fmt.Errorf("Failed to Create Firewall Device for %s %d: %w", kind, entity, err)
				}
			}
		}
		for _, d := range devices {
			if d.Entity.Type == kind && !slices.Contains(ids, d.Entity.ID) {
				if err := c.DeleteFirewallDevice(ctx, id, d.ID); err != nil {
					return fmt.Errorf("Failed to Delete Firewall Device %d: %w", d.ID, err)
				}
			}
		}
	}
	return nil
}

func (Firewall) Delete(ctx context.Context, env *resource.Env, req p.DeleteRequest) error {
	id, err := resource.ID(req.ID)
	if err != nil {
		return err
	}
	if err := env.Client.DeleteFirewall(ctx, id); err != nil {
		return fmt.Errorf("Failed to Delete Firewall %d: %w", id, err)
	}
	return nil
}
