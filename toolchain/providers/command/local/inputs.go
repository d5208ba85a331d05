package local

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi-go-provider/infer/types"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/lifecycle"
)

// ExecInputs are how a command runs, shared by the Command resource and the run function.
type ExecInputs struct {
	Stdin                  *string           `pulumi:"stdin,optional"`
	Logging                *Logging          `pulumi:"logging,optional"`
	Interpreter            *[]string         `pulumi:"interpreter,optional"`
	Dir                    *string           `pulumi:"dir,optional"`
	Environment            map[string]string `pulumi:"environment,optional"`
	AssetPaths             *[]string         `pulumi:"assetPaths,optional"`
	ArchivePaths           *[]string         `pulumi:"archivePaths,optional"`
	AddPreviousOutputInEnv *bool             `pulumi:"addPreviousOutputInEnv,optional"`
}

const globRules = `

When specifying glob patterns the following rules apply:
- Only files are included, never directories.
- Path separators are ` + "`/`" + ` on every platform, Windows included.
- A pattern starting with ` + "`!`" + ` excludes what it matches.
- Patterns apply in order, so put exclusions after the patterns they narrow.
- ` + "`*`" + ` matches anything except ` + "`/`" + `.
- ` + "`**`" + ` matches anything, ` + "`/`" + ` included.
- Paths are relative to the working directory, without a leading ` + "`./`" + `, e.g. ` + "`file.txt` or `subfolder/file.txt`" + `.
- The full syntax is that of [github.com/gobwas/glob](https://github.com/gobwas/glob).

#### Example

Given the rules:
` + "```yaml" + `
- "assets/**"
- "src/**.js"
- "!**secret.*"
` + "```" + `

and this folder:

` + "```yaml" + `
- assets/
  - logos/
    - logo.svg
- src/
  - index.js
  - secret.js
` + "```" + `

the paths returned are:

` + "```yaml" + `
- assets/logos/logo.svg
- src/index.js
` + "```"

func (i *ExecInputs) Annotate(a infer.Annotator) {
	lifecycle.DescribeProcess(a, &i.Stdin, &i.Logging, &i.AddPreviousOutputInEnv)
	a.Describe(&i.Interpreter, "The program and arguments that run the command.\n"+
		"On Linux and macOS the default is `[\"/bin/sh\", \"-c\"]`; on Windows it is `[\"cmd\", \"/C\"]`.")
	a.Describe(&i.Dir, "The directory the command runs in. If `dir` does not exist, the command fails.")
	a.Describe(&i.Environment, "Additional environment variables for the command's process.")
	a.Describe(&i.AssetPaths, "A list of path globs to read after the command completes."+globRules)
	a.Describe(&i.ArchivePaths, "A list of path globs returned as one archive asset after the command completes."+globRules)
}

// ExecOutputs are what a run produces.
type ExecOutputs struct {
	lifecycle.Streams
	Assets  *map[string]types.AssetOrArchive `pulumi:"assets,optional"`
	Archive *resource.Archive                `pulumi:"archive,optional"`
}

func (o *ExecOutputs) Annotate(a infer.Annotator) {
	a.Describe(&o.Assets, "A map of assets found after running the command.\nThe key is the path relative to the command's directory.")
	a.Describe(&o.Archive, "An archive asset of the files found after running the command.")
}
