package remote

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/output"
	"paas.local/toolchain/providers/command/sshconn"
)

// previous is the output of the last create or update, handed to the next run.
type previous struct{ stdout, stderr string }

// execSpec is one command to run on the remote host.
type execSpec struct {
	command                string
	connection             Connection
	environment            map[string]string
	stdin                  *string
	logging                *Logging
	addPreviousOutputInEnv *bool
	prev                   *previous
}

// execute runs the command in a new session on a connection of its own, closed afterwards,
// and returns its trimmed stdout and stderr.
func execute(ctx context.Context, spec execSpec) (stdout, stderr string, err error) {
	log := diag.From(ctx)
	client, err := sshconn.Dial(ctx, spec.connection.target(), log.InfoStatus)
	if err != nil {
		return "", "", err
	}
	defer client.Close()

	session, err := client.NewSession()
	if err != nil {
		return "", "", err
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
			return "", "", fmt.Errorf("could not set environment variable %q: %w", k, err)
		}
	}
	if p := spec.prev; p != nil && (spec.addPreviousOutputInEnv == nil || *spec.addPreviousOutputInEnv) {
		for _, kv := range [][2]string{{"PULUMI_COMMAND_STDOUT", p.stdout}, {"PULUMI_COMMAND_STDERR", p.stderr}} {
			if kv[1] == "" {
				continue
			}
			// The previous output is a convenience: the command still runs without it.
			if err := session.Setenv(kv[0], kv[1]); err != nil {
				log.Warning(setenvAdvice(kv[0]))
			}
		}
	}
	if spec.stdin != nil && *spec.stdin != "" {
		session.Stdin = strings.NewReader(*spec.stdin)
	}

	logStdout, logStderr := streams(spec.logging)
	capture := output.New(log.InfoStatus, logStdout, logStderr)
	session.Stdout = capture.Stdout()
	session.Stderr = capture.Stderr()
	err = session.Run(spec.command)
	capture.Flush()
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil {
		err = ctxErr
	}
	if err != nil {
		return "", "", capture.Failure(err, spec.command)
	}
	stdout, stderr = capture.Results()
	return stdout, stderr, nil
}

func setenvAdvice(name string) string {
	return fmt.Sprintf("Unable to set '%s'. This only works if your SSH server is configured to accept "+
		"these variables via AcceptEnv. Alternatively, if a Bash-like shell runs the command on the remote host, "+
		"you could prefix the command itself with the variables in the form 'VAR=value command'.", name)
}
