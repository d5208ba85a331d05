package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The npm SDK installed in the repository is what programs use: the plugin must serve its tokens.
const sdkDir = "../../../node_modules/@pulumi/docker"

// Pulumi's own native resources in the SDK, which no Terraform resource backs.
var native = map[string]bool{"docker:index/image:Image": true}

var (
	resourceType = regexp.MustCompile(`__pulumiType = '(docker:[^']+)'`)
	invokeToken  = regexp.MustCompile(`pulumi\.runtime\.invoke\("(docker:[^"]+)"`)
)

// sdkTokens reads the resource and function tokens the npm SDK uses, natives left out.
func sdkTokens(t *testing.T) (resources, functions []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sdkDir, "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no @pulumi/docker SDK at %s (run npm ci in the repository): %v", sdkDir, err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range resourceType.FindAllStringSubmatch(string(src), -1) {
			if !native[m[1]] {
				resources = append(resources, m[1])
			}
		}
		// Each function is invoked twice (plain and Output form).
		for _, m := range invokeToken.FindAllStringSubmatch(string(src), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				functions = append(functions, m[1])
			}
		}
	}
	sort.Strings(resources)
	sort.Strings(functions)
	return resources, functions
}

func TestTokensAreTheSDKs(t *testing.T) {
	info := providerInfo("4.11.2")
	var resources, functions []string
	for _, r := range info.Resources {
		resources = append(resources, string(r.Tok))
	}
	for _, d := range info.DataSources {
		functions = append(functions, string(d.Tok))
	}
	sort.Strings(resources)
	sort.Strings(functions)
	wantResources, wantFunctions := sdkTokens(t)
	if len(wantResources) != 11 || len(wantFunctions) != 6 {
		t.Fatalf("the SDK declares %d bridged resources and %d functions, expected 11 and 6", len(wantResources), len(wantFunctions))
	}
	if !equal(resources, wantResources) {
		t.Errorf("resource tokens differ from the SDK's\n got: %v\nwant: %v", resources, wantResources)
	}
	if !equal(functions, wantFunctions) {
		t.Errorf("function tokens differ from the SDK's\n got: %v\nwant: %v", functions, wantFunctions)
	}
	if !info.Resources["docker_container"].DeleteBeforeReplace {
		t.Error("Container is not delete-before-replace")
	}
}

type property struct {
	Type    string
	Secret  bool
	Default any
	// Autonamed and environment-defaulted inputs carry the bridge's default settings here.
	DefaultInfo *struct{ Environment []string } `json:"defaultInfo"`
}

func TestSchema(t *testing.T) {
	schema, err := generateSchema(providerInfo("4.11.2"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Name, Version string
		Config        struct{ Variables map[string]property }
		Provider      struct{ InputProperties map[string]property }
		Resources     map[string]struct {
			InputProperties map[string]property
			RequiredInputs  []string
		}
		Functions map[string]json.RawMessage
	}
	if err := json.Unmarshal(schema, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Name != "docker" || spec.Version != "4.11.2" {
		t.Errorf("schema is %q %q, want docker 4.11.2", spec.Name, spec.Version)
	}
	resources, functions := sdkTokens(t)
	for _, tok := range resources {
		if _, ok := spec.Resources[tok]; !ok {
			t.Errorf("schema has no resource %s", tok)
		}
	}
	for _, tok := range functions {
		if _, ok := spec.Functions[tok]; !ok {
			t.Errorf("schema has no function %s", tok)
		}
	}
	if p, ok := spec.Provider.InputProperties["registryAuth"]; !ok || p.Type != "array" {
		t.Errorf("provider input registryAuth = %+v, want a list", p)
	}
	if host := spec.Config.Variables["host"]; host.Default != "unix:///var/run/docker.sock" ||
		host.DefaultInfo == nil || !equal(host.DefaultInfo.Environment, []string{"DOCKER_HOST"}) {
		t.Errorf("config host = %+v, want the docker.sock default and DOCKER_HOST", host)
	}
	container := spec.Resources["docker:index/container:Container"].InputProperties
	for _, name := range []string{"command", "networksAdvanced"} {
		if p, ok := container[name]; !ok || p.Type != "array" {
			t.Errorf("Container input %s = %+v, want a list under that name", name, p)
		}
	}
	// A remote image's name is the reference to pull: required, never generated.
	if req := spec.Resources["docker:index/remoteImage:RemoteImage"].RequiredInputs; !equal(req, []string{"name"}) {
		t.Errorf("RemoteImage required inputs = %v, want [name]", req)
	}
	if p, ok := spec.Resources["docker:index/network:Network"].InputProperties["checkDuplicate"]; !ok || p.Type != "boolean" {
		t.Errorf("Network input checkDuplicate = %+v, want the SDK's boolean", p)
	}
	for _, tok := range []string{"docker:index/volume:Volume", "docker:index/network:Network"} {
		if r := spec.Resources[tok]; len(r.RequiredInputs) != 0 {
			t.Errorf("%s requires %v; its name should be generated when not given", tok, r.RequiredInputs)
		}
	}
}

func TestCheckDuplicateIsDropped(t *testing.T) {
	inputs := resource.PropertyMap{"name": resource.NewStringProperty("net"), "checkDuplicate": resource.NewBoolProperty(true)}
	out, err := dropCheckDuplicate(context.Background(), inputs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := out["checkDuplicate"]; ok || out["name"].StringValue() != "net" {
		t.Errorf("inputs after the check: %v", out)
	}
	if _, ok := inputs["checkDuplicate"]; !ok {
		t.Error("the program's inputs were changed in place")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
