// Package atomicfile writes files so that readers see either the old file
// or the whole new one.
//
// google/renameio (v2) was considered: it keeps an existing file's mode
// (WithExistingPermissions), but replaces a symbolic link instead of
// writing through it, reports a directory as "file exists", and never
// removes the temporary files of a killed writer; this package does all
// four in one small function.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// NewMode is the mode of a file that WriteFile creates.
const NewMode = 0o644

// tmpMark is in the name of every temporary file: ".BASE.jmlog-RANDOM.tmp".
const tmpMark = ".jmlog-"

// StaleAfter is how long a temporary file of WriteFile's own pattern must
// have been left unchanged before WriteFile takes it for the leftover of a
// killed run and removes it. A write in progress changes its file all the
// time and ends within moments.
const StaleAfter = time.Minute

// maxLinks bounds how many symbolic links WriteFile follows, as the kernel
// does (ELOOP).
const maxLinks = 40

// WriteFile writes data to path atomically: it writes a temporary file in
// the directory of the file, syncs it, renames it over the file and syncs
// the directory. Readers see the old file or the whole new one; on any
// error the old file is left as it was and the temporary file is removed.
//
//   - When path is a symbolic link (or a chain of them), the file it points
//     to is replaced, and the link stays; a dangling link's target is
//     created.
//   - An existing file keeps its mode (permission bits) and, as far as the
//     process may set them, its owner and group; a new file gets NewMode.
//   - A directory is refused with an error that says so.
//   - The temporary file is named ".BASE.jmlog-RANDOM.tmp"; WriteFile first
//     removes files of that pattern for the same BASE that are older than
//     StaleAfter (left by a run that was killed).
//
// Errors name path, not the temporary file, and say what failed.
func WriteFile(path string, data []byte) (err error) {
	target, err := resolve(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	old, err := os.Stat(target)
	switch {
	case err == nil && old.IsDir():
		return fmt.Errorf("%s: is a directory; give the path of a file", path)
	case err == nil && !old.Mode().IsRegular():
		return fmt.Errorf("%s: is not a regular file; give the path of a file", path)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", path, pathErr(err))
	case err != nil:
		old = nil
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	removeStale(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+tmpMark+"*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot create a file in %s: %w", path, dir, pathErr(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp, data, old); err != nil {
		return fmt.Errorf("%s: %w", path, pathErr(err))
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("%s: %w", path, pathErr(err))
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // the rename is durable; a file system that cannot sync a directory is no error
		d.Close()
	}
	return nil
}

// write writes data to tmp, gives it the mode (and owner) of old, or
// NewMode, syncs and closes it.
func write(tmp *os.File, data []byte, old os.FileInfo) error {
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	mode := fs.FileMode(NewMode)
	if old != nil {
		mode = old.Mode().Perm()
		chownLike(tmp, old)
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	return tmp.Close()
}

// resolve follows path while it is a symbolic link, and returns the path of
// the file it names in the end (which need not exist).
func resolve(path string) (string, error) {
	for range maxLinks {
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return path, nil // a missing file is created; other errors show later
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", pathErr(err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", syscall.ELOOP
}

// removeStale removes the temporary files of WriteFile's pattern for base
// in dir that have not changed for StaleAfter. It reports nothing: a file
// it cannot remove is only left behind.
func removeStale(dir, base string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + tmpMark
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > StaleAfter {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// pathErr is err without the path of an *fs.PathError or *os.LinkError,
// which may be the temporary file's.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
