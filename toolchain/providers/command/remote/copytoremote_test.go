package remote

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi-go-provider/infer/types"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"paas.local/toolchain/providers/command/internal/diag"
	"paas.local/toolchain/providers/command/internal/sshtest"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fileAsset(t *testing.T, path string) types.AssetOrArchive {
	t.Helper()
	a, err := resource.NewPathAsset(path)
	if err != nil {
		t.Fatal(err)
	}
	return types.AssetOrArchive{Asset: a}
}

func fileArchive(t *testing.T, path string) types.AssetOrArchive {
	t.Helper()
	a, err := resource.NewPathArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	return types.AssetOrArchive{Archive: a}
}

func textAsset(t *testing.T, text string) types.AssetOrArchive {
	t.Helper()
	a, err := resource.NewTextAsset(text)
	if err != nil {
		t.Fatal(err)
	}
	return types.AssetOrArchive{Asset: a}
}

func copyTo(ctx context.Context, s *sshtest.Server, source types.AssetOrArchive, remotePath string) (string, error) {
	resp, err := CopyToRemote{}.Create(ctx, infer.CreateRequest[CopyToRemoteInputs]{Name: "copy", Inputs: CopyToRemoteInputs{
		Connection: connection(s), Source: source, RemotePath: remotePath,
	}})
	return resp.ID, err
}

// tree lists the files under dir with their contents, as "path=content".
func tree(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel)+"="+read(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, " ")
}

func TestCopyFile(t *testing.T) {
	ctx, rec := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	local, remote := t.TempDir(), t.TempDir()
	src := filepath.Join(local, "app.conf")
	write(t, src, "v1")

	t.Run("to a missing path, creating its parents", func(t *testing.T) {
		id, err := copyTo(ctx, s, fileAsset(t, src), filepath.Join(remote, "a/b/renamed.conf"))
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 8 {
			t.Fatalf("id %q", id)
		}
		if got := read(t, filepath.Join(remote, "a/b/renamed.conf")); got != "v1" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("into an existing directory", func(t *testing.T) {
		if _, err := copyTo(ctx, s, fileAsset(t, src), filepath.Join(remote, "a")); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(remote, "a/app.conf")); got != "v1" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("over an existing file", func(t *testing.T) {
		write(t, src, "v2")
		if _, err := copyTo(ctx, s, fileAsset(t, src), filepath.Join(remote, "a/b/renamed.conf")); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(remote, "a/b/renamed.conf")); got != "v2" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("an archive file is not unpacked", func(t *testing.T) {
		tgz := filepath.Join(local, "bundle.tgz")
		write(t, tgz, "not really gzip")
		if _, err := copyTo(ctx, s, fileArchive(t, tgz), filepath.Join(remote, "a")); err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(remote, "a/bundle.tgz")); got != "not really gzip" {
			t.Fatalf("got %q", got)
		}
	})
	if len(rec.Messages("debug")) == 0 || !strings.HasPrefix(rec.Messages("debug")[0], "Creating file: 127.0.0.1:") {
		t.Fatalf("debug %q", rec.Messages("debug"))
	}
	waitClosed(t, s)
}

func TestCopyFolder(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	local := t.TempDir()
	dir := filepath.Join(local, "site")
	write(t, filepath.Join(dir, "index.html"), "home")
	write(t, filepath.Join(dir, "css/main.css"), "body{}")
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}

	t.Run("dir lands at remotePath/dir even when remotePath is missing", func(t *testing.T) {
		remote := filepath.Join(t.TempDir(), "x/y")
		if _, err := copyTo(ctx, s, fileArchive(t, dir), remote); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, remote); got != "site/css/main.css=body{} site/index.html=home" {
			t.Fatalf("tree %q", got)
		}
		if info, err := os.Stat(filepath.Join(remote, "site/empty")); err != nil || !info.IsDir() {
			t.Fatal("the empty directory was not created")
		}
		// Copying again reuses remotePath/dir and overwrites files; extra files stay.
		write(t, filepath.Join(remote, "site/extra.txt"), "mine")
		write(t, filepath.Join(dir, "index.html"), "home v2")
		if _, err := copyTo(ctx, s, fileArchive(t, dir), remote); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, remote); got != "site/css/main.css=body{} site/extra.txt=mine site/index.html=home v2" {
			t.Fatalf("tree %q", got)
		}
	})
	t.Run("dir/ copies the contents into remotePath", func(t *testing.T) {
		remote := filepath.Join(t.TempDir(), "x/y")
		if _, err := copyTo(ctx, s, fileArchive(t, dir+"/"), remote); err != nil {
			t.Fatal(err)
		}
		if got := tree(t, remote); got != "css/main.css=body{} index.html=home v2" {
			t.Fatalf("tree %q", got)
		}
		if _, err := copyTo(ctx, s, fileArchive(t, dir+"/"), remote); err != nil {
			t.Fatal("copying the contents again into an existing directory: ", err)
		}
	})
	t.Run("onto a file fails", func(t *testing.T) {
		remote := filepath.Join(t.TempDir(), "file")
		write(t, remote, "x")
		for _, src := range []string{dir, dir + "/"} {
			_, err := copyTo(ctx, s, fileArchive(t, src), remote)
			if err == nil || !strings.Contains(err.Error(), "exists but is not a directory") {
				t.Fatalf("%s: err = %v", src, err)
			}
		}
	})
	t.Run("a file where a directory is needed fails", func(t *testing.T) {
		remote := t.TempDir()
		write(t, filepath.Join(remote, "site/css"), "in the way")
		_, err := copyTo(ctx, s, fileArchive(t, dir), remote)
		if err == nil || !strings.Contains(err.Error(), "site/css exists but is not a directory") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a missing source fails", func(t *testing.T) {
		// Wildcards are not expanded: "*" is a missing path.
		missing := types.AssetOrArchive{Archive: &resource.Archive{Path: filepath.Join(local, "*")}}
		if _, err := copyTo(ctx, s, missing, t.TempDir()); err == nil {
			t.Fatal("no error")
		}
	})
	waitClosed(t, s)
}

func TestCopyText(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	remote := t.TempDir()
	target := filepath.Join(remote, "etc/app/config.env")
	if _, err := copyTo(ctx, s, textAsset(t, "A=1\n"), target); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "A=1\n" {
		t.Fatalf("got %q", got)
	}
	if _, err := copyTo(ctx, s, textAsset(t, "B"), target); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "B" {
		t.Fatalf("the file was not truncated: %q", got)
	}
	_, err := copyTo(ctx, s, textAsset(t, "x"), remote)
	if err == nil || !strings.Contains(err.Error(), "is a directory; when using a text asset, remotePath must be a file path") {
		t.Fatalf("err = %v", err)
	}
}

func TestCopyToRemotePreviewCopiesNothing(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	resp, err := CopyToRemote{}.Create(ctx, infer.CreateRequest[CopyToRemoteInputs]{Name: "copy", DryRun: true,
		Inputs: CopyToRemoteInputs{Connection: connection(s), Source: textAsset(t, "x"), RemotePath: "/nowhere"}})
	if err != nil || resp.ID != "" {
		t.Fatalf("id %q err %v: a preview has an empty ID", resp.ID, err)
	}
	if s.Attempts() != 0 {
		t.Fatal("a preview connected")
	}
}

func TestCopyToRemoteUpdateCopiesOnlyWhenContentOrPathChanged(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	remote := t.TempDir()
	old := CopyToRemoteInputs{Connection: connection(s), Source: textAsset(t, "one"), RemotePath: filepath.Join(remote, "f")}
	update := func(in CopyToRemoteInputs) {
		t.Helper()
		if _, err := (CopyToRemote{}).Update(ctx, infer.UpdateRequest[CopyToRemoteInputs, CopyToRemoteOutputs]{
			Inputs: in, State: CopyToRemoteOutputs{old},
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Same content, other connection settings: nothing is copied.
	same := old
	same.Connection.PerDialTimeout = ptr(3)
	update(same)
	if s.Attempts() != 0 {
		t.Fatal("an unchanged source was copied again")
	}

	changed := old
	changed.Source = textAsset(t, "two")
	update(changed)
	if got := read(t, old.RemotePath); got != "two" {
		t.Fatalf("got %q", got)
	}

	moved := old
	moved.RemotePath = filepath.Join(remote, "g")
	update(moved)
	if got := read(t, moved.RemotePath); got != "one" {
		t.Fatalf("got %q", got)
	}
	if got := read(t, old.RemotePath); got != "two" {
		t.Fatal("the old copy was removed")
	}
}

func TestCopyFileResource(t *testing.T) {
	ctx, _ := diag.TestContext(t)
	s := sshtest.Start(t, sshtest.Options{})
	src := filepath.Join(t.TempDir(), "f.txt")
	write(t, src, "payload")
	remote := t.TempDir()
	resp, err := CopyFile{}.Create(ctx, infer.CreateRequest[CopyFileInputs]{Name: "cf", Inputs: CopyFileInputs{
		Connection: connection(s), LocalPath: src, RemotePath: filepath.Join(remote, "g.txt"),
	}})
	if err != nil || len(resp.ID) != 8 {
		t.Fatalf("id %q err %v", resp.ID, err)
	}
	if got := read(t, filepath.Join(remote, "g.txt")); got != "payload" {
		t.Fatalf("got %q", got)
	}
	_, err = CopyFile{}.Create(ctx, infer.CreateRequest[CopyFileInputs]{Name: "cf", Inputs: CopyFileInputs{
		Connection: connection(s), LocalPath: src, RemotePath: filepath.Join(remote, "missing/g.txt"),
	}})
	if err == nil || !strings.Contains(err.Error(), "file does not exist") {
		t.Fatalf("err = %v: CopyFile does not create parent directories", err)
	}
	attempts := s.Attempts()
	_, err = CopyFile{}.Create(ctx, infer.CreateRequest[CopyFileInputs]{Name: "cf", Inputs: CopyFileInputs{
		Connection: connection(s), LocalPath: filepath.Join(remote, "nope"), RemotePath: "x",
	}})
	if err == nil || s.Attempts() != attempts {
		t.Fatalf("err = %v: a missing local file fails before connecting", err)
	}
	waitClosed(t, s)
}
