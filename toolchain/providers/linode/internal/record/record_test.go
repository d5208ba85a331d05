package record

import (
	"context"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	lt "paas.local/toolchain/providers/linode/internal/linodetest"
	"paas.local/toolchain/providers/linode/internal/props"
)

var urn = resource.URN("urn:pulumi:s::p::linode:index/domainRecord:DomainRecord::paas-apex")

func TestCreateSendsTheEmptyNameAndReadsBack(t *testing.T) {
	f := lt.New(t)
	rec := map[string]any{"id": 40, "type": "A", "name": "", "target": "203.0.113.10", "ttl_sec": 300}
	f.On("POST /v4/domains/3/records", lt.JSON(rec))
	f.On("GET /v4/domains/3/records/40", lt.JSON(rec))
	in := props.MapOf(map[string]any{"domainId": 3, "recordType": "A", "name": "", "target": "203.0.113.10", "ttlSec": 300})
	out, err := Record{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: in})
	if err != nil {
		t.Fatal(err)
	}
	post, _ := f.Last("POST /v4/domains/3/records")
	if v, ok := post.Body["name"]; !ok || v != "" || post.Body["ttl_sec"] != 300.0 || post.Body["target"] != "203.0.113.10" {
		t.Fatal(post.Body)
	}
	if _, ok := post.Body["priority"]; ok {
		t.Fatal("unset priority sent")
	}
	if out.ID != "40" || out.Properties.Get("domainId").AsNumber() != 3 {
		t.Fatal(out.Properties)
	}
	if err := (Record{}).Delete(context.Background(), f.Env(nil), p.DeleteRequest{ID: "40", Urn: urn, Properties: out.Properties}); err == nil {
		t.Fatal("a 404 on delete is an error")
	}
}

func TestDiff(t *testing.T) {
	old := props.MapOf(map[string]any{"domainId": 3, "recordType": "A", "name": "", "target": "203.0.113.10"})
	d, _ := Record{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: old, State: old, Inputs: old.Set("target", property.New(property.Computed))})
	if !d.HasChanges || props.Replaces(d) {
		t.Fatalf("an unknown target is an in-place update: %+v", d)
	}
	d, _ = Record{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: old, State: old, Inputs: old.Set("domainId", props.Value(4))})
	if !props.Replaces(d) {
		t.Fatalf("%+v", d)
	}
}
