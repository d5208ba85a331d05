package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"paas.local/toolchain/providers/command/internal/diag"
)

func server(t *testing.T) (integration.Server, *diag.Recorder) {
	t.Helper()
	prov, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rec := &diag.Recorder{}
	ctx, cancel := context.WithCancel(diag.WithLogger(context.Background(), rec))
	t.Cleanup(cancel)
	s, err := integration.NewServer(ctx, Name, semver.MustParse("1.2.1"), integration.WithProvider(prov))
	if err != nil {
		t.Fatal(err)
	}
	return s, rec
}

func urn(typ, name string) presource.URN {
	return presource.NewURN("test", "proj", "", tokens.Type(typ), name)
}

func str(s string) property.Value { return property.New(s) }

func obj(m map[string]property.Value) property.Value { return property.New(property.NewMap(m)) }

func TestCheckFillsConnectionDefaultsAndMarksSecrets(t *testing.T) {
	s, _ := server(t)
	resp, err := s.Check(p.CheckRequest{
		Urn: urn("command:remote:Command", "rc"),
		Inputs: property.NewMap(map[string]property.Value{
			"create": str("hostname"),
			"connection": obj(map[string]property.Value{
				"host":           str("10.0.0.1"),
				"privateKey":     str("KEY"),
				"dialErrorLimit": property.New(0.0),
				"proxy":          obj(map[string]property.Value{"host": str("bastion"), "password": str("pw")}),
			}),
		}),
	})
	if err != nil || len(resp.Failures) > 0 {
		t.Fatalf("err %v failures %v", err, resp.Failures)
	}
	conn := resp.Inputs.Get("connection")
	if !conn.Secret() {
		t.Fatal("connection is not secret")
	}
	c := conn.AsMap()
	if c.Get("user").AsString() != "root" || c.Get("port").AsNumber() != 22 || c.Get("perDialTimeout").AsNumber() != 15 {
		t.Fatalf("defaults: %v", c)
	}
	if c.Get("dialErrorLimit").AsNumber() != 0 {
		t.Fatal("an explicit 0 was replaced by the default")
	}
	if !c.Get("privateKey").Secret() {
		t.Fatal("privateKey is not secret")
	}
	proxy := c.Get("proxy").AsMap()
	if proxy.Get("user").AsString() != "root" || proxy.Get("port").AsNumber() != 22 ||
		proxy.Get("dialErrorLimit").AsNumber() != 10 || proxy.Get("perDialTimeout").AsNumber() != 15 {
		t.Fatalf("proxy defaults: %v", proxy)
	}
	if !proxy.Get("password").Secret() {
		t.Fatal("the proxy password is not secret")
	}
	for _, key := range []string{"addPreviousOutputInEnv", "logging", "triggers"} {
		if _, ok := resp.Inputs.GetOk(key); ok {
			t.Errorf("Check wrote %s", key)
		}
	}

	resp, err = s.Check(p.CheckRequest{
		Urn: urn("command:remote:Command", "rc"),
		Inputs: property.NewMap(map[string]property.Value{
			"connection": obj(map[string]property.Value{"host": str("h")}),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := resp.Inputs.Get("connection").AsMap().GetOk("proxy"); ok {
		t.Fatal("an absent proxy was filled in")
	}
}

func TestCheckFailures(t *testing.T) {
	s, _ := server(t)
	check := func(inputs map[string]property.Value) []p.CheckFailure {
		t.Helper()
		resp, err := s.Check(p.CheckRequest{Urn: urn("command:local:Command", "c"), Inputs: property.NewMap(inputs)})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Failures
	}
	if f := check(map[string]property.Value{"bogus": str("x")}); len(f) != 1 || !strings.Contains(f[0].Reason, "Unrecognized field 'bogus'") {
		t.Fatalf("failures %v", f)
	}
	if f := check(map[string]property.Value{"create": property.New(3.0)}); len(f) != 1 || !strings.Contains(f[0].Reason, "must be a 'string'") {
		t.Fatalf("failures %v", f)
	}
	if f := check(map[string]property.Value{"logging": str("loud")}); len(f) != 0 {
		t.Fatalf("an unknown logging value was refused: %v", f)
	}
}

func TestCopyToRemoteCheck(t *testing.T) {
	s, _ := server(t)
	conn := obj(map[string]property.Value{"host": str("h")})
	check := func(source property.Value) []p.CheckFailure {
		t.Helper()
		resp, err := s.Check(p.CheckRequest{Urn: urn("command:remote:CopyToRemote", "c"), Inputs: property.NewMap(map[string]property.Value{
			"connection": conn, "remotePath": str("/tmp/x"), "source": source,
		})})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Failures
	}
	text, err := presource.NewTextAsset("hello")
	if err != nil {
		t.Fatal(err)
	}
	if f := check(property.New(property.Asset(text))); len(f) != 0 {
		t.Fatalf("a text asset was refused: %v", f)
	}
	uri := &presource.Asset{Sig: presource.AssetSig, URI: "https://example.com/x", Hash: "00"}
	if f := check(property.New(property.Asset(uri))); len(f) != 1 || f[0].Property != "asset" ||
		f[0].Reason != "asset must be a path-based file asset or a text asset" {
		t.Fatalf("failures %v", f)
	}
	members, err := presource.NewAssetArchive(map[string]any{"a": text})
	if err != nil {
		t.Fatal(err)
	}
	if f := check(property.New(property.Archive(members))); len(f) != 1 || f[0].Property != "archive" ||
		f[0].Reason != "archive must be a path to a file or directory" {
		t.Fatalf("failures %v", f)
	}
	if f := check(str("just a string")); len(f) != 1 || f[0].Property != "asset" || f[0].Reason != "either asset or archive must be set" {
		t.Fatalf("a plain string as source: failures %v", f)
	}
}

func diff(t *testing.T, s integration.Server, typ string, olds, news map[string]property.Value) p.DiffResponse {
	t.Helper()
	resp, err := s.Diff(p.DiffRequest{
		ID: "id", Urn: urn(typ, "r"),
		State: property.NewMap(olds), OldInputs: property.NewMap(olds), Inputs: property.NewMap(news),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func kinds(d p.DiffResponse) map[string]p.DiffKind {
	out := map[string]p.DiffKind{}
	for k, v := range d.DetailedDiff {
		out[k] = v.Kind
	}
	return out
}

func TestDiffRules(t *testing.T) {
	s, _ := server(t)
	arr := func(vs ...string) property.Value {
		var a []property.Value
		for _, v := range vs {
			a = append(a, str(v))
		}
		return property.New(property.NewArray(a))
	}
	base := map[string]property.Value{"create": str("echo a"), "triggers": arr("1"), "stdout": str("a")}
	with := func(k string, v property.Value) map[string]property.Value {
		m := map[string]property.Value{}
		for k, v := range base {
			if k != "stdout" {
				m[k] = v
			}
		}
		if v.IsNull() {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name string
		news map[string]property.Value
		want map[string]p.DiffKind
	}{
		{"nothing", with("create", str("echo a")), map[string]p.DiffKind{}},
		{"create edited", with("create", str("echo b")), map[string]p.DiffKind{"create": p.Update}},
		{"delete added", with("delete", str("rm x")), map[string]p.DiffKind{"delete": p.Add}},
		{"trigger changed", with("triggers", arr("2")), map[string]p.DiffKind{"triggers[0]": p.Update}},
		{"trigger appended", with("triggers", arr("1", "2")), map[string]p.DiffKind{"triggers[1]": p.Add}},
		{"triggers removed", with("triggers", property.Value{}), map[string]p.DiffKind{"triggers": p.DeleteReplace}},
	} {
		for _, typ := range []string{"command:local:Command", "command:remote:Command"} {
			d := diff(t, s, typ, base, tc.news)
			got := kinds(d)
			if len(got) != len(tc.want) || d.HasChanges != (len(tc.want) > 0) {
				t.Errorf("%s %s: diff %v (changes %v), want %v", typ, tc.name, got, d.HasChanges, tc.want)
				continue
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s %s: %s is %q, want %q", typ, tc.name, k, got[k], v)
				}
			}
			if d.DeleteBeforeReplace {
				t.Errorf("%s %s: delete before replace", typ, tc.name)
			}
		}
	}

	// Adding triggers where there were none replaces.
	d := diff(t, s, "command:local:Command", map[string]property.Value{"create": str("x")},
		map[string]property.Value{"create": str("x"), "triggers": arr("1")})
	if kinds(d)["triggers"] != p.AddReplace {
		t.Fatalf("diff %v", kinds(d))
	}

	// CopyFile has no update: every change replaces.
	conn := obj(map[string]property.Value{"host": str("h")})
	old := map[string]property.Value{"connection": conn, "localPath": str("a"), "remotePath": str("/a")}
	news := map[string]property.Value{"connection": conn, "localPath": str("a"), "remotePath": str("/b")}
	if k := kinds(diff(t, s, "command:remote:CopyFile", old, news)); k["remotePath"] != p.UpdateReplace {
		t.Fatalf("CopyFile diff %v", k)
	}
	old["remotePath"] = str("/b")
	news["triggers"] = arr("1")
	if k := kinds(diff(t, s, "command:remote:CopyFile", old, news)); k["triggers"] != p.AddReplace {
		t.Fatalf("CopyFile diff %v", k)
	}
}

func TestPreviewLeavesOutputsUnknown(t *testing.T) {
	s, _ := server(t)
	resp, err := s.Create(p.CreateRequest{
		Urn: urn("command:local:Command", "c"), DryRun: true,
		Properties: property.NewMap(map[string]property.Value{"create": str("exit 1")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.ID, "c") {
		t.Fatalf("id %q", resp.ID)
	}
	if !resp.Properties.Get("stdout").IsComputed() || !resp.Properties.Get("stderr").IsComputed() {
		t.Fatalf("stdout/stderr known in preview: %v", resp.Properties)
	}
	if resp.Properties.Get("create").AsString() != "exit 1" {
		t.Fatal("inputs are not echoed")
	}
}

func TestOutputsOfSecretInputsAreNotSecret(t *testing.T) {
	s, _ := server(t)
	resp, err := s.Create(p.CreateRequest{
		Urn: urn("command:local:Command", "c"),
		Properties: property.NewMap(map[string]property.Value{
			"create":      str("echo $X").WithSecret(true),
			"environment": obj(map[string]property.Value{"X": str("v").WithSecret(true)}),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Properties.Get("create").Secret() || !resp.Properties.Get("environment").AsMap().Get("X").Secret() {
		t.Fatal("secret inputs lost their secrecy in the outputs")
	}
	if out := resp.Properties.Get("stdout"); out.Secret() || out.AsString() != "v" {
		t.Fatalf("stdout %v", out)
	}
}

func TestFailedCreateReturnsNoState(t *testing.T) {
	s, _ := server(t)
	resp, err := s.Create(p.CreateRequest{
		Urn:        urn("command:local:Command", "c"),
		Properties: property.NewMap(map[string]property.Value{"create": str("echo nope; exit 2")}),
	})
	if err == nil || !strings.Contains(err.Error(), "exit status 2: running \"echo nope; exit 2\":\nnope\n") {
		t.Fatalf("err = %v", err)
	}
	if resp.ID != "" || resp.PartialState != nil || resp.Properties.Len() != 0 {
		t.Fatalf("a failed create returned state: %+v", resp)
	}
}

func TestRunInvoke(t *testing.T) {
	s, rec := server(t)
	resp, err := s.Invoke(p.InvokeRequest{
		Token: "command:local:run",
		Args:  property.NewMap(map[string]property.Value{"command": str("echo ran")}),
	})
	if err != nil || len(resp.Failures) > 0 {
		t.Fatalf("err %v failures %v", err, resp.Failures)
	}
	if resp.Return.Get("stdout").AsString() != "ran" || resp.Return.Get("command").AsString() != "echo ran" {
		t.Fatalf("return %v", resp.Return)
	}
	if got := rec.Messages("status"); len(got) != 1 || got[0] != "ran" {
		t.Fatalf("status %q", got)
	}
	if _, err := s.Invoke(p.InvokeRequest{
		Token: "command:local:run",
		Args:  property.NewMap(map[string]property.Value{"command": str("exit 5")}),
	}); err == nil {
		t.Fatal("a failing command succeeded")
	}
	resp, err = s.Invoke(p.InvokeRequest{Token: "command:local:run", Args: property.NewMap(nil)})
	if err != nil || len(resp.Failures) == 0 {
		t.Fatalf("a missing command: err %v failures %v", err, resp.Failures)
	}
}
