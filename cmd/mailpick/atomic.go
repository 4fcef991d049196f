package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so a failed or interrupted run leaves no partial
// file and never destroys an existing one.
//
//   - Modes: a new file gets 0666 minus the umask, like any file a shell
//     creates; a replaced file keeps its permission bits, so a report kept
//     0600 because it holds prices under NDA stays 0600.
//   - Symlinks: when path is a symbolic link, the file it points to is
//     replaced and the link stays, as cp, sed -i and editors do.
//   - Interrupts: when ctx is cancelled (SIGINT, SIGTERM) before the rename,
//     the temporary file is removed at once, even while write is still
//     running, and the error is ctx's cause; the old file is untouched.
//   - Errors name path and what the user can act on (a missing or
//     read-only directory), never the temporary file.
func writeFileAtomic(ctx context.Context, path string, write func(f *os.File) error) (err error) {
	target, err := resolveLinks(path)
	if err != nil {
		return err
	}
	st, statErr := os.Stat(target)
	existed := statErr == nil
	if existed && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory", path)
	}
	if existed && !st.Mode().IsRegular() {
		// A rename would replace a device or FIFO with a file.
		return fmt.Errorf("cannot write %s: not a regular file (%s)", path, fileKind(st.Mode()))
	}
	if ctx.Err() != nil {
		return stopped(ctx, path, existed)
	}
	tmp, err := createTemp(target)
	if err != nil {
		return outputError(path, target, err)
	}
	name := tmp.Name()
	cleanup := func() {
		tmp.Close()
		os.Remove(name)
	}
	done := make(chan error, 1)
	go func() { done <- write(tmp) }()
	select {
	case <-ctx.Done():
		// The writer may still be running; it writes into an unlinked file
		// until the process exits.
		cleanup()
		return stopped(ctx, path, existed)
	case err = <-done:
	}
	if err != nil {
		cleanup()
		return scrubTemp(err, path, name)
	}
	if err := tmp.Sync(); err != nil {
		cleanup()
		return scrubTemp(err, path, name)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return scrubTemp(err, path, name)
	}
	if st, err := os.Stat(target); err == nil {
		if err := os.Chmod(name, st.Mode().Perm()); err != nil {
			os.Remove(name)
			return scrubTemp(err, path, name)
		}
	}
	if ctx.Err() != nil {
		os.Remove(name)
		return stopped(ctx, path, existed)
	}
	if err := os.Rename(name, target); err != nil {
		os.Remove(name)
		return scrubTemp(err, path, name)
	}
	return nil
}

// createTemp creates ".NAME.RANDOM.tmp" next to target with mode 0666, so
// the kernel applies the umask as it does to any new file (os.CreateTemp
// would make it 0600).
func createTemp(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	for range 100 {
		var r [6]byte
		if _, err := rand.Read(r[:]); err != nil {
			return nil, err
		}
		name := filepath.Join(dir, "."+base+"."+hex.EncodeToString(r[:])+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, errors.New("no free temporary file name")
}

// resolveLinks follows path while it is a symbolic link and returns the
// file to replace; a dangling link yields the path it points to, which is
// then created. Relative links are resolved from the link's directory.
func resolveLinks(path string) (string, error) {
	p := path
	for range 40 { // the kernel's own limit on links followed (MAXSYMLINKS)
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("cannot write %s: %w", path, errors.Unwrap(err))
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = dest
	}
	return "", fmt.Errorf("cannot write %s: too many levels of symbolic links", path)
}

// outputError explains why no file can be created next to target.
func outputError(path, target string, err error) error {
	dir := filepath.Dir(target)
	st, serr := os.Stat(dir)
	switch {
	case errors.Is(serr, fs.ErrNotExist):
		return fmt.Errorf("cannot write %s: directory %s does not exist", path, dir)
	case serr == nil && !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is not a directory", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot write %s: directory %s is not writable", path, dir)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}

// scrubTemp rewrites an error that names the temporary file (a failed
// write, a full disk) to name the output instead.
func scrubTemp(err error, path, tmp string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == tmp {
		return fmt.Errorf("cannot write %s: %w", path, pe.Err)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return fmt.Errorf("cannot write %s: %w", path, le.Err)
	}
	return err
}

// stopped is the error of a write given up on a signal: the cause, and
// what became of the output.
func stopped(ctx context.Context, path string, existed bool) error {
	if existed {
		return fmt.Errorf("%w; %s kept as it was", interrupted(ctx), path)
	}
	return fmt.Errorf("%w; nothing written to %s", interrupted(ctx), path)
}
