package remote

import (
	"context"
	"fmt"

	"github.com/pkg/sftp"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi-go-provider/infer/types"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/sshconn"
)

// CopyToRemote copies a file, a directory or a text to the remote host over SFTP.
type CopyToRemote struct{}

func (c *CopyToRemote) Annotate(a infer.Annotator) {
	a.Describe(&c, "Copy an Asset or Archive to a remote host.\n\n"+
		"Supported source types:\n"+
		"- `FileAsset`: copy a local file to the remote host.\n"+
		"- `StringAsset`: write text to a remote file (configuration files, certificates, ...).\n"+
		"- `FileArchive`: copy a local directory or archive file to the remote host.")
}

// CopyToRemoteInputs are the inputs of CopyToRemote; its outputs are the same.
type CopyToRemoteInputs struct {
	Connection Connection           `pulumi:"connection" provider:"secret"`
	Triggers   *[]any               `pulumi:"triggers,optional" provider:"replaceOnChanges"`
	Source     types.AssetOrArchive `pulumi:"source"`
	RemotePath string               `pulumi:"remotePath"`
}

func (i *CopyToRemoteInputs) Annotate(a infer.Annotator) {
	a.Describe(&i.Connection, "The parameters with which to connect to the remote host.")
	a.Describe(&i.Triggers, "Trigger replacements on changes to this input.")
	a.Describe(&i.Source, "An [asset or an archive](https://www.pulumi.com/docs/concepts/assets-archives/) to upload "+
		"as the source of the copy. It must be a `FileAsset`, `StringAsset`, or a `FileArchive`. "+
		"The item is copied as-is; archives like .tgz are not unpacked. "+
		"Directories are copied recursively, overwriting existing files. Missing parent directories are created.")
	a.Describe(&i.RemotePath, "The destination path on the remote host. Missing parent directories are created. "+
		"When the remote path is an existing directory, the source file or directory is copied into it; "+
		"a source directory given with a trailing slash has its contents copied into the remote path instead. "+
		"When the source is a file and the remote path an existing file, that file is overwritten. "+
		"When the source is a directory and the remote path an existing file, the copy fails.")
}

// CopyToRemoteOutputs echo the inputs.
type CopyToRemoteOutputs struct {
	CopyToRemoteInputs
}

func (CopyToRemote) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[CopyToRemoteInputs], error) {
	in, failures, err := infer.DefaultCheck[CopyToRemoteInputs](ctx, req.NewInputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[CopyToRemoteInputs]{Inputs: in, Failures: failures}, err
	}
	fail := func(property, reason string) (infer.CheckResponse[CopyToRemoteInputs], error) {
		return infer.CheckResponse[CopyToRemoteInputs]{
			Inputs:   in,
			Failures: []p.CheckFailure{{Property: property, Reason: reason}},
		}, nil
	}
	asset, archive := in.Source.Asset, in.Source.Archive
	switch {
	case asset != nil && archive != nil:
		return fail("asset", "only one of asset or archive can be set")
	case asset == nil && archive == nil:
		return fail("asset", "either asset or archive must be set")
	case asset != nil && !asset.IsPath() && !asset.IsText():
		return fail("asset", "asset must be a path-based file asset or a text asset")
	case archive != nil && !archive.IsPath():
		return fail("archive", "archive must be a path to a file or directory")
	}
	return infer.CheckResponse[CopyToRemoteInputs]{Inputs: in}, nil
}

func (CopyToRemote) Create(ctx context.Context, req infer.CreateRequest[CopyToRemoteInputs]) (infer.CreateResponse[CopyToRemoteOutputs], error) {
	state := CopyToRemoteOutputs{req.Inputs}
	if req.DryRun {
		return infer.CreateResponse[CopyToRemoteOutputs]{Output: state}, nil
	}
	if err := copyToRemote(ctx, req.Inputs); err != nil {
		return infer.CreateResponse[CopyToRemoteOutputs]{}, err
	}
	id, err := resource.NewUniqueHex("", 8, 0)
	if err != nil {
		return infer.CreateResponse[CopyToRemoteOutputs]{}, err
	}
	return infer.CreateResponse[CopyToRemoteOutputs]{ID: id, Output: state}, nil
}

// Update copies again only when the content or the destination changed; the old copy stays.
func (CopyToRemote) Update(ctx context.Context, req infer.UpdateRequest[CopyToRemoteInputs, CopyToRemoteOutputs]) (infer.UpdateResponse[CopyToRemoteOutputs], error) {
	state := CopyToRemoteOutputs{req.Inputs}
	if req.DryRun {
		return infer.UpdateResponse[CopyToRemoteOutputs]{Output: state}, nil
	}
	if sourceHash(req.State.Source) != sourceHash(req.Inputs.Source) || req.State.RemotePath != req.Inputs.RemotePath {
		if err := copyToRemote(ctx, req.Inputs); err != nil {
			return infer.UpdateResponse[CopyToRemoteOutputs]{}, err
		}
	}
	return infer.UpdateResponse[CopyToRemoteOutputs]{Output: state}, nil
}

func sourceHash(s types.AssetOrArchive) string {
	switch {
	case s.Asset != nil:
		return "asset:" + s.Asset.Hash
	case s.Archive != nil:
		return "archive:" + s.Archive.Hash
	}
	return ""
}

func copyToRemote(ctx context.Context, in CopyToRemoteInputs) error {
	log := diag.From(ctx)
	from := ""
	switch {
	case in.Source.Asset != nil && in.Source.Asset.IsText():
		from = "a text asset"
	case in.Source.Asset != nil:
		from = in.Source.Asset.Path
	case in.Source.Archive != nil:
		from = in.Source.Archive.Path
	}
	log.Debug(fmt.Sprintf("Creating file: %s:%s from %s", in.Connection.Host, in.RemotePath, from))

	client, err := sshconn.Dial(ctx, in.Connection.target(), log.InfoStatus)
	if err != nil {
		return err
	}
	defer client.Close()
	sc, err := sftp.NewClient(client.Client, sftp.UseConcurrentWrites(true))
	if err != nil {
		return fmt.Errorf("opening SFTP session: %w", err)
	}
	defer sc.Close()

	if in.Source.Asset != nil && in.Source.Asset.IsText() {
		return writeText(sc, in.Source.Asset.Text, in.RemotePath)
	}
	return copyPath(sc, from, in.RemotePath)
}
