package testingkit

import (
	"os"
	"path/filepath"
)

// Fixture runs setup and returns the value it builds; the teardown it returns (nil
// when there is nothing to undo) runs when the test ends, after the test's own
// cleanups registered later, as testing.T.Cleanup orders them.
func Fixture[T any](t TB, setup func() (T, func())) T {
	t.Helper()
	streamTouched(t) // the test's line is written after this teardown
	value, teardown := setup()
	if teardown != nil {
		t.Cleanup(teardown)
	}
	return value
}

// TempDirWithFiles is a fixture: a fresh directory holding files (path relative to the
// directory, slash-separated -> content), removed when the test ends.
func TempDirWithFiles(t TB, files map[string]string) string {
	t.Helper()
	return Fixture(t, func() (string, func()) {
		dir, err := os.MkdirTemp("", "testingkit-*")
		if err != nil {
			t.Fatal("cannot create a temporary directory: " + err.Error())
			return "", nil
		}
		remove := func() { _ = os.RemoveAll(dir) }
		for name, content := range files {
			path := filepath.Join(dir, filepath.FromSlash(name))
			err := os.MkdirAll(filepath.Dir(path), 0o755)
			if err == nil {
				err = os.WriteFile(path, []byte(content), 0o644)
			}
			if err != nil {
				remove()
				t.Fatal("cannot write fixture file " + name + ": " + err.Error())
				return "", nil
			}
		}
		return dir, remove
	})
}
