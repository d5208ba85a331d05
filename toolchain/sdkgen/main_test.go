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

func TestPythonSDKHasTheComponentAndItsArgs(t *testing.T) {
	out := t.TempDir()
	if _, err := generate("python", writeSchema(t, componentSchema), out); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile(filepath.Join(out, "pulumi_demo", "site.py"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"class Site(pulumi.ComponentResource)", "domain: pulumi.Input[_builtins.str]", "'demo:index:Site'", "def url(self)"} {
		if !strings.Contains(string(site), want) {
			t.Errorf("site.py lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "setup.py")); err != nil {
		t.Errorf("no setup.py: %v", err)
	}
}

func TestGoSDKHasTheComponent(t *testing.T) {
	out := t.TempDir()
	if _, err := generate("go", writeSchema(t, componentSchema), out); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile(filepath.Join(out, "demo", "site.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(site), "func NewSite(") {
		t.Error("site.go lacks NewSite")
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
