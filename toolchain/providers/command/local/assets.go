package local

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gobwas/glob"
	"github.com/pulumi/pulumi-go-provider/infer/types"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// matchFiles returns the slash-separated paths, relative to dir, of the files under dir that
// the patterns select. Patterns apply in order: a match includes the file, a match of a
// pattern starting with "!" excludes it again.
func matchFiles(dir string, patterns []string) ([]string, error) {
	type rule struct {
		exclude bool
		g       glob.Glob
	}
	rules := make([]rule, 0, len(patterns))
	for _, p := range patterns {
		exclude := strings.HasPrefix(p, "!")
		g, err := glob.Compile(strings.TrimPrefix(p, "!"), '/')
		if err != nil {
			return nil, fmt.Errorf("invalid glob %q: %w", p, err)
		}
		rules = append(rules, rule{exclude, g})
	}

	root := dir
	if root == "" {
		root = "."
	}
	var matched []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link to a directory is neither followed nor taken as a file.
			if info, err := os.Stat(path); err == nil && info.IsDir() {
				return nil
			}
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		include := false
		for _, r := range rules {
			if r.g.Match(rel) {
				include = !r.exclude
			}
		}
		if include {
			matched = append(matched, rel)
		}
		return nil
	})
	return matched, err
}

func fileAssets(dir string, patterns []string) (map[string]*resource.Asset, error) {
	paths, err := matchFiles(dir, patterns)
	if err != nil {
		return nil, err
	}
	assets := make(map[string]*resource.Asset, len(paths))
	for _, rel := range paths {
		a, err := resource.NewPathAsset(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		assets[rel] = a
	}
	return assets, nil
}

func collectAssets(dir string, patterns []string) (map[string]types.AssetOrArchive, error) {
	assets, err := fileAssets(dir, patterns)
	if err != nil {
		return nil, err
	}
	out := make(map[string]types.AssetOrArchive, len(assets))
	for k, a := range assets {
		out[k] = types.AssetOrArchive{Asset: a}
	}
	return out, nil
}

func collectArchive(dir string, patterns []string) (*resource.Archive, error) {
	assets, err := fileAssets(dir, patterns)
	if err != nil {
		return nil, err
	}
	members := make(map[string]any, len(assets))
	for k, a := range assets {
		members[k] = a
	}
	return resource.NewAssetArchive(members)
}
