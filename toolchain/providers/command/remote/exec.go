package remote

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/lifecycle"
	"paas.local/toolchain/providers/command/internal/output"
	"paas.local/toolchain/providers/command/sshconn"
)

// execSpec is one command to run on the remote host.
type execSpec struct {
	command                string
	connection             Connection
	environment            map[string]string
	stdin                  *string
	logging                *Logging
	addPreviousOutputInEnv *bool
	prev                   *lifecycle.Streams
}

// execute runs the command in a new session on a connection of its own, closed afterwards,
// and returns what it printed.
func execute(ctx context.Context, spec execSpec) (lifecycle.Streams, error) {
	log := diag.From(ctx)
	client, err := sshconn.Dial(ctx, spec.connection.target(), log.InfoStatus)
	if err != nil {
		return lifecycle.Streams{}, err
	}
	defer client.Close()

	session, err := client.NewSession()
	if err != nil {
		return lifecycle.Streams{}, err
	}
	defer session.Close()
	// A cancel or the resource's timeout ends the command, as it kills a local one: closing the
	// connection makes Run return.
	stop := context.AfterFunc(ctx, func() { _ = client.Close() })
	defer stop()

	// Sorted, so that which refusal is reported first does not vary from run to run.
	for _, k := range slices.Sorted(maps.Keys(spec.environment)) {
		if err := session.Setenv(k, spec.environment[k]); err != nil {
			log.Error(setenvAdvice(k))
			return lifecycle.Streams{}, fmt.Errorf("could not set environment variable %q: %w", k, err)
		}
	}
	for _, kv := range lifecycle.PreviousEnv(spec.prev, spec.addPreviousOutputInEnv) {
		// The previous output is a convenience: the command still runs without it.
		if err := session.Setenv(kv[0], kv[1]); err != nil {
			log.Warning(setenvAdvice(kv[0]))
		}
	}
	if spec.stdin != nil && *spec.stdin != "" {
		session.Stdin = strings.NewReader(*spec.stdin)
	}

	logStdout, logStderr := lifecycle.LoggedStreams(spec.logging)
	capture := output.New(log.InfoStatus, logStdout, logStderr)
	session.Stdout = capture.Stdout()
	session.Stderr = capture.Stderr()
	err = session.Run(spec.command)
	capture.Flush()
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil {
		err = ctxErr
	}
	if err != nil {
		return lifecycle.Streams{}, capture.Failure(err, spec.command)
	}
	var out lifecycle.Streams
	out.Stdout, out.Stderr = capture.Results()
	return out, nil
}

func setenvAdvice(name string) string {
	return fmt.Sprintf("Unable to set '%s'. This only works if your SSH server is configured to accept "+
		"these variables via AcceptEnv. Alternatively, if a Bash-like shell runs the command on the remote host, "+
		"you could prefix the command itself with the variables in the form 'VAR=value command'.", name)
}
