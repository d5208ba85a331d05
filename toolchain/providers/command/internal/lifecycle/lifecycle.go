// Package lifecycle holds what local:Command and remote:Command share: the wording of their
// common inputs, what a run prints, and how that output reaches the next run. The enums and
// input types stay separate per module, because the schema names them command:local:… and
// command:remote:….
package lifecycle

import "github.com/pulumi/pulumi-go-provider/infer"

// DescribeCommands describes a Command's create, update, delete and triggers inputs.
func DescribeCommands(a infer.Annotator, create, update, delete **string, triggers **[]any) {
	a.Describe(create, "The command to run once on resource creation.\n\n"+
		"If no `update` command is given, `create` also runs when the resource's inputs change.\n\n"+
		"It does not run again while the resource exists and its inputs are unchanged. "+
		"Use `local.runOutput` to run a command on every execution of your program.")
	a.Describe(update, "The command to run when the resource is updated.\n\n"+
		"If empty, the `create` command runs instead.\n\n"+
		"It does not run while the resource's inputs are unchanged. "+
		"Use `local.runOutput` to run a command on every execution of your program.\n\n"+
		"The environment variables `PULUMI_COMMAND_STDOUT` and `PULUMI_COMMAND_STDERR` hold the `stdout` and `stderr` "+
		"of the previous create or update.")
	a.Describe(delete, "The command to run on resource deletion.\n\n"+
		"The environment variables `PULUMI_COMMAND_STDOUT` and `PULUMI_COMMAND_STDERR` hold the `stdout` and `stderr` "+
		"of the previous create or update.")
	a.Describe(triggers, "The resource is updated (or replaced) when any of these values change.\n\n"+
		"The values can be of any type.\n\n"+
		"If an `update` command is given the resource is updated, otherwise it is replaced using the `create` command.\n\n"+
		"See the resource documentation for examples.")
}

// UpdateCommand is the command an update runs: update, else create.
func UpdateCommand(create, update *string) *string {
	if update != nil {
		return update
	}
	return create
}

// DescribeProcess describes the stdin, logging and addPreviousOutputInEnv inputs; logging is
// a pointer to the module's own *Logging field.
func DescribeProcess(a infer.Annotator, stdin **string, logging any, addPreviousOutputInEnv **bool) {
	a.Describe(stdin, "A string passed to the command's process as its standard input.")
	a.Describe(logging, "Whether the command's stdout and stderr are logged. Their capture as outputs is not affected. "+
		"If the output may hold secrets, turn logging off here and mark the outputs secret with "+
		"'additionalSecretOutputs'. Defaults to logging both stdout and stderr.")
	a.Describe(addPreviousOutputInEnv, "Whether the stdout and stderr of the previous create or update are put in the "+
		"environment of the next run as PULUMI_COMMAND_STDOUT and PULUMI_COMMAND_STDERR.\nDefaults to true.")
}

// Streams is what a command printed, each stream with one trailing newline removed.
type Streams struct {
	Stdout string `pulumi:"stdout"`
	Stderr string `pulumi:"stderr"`
}

func (s *Streams) Annotate(a infer.Annotator) {
	a.Describe(&s.Stdout, "The standard output of the command's process")
	a.Describe(&s.Stderr, "The standard error of the command's process")
}

// PreviousEnv lists the variables that hand the previous create or update's output to the
// next run: none without one or when addPreviousOutputInEnv is false, none for an empty stream.
func PreviousEnv(prev *Streams, addPreviousOutputInEnv *bool) [][2]string {
	if prev == nil || addPreviousOutputInEnv != nil && !*addPreviousOutputInEnv {
		return nil
	}
	var env [][2]string
	if prev.Stdout != "" {
		env = append(env, [2]string{"PULUMI_COMMAND_STDOUT", prev.Stdout})
	}
	if prev.Stderr != "" {
		env = append(env, [2]string{"PULUMI_COMMAND_STDERR", prev.Stderr})
	}
	return env
}
