package remote

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pkg/sftp"
)

// Remote paths are joined with "/" whatever the provider's OS: SFTP paths are slash-separated.

// writeText writes text to the file remotePath, creating missing parent directories.
func writeText(c *sftp.Client, text, remotePath string) error {
	if info, err := c.Stat(remotePath); err == nil && info.IsDir() {
		return fmt.Errorf("remote path %s is a directory; when using a text asset, remotePath must be a file path", remotePath)
	}
	if err := mkdirAll(c, path.Dir(remotePath)); err != nil {
		return err
	}
	return writeRemote(c, remotePath, strings.NewReader(text))
}

// copyPath copies a local file or directory to remotePath.
//
// A file goes into remotePath when that is an existing directory, else to remotePath itself.
// A directory "dir" lands at remotePath/dir; "dir/" (trailing separator) puts its contents
// into remotePath. Missing directories are created; existing files are overwritten; nothing
// on the remote side is deleted.
func copyPath(c *sftp.Client, localPath, remotePath string) error {
	info, err := os.Stat(localPath)
	if err != nil {
		return err
	}
	remote, statErr := c.Stat(remotePath)
	exists := statErr == nil
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return statErr
	}

	if !info.IsDir() {
		dest := remotePath
		switch {
		case exists && remote.IsDir():
			dest = path.Join(remotePath, filepath.Base(localPath))
		case !exists:
			if err := mkdirAll(c, path.Dir(remotePath)); err != nil {
				return err
			}
		}
		return copyFile(c, localPath, dest)
	}

	if exists && !remote.IsDir() {
		return notADirectory(remotePath)
	}
	dest := remotePath
	if !strings.HasSuffix(localPath, "/") && !strings.HasSuffix(localPath, string(filepath.Separator)) {
		dest = path.Join(remotePath, filepath.Base(localPath))
	}
	if err := mkdirAll(c, dest); err != nil {
		return err
	}
	return filepath.WalkDir(localPath, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(localPath, p)
		if err != nil {
			return err
		}
		target := path.Join(dest, filepath.ToSlash(rel))
		if d.IsDir() {
			return ensureDir(c, target)
		}
		return copyFile(c, p, target)
	})
}

// ensureDir makes dir unless it already is a directory.
func ensureDir(c *sftp.Client, dir string) error {
	info, err := c.Stat(dir)
	switch {
	case err == nil && info.IsDir():
		return nil
	case err == nil:
		return notADirectory(dir)
	case errors.Is(err, fs.ErrNotExist):
		return c.Mkdir(dir)
	default:
		return err
	}
}

// mkdirAll creates dir and its missing parents, failing where a file is in the way.
func mkdirAll(c *sftp.Client, dir string) error {
	if dir == "" || dir == "." || dir == "/" {
		return nil
	}
	info, err := c.Stat(dir)
	if err == nil {
		if !info.IsDir() {
			return notADirectory(dir)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := mkdirAll(c, path.Dir(dir)); err != nil {
		return err
	}
	return c.Mkdir(dir)
}

func notADirectory(p string) error {
	return fmt.Errorf("remote path %s exists but is not a directory", p)
}

func copyFile(c *sftp.Client, localPath, remotePath string) error {
	f, err := os.Open(localPath)
	if err != nil {
		return err
	}
	defer f.Close()
	return writeRemote(c, remotePath, f)
}

// writeRemote creates or truncates remotePath and fills it from r.
func writeRemote(c *sftp.Client, remotePath string, r io.Reader) error {
	dst, err := c.Create(remotePath)
	if err != nil {
		return fmt.Errorf("creating remote file %s: %w", remotePath, err)
	}
	if _, err := dst.ReadFrom(r); err != nil {
		_ = dst.Close()
		return fmt.Errorf("writing remote file %s: %w", remotePath, err)
	}
	return dst.Close()
}
