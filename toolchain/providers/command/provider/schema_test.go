package provider

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
)

// The schema as the SDK generators see it; only the parts SDKs depend on are compared.
type schemaSpec struct {
	Name      string                  `json:"name"`
	Version   string                  `json:"version"`
	Resources map[string]resourceSpec `json:"resources"`
	Functions map[string]struct {
		Inputs  objectSpec `json:"inputs"`
		Outputs objectSpec `json:"outputs"`
	} `json:"functions"`
	Types map[string]struct {
		objectSpec
		Type string `json:"type"`
		Enum []struct {
			Value string `json:"value"`
		} `json:"enum"`
	} `json:"types"`
	Language map[string]json.RawMessage `json:"language"`
}

type objectSpec struct {
	Properties map[string]propertySpec `json:"properties"`
	Required   []string                `json:"required"`
}

type resourceSpec struct {
	objectSpec
	InputProperties    map[string]propertySpec `json:"inputProperties"`
	RequiredInputs     []string                `json:"requiredInputs"`
	DeprecationMessage string                  `json:"deprecationMessage"`
}

type propertySpec struct {
	Type             string        `json:"type"`
	Ref              string        `json:"$ref"`
	Items            *propertySpec `json:"items"`
	Additional       *propertySpec `json:"additionalProperties"`
	Secret           bool          `json:"secret"`
	ReplaceOnChanges bool          `json:"replaceOnChanges"`
	Default          any           `json:"default"`
}

// shape is a property's type in one string: "string", "array<string>", "map<#/types/x>".
func (p propertySpec) shape() string {
	switch {
	case p.Ref != "":
		return p.Ref
	case p.Items != nil:
		return "array<" + p.Items.shape() + ">"
	case p.Additional != nil:
		return "map<" + p.Additional.shape() + ">"
	}
	return p.Type
}

func getSchema(t *testing.T) schemaSpec {
	t.Helper()
	s, _ := server(t)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var spec schemaSpec
	if err := json.Unmarshal([]byte(resp.Schema), &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

func shapes(props map[string]propertySpec) string {
	var out []string
	for k, v := range props {
		s := k + ":" + v.shape()
		if v.Secret {
			s += ":secret"
		}
		if v.ReplaceOnChanges {
			s += ":replaceOnChanges"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// words sorts the space-separated words of s.
func words(s string) string {
	w := strings.Fields(s)
	sort.Strings(w)
	return strings.Join(w, " ")
}

func sorted(s []string) string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return strings.Join(s, ",")
}

const (
	localInputs = "addPreviousOutputInEnv:boolean archivePaths:array<string> assetPaths:array<string> " +
		"create:string delete:string dir:string environment:map<string> interpreter:array<string> " +
		"logging:#/types/command:local:Logging stdin:string triggers:array<pulumi.json#/Any>:replaceOnChanges update:string"
	localOutputs = "addPreviousOutputInEnv:boolean archive:pulumi.json#/Archive archivePaths:array<string> " +
		"assetPaths:array<string> assets:map<pulumi.json#/Asset> create:string delete:string dir:string " +
		"environment:map<string> interpreter:array<string> logging:#/types/command:local:Logging stderr:string " +
		"stdin:string stdout:string triggers:array<pulumi.json#/Any>:replaceOnChanges update:string"
	remoteInputs = "addPreviousOutputInEnv:boolean connection:#/types/command:remote:Connection:secret create:string " +
		"delete:string environment:map<string> logging:#/types/command:remote:Logging stdin:string " +
		"triggers:array<pulumi.json#/Any>:replaceOnChanges update:string"
	connectionProps = "agentSocketPath:string dialErrorLimit:integer host:string hostKey:string password:string:secret " +
		"perDialTimeout:integer port:number privateKey:string:secret privateKeyPassword:string:secret "
)

func TestSchemaMatchesTheSDK(t *testing.T) {
	spec := getSchema(t)
	if spec.Name != "command" || spec.Version != "1.2.1" {
		t.Fatalf("name %q version %q", spec.Name, spec.Version)
	}

	var tokens []string
	for k := range spec.Resources {
		tokens = append(tokens, k)
	}
	for k := range spec.Functions {
		tokens = append(tokens, k)
	}
	for k := range spec.Types {
		tokens = append(tokens, k)
	}
	want := "command:local:Command,command:local:Logging,command:local:run,command:remote:Command," +
		"command:remote:Connection,command:remote:CopyFile,command:remote:CopyToRemote,command:remote:Logging," +
		"command:remote:ProxyConnection"
	if got := sorted(tokens); got != want {
		t.Fatalf("tokens %s\nwant   %s", got, want)
	}

	for _, tc := range []struct {
		token, inputs, outputs, requiredInputs, required string
	}{
		{"command:local:Command", localInputs, localOutputs, "", "stderr,stdout"},
		{"command:remote:Command", remoteInputs, words(remoteInputs + " stderr:string stdout:string"), "connection", "connection,stderr,stdout"},
		{
			"command:remote:CopyToRemote",
			"connection:#/types/command:remote:Connection:secret remotePath:string source:pulumi.json#/Asset triggers:array<pulumi.json#/Any>:replaceOnChanges",
			"connection:#/types/command:remote:Connection:secret remotePath:string source:pulumi.json#/Asset triggers:array<pulumi.json#/Any>:replaceOnChanges",
			"connection,remotePath,source", "connection,remotePath,source",
		},
		{
			"command:remote:CopyFile",
			"connection:#/types/command:remote:Connection:secret localPath:string remotePath:string triggers:array<pulumi.json#/Any>",
			"connection:#/types/command:remote:Connection:secret localPath:string remotePath:string triggers:array<pulumi.json#/Any>",
			"connection,localPath,remotePath", "connection,localPath,remotePath",
		},
	} {
		r := spec.Resources[tc.token]
		if got := shapes(r.InputProperties); got != tc.inputs {
			t.Errorf("%s inputs\n got %s\nwant %s", tc.token, got, tc.inputs)
		}
		if got := shapes(r.Properties); got != tc.outputs {
			t.Errorf("%s outputs\n got %s\nwant %s", tc.token, got, tc.outputs)
		}
		if got := sorted(r.RequiredInputs); got != tc.requiredInputs {
			t.Errorf("%s required inputs %s, want %s", tc.token, got, tc.requiredInputs)
		}
		if got := sorted(r.Required); got != tc.required {
			t.Errorf("%s required %s, want %s", tc.token, got, tc.required)
		}
	}
	if !strings.Contains(spec.Resources["command:remote:CopyFile"].DeprecationMessage, "use the `CopyToRemote` resource") {
		t.Error("CopyFile is not deprecated")
	}

	run := spec.Functions["command:local:run"]
	runInputs := "addPreviousOutputInEnv:boolean archivePaths:array<string> assetPaths:array<string> command:string " +
		"dir:string environment:map<string> interpreter:array<string> logging:#/types/command:local:Logging stdin:string"
	if got := shapes(run.Inputs.Properties); got != runInputs {
		t.Errorf("run inputs\n got %s\nwant %s", got, runInputs)
	}
	runOutputs := words(runInputs + " archive:pulumi.json#/Archive assets:map<pulumi.json#/Asset> stderr:string stdout:string")
	if got := shapes(run.Outputs.Properties); got != runOutputs {
		t.Errorf("run outputs\n got %s\nwant %s", got, runOutputs)
	}
	if sorted(run.Inputs.Required) != "command" || sorted(run.Outputs.Required) != "command,stderr,stdout" {
		t.Errorf("run required %v %v", run.Inputs.Required, run.Outputs.Required)
	}

	conn := spec.Types["command:remote:Connection"]
	if got := shapes(conn.Properties); got != connectionProps+"proxy:#/types/command:remote:ProxyConnection user:string" {
		t.Errorf("Connection %s", got)
	}
	proxy := spec.Types["command:remote:ProxyConnection"]
	if got := shapes(proxy.Properties); got != connectionProps+"user:string" {
		t.Errorf("ProxyConnection %s", got)
	}
	for name, typ := range map[string]objectSpec{"Connection": conn.objectSpec, "ProxyConnection": proxy.objectSpec} {
		if sorted(typ.Required) != "host" {
			t.Errorf("%s required %v", name, typ.Required)
		}
		defaults := map[string]any{"port": 22.0, "user": "root", "dialErrorLimit": 10.0, "perDialTimeout": 15.0}
		for k, v := range defaults {
			if typ.Properties[k].Default != v {
				t.Errorf("%s.%s default %v, want %v", name, k, typ.Properties[k].Default, v)
			}
		}
	}
	for _, token := range []string{"command:local:Logging", "command:remote:Logging"} {
		var values []string
		for _, e := range spec.Types[token].Enum {
			values = append(values, e.Value)
		}
		if spec.Types[token].Type != "string" || strings.Join(values, ",") != "stdout,stderr,stdoutAndStderr,none" {
			t.Errorf("%s: %s %v", token, spec.Types[token].Type, values)
		}
	}
	for _, lang := range []string{"csharp", "go", "java", "nodejs", "python"} {
		if _, ok := spec.Language[lang]; !ok {
			t.Errorf("no %s language settings", lang)
		}
	}
}
