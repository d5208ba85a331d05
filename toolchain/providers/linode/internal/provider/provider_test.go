package provider

import (
	"context"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	lt "paas.local/toolchain/providers/linode/internal/linodetest"
)

func noEnv(string) (string, bool) { return "", false }

func settings(m map[string]string) property.Map {
	out := map[string]property.Value{}
	for k, v := range m {
		out[k] = property.New(v)
	}
	return property.NewMap(out)
}

func TestCheckConfigNamesTheKey(t *testing.T) {
	prov := New("5.1.1", noEnv)
	r, err := prov.CheckConfig(context.Background(), p.CheckRequest{Inputs: settings(map[string]string{"url": "not a url", "skipInstanceReadyPoll": "maybe"})})
	if err != nil || len(r.Failures) != 2 || r.Failures[0].Property != "skipInstanceReadyPoll" && r.Failures[1].Property != "skipInstanceReadyPoll" {
		t.Fatalf("%v %+v", err, r.Failures)
	}
}

func TestConfigureChecksTheTokenWithTheTypesPing(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/linode/types", lt.Errors(401, map[string]string{"reason": "Invalid Token"}))
	prov := New("5.1.1", noEnv)
	err := prov.Configure(context.Background(), p.ConfigureRequest{Args: settings(map[string]string{"url": f.URL(), "token": "bad"})})
	if err == nil || err.Error() != "Error connecting to the Linode API: [401] Invalid Token" {
		t.Fatalf("%v", err)
	}
	r := f.Requests()[0]
	if r.Path != "/v4/linode/types" || r.Query != "page=100" {
		t.Fatalf("%+v", r)
	}
}

func TestInvokeAndResourcesNeedAConfiguredProvider(t *testing.T) {
	f := lt.New(t)
	f.On("GET /v4/linode/types", lt.Page())
	f.On("GET /v4/regions/us-east", lt.JSON(map[string]any{"id": "us-east", "label": "Newark, NJ", "capabilities": []string{"Linodes", "Metadata"},
		"resolvers": map[string]any{"ipv4": "192.0.2.1", "ipv6": "2001:db8::1"}, "placement_group_limits": map[string]any{"maximum_linodes_per_pg": 5}}))
	prov := New("5.1.1", noEnv)
	args := property.NewMap(map[string]property.Value{"id": property.New("us-east")})
	if _, err := prov.Invoke(context.Background(), p.InvokeRequest{Token: "linode:index/getRegion:getRegion", Args: args}); err == nil {
		t.Fatal("an unconfigured provider must refuse")
	}
	if err := prov.Configure(context.Background(), p.ConfigureRequest{Args: settings(map[string]string{"url": f.URL(), "token": "t"})}); err != nil {
		t.Fatal(err)
	}
	r, err := prov.Invoke(context.Background(), p.InvokeRequest{Token: "linode:index/getRegion:getRegion", Args: args})
	if err != nil {
		t.Fatal(err)
	}
	caps := r.Return.Get("capabilities").AsArray()
	if caps.Len() != 2 || caps.Get(1).AsString() != "Metadata" || r.Return.Get("placementGroupLimits").AsArray().Len() != 1 {
		t.Fatalf("%v", r.Return)
	}
	_, err = prov.Invoke(context.Background(), p.InvokeRequest{Token: "linode:index/getRegion:getRegion", Args: property.NewMap(map[string]property.Value{"id": property.New("xx-nowhere")})})
	if err == nil || !strings.Contains(err.Error(), "Error finding the specified Linode Region xx-nowhere: [404] Not found") {
		t.Fatalf("%v", err)
	}
	if _, err := prov.Check(context.Background(), p.CheckRequest{Urn: resource.URN("urn:pulumi:s::p::linode:index/volume:Volume::v")}); err == nil {
		t.Fatal("an unknown resource type must be refused")
	}
}

func TestGetSchemaReportsTheVersion(t *testing.T) {
	r, err := New("5.1.1", noEnv).GetSchema(context.Background(), p.GetSchemaRequest{})
	if err != nil || !strings.Contains(r.Schema, `"version":"5.1.1"`) || !strings.Contains(r.Schema, `"linode:index/domainRecord:DomainRecord"`) {
		t.Fatalf("%v %.200s", err, r.Schema)
	}
}
