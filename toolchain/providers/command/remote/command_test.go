package remote

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-go-provider/infer"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/lifecycle"
	"paas.local/toolchain/providers/command/internal/sshtest"
)

func TestRemoteCreateUpdateDelete(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	dir := t.TempDir()
	in := CommandInputs{
		Connection:  connection(s),
		Create:      ptr(`printf 'created %s\n\n' "$GREETING"; echo warn >&2`),
		Update:      ptr(`echo "updated after [$PULUMI_COMMAND_STDOUT] [$PULUMI_COMMAND_STDERR]"`),
		Delete:      ptr(`echo "$PULUMI_COMMAND_STDOUT" > ` + dir + `/deleted`),
		Environment: map[string]string{"GREETING": "hi"},
	}
	created, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: in})
	if err != nil {
		t.Fatal(err)
	}
	if created.Output.Stdout != "created hi\n" || created.Output.Stderr != "warn" {
		t.Fatalf("stdout %q stderr %q", created.Output.Stdout, created.Output.Stderr)
	}
	if !strings.HasPrefix(created.ID, "rc") || len(created.ID) != 10 {
		t.Fatalf("id %q", created.ID)
	}
	waitClosed(t, s)

	updated, err := Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: created.Output})
	if err != nil {
		t.Fatal(err)
	}
	if want := "updated after [created hi\n] [warn]"; updated.Output.Stdout != want {
		t.Fatalf("stdout %q, want %q", updated.Output.Stdout, want)
	}
	waitClosed(t, s)

	if _, err := (Command{}).Delete(ctx, infer.DeleteRequest[CommandOutputs]{State: updated.Output}); err != nil {
		t.Fatal(err)
	}
	if s.Env()["PULUMI_COMMAND_STDOUT"] != updated.Output.Stdout {
		t.Fatalf("delete got PULUMI_COMMAND_STDOUT %q", s.Env()["PULUMI_COMMAND_STDOUT"])
	}
	if s.Logins() != 3 {
		t.Fatalf("%d logins, want one connection per run", s.Logins())
	}
	waitClosed(t, s)
}

func TestRemotePreviewAndUnsetCommandsConnectNowhere(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	in := CommandInputs{Connection: connection(s), Create: ptr("echo hi")}
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: in, DryRun: true})
	if err != nil || resp.ID == "" {
		t.Fatalf("preview: id %q err %v", resp.ID, err)
	}
	if _, err := (Command{}).Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{
		Inputs: in, State: CommandOutputs{CommandInputs: in}, DryRun: true,
	}); err != nil {
		t.Fatal(err)
	}
	empty := CommandInputs{Connection: connection(s)}
	if _, err := (Command{}).Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: empty}); err != nil {
		t.Fatal(err)
	}
	if _, err := (Command{}).Delete(ctx, infer.DeleteRequest[CommandOutputs]{State: CommandOutputs{CommandInputs: empty}}); err != nil {
		t.Fatal(err)
	}
	if s.Attempts() != 0 {
		t.Fatalf("%d connections", s.Attempts())
	}
}

func TestRemoteFailureText(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	command := "echo out; exit 3"
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: connection(s), Create: &command,
	}})
	want := "Process exited with status 3: running \"echo out; exit 3\":\nout\n"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	waitClosed(t, s)
}

func TestRemoteStdin(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: connection(s), Create: ptr("cat; echo"), Stdin: ptr("piped"),
	}})
	if err != nil || resp.Output.Stdout != "piped" {
		t.Fatalf("stdout %q err %v", resp.Output.Stdout, err)
	}
	// Without stdin the command sees end of input at once.
	resp, err = Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: connection(s), Create: ptr("cat; echo end"),
	}})
	if err != nil || resp.Output.Stdout != "end" {
		t.Fatalf("stdout %q err %v", resp.Output.Stdout, err)
	}
}

func TestRefusedUserEnvironmentFails(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{RefuseEnv: true})
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: connection(s), Create: ptr("true"), Environment: map[string]string{"FOO": "secret-value"},
	}})
	if err == nil || err.Error() != `could not set environment variable "FOO": ssh: setenv failed` {
		t.Fatalf("err = %v", err)
	}
	errs := rec.Messages("error")
	if len(errs) != 1 || !strings.Contains(errs[0], "Unable to set 'FOO'") || !strings.Contains(errs[0], "AcceptEnv") {
		t.Fatalf("errors logged %q", errs)
	}
	if strings.Contains(errs[0], "secret-value") {
		t.Fatal("the value was logged")
	}
	waitClosed(t, s)
}

func TestRefusedPreviousOutputOnlyWarns(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{RefuseEnv: true})
	in := CommandInputs{Connection: connection(s), Create: ptr(`echo "[$PULUMI_COMMAND_STDOUT]"`)}
	state := CommandOutputs{CommandInputs: in, Streams: lifecycle.Streams{Stdout: "old", Stderr: "old err"}}
	resp, err := Command{}.Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: state})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Output.Stdout != "[]" {
		t.Fatalf("stdout %q", resp.Output.Stdout)
	}
	warnings := rec.Messages("warning")
	if len(warnings) != 2 || !strings.Contains(warnings[0], "'PULUMI_COMMAND_STDOUT'") ||
		!strings.Contains(warnings[1], "'PULUMI_COMMAND_STDERR'") {
		t.Fatalf("warnings %q", warnings)
	}
}

func TestPreviousOutputOptOutAndEmptyValues(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	in := CommandInputs{Connection: connection(s), Create: ptr("true"), AddPreviousOutputInEnv: ptr(false)}
	state := CommandOutputs{CommandInputs: in, Streams: lifecycle.Streams{Stdout: "old"}}
	if _, err := (Command{}).Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: state}); err != nil {
		t.Fatal(err)
	}
	in.AddPreviousOutputInEnv = nil
	if _, err := (Command{}).Update(ctx, infer.UpdateRequest[CommandInputs, CommandOutputs]{Inputs: in, State: state}); err != nil {
		t.Fatal(err)
	}
	env := s.Env()
	if env["PULUMI_COMMAND_STDOUT"] != "old" {
		t.Fatalf("env %v", env)
	}
	if _, ok := env["PULUMI_COMMAND_STDERR"]; ok {
		t.Fatal("an empty previous stderr was sent")
	}
}

func TestRemoteLogging(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	for _, tc := range []struct {
		logging *Logging
		want    string
	}{
		{nil, "err|out"},
		{ptr(LogStdout), "out"},
		{ptr(LogStderr), "err"},
		{ptr(LogNone), ""},
	} {
		ctx, rec := diag.TestContext(t)
		_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
			Connection: connection(s), Create: ptr("echo out; echo err >&2"), Logging: tc.logging,
		}})
		if err != nil {
			t.Fatal(err)
		}
		lines := rec.Messages("status")
		sort.Strings(lines)
		if got := strings.Join(lines, "|"); got != tc.want {
			t.Errorf("status lines %q, want %q", got, tc.want)
		}
	}
}

func TestRemoteLongLine(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	resp, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: connection(s), Create: ptr(`head -c 200000 /dev/zero | tr '\0' y; echo`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Output.Stdout) != 200000 {
		t.Fatalf("stdout is %d bytes", len(resp.Output.Stdout))
	}
	if lines := rec.Messages("status"); len(lines) != 1 || len(lines[0]) != 200000 {
		t.Fatalf("%d status lines", len(lines))
	}
}

func TestDialFailureIsReported(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{Drop: -1})
	c := connection(s)
	c.DialErrorLimit = ptr(2)
	_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
		Connection: c, Create: ptr("true"),
	}})
	if err == nil || !strings.HasPrefix(err.Error(), "after 2 failed attempts: ") {
		t.Fatalf("err = %v", err)
	}
	if s.Attempts() != 3 {
		t.Fatalf("%d attempts", s.Attempts())
	}
	if got := strings.Join(rec.Messages("status"), "|"); got != "Dial 1/2 failed: retrying|Dial 2/2 failed: retrying" {
		t.Fatalf("status %q", got)
	}
}

func TestCancellingEndsARemoteCommand(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := Command{}.Create(ctx, infer.CreateRequest[CommandInputs]{Name: "rc", Inputs: CommandInputs{
			Connection: connection(s), Create: ptr("sleep 600"),
		}})
		done <- err
	}()
	// Cancel once the command is running on the server.
	for s.Logins() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	waitClosed(t, s)
}
