package local

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/lifecycle"
)

// Command runs shell commands on the provider's host when the resource is created, updated
// and deleted.
type Command struct{}

func (c *Command) Annotate(a infer.Annotator) {
	a.Describe(&c, "A local command to be executed.\n\n"+
		"Insert it into the life cycle of other resources with the `dependsOn` or `parent` resource options. "+
		"A command that exits with a non-zero code has failed, and so has the step of the `Command` resource that ran it.")
}

// CommandInputs are the inputs of a local Command.
type CommandInputs struct {
	Create   *string `pulumi:"create,optional"`
	Update   *string `pulumi:"update,optional"`
	Delete   *string `pulumi:"delete,optional"`
	Triggers *[]any  `pulumi:"triggers,optional" provider:"replaceOnChanges"`
	ExecInputs
}

func (i *CommandInputs) Annotate(a infer.Annotator) {
	lifecycle.DescribeCommands(a, &i.Create, &i.Update, &i.Delete, &i.Triggers)
}

// CommandOutputs are the inputs echoed back with what the last run produced.
type CommandOutputs struct {
	CommandInputs
	ExecOutputs
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
	out, err := execute(ctx, *req.Inputs.Create, req.Inputs.ExecInputs, nil, true)
	if err != nil {
		return infer.CreateResponse[CommandOutputs]{}, err
	}
	state.ExecOutputs = out
	return infer.CreateResponse[CommandOutputs]{ID: id, Output: state}, nil
}

func (Command) Update(ctx context.Context, req infer.UpdateRequest[CommandInputs, CommandOutputs]) (infer.UpdateResponse[CommandOutputs], error) {
	state := CommandOutputs{CommandInputs: req.Inputs, ExecOutputs: req.State.ExecOutputs}
	command := lifecycle.UpdateCommand(req.Inputs.Create, req.Inputs.Update)
	if req.DryRun || command == nil {
		return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
	}
	out, err := execute(ctx, *command, req.Inputs.ExecInputs, &req.State.Streams, true)
	if err != nil {
		return infer.UpdateResponse[CommandOutputs]{}, err
	}
	state.Streams = out.Streams
	// Unset path lists leave the previous assets and archive in place.
	if out.Assets != nil {
		state.Assets = out.Assets
	}
	if out.Archive != nil {
		state.Archive = out.Archive
	}
	return infer.UpdateResponse[CommandOutputs]{Output: state}, nil
}

func (Command) Delete(ctx context.Context, req infer.DeleteRequest[CommandOutputs]) (infer.DeleteResponse, error) {
	if req.State.Delete == nil {
		return infer.DeleteResponse{}, nil
	}
	// Nothing keeps what a delete would collect, so its asset paths are not searched.
	_, err := execute(ctx, *req.State.Delete, req.State.ExecInputs, &req.State.Streams, false)
	return infer.DeleteResponse{}, err
}
