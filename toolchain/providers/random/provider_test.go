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
const sdkDir = "../../../node_modules/@pulumi/random"

// The Provider class registers the bare package name; resources have a module and a type.
var pulumiType = regexp.MustCompile(`__pulumiType = '(random:[^']+)'`)

// sdkTokens reads the resource tokens the npm SDK's classes register.
func sdkTokens(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sdkDir, "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no @pulumi/random SDK at %s (run npm ci in the repository): %v", sdkDir, err)
	}
	var tokens []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pulumiType.FindAllStringSubmatch(string(src), -1) {
			tokens = append(tokens, m[1])
		}
	}
	sort.Strings(tokens)
	return tokens
}

func TestTokensAreTheSDKs(t *testing.T) {
	info := providerInfo("4.21.2")
	var mapped []string
	for tf, r := range info.Resources {
		if r.Tok == "" {
			t.Errorf("%s has no token", tf)
		}
		mapped = append(mapped, string(r.Tok))
	}
	sort.Strings(mapped)
	want := sdkTokens(t)
	if len(want) != 10 {
		t.Fatalf("the SDK declares %d resources, expected 10: %v", len(want), want)
	}
	if !equal(mapped, want) {
		t.Errorf("tokens differ from the SDK's\n got: %v\nwant: %v", mapped, want)
	}
	if len(info.DataSources) != 0 {
		t.Errorf("the SDK has no functions, but %d data sources are mapped", len(info.DataSources))
	}
}

func TestSchema(t *testing.T) {
	schema, err := generateSchema(context.Background(), providerInfo("4.21.2"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Name      string
		Version   string
		Resources map[string]struct {
			Properties map[string]struct{ Secret bool }
		}
	}
	if err := json.Unmarshal(schema, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Name != "random" || spec.Version != "4.21.2" {
		t.Errorf("schema is %q %q, want random 4.21.2", spec.Name, spec.Version)
	}
	var tokens []string
	for tok := range spec.Resources {
		tokens = append(tokens, tok)
	}
	sort.Strings(tokens)
	if want := sdkTokens(t); !equal(tokens, want) {
		t.Errorf("schema resources differ from the SDK's\n got: %v\nwant: %v", tokens, want)
	}
	// Secret outputs decide what the state keeps encrypted.
	for tok, secrets := range map[string]map[string]bool{
		"random:index/randomPassword:RandomPassword": {"result": true, "bcryptHash": true, "length": false},
		"random:index/randomString:RandomString":     {"result": false},
		"random:index/randomBytes:RandomBytes":       {"base64": true, "hex": true},
	} {
		for prop, secret := range secrets {
			p, ok := spec.Resources[tok].Properties[prop]
			if !ok {
				t.Errorf("%s has no output %s", tok, prop)
			} else if p.Secret != secret {
				t.Errorf("%s.%s secret = %v, want %v", tok, prop, p.Secret, secret)
			}
		}
	}
}

func TestBytesIDIsTheUnwrappedBase64(t *testing.T) {
	state := resource.PropertyMap{"base64": resource.MakeSecret(resource.NewStringProperty("q83vEjRWeJA="))}
	id, err := bytesID(context.Background(), state)
	if err != nil || id != "q83vEjRWeJA=" {
		t.Errorf("bytesID = %q, %v", id, err)
	}
	if _, err := bytesID(context.Background(), resource.PropertyMap{}); err == nil {
		t.Error("bytesID accepted a state without base64")
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
