package local

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/lifecycle"
	"paas.local/toolchain/providers/command/internal/output"
)

// execute runs command as ExecInputs describe and returns its trimmed stdout and stderr. With
// collect, it then gathers the assets and archive the inputs ask for.
func execute(ctx context.Context, command string, in ExecInputs, prev *lifecycle.Streams, collect bool) (ExecOutputs, error) {
	argv := defaultInterpreter()
	if in.Interpreter != nil && len(*in.Interpreter) > 0 {
		argv = append([]string(nil), *in.Interpreter...)
	}
	argv = append(argv, command)

	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	ownProcessGroup(cmd)
	// After a cancel, a process that escaped the group cannot hold the run open for long.
	cmd.WaitDelay = 5 * time.Second
	if in.Dir != nil {
		cmd.Dir = *in.Dir
	}
	cmd.Env = environment(in, prev)
	if in.Stdin != nil && *in.Stdin != "" {
		cmd.Stdin = strings.NewReader(*in.Stdin)
	}

	logStdout, logStderr := lifecycle.LoggedStreams(in.Logging)
	capture := output.New(diag.From(ctx).InfoStatus, logStdout, logStderr)
	cmd.Stdout = capture.Stdout()
	cmd.Stderr = capture.Stderr()
	err := cmd.Run()
	capture.Flush()
	if err != nil {
		return ExecOutputs{}, capture.Failure(err, command)
	}

	var out ExecOutputs
	out.Stdout, out.Stderr = capture.Results()
	if !collect {
		return out, nil
	}
	dir := ""
	if in.Dir != nil {
		dir = *in.Dir
	}
	if in.AssetPaths != nil {
		assets, err := collectAssets(dir, *in.AssetPaths)
		if err != nil {
			return ExecOutputs{}, err
		}
		out.Assets = &assets
	}
	if in.ArchivePaths != nil {
		archive, err := collectArchive(dir, *in.ArchivePaths)
		if err != nil {
			return ExecOutputs{}, err
		}
		out.Archive = archive
	}
	return out, nil
}

func defaultInterpreter() []string {
	if runtime.GOOS == "windows" {
		return []string{"cmd", "/C"}
	}
	return []string{"/bin/sh", "-c"}
}

// environment is the provider's own environment, then the user's variables, then the previous
// outputs; exec keeps the last value of a repeated name.
func environment(in ExecInputs, prev *lifecycle.Streams) []string {
	env := os.Environ()
	for k, v := range in.Environment {
		env = append(env, k+"="+v)
	}
	for _, kv := range lifecycle.PreviousEnv(prev, in.AddPreviousOutputInEnv) {
		env = append(env, kv[0]+"="+kv[1])
	}
	return env
}
