// Package firewall is linode:index/firewall:Firewall: a Cloud Firewall, its rules and the
// Linodes it guards, all changed in place.
package firewall

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/linode/linodego"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/linode/internal/props"
	"paas.local/toolchain/providers/linode/internal/resource"
	"paas.local/toolchain/providers/linode/internal/schema"
)

// Firewall implements the resource.
type Firewall struct{}

var _ resource.Resource = Firewall{}

func (Firewall) Schema() schema.Resource { return schema.Firewall }

type rule struct {
	Label       string   `json:"label"`
	Action      string   `json:"action"`
	Protocol    string   `json:"protocol"`
	Ports       string   `json:"ports"`
	IPv4s       []string `json:"ipv4s"`
	IPv6s       []string `json:"ipv6s"`
	Description string   `json:"description"`
}

type args struct {
	Label          string   `json:"label"`
	InboundPolicy  string   `json:"inboundPolicy"`
	OutboundPolicy string   `json:"outboundPolicy"`
	Inbounds       []rule   `json:"inbounds"`
	Outbounds      []rule   `json:"outbounds"`
	Linodes        []int    `json:"linodes"`
	Nodebalancers  []int    `json:"nodebalancers"`
	Disabled       bool     `json:"disabled"`
	Tags           []string `json:"tags"`
}

// Check applies TF's rules: label lengths, policies, actions and protocols.
func (Firewall) Check(_ context.Context, _ *resource.Env, req p.CheckRequest) (p.CheckResponse, error) {
	inputs := props.WithDefaults(schema.Firewall, req.Inputs)
	failures := props.CheckTypes(schema.Firewall, inputs)
	if l, ok := props.Str(inputs, "label"); ok && (len(l) < 3 || len(l) > 32) {
		failures = append(failures, props.Failure("label", "Attribute label string length must be between 3 and 32, got: %d", len(l)))
	}
	for _, key := range []string{"inboundPolicy", "outboundPolicy"} {
		if v, ok := props.Str(inputs, key); ok && !slices.Contains([]string{"ACCEPT", "DROP"}, v) {
			failures = append(failures, props.Failure(key, "Attribute %s value must be one of: [\"ACCEPT\" \"DROP\"], got: %q", key, v))
		}
	}
	for _, key := range []string{"inbounds", "outbounds"} {
		rules := inputs.Get(key)
		if !rules.IsArray() {
			continue
		}
		for i, r := range rules.AsArray().All {
			if !r.IsMap() {
				continue
			}
			path := fmt.Sprintf("%s[%d].", key, i)
			m := r.AsMap()
			if l, ok := props.Str(m, "label"); ok && (len(l) < 3 || len(l) > 32) {
				failures = append(failures, props.Failure(path+"label", "Attribute label string length must be between 3 and 32, got: %d", len(l)))
			}
			if v, ok := props.Str(m, "action"); ok && !slices.Contains([]string{"ACCEPT", "DROP"}, v) {
				failures = append(failures, props.Failure(path+"action", "Attribute action value must be one of: [\"ACCEPT\" \"DROP\"], got: %q", v))
			}
			if v, ok := props.Str(m, "protocol"); ok && !slices.Contains([]string{"TCP", "UDP", "ICMP", "IPENCAP"}, v) {
				failures = append(failures, props.Failure(path+"protocol", "Attribute protocol value must be one of: [\"TCP\" \"UDP\" \"ICMP\" \"IPENCAP\"], got: %q", v))
			}
			if v, ok := props.Str(m, "ports"); ok && v == "" {
				failures = append(failures, props.Failure(path+"ports", "Attribute ports string length must be at least 1, got: 0"))
			}
			for _, list := range []string{"ipv4s", "ipv6s"} {
				if v := m.Get(list); v.IsArray() && v.AsArray().Len() == 0 {
					failures = append(failures, props.Failure(path+list, "Attribute %s list must contain at least 1 elements, got: 0", list))
				}
			}
		}
	}
	return p.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

func (Firewall) Diff(_ context.Context, req p.DiffRequest) (p.DiffResponse, error) {
	return props.Diff(schema.Firewall, resource.OldInputs(req), req.Inputs, req.IgnoreChanges), nil
}

func apiRules(rs []rule) []linodego.FirewallRule {
	out := []linodego.FirewallRule{} // [] rather than null: TF sends an empty list
	for _, r := range rs {
		fr := linodego.FirewallRule{Label: r.Label, Action: r.Action, Protocol: linodego.NetworkProtocol(r.Protocol),
			Ports: r.Ports, Description: r.Description}
		if len(r.IPv4s) > 0 {
			v4 := r.IPv4s
			fr.Addresses.IPv4 = &v4
		}
		if len(r.IPv6s) > 0 {
			v6 := r.IPv6s
			fr.Addresses.IPv6 = &v6
		}
		out = append(out, fr)
	}
	return out
}

func ruleSet(a args) linodego.FirewallRuleSet {
	return linodego.FirewallRuleSet{Inbound: apiRules(a.Inbounds), InboundPolicy: a.InboundPolicy,
		Outbound: apiRules(a.Outbounds), OutboundPolicy: a.OutboundPolicy}
}

func ruleOutputs(rs []linodego.FirewallRule) []any {
	out := []any{}
	for _, r := range rs {
		m := map[string]any{"label": r.Label, "action": r.Action, "protocol": string(r.Protocol), "description": r.Description}
		if r.Ports != "" {
			m["ports"] = r.Ports
		}
		if r.Addresses.IPv4 != nil {
			m["ipv4s"] = *r.Addresses.IPv4
		}
		if r.Addresses.IPv6 != nil {
			m["ipv6s"] = *r.Addresses.IPv6
		}
		out = append(out, m)
	}
	return out
}

func timestamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// outputs: the firewall, its rules and devices; rule lists the program left unset stay unset.
func outputs(fw *linodego.Firewall, rules *linodego.FirewallRuleSet, devices []linodego.FirewallDevice, inputs property.Map) property.Map {
	out := map[string]any{
		"label": fw.Label, "status": string(fw.Status), "disabled": fw.Status == linodego.FirewallDisabled,
		"tags": props.NonNil(fw.Tags), "created": timestamp(fw.Created), "updated": timestamp(fw.Updated),
		"inboundPolicy": rules.InboundPolicy, "outboundPolicy": rules.OutboundPolicy,
	}
	if len(rules.Inbound) > 0 || inputs.Get("inbounds").IsArray() {
		out["inbounds"] = ruleOutputs(rules.Inbound)
	}
	if len(rules.Outbound) > 0 || inputs.Get("outbounds").IsArray() {
		out["outbounds"] = ruleOutputs(rules.Outbound)
	}
	linodes, balancers, devs := []int{}, []int{}, []any{}
	for _, d := range devices {
		switch d.Entity.Type {
		case linodego.FirewallDeviceLinode:
			linodes = append(linodes, d.Entity.ID)
		case linodego.FirewallDeviceNodeBalancer:
			balancers = append(balancers, d.Entity.ID)
		}
		devs = append(devs, map[string]any{"id": d.ID, "entityId": d.Entity.ID, "type": string(d.Entity.Type),
			"label": d.Entity.Label, "url": d.Entity.URL})
	}
	out["linodes"], out["nodebalancers"], out["devices"] = linodes, balancers, devs
	return props.MapOf(out)
}
