package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The schema's properties, optional and required ones, and secrets match what @pulumi/linode
// 5.1.1 (installed in the repository's node_modules) declares.
func sdkDir(t *testing.T) string {
	dir := os.Getenv("LINODE_SDK_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "..", "node_modules", "@pulumi", "linode")
	}
	if _, err := os.Stat(filepath.Join(dir, "instance.d.ts")); err != nil {
		t.Fatalf("@pulumi/linode not found at %s (run npm ci, or set LINODE_SDK_DIR): %v", dir, err)
	}
	return dir
}

var member = regexp.MustCompile(`^\s+(?:readonly\s+)?([a-zA-Z0-9]+)(\??):\s*(.+);$`)

// block is the members of `interface NAME {` or `class NAME ... {` in a .d.ts file: name to
// whether it is required (no `?` and no `| undefined`).
func block(t *testing.T, file, header string) map[string]bool {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Map types span lines ({ [key: string]: string; }): one line each, as Record.
	text := regexp.MustCompile(`\{\s*\[key: string\]: ([^;]+);\s*\}`).ReplaceAllString(string(b), "Record<string, $1>")
	out := map[string]bool{}
	in := false
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, header) && strings.HasSuffix(strings.TrimSpace(line), "{") {
			in = true
			continue
		}
		if !in {
			continue
		}
		if strings.HasPrefix(line, "}") || strings.HasPrefix(line, "    }") && strings.TrimSpace(line) == "}" && !strings.HasPrefix(line, "        ") {
			break
		}
		m := member.FindStringSubmatch(line)
		if m == nil || strings.Contains(m[3], "(") && !strings.Contains(m[3], "pulumi.") {
			continue
		}
		// A resource class's id is not a property of the schema.
		if strings.HasPrefix(m[1], "__") || m[1] == "id" && strings.Contains(header, "class") {
			continue
		}
		out[m[1]] = m[2] == "" && !strings.Contains(m[3], "| undefined")
	}
	return out
}

func want(ps []Prop, keep func(Prop) bool, required func(Prop) bool) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		if keep(p) {
			out[p.Name] = required(p)
		}
	}
	return out
}

func compare(t *testing.T, what string, got, sdk map[string]bool) {
	t.Helper()
	var diffs []string
	for k, req := range sdk {
		if g, ok := got[k]; !ok {
			diffs = append(diffs, "missing "+k)
		} else if g != req {
			diffs = append(diffs, k+" required mismatch")
		}
	}
	for k := range got {
		if _, ok := sdk[k]; !ok {
			diffs = append(diffs, "extra "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: %v", what, diffs)
	}
}

func TestResourcesMatchTheSDK(t *testing.T) {
	dir := sdkDir(t)
	for _, c := range []struct {
		file, class string
		r           Resource
	}{{"instance.d.ts", "Instance", Instance}, {"firewall.d.ts", "Firewall", Firewall}, {"domain.d.ts", "Domain", Domain}, {"domainRecord.d.ts", "DomainRecord", DomainRecord}} {
		file := filepath.Join(dir, c.file)
		compare(t, c.class+" inputs", want(c.r.Props, isInput, required), block(t, file, "export interface "+c.class+"Args "))
		compare(t, c.class+" outputs", want(c.r.Props, all, always), block(t, file, "export declare class "+c.class+" "))
	}
	file := filepath.Join(dir, "getRegion.d.ts")
	compare(t, "getRegion args", want(GetRegion.Props, isInput, required), block(t, file, "export interface GetRegionArgs "))
	compare(t, "getRegion result", want(GetRegion.Props, all, func(p Prop) bool { return always(p) && p.Name != "resolvers" }),
		block(t, file, "export interface GetRegionResult "))
	compare(t, "provider", want(Provider.Props, isInput, required), block(t, filepath.Join(dir, "provider.d.ts"), "export interface ProviderArgs "))
}

func TestObjectTypesMatchTheSDK(t *testing.T) {
	dir := sdkDir(t)
	for name, o := range Types {
		sdkName := strings.ToUpper(name[:1]) + name[1:]
		header := "interface " + sdkName + " "
		// Result types of functions exist as outputs only.
		if !strings.HasPrefix(name, "get") {
			compare(t, name+" (input)", want(o.Props, all, required), block(t, filepath.Join(dir, "types", "input.d.ts"), header))
		}
		compare(t, name+" (output)", want(o.Props, all, always), block(t, filepath.Join(dir, "types", "output.d.ts"), header))
	}
}

func TestSecretsMatchTheSDK(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sdkDir(t), "instance.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `additionalSecretOutputs: ["rootPass", "stackscriptData"]`) {
		t.Fatal("the SDK's secrets changed")
	}
	var secrets []string
	for _, p := range Instance.Props {
		if p.Secret {
			secrets = append(secrets, p.Name)
		}
	}
	if strings.Join(secrets, ",") != "rootPass,stackscriptData" {
		t.Fatalf("secrets %v", secrets)
	}
	if p := Provider.Prop("objSecretKey"); p == nil || !p.Secret || Provider.Prop("token").Secret {
		t.Fatal("provider secrets: objSecretKey only (token is not secret in 5.1.1)")
	}
}

func TestSchemaJSON(t *testing.T) {
	var spec map[string]any
	if err := json.Unmarshal([]byte(JSON("5.1.1")), &spec); err != nil {
		t.Fatal(err)
	}
	res := spec["resources"].(map[string]any)
	inst := res["linode:index/instance:Instance"].(map[string]any)
	if spec["version"] != "5.1.1" || inst["requiredInputs"].([]any)[0] != "region" {
		t.Fatalf("%v %v", spec["version"], inst["requiredInputs"])
	}
	rp := inst["inputProperties"].(map[string]any)["rootPass"].(map[string]any)
	if rp["secret"] != true || rp["willReplaceOnChanges"] != true {
		t.Fatalf("rootPass %v", rp)
	}
	if _, ok := spec["functions"].(map[string]any)["linode:index/getRegion:getRegion"]; !ok {
		t.Fatal("getRegion missing")
	}
	for token := range spec["types"].(map[string]any) {
		if !strings.HasPrefix(token, "linode:index/") {
			t.Fatal(token)
		}
	}
}
