package firewall

import (
	"context"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	lt "paas.local/toolchain/providers/linode/internal/linodetest"
	"paas.local/toolchain/providers/linode/internal/props"
)

var urn = resource.URN("urn:pulumi:s::p::linode:index/firewall:Firewall::paas-firewall")

func inRule(label, port string) map[string]any {
	return map[string]any{"label": label, "action": "ACCEPT", "protocol": "TCP", "ports": port, "ipv4s": []any{"0.0.0.0/0"}, "ipv6s": []any{"::/0"}}
}

func inputs(linodes ...any) property.Map {
	return props.MapOf(map[string]any{"label": "paas-firewall", "inboundPolicy": "DROP", "outboundPolicy": "ACCEPT",
		"inbounds": []any{inRule("ssh", "22")}, "linodes": linodes})
}

var rules = map[string]any{"inbound": []any{map[string]any{"label": "ssh", "action": "ACCEPT", "protocol": "TCP", "ports": "22",
	"addresses": map[string]any{"ipv4": []any{"0.0.0.0/0"}, "ipv6": []any{"::/0"}}}}, "inbound_policy": "DROP", "outbound": []any{}, "outbound_policy": "ACCEPT"}

func device(id, linode int) map[string]any {
	return map[string]any{"id": id, "entity": map[string]any{"id": linode, "type": "linode", "label": "paas", "url": "/v4/linode/instances/1"}}
}

func TestCreateSendsRulesAndLinodesThenReadsDevicesAndRules(t *testing.T) {
	f := lt.New(t)
	f.On("POST /v4/networking/firewalls", lt.JSON(map[string]any{"id": 5, "label": "paas-firewall", "status": "enabled", "rules": rules,
		"created": "2026-12-01T10:00:00", "updated": "2026-12-01T10:00:00"}))
	f.On("GET /v4/networking/firewalls/5/devices", lt.Page(device(50, 7)))
	f.On("GET /v4/networking/firewalls/5/rules", lt.JSON(rules))
	out, err := Firewall{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: inputs(7.0)})
	if err != nil {
		t.Fatal(err)
	}
	post, _ := f.Last("POST /v4/networking/firewalls")
	r := post.Body["rules"].(map[string]any)
	in := r["inbound"].([]any)[0].(map[string]any)
	if post.Body["devices"].(map[string]any)["linodes"].([]any)[0] != 7.0 || in["ports"] != "22" || r["outbound"] == nil {
		t.Fatalf("body %v", post.Body)
	}
	if _, ok := in["description"]; ok {
		t.Fatalf("an empty description is left out: %v", in)
	}
	if got := strings.Join(f.Calls(true), ","); got != "POST /v4/networking/firewalls,GET /v4/networking/firewalls/5/devices,GET /v4/networking/firewalls/5/rules" {
		t.Fatal(got)
	}
	if out.ID != "5" || out.Properties.Get("linodes").AsArray().Get(0).AsNumber() != 7 || out.Properties.Get("created").AsString() != "2026-12-01T10:00:00Z" {
		t.Fatalf("%v", out.Properties)
	}
}

func TestLinodesChangeAddsAndRemovesDevicesByDeviceID(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/networking/firewalls/5/devices", lt.Page(device(50, 7)))
	f.On("POST /v4/networking/firewalls/5/devices", lt.JSON(device(51, 8)))
	f.On("DELETE /v4/networking/firewalls/5/devices/50", lt.JSON(map[string]any{}))
	f.On("GET /v4/networking/firewalls/5", lt.JSON(map[string]any{"id": 5, "label": "paas-firewall", "status": "enabled"}))
	f.On("GET /v4/networking/firewalls/5/rules", lt.JSON(rules))
	d, _ := Firewall{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: inputs(7.0), Inputs: inputs(8.0)})
	if !d.HasChanges || props.Replaces(d) {
		t.Fatalf("%+v", d)
	}
	_, err := Firewall{}.Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "5", Urn: urn, OldInputs: inputs(7.0), State: inputs(7.0), Inputs: inputs(8.0)})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Calls(false), ","); got != "POST /v4/networking/firewalls/5/devices,DELETE /v4/networking/firewalls/5/devices/50" {
		t.Fatal(got)
	}
	add, _ := f.Last("POST /v4/networking/firewalls/5/devices")
	if add.Body["id"] != 8.0 || add.Body["type"] != "linode" {
		t.Fatal(add.Body)
	}
}

func TestRuleChangePutsTheWholeRuleSet(t *testing.T) {
	f := lt.New(t)
	f.On("PUT /v4/networking/firewalls/5/rules", lt.JSON(rules))
	f.On("GET /v4/networking/firewalls/5", lt.JSON(map[string]any{"id": 5, "label": "paas-firewall", "status": "enabled"}))
	f.On("GET /v4/networking/firewalls/5/rules", lt.JSON(rules))
	f.On("GET /v4/networking/firewalls/5/devices", lt.Page(device(50, 7)))
	news := inputs(7.0).Set("inbounds", props.Value([]any{inRule("ssh", "22"), inRule("http", "80")}))
	if _, err := (Firewall{}).Update(context.Background(), f.Env(nil), p.UpdateRequest{ID: "5", Urn: urn, OldInputs: inputs(7.0), State: inputs(7.0), Inputs: news}); err != nil {
		t.Fatal(err)
	}
	put, _ := f.Last("PUT /v4/networking/firewalls/5/rules")
	if len(put.Body["inbound"].([]any)) != 2 || put.Body["outbound_policy"] != "ACCEPT" || strings.Join(f.Calls(false), ",") != "PUT /v4/networking/firewalls/5/rules" {
		t.Fatalf("%v %v", put.Body, f.Calls(false))
	}
}

func TestCheckNamesTheRuleField(t *testing.T) {
	bad := inputs(7.0).Set("inbounds", props.Value([]any{map[string]any{"label": "x", "action": "MAYBE", "protocol": "SCTP", "ports": ""}}))
	r, _ := Firewall{}.Check(context.Background(), nil, p.CheckRequest{Urn: urn, Inputs: bad})
	got := map[string]bool{}
	for _, f := range r.Failures {
		got[f.Property] = true
	}
	for _, k := range []string{"inbounds[0].label", "inbounds[0].action", "inbounds[0].protocol", "inbounds[0].ports"} {
		if !got[k] {
			t.Errorf("no failure on %s: %v", k, r.Failures)
		}
	}
	r, _ = Firewall{}.Check(context.Background(), nil, p.CheckRequest{Urn: urn, Inputs: inputs(property.New(property.Computed))})
	if len(r.Failures) != 0 {
		t.Fatalf("an unknown Linode id is checked later: %v", r.Failures)
	}
}
