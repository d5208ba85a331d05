package local

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// Run is the command:local:run function: it runs its command on every call, previews included.
type Run struct{}

func (r *Run) Annotate(a infer.Annotator) {
	a.Describe(&r, "A local command to be executed unconditionally.\n"+
		"This command will always be run on any preview or deployment. "+
		"Use `local.Command` to run commands only as part of a resource's life cycle.")
}

// RunInputs are the function's arguments.
type RunInputs struct {
	Command string `pulumi:"command"`
	ExecInputs
}

func (i *RunInputs) Annotate(a infer.Annotator) {
	a.Describe(&i.Command, "The command to run.")
}

// RunOutputs are the arguments echoed back with what the command produced.
type RunOutputs struct {
	RunInputs
	ExecOutputs
}

func (Run) Invoke(ctx context.Context, req infer.FunctionRequest[RunInputs]) (infer.FunctionResponse[RunOutputs], error) {
	out, err := execute(ctx, req.Input.Command, req.Input.ExecInputs, nil, true)
	if err != nil {
		return infer.FunctionResponse[RunOutputs]{}, err
	}
	return infer.FunctionResponse[RunOutputs]{Output: RunOutputs{RunInputs: req.Input, ExecOutputs: out}}, nil
}
