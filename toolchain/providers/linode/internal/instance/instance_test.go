package instance

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

var urn = resource.URN("urn:pulumi:s::p::linode:index/instance:Instance::paas-instance")

func inputs(extra map[string]any) property.Map {
	m := map[string]any{
		"label": "paas-0123abcd", "region": "us-east", "type": "g6-nanode-1", "image": "linode/debian12",
		"rootPass": property.New("A-long-enough-Passw0rd").WithSecret(true), "authorizedKeys": []any{"ssh-ed25519 AAAA me"},
		"metadatas": []any{map[string]any{"userData": "I2Nsb3VkLWNvbmZpZw=="}}, "tags": []any{"paas"}, "booted": true,
	}
	for k, v := range extra {
		m[k] = v
	}
	return props.MapOf(m)
}

func TestCreateSendsBootedAndUserDataAsGivenThenWaitsUntilRunning(t *testing.T) {
	f := lt.New(t)
	f.On("POST /v4/linode/instances", lt.JSON(lt.Instance(7, "provisioning", nil)))
	f.On("GET /v4/linode/instances/7", lt.Seq(lt.JSON(lt.Instance(7, "provisioning", nil)), lt.JSON(lt.Instance(7, "running", nil))))
	f.ReadRoutes(7)
	out, err := Instance{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: inputs(nil)})
	if err != nil {
		t.Fatal(err)
	}
	post, _ := f.Last("POST /v4/linode/instances")
	if post.Body["booted"] != true || post.Body["metadata"].(map[string]any)["user_data"] != "I2Nsb3VkLWNvbmZpZw==" || post.Body["root_pass"] != "A-long-enough-Passw0rd" {
		t.Fatalf("create body: %v", post.Body)
	}
	for _, absent := range []string{"swap_size", "firewall_id", "group", "private_ip", "backups_enabled"} {
		if _, ok := post.Body[absent]; ok {
			t.Errorf("%s sent: %v", absent, post.Body)
		}
	}
	gets := 0
	for _, c := range f.Calls(true) {
		if c == "GET /v4/linode/instances/7" {
			gets++
		}
	}
	if gets != 3 { // provisioning, running, then the read
		t.Errorf("instance polled %d times: %v", gets, f.Calls(true))
	}
	if out.ID != "7" || out.Properties.Get("ipAddress").AsString() != "203.0.113.10" || out.Properties.Get("status").AsString() != "running" {
		t.Fatalf("outputs: %v", out.Properties)
	}
	if !out.Properties.Get("rootPass").Secret() || out.Properties.Get("swapSize").AsNumber() != 512 || !out.Properties.Get("booted").AsBool() {
		t.Fatalf("outputs: %v", out.Properties)
	}
}

func TestCreateRefusedShowsLinodesErrorsWithTFsPrefix(t *testing.T) {
	f := lt.New(t)
	f.On("POST /v4/linode/instances", lt.Errors(400, map[string]string{"field": "label", "reason": "Label must be unique among your linodes"},
		map[string]string{"field": "root_pass", "reason": "Length must be 11-128 characters"}))
	_, err := Instance{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: inputs(nil)})
	want := "Error creating a Linode Instance: [400] [label] Label must be unique among your linodes; [root_pass] Length must be 11-128 characters"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestCreateThatFailsAfterThePostKeepsTheID(t *testing.T) {
	f := lt.New(t)
	f.On("POST /v4/linode/instances", lt.JSON(lt.Instance(8, "provisioning", nil)))
	f.On("GET /v4/linode/instances/8", lt.Errors(403, map[string]string{"reason": "Unauthorized"}))
	out, err := Instance{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: inputs(nil)})
	if err == nil || !strings.Contains(err.Error(), "timed-out waiting for Linode instance 8 to reach status running") {
		t.Fatalf("error: %v", err)
	}
	if out.ID != "8" || out.PartialState == nil {
		t.Fatalf("the Linode must stay in the state as partly created: %+v", out)
	}
}

func TestPreviewOfCreateCallsNothing(t *testing.T) {
	f := lt.New(t)
	out, err := Instance{}.Create(context.Background(), f.Env(nil), p.CreateRequest{Urn: urn, Properties: inputs(nil), DryRun: true})
	if err != nil || len(f.Requests()) != 0 {
		t.Fatalf("err %v, requests %v", err, f.Calls(true))
	}
	if !out.Properties.Get("ipAddress").IsComputed() || out.Properties.Get("region").AsString() != "us-east" {
		t.Fatalf("planned: %v", out.Properties)
	}
}

func TestDiffReplacesOnlyForWhatTFForcesNew(t *testing.T) {
	cases := []struct {
		name    string
		change  map[string]any
		replace bool
	}{
		{"keys", map[string]any{"authorizedKeys": []any{"ssh-ed25519 BBBB other"}}, true},
		{"image", map[string]any{"image": "linode/debian11"}, true},
		{"root password", map[string]any{"rootPass": property.New("Another-l0ng-password").WithSecret(true)}, true},
		{"user data", map[string]any{"metadatas": []any{map[string]any{"userData": "b3RoZXI="}}}, true},
		{"user data removed", map[string]any{"metadatas": []any{}}, true},
		{"region (a migration)", map[string]any{"region": "eu-central"}, false},
		{"plan (a resize)", map[string]any{"type": "g6-standard-2"}, false},
		{"label", map[string]any{"label": "paas-ffffffff"}, false},
		{"unknown keys", map[string]any{"authorizedKeys": property.New(property.Computed)}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, _ := Instance{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: inputs(nil), State: inputs(nil), Inputs: inputs(c.change)})
			if !d.HasChanges || props.Replaces(d) != c.replace {
				t.Fatalf("changes %v replace %v: %+v", d.HasChanges, props.Replaces(d), d.DetailedDiff)
			}
		})
	}
	same := []map[string]any{
		{"tags": []any{"PAAS"}},                // a set, case-insensitively
		{"rootPass": "A-long-enough-Passw0rd"}, // secrecy alone is no change
		{"label": nil},                         // optional + computed: the stored label stays
	}
	for _, change := range same {
		news := inputs(change)
		if v, ok := change["label"]; ok && v == nil {
			news = news.Delete("label")
		}
		d, _ := Instance{}.Diff(context.Background(), p.DiffRequest{Urn: urn, OldInputs: inputs(nil), Inputs: news})
		if d.HasChanges {
			t.Errorf("%v: %+v", change, d.DetailedDiff)
		}
	}
}

func TestCheckFillsDefaultsAndRefusesWhatLinodeDoesNotSell(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/linode/types/g6-nanode-1", lt.Type("g6-nanode-1", 25600))
	f.On("GET /v4/regions/us-east", lt.JSON(map[string]any{"id": "us-east"}))
	env := f.Env(nil)
	r, _ := Instance{}.Check(context.Background(), env, p.CheckRequest{Urn: urn, Inputs: inputs(nil).Delete("type")})
	if len(r.Failures) != 1 || r.Failures[0].Property != "type" || r.Inputs.Get("type").AsString() != "g6-standard-1" {
		t.Fatalf("default type: %+v %v", r.Failures, r.Inputs.Get("type"))
	}
	r, _ = Instance{}.Check(context.Background(), env, p.CheckRequest{Urn: urn, Inputs: inputs(map[string]any{"region": "mars-1", "label": "ab", "rootPass": "short"})})
	got := map[string]string{}
	for _, fl := range r.Failures {
		got[fl.Property] = fl.Reason
	}
	if !strings.HasPrefix(got["region"], `Linode has no region "mars-1"`) || got["label"] == "" || got["rootPass"] == "" || len(got) != 3 {
		t.Fatalf("failures: %v", got)
	}
	if r.Inputs.Get("watchdogEnabled").AsBool() != true || r.Inputs.Get("migrationType").AsString() != "cold" {
		t.Fatalf("defaults: %v", r.Inputs)
	}
}

func TestDeleteWaitsForTheNewDeleteEvent(t *testing.T) {
	f := lt.New(t)
	f.Events("linode_delete", 7)
	f.On("DELETE /v4/linode/instances/7", lt.JSON(map[string]any{}))
	if err := (Instance{}).Delete(context.Background(), f.Env(nil), p.DeleteRequest{ID: "7", Urn: urn}); err != nil {
		t.Fatal(err)
	}
	want := []string{"GET /v4/account/events", "DELETE /v4/linode/instances/7", "GET /v4/account/events", "GET /v4/account/events/9007"}
	if got := f.Calls(true); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("calls %v", got)
	}
	first := f.Requests()[0]
	if first.Query != "page=1" || !strings.Contains(first.Filter, `"entity.id":7`) || !strings.Contains(first.Filter, `"action":"linode_delete"`) {
		t.Fatalf("event list: %+v", first)
	}
}

func TestDeleteOfAGoneLinodeIsAnError(t *testing.T) {
	f := lt.New(t)
	f.Events("linode_delete", 7)
	err := (Instance{}).Delete(context.Background(), f.Env(nil), p.DeleteRequest{ID: "7", Urn: urn})
	if err == nil || err.Error() != "Error deleting Linode instance 7: [404] Not found" {
		t.Fatalf("got %v", err)
	}
}
