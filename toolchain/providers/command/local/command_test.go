package local

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/lifecycle"
)

func ptr[T any](v T) *T { return &v }

func create(t *testing.T, ctx context.Context, in CommandInputs) CommandOutputs {
	t.Helper()
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Output
}

func TestCreateRunsCreateAndTrimsOneNewline(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{
		Create: ptr(`printf 'out\n\n'; printf 'err\r\n' >&2`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Output.Stdout != "out\n" || resp.Output.Stderr != "err\r" {
		t.Fatalf("stdout %q stderr %q", resp.Output.Stdout, resp.Output.Stderr)
	}
	if !strings.HasPrefix(resp.ID, "cmd") || len(resp.ID) != len("cmd")+8 {
		t.Fatalf("id %q: want the name and 8 hex characters", resp.ID)
	}
}

func TestCreateWithoutCreateRunsNothing(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	marker := filepath.Join(t.TempDir(), "ran")
	out := create(t, ctx, CommandInputs{Delete: ptr("touch " + marker)})
	if out.Stdout != "" || out.Stderr != "" {
		t.Fatalf("outputs %+v", out.ExecOutputs)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("delete ran on create")
	}
}

func TestPreviewRunsNothing(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	marker := filepath.Join(t.TempDir(), "ran")
	in := CommandInputs{Create: ptr("touch " + marker)}
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: in, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.ID == "" {
		t.Fatal("a preview of a Command still gets an ID")
	}
	_, err = Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{
		Inputs: in, State: CommandOutputs{CommandInputs: in}, DryRun: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a preview ran the command")
	}
}

func TestFailureTextAndNoOutputs(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	command := "echo out; echo bad >&2; exit 3"
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{Create: &command}})
	if err == nil {
		t.Fatal("no error")
	}
	prefix := `exit status 3: running "echo out; echo bad >&2; exit 3":` + "\n"
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Fatalf("error %q", err)
	}
	rest := strings.TrimPrefix(err.Error(), prefix)
	if rest != "out\nbad\n" && rest != "bad\nout\n" {
		t.Fatalf("combined output %q", rest)
	}
}

func TestMissingDirFails(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := filepath.Join(t.TempDir(), "missing")
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{
		Create: ptr("true"), ExecInputs: ExecInputs{Dir: &dir},
	}})
	if err == nil || !strings.Contains(err.Error(), `running "true"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestDirInterpreterEnvironmentAndStdin(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := t.TempDir()
	out := create(t, ctx, CommandInputs{
		Create: ptr(`pwd; echo "$GREETING"; cat`),
		ExecInputs: ExecInputs{
			Dir:         &dir,
			Interpreter: &[]string{"/bin/bash", "-e", "-c"},
			Environment: map[string]string{"GREETING": "hello"},
			Stdin:       ptr("from stdin"),
		},
	})
	real, _ := filepath.EvalSymlinks(dir)
	if want := real + "\nhello\nfrom stdin"; out.Stdout != want {
		t.Fatalf("stdout %q, want %q", out.Stdout, want)
	}
}

func TestEmptyInterpreterGetsTheDefault(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	out := create(t, ctx, CommandInputs{Create: ptr("echo $0"), ExecInputs: ExecInputs{Interpreter: &[]string{}}})
	if out.Stdout != "/bin/sh" {
		t.Fatalf("stdout %q", out.Stdout)
	}
}

func TestUpdateGetsThePreviousOutput(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	in := CommandInputs{
		Create:     ptr(`echo "create saw [$PULUMI_COMMAND_STDOUT]"`),
		Update:     ptr(`echo "update saw [$PULUMI_COMMAND_STDOUT] [$PULUMI_COMMAND_STDERR]"`),
		ExecInputs: ExecInputs{Environment: map[string]string{"PULUMI_COMMAND_STDOUT": "mine"}},
	}
	state := create(t, ctx, in)
	if state.Stdout != "create saw [mine]" {
		t.Fatalf("create stdout %q: create gets no previous output", state.Stdout)
	}
	state.Stderr = "old err"
	resp, err := Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: state})
	if err != nil {
		t.Fatal(err)
	}
	if want := "update saw [create saw [mine]] [old err]"; resp.Output.Stdout != want {
		t.Fatalf("update stdout %q, want %q", resp.Output.Stdout, want)
	}

	in.AddPreviousOutputInEnv = ptr(false)
	resp, err = Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: state})
	if err != nil {
		t.Fatal(err)
	}
	if want := "update saw [mine] []"; resp.Output.Stdout != want {
		t.Fatalf("with addPreviousOutputInEnv false: stdout %q, want %q", resp.Output.Stdout, want)
	}
}

func TestUpdateRunsCreateWhenUpdateIsUnsetAndKeepsOutputsWhenBothAre(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	state := CommandOutputs{ExecOutputs: ExecOutputs{Streams: lifecycle.Streams{Stdout: "old"}}}
	resp, err := Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{
		Inputs: CommandInputs{Create: ptr("echo again")}, State: state,
	})
	if err != nil || resp.Output.Stdout != "again" {
		t.Fatalf("stdout %q err %v", resp.Output.Stdout, err)
	}
	resp, err = Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{
		Inputs: CommandInputs{Delete: ptr("true")}, State: state,
	})
	if err != nil || resp.Output.Stdout != "old" {
		t.Fatalf("stdout %q err %v", resp.Output.Stdout, err)
	}
}

func TestDeleteUsesTheStoredState(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := t.TempDir()
	state := CommandOutputs{
		CommandInputs: CommandInputs{
			Delete:     ptr(`echo "$PULUMI_COMMAND_STDOUT $X" > deleted`),
			ExecInputs: ExecInputs{Dir: &dir, Environment: map[string]string{"X": "x"}},
		},
		ExecOutputs: ExecOutputs{Streams: lifecycle.Streams{Stdout: "previous"}},
	}
	if _, err := (Command{}).Delete(ctx, infer.DeleteRequest[CommandOutputs]{State: state}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "deleted"))
	if err != nil || string(b) != "previous x\n" {
		t.Fatalf("delete wrote %q (%v)", b, err)
	}
	if _, err := (Command{}).Delete(ctx, infer.DeleteRequest[CommandOutputs]{State: CommandOutputs{}}); err != nil {
		t.Fatal(err)
	}
}

func TestLoggingLevels(t *testing.T) {
	for _, tc := range []struct {
		logging *Logging
		want    string
	}{
		{nil, "err|out"},
		{ptr(LogStdoutAndStderr), "err|out"},
		{ptr(LogStdout), "out"},
		{ptr(LogStderr), "err"},
		{ptr(LogNone), ""},
		{ptr(Logging("loud")), ""},
	} {
		ctx, rec := diag.TestContext(t)
		create(t, ctx, CommandInputs{
			Create:     ptr("echo out; echo err >&2"),
			ExecInputs: ExecInputs{Logging: tc.logging},
		})
		// The two streams race each other, so only which lines were logged is compared.
		lines := rec.Messages("status")
		sort.Strings(lines)
		if got := strings.Join(lines, "|"); got != tc.want {
			name := "unset"
			if tc.logging != nil {
				name = string(*tc.logging)
			}
			t.Errorf("logging %s: status lines %q, want %q", name, got, tc.want)
		}
		if n := len(rec.Entries()) - len(rec.Messages("status")); n != 0 {
			t.Errorf("%d messages that are not status lines", n)
		}
	}
}

func TestALineOverSixtyFourKiBDoesNotHang(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	out := create(t, ctx, CommandInputs{Create: ptr(`head -c 200000 /dev/zero | tr '\0' x; echo; echo done`)})
	if len(out.Stdout) != 200000+len("\ndone") {
		t.Fatalf("stdout is %d bytes", len(out.Stdout))
	}
	lines := rec.Messages("status")
	if len(lines) != 2 || len(lines[0]) != 200000 || lines[1] != "done" {
		t.Fatalf("%d status lines", len(lines))
	}
}

func TestAssetsAndArchive(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := t.TempDir()
	out := create(t, ctx, CommandInputs{
		Create: ptr("mkdir -p assets/logos src && touch assets/logos/logo.svg src/index.js src/secret.js top.txt"),
		ExecInputs: ExecInputs{
			Dir:          &dir,
			AssetPaths:   &[]string{"assets/**", "src/**.js", "!**secret.*"},
			ArchivePaths: &[]string{"*.txt"},
		},
	})
	if out.Assets == nil {
		t.Fatal("no assets")
	}
	var keys []string
	for k, v := range *out.Assets {
		keys = append(keys, k)
		if v.Asset == nil || v.Asset.Path != filepath.Join(dir, k) {
			t.Errorf("asset %s = %+v", k, v)
		}
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != "assets/logos/logo.svg,src/index.js" {
		t.Fatalf("assets %q", keys)
	}
	if out.Archive == nil || len(out.Archive.Assets) != 1 || out.Archive.Assets["top.txt"] == nil {
		t.Fatalf("archive %+v", out.Archive)
	}

	// Without path lists, an update keeps what the last run collected.
	resp, err := Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{
		Inputs: CommandInputs{Create: ptr("true"), ExecInputs: ExecInputs{Dir: &dir}}, State: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Output.Assets == nil || len(*resp.Output.Assets) != 2 || resp.Output.Archive == nil {
		t.Fatal("the previous assets and archive were dropped")
	}
}

func TestInvalidGlobFailsAfterTheCommandRan(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := t.TempDir()
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{
		Create: ptr("touch ran"), ExecInputs: ExecInputs{Dir: &dir, AssetPaths: &[]string{"[unclosed"}},
	}})
	if err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err != nil {
		t.Fatal("the command did not run")
	}
}

func TestRunInvoke(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	resp, err := Run{}.Invoke(ctx, infer.FunctionRequest[RunInputs]{Input: RunInputs{
		Command: "echo hi; echo there >&2", ExecInputs: ExecInputs{Environment: map[string]string{"A": "b"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Output.Stdout != "hi" || resp.Output.Stderr != "there" || resp.Output.Command != "echo hi; echo there >&2" {
		t.Fatalf("output %+v", resp.Output)
	}
	if resp.Output.Environment["A"] != "b" {
		t.Fatal("inputs are not echoed")
	}
	if len(rec.Messages("status")) != 2 {
		t.Fatalf("status %q", rec.Messages("status"))
	}
	_, err = Run{}.Invoke(ctx, infer.FunctionRequest[RunInputs]{Input: RunInputs{Command: "exit 4"}})
	if err == nil || err.Error() != "exit status 4: running \"exit 4\":\n" {
		t.Fatalf("err = %v", err)
	}
}

func TestCancellingKillsTheProcess(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{Create: ptr("sleep 60")}})
	if err == nil {
		t.Fatal("a cancelled create succeeded")
	}
}

func TestDeleteDoesNotSearchAssetPaths(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	dir := filepath.Join(t.TempDir(), "work")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	state := CommandOutputs{CommandInputs: CommandInputs{
		Delete:     ptr("rm -r " + dir),
		ExecInputs: ExecInputs{Dir: &dir, AssetPaths: &[]string{"**"}},
	}}
	if _, err := (Command{}).Delete(ctx, infer.DeleteRequest[CommandOutputs]{State: state}); err != nil {
		t.Fatalf("a delete that removes its own directory failed: %v", err)
	}
}

func TestCancellingARunningCommandEndsItAndItsChildren(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	ctx, cancel := context.WithCancel(ctx)
	dir := t.TempDir()
	done := make(chan error, 1)
	go func() {
		_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "cmd", Inputs: CommandInputs{
			Create: ptr("sleep 600 & echo $! > child.tmp && mv child.tmp child; wait"), ExecInputs: ExecInputs{Dir: &dir},
		}})
		done <- err
	}()
	var pid int
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "child")); err == nil {
			if pid, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
				t.Fatal(err)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "signal: killed") {
		t.Fatalf("err = %v", err)
	}
	// The interpreter's child goes with it; it may take a moment to be reaped.
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if state, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); strings.Contains(string(state), ") Z ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command's child %d is still running", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
