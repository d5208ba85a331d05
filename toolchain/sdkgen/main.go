// pulumi-sdkgen writes a Pulumi SDK for a package schema, in Python or Go, with pkg/v3's code
// generators: the code a current language host runs for `pulumi package gen-sdk` and
// `pulumi package add`. The language hosts this toolchain can build (Python's from sdk/v3
// v3.79.0, Node.js's from v3.68.0) predate GeneratePackage, so the CLI cannot do it itself here.
//
//	pulumi-sdkgen python|go SCHEMA.json OUTDIR
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-sdkgen"

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintf(os.Stderr, "usage: %s python|go SCHEMA.json OUTDIR\n", tool)
		os.Exit(2)
	}
	count, err := generate(os.Args[1], os.Args[2], os.Args[3])
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d files to %s\n", count, os.Args[3])
}

// generate writes LANGUAGE's SDK for the schema at SCHEMAPATH under OUT; it returns the number of files.
func generate(language, schemaPath, out string) (int, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return 0, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return 0, fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, refusingLoader{}, schema.ValidationOptions{})
	if err != nil {
		return 0, err
	}
	if diags.HasErrors() {
		return 0, diags
	}
	var files map[string][]byte
	switch language {
	case "python":
		files, err = pygen.GeneratePackage(tool, pkg, nil, refusingLoader{})
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		err = fmt.Errorf("language %q: must be python or go", language)
	}
	if err != nil {
		return 0, err
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// refusingLoader loads no other package: a component package's schema refers to none (its
// children's types do not appear in it), and a schema that does is refused with its name.
type refusingLoader struct{}

func refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q, which %s does not load", name, tool)
}

func (refusingLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, refuse(name)
}

func (refusingLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refuse(d.Name)
}

func (refusingLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refuse(name)
}

func (refusingLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, refuse(d.Name)
}
