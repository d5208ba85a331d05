package domain

import (
	"context"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	lt "paas.local/toolchain/providers/linode/internal/linodetest"
	"paas.local/toolchain/providers/linode/internal/props"
)

var urn = resource.URN("urn:pulumi:s::p::linode:index/domain:Domain::paas-domain")

func TestCreateSendsNullListsAsLinodegoDoes(t *testing.T) {
	f := lt.New(t)
	zone := map[string]any{"id": 3, "domain": "example.com", "type": "master", "status": "active", "soa_email": "ops@example.com", "tags": []any{}}
	f.On("POST /v4/domains", lt.JSON(zone))
	f.On("GET /v4/domains/3", lt.JSON(zone))
	in := props.MapOf(map[string]any{"domain": "example.com", "type": "master", "soaEmail": "ops@example.com"})
	out, err := Domain{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: in})
	if err != nil {
		t.Fatal(err)
	}
	post, _ := f.Last("POST /v4/domains")
	for _, k := range []string{"master_ips", "axfr_ips", "tags"} {
		if v, ok := post.Body[k]; !ok || v != nil {
			t.Errorf("%s: %v", k, post.Body)
		}
	}
	if out.ID != "3" || out.Properties.Get("status").AsString() != "active" {
		t.Fatal(out.Properties)
	}
}

func TestDiffReplacesOnTypeAndIgnoresTTLsThatRoundAlike(t *testing.T) {
	old := props.MapOf(map[string]any{"domain": "example.com", "type": "master", "ttlSec": 300})
	d, _ := Domain{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: old, Inputs: old.Set("ttlSec", props.Value(250))})
	if d.HasChanges {
		t.Fatalf("250 and 300 are both stored as 300: %+v", d)
	}
	d, _ = Domain{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: old, Inputs: old.Set("type", props.Value("slave"))})
	if !props.Replaces(d) {
		t.Fatalf("%+v", d)
	}
	if RoundTTL(301) != 3600 || RoundTTL(30) != 30 || RoundTTL(9999999) != 2419200 {
		t.Fatal("rounding")
	}
}
