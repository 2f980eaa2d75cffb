package testingkit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// updateGoldenVariable names the environment variable that, set to 1, makes Golden
// write the values it is given instead of comparing them.
const updateGoldenVariable = "TKIT_UPDATE_GOLDEN"

// Golden compares the string form of value (a string or []byte as is, a fmt.Stringer
// through String, anything else rendered canonically) with the file
// testdata/golden/<name>.golden of the test's package directory, and stops the test
// when they differ. Run the tests with TKIT_UPDATE_GOLDEN=1 to write the files.
func Golden(t TB, name string, value any) {
	t.Helper()
	shown := "testdata/golden/" + name + ".golden"
	path := filepath.FromSlash(shown)
	text := goldenText(value)
	if os.Getenv(updateGoldenVariable) == "1" {
		if err := writeGolden(path, text); err != nil {
			t.Fatal(withSteps(t, fmt.Sprintf("cannot write golden file %s: %v", shown, err)))
			return
		}
		t.Log("updated golden file " + shown)
		return
	}
	stored, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatal(withSteps(t, fmt.Sprintf("golden file %s does not exist; run the tests with %s=1 to create it", shown, updateGoldenVariable)))
		return
	}
	if err != nil {
		t.Fatal(withSteps(t, fmt.Sprintf("cannot read golden file %s: %v", shown, err)))
		return
	}
	// A checkout that turned line ends into CRLF must not fail every golden test.
	expected := strings.ReplaceAll(string(stored), "\r\n", "\n")
	if message := goldenMismatch(name, expected, text); message != "" {
		t.Fatal(withSteps(t, message))
	}
}

// goldenMismatch is the failure message of a golden file holding expected when the
// value is actual: the same words and the same diff in every kit; "" when they are equal.
func goldenMismatch(name, expected, actual string) string {
	difference := textDifference(expected, actual)
	if difference == "" {
		return ""
	}
	return fmt.Sprintf("golden file testdata/golden/%s.golden differs; run the tests with %s=1 to accept the new value\n%s",
		name, updateGoldenVariable, difference)
}

func goldenText(value any) string {
	switch v := value.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case fmt.Stringer:
		return v.String()
	}
	return Render(value)
}

func writeGolden(path, text string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
