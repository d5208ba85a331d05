package remote

import (
	"context"
	"fmt"
	"os"

	"github.com/pkg/sftp"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/sshconn"
)

// CopyFile is the deprecated predecessor of CopyToRemote: one local file to one remote path.
// Having no Update, every change replaces it.
type CopyFile struct{}

const copyFileDeprecation = "This resource is deprecated and will be removed in a future release. " +
	"Please use the `CopyToRemote` resource instead."

func (c *CopyFile) Annotate(a infer.Annotator) {
	a.Describe(&c, "Copy a local file to a remote host.")
	a.Deprecate(&c, copyFileDeprecation)
}

// CopyFileInputs are the inputs of CopyFile; its outputs are the same.
type CopyFileInputs struct {
	Connection Connection `pulumi:"connection" provider:"secret"`
	Triggers   *[]any     `pulumi:"triggers,optional"`
	LocalPath  string     `pulumi:"localPath"`
	RemotePath string     `pulumi:"remotePath"`
}

func (i *CopyFileInputs) Annotate(a infer.Annotator) {
	a.Describe(&i.Connection, "The parameters with which to connect to the remote host.")
	a.Describe(&i.Triggers, "Trigger replacements on changes to this input.")
	a.Describe(&i.LocalPath, "The path of the file to be copied.")
	a.Describe(&i.RemotePath, "The destination path in the remote host.")
}

// CopyFileOutputs echo the inputs.
type CopyFileOutputs struct {
	CopyFileInputs
}

func (CopyFile) Create(ctx context.Context, req infer.CreateRequest[CopyFileInputs]) (infer.CreateResponse[CopyFileOutputs], error) {
	state := CopyFileOutputs{req.Inputs}
	if req.DryRun {
		return infer.CreateResponse[CopyFileOutputs]{Output: state}, nil
	}
	if err := copyOneFile(ctx, req.Inputs); err != nil {
		return infer.CreateResponse[CopyFileOutputs]{}, err
	}
	id, err := resource.NewUniqueHex("", 8, 0)
	if err != nil {
		return infer.CreateResponse[CopyFileOutputs]{}, err
	}
	return infer.CreateResponse[CopyFileOutputs]{ID: id, Output: state}, nil
}

func copyOneFile(ctx context.Context, in CopyFileInputs) error {
	src, err := os.Open(in.LocalPath)
	if err != nil {
		return err
	}
	defer src.Close()

	log := diag.From(ctx)
	log.Debug(fmt.Sprintf("Creating file: %s:%s from %s", in.Connection.Host, in.RemotePath, in.LocalPath))
	client, err := sshconn.Dial(ctx, in.Connection.target(), log.InfoStatus)
	if err != nil {
		return err
	}
	defer client.Close()
	sc, err := sftp.NewClient(client.Client)
	if err != nil {
		return fmt.Errorf("opening SFTP session: %w", err)
	}
	defer sc.Close()
	// Unlike CopyToRemote, parent directories are not created.
	return writeRemote(sc, in.RemotePath, src)
}
