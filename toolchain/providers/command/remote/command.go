package remote

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Command runs commands over SSH when the resource is created, updated and deleted.
type Command struct{}

func (c *Command) Annotate(a infer.Annotator) {
	a.Describe(&c, "A command to run on a remote host. The connection is established via ssh.")
}

// CommandInputs are the inputs of a remote Command.
type CommandInputs struct {
	Connection             Connection        `pulumi:"connection" provider:"secret"`
	Create                 *string           `pulumi:"create,optional"`
	Update                 *string           `pulumi:"update,optional"`
	Delete                 *string           `pulumi:"delete,optional"`
	Triggers               *[]any            `pulumi:"triggers,optional" provider:"replaceOnChanges"`
	Stdin                  *string           `pulumi:"stdin,optional"`
	Logging                *Logging          `pulumi:"logging,optional"`
	Environment            map[string]string `pulumi:"environment,optional"`
	AddPreviousOutputInEnv *bool             `pulumi:"addPreviousOutputInEnv,optional"`
}

func (i *CommandInputs) Annotate(a infer.Annotator) {
	a.Describe(&i.Connection, "The parameters with which to connect to the remote host.")
	a.Describe(&i.Create, "The command to run once on resource creation.\n\n"+
		"If no `update` command is given, `create` also runs when the resource's inputs change.\n\n"+
		"It does not run again while the resource exists and its inputs are unchanged. "+
		"Use `local.runOutput` to run a command on every execution of your program.")
	a.Describe(&i.Update, "The command to run when the resource is updated.\n\n"+
		"If empty, the `create` command runs instead.\n\n"+
		"It does not run while the resource's inputs are unchanged. "+
		"Use `local.runOutput` to run a command on every execution of your program.\n\n"+
		"The environment variables `PULUMI_COMMAND_STDOUT` and `PULUMI_COMMAND_STDERR` hold the `stdout` and `stderr` "+
		"of the previous create or update.")
	a.Describe(&i.Delete, "The command to run on resource deletion.\n\n"+
		"The environment variables `PULUMI_COMMAND_STDOUT` and `PULUMI_COMMAND_STDERR` hold the `stdout` and `stderr` "+
		"of the previous create or update.")
	a.Describe(&i.Triggers, triggersDescription)
	a.Describe(&i.Stdin, "A string passed to the command's process as its standard input.")
	a.Describe(&i.Logging, "Whether the command's stdout and stderr are logged. Their capture as outputs is not affected. "+
		"If the output may hold secrets, turn logging off here and mark the outputs secret with "+
		"'additionalSecretOutputs'. Defaults to logging both stdout and stderr.")
	a.Describe(&i.Environment, "Additional environment variables for the command's process.\n"+
		"They are sent as SSH `env` requests, which the server accepts only for the names its AcceptEnv setting lists. "+
		"Alternatively, if a Bash-like shell runs the command on the remote host, prefix the command itself "+
		"with the variables in the form 'VAR=value command'.")
	a.Describe(&i.AddPreviousOutputInEnv, "Whether the stdout and stderr of the previous create or update are put in the "+
		"environment of the next run as PULUMI_COMMAND_STDOUT and PULUMI_COMMAND_STDERR.\nDefaults to true.")
}

const triggersDescription = "The resource is updated (or replaced) when any of these values change.\n\n" +
	"The values can be of any type.\n\n" +
	"If an `update` command is given the resource is updated, otherwise it is replaced using the `create` command.\n\n" +
	"See the resource documentation for examples."

// CommandOutputs are the inputs echoed back with what the last run printed.
type CommandOutputs struct {
	CommandInputs
	Stdout string `pulumi:"stdout"`
	Stderr string `pulumi:"stderr"`
}

func (o *CommandOutputs) Annotate(a infer.Annotator) {
	a.Describe(&o.Stdout, "The standard output of the command's process")
	a.Describe(&o.Stderr, "The standard error of the command's process")
}

func (in CommandInputs) spec(command string, prev *previous) execSpec {
	return execSpec{
		command:                command,
		connection:             in.Connection,
		environment:            in.Environment,
		stdin:                  in.Stdin,
		logging:                in.Logging,
		addPreviousOutputInEnv: in.AddPreviousOutputInEnv,
		prev:                   prev,
	}
}

func (Command) Create(ctx context.Context, req infer.CreateRequest[CommandInputs]) (infer.CreateResponse[CommandOutputs], error) {
	id, err := resource.NewUniqueHex(req.Name, 8, 0)
	if err != nil {
		return infer.CreateResponse[CommandOutputs]{}, err
	}
	state := CommandOutputs{CommandInputs: req.Inputs}
	if req.DryRun || req.Inputs.Create == nil {
		return infer.CreateResponse[CommandOutputs]{ID: id, Output: state}, nil
	}
	state.Stdout, state.Stderr, err = execute(ctx, req.Inputs.spec(*req.Inputs.Create, nil))
	if err != nil {
		return infer.CreateResponse[CommandOutputs]{}, err
	}
	return infer.CreateResponse[CommandOutputs]{ID: id, Output: state}, nil
}

func (Command) Update(ctx context.Context, req infer.UpdateRequest[CommandInputs, CommandOutputs]) (infer.UpdateResponse[CommandOutputs], error) {
	state := CommandOutputs{CommandInputs: req.Inputs, Stdout: req.State.Stdout, Stderr: req.State.Stderr}
	command := req.Inputs.Update
	if command == nil {
		command = req.Inputs.Create
	}
	if req.DryRun || command == nil {
		return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
	}
	var err error
	prev := &previous{req.State.Stdout, req.State.Stderr}
	state.Stdout, state.Stderr, err = execute(ctx, req.Inputs.spec(*command, prev))
	if err != nil {
		return infer.UpdateResponse[CommandOutputs]{}, err
	}
	return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
}

func (Command) Delete(ctx context.Context, req infer.DeleteRequest[CommandOutputs]) (infer.DeleteResponse, error) {
	if req.State.Delete == nil {
		return infer.DeleteResponse{}, nil
	}
	prev := &previous{req.State.Stdout, req.State.Stderr}
	_, _, err := execute(ctx, req.State.spec(*req.State.Delete, prev))
	return infer.DeleteResponse{}, err
}
