package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A component package's schema, as `pulumi package get-schema` prints one: one component with
// a string input, an optional number and an output.
const componentSchema = `{
  "name": "demo", "version": "1.2.3",
  "resources": {
    "demo:index:Site": {
      "isComponent": true,
      "inputProperties": { "domain": { "type": "string" }, "port": { "type": "number" } },
      "requiredInputs": ["domain"],
      "properties": { "url": { "type": "string" } },
      "required": ["url"]
    }
  }
}`

func writeSchema(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "schema.json")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each language's SDK has the component, its constructor and its args, in the file that
// language's generator names after it.
func TestSDKsHaveTheComponent(t *testing.T) {
	cases := map[string]struct {
		file string
		want []string
	}{
		"python": {filepath.Join("pulumi_demo", "site.py"), []string{"class Site(pulumi.ComponentResource)", "domain: pulumi.Input[_builtins.str]", "'demo:index:Site'", "def url(self)"}},
		"go":     {filepath.Join("demo", "site.go"), []string{"func NewSite(", "Domain pulumi.StringInput", `"demo:index:Site"`}},
	}
	for language, c := range cases {
		t.Run(language, func(t *testing.T) {
			out := t.TempDir()
			if _, err := generate(language, writeSchema(t, componentSchema), out); err != nil {
				t.Fatal(err)
			}
			text, err := os.ReadFile(filepath.Join(out, c.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.want {
				if !strings.Contains(string(text), want) {
					t.Errorf("%s lacks %q", c.file, want)
				}
			}
		})
	}
}

// A Python SDK is a package pip installs from its folder.
func TestPythonSDKHasASetupScript(t *testing.T) {
	out := t.TempDir()
	if _, err := generate("python", writeSchema(t, componentSchema), out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "setup.py")); err != nil {
		t.Errorf("no setup.py: %v", err)
	}
}

func TestRefusals(t *testing.T) {
	cases := map[string]struct{ language, schema, message string }{
		"unknown language": {"ruby", componentSchema, `language "ruby": must be python or go`},
		"not json":         {"python", "{", "unexpected end of JSON input"},
		"another package":  {"python", `{"name":"demo","version":"1.0.0","resources":{"demo:index:A":{"isComponent":true,"inputProperties":{"x":{"$ref":"/other/v1.0.0/schema.json#/types/other:index:T"}}}}}`, `"other"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := generate(c.language, writeSchema(t, c.schema), t.TempDir())
			if err == nil || !strings.Contains(err.Error(), c.message) {
				t.Fatalf("err = %v, want it to contain %s", err, c.message)
			}
		})
	}
}
