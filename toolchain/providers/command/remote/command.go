package remote

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/lifecycle"
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
	lifecycle.DescribeCommands(a, &i.Create, &i.Update, &i.Delete, &i.Triggers)
	lifecycle.DescribeProcess(a, &i.Stdin, &i.Logging, &i.AddPreviousOutputInEnv)
	a.Describe(&i.Environment, "Additional environment variables for the command's process.\n"+
		"They are sent as SSH `env` requests, which the server accepts only for the names its AcceptEnv setting lists. "+
		"Alternatively, if a Bash-like shell runs the command on the remote host, prefix the command itself "+
		"with the variables in the form 'VAR=value command'.")
}

// CommandOutputs are the inputs echoed back with what the last run printed.
type CommandOutputs struct {
	CommandInputs
	lifecycle.Streams
}

func (in CommandInputs) spec(command string, prev *lifecycle.Streams) execSpec {
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
	state.Streams, err = execute(ctx, req.Inputs.spec(*req.Inputs.Create, nil))
	if err != nil {
		return infer.CreateResponse[CommandOutputs]{}, err
	}
	return infer.CreateResponse[CommandOutputs]{ID: id, Output: state}, nil
}

func (Command) Update(ctx context.Context, req infer.UpdateRequest[CommandInputs, CommandOutputs]) (infer.UpdateResponse[CommandOutputs], error) {
	state := CommandOutputs{CommandInputs: req.Inputs, Streams: req.State.Streams}
	command := lifecycle.UpdateCommand(req.Inputs.Create, req.Inputs.Update)
	if req.DryRun || command == nil {
		return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
	}
	var err error
	state.Streams, err = execute(ctx, req.Inputs.spec(*command, &req.State.Streams))
	if err != nil {
		return infer.UpdateResponse[CommandOutputs]{}, err
	}
	return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
}

func (Command) Delete(ctx context.Context, req infer.DeleteRequest[CommandOutputs]) (infer.DeleteResponse, error) {
	if req.State.Delete == nil {
		return infer.DeleteResponse{}, nil
	}
	_, err := execute(ctx, req.State.spec(*req.State.Delete, &req.State.Streams))
	return infer.DeleteResponse{}, err
}
