package testingkit

// The result stream: with TKIT_REPORT_DIR set, one JSON line per test that used the kit,
// in the format every kit writes (crosslang/report-stream.schema.json), to a file of its
// own, go-<pid>-<8 hex>.jsonl in that folder, so `tkit report` can merge the runs of all
// languages.
//
// The first call of a test into the kit (a step, an assertion, a mock, a fixture)
// registers a t.Cleanup that writes the test's line when it ends: t.Skipped() and
// t.Failed() give its status, t.Name() its name. Cleanups run last registered first, so
// the line is written after the cleanups registered later (mock checks, fixtures).
//
// Not recorded: a test that never calls the kit with its own t (a property whose only
// kit calls get rapid's *rapid.T, a test skipped before its first step); the kit's calls
// on a TB that is not a *testing.T (no Name, Failed and Skipped), except that a mismatch
// there goes to the one test with an open record, if only one has (a property's failing
// case). A failure the kit did not report itself (t.Error, a golden mismatch, a panic)
// has a generic message.

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
)

const reportDirVariable = "TKIT_REPORT_DIR"

// reportable is what the stream reads of a test; *testing.T has it.
type reportable interface {
	TB
	Name() string
	Failed() bool
	Skipped() bool
}

type streamStep struct {
	Keyword string `json:"keyword"`
	Text    string `json:"text"`
}

type streamFailure struct {
	Message  string  `json:"message"`
	Expected *string `json:"expected"`
	Actual   *string `json:"actual"`
}

type streamLine struct {
	Schema     int            `json:"schema"`
	Language   string         `json:"language"`
	File       string         `json:"file"`
	Test       string         `json:"test"`
	Scenario   *string        `json:"scenario"`
	Status     string         `json:"status"`
	DurationMS float64        `json:"duration_ms"`
	StartedAt  string         `json:"started_at"`
	Commit     *string        `json:"commit"`
	Steps      []streamStep   `json:"steps"`
	Failure    *streamFailure `json:"failure"`
}

// testRecord is what the stream knows of one running test.
type testRecord struct {
	file         string
	fileFromStep bool
	started      time.Time
	steps        []streamStep
	failure      *streamFailure // the first failure the kit reported
	// The last failure the kit reported on a TB that is not a test (rapid's *rapid.T)
	// while this was the only open record: the failure of a property's minimal case.
	propertyFailure *streamFailure
}

var results = struct {
	sync.Mutex
	once    sync.Once
	path    string // empty: the stream is off
	commit  *string
	file    *os.File
	records map[TB]*testRecord
}{records: map[TB]*testRecord{}}

var kitPackage = reflect.TypeOf(testRecord{}).PkgPath()

func streamOn() bool {
	results.once.Do(func() {
		dir := os.Getenv(reportDirVariable)
		if dir == "" {
			return
		}
		suffix := make([]byte, 4)
		_, _ = rand.Read(suffix)
		results.path = filepath.Join(dir, fmt.Sprintf("go-%d-%s.jsonl", os.Getpid(), hex.EncodeToString(suffix)))
		for _, variable := range []string{"TKIT_COMMIT", "GITHUB_SHA"} {
			if value := strings.TrimSpace(os.Getenv(variable)); value != "" {
				results.commit = &value
				break
			}
		}
	})
	return results.path != ""
}

// track opens the record of t on its first call into the kit and hands it to change.
func track(t TB, isStep bool, change func(*testRecord)) {
	test, ok := t.(reportable)
	if !ok || !streamOn() {
		return
	}
	file := callerFile()
	results.Lock()
	record, known := results.records[t]
	if !known {
		record = &testRecord{started: time.Now()}
		results.records[t] = record
	}
	if file != "" && (record.file == "" || (isStep && !record.fileFromStep)) {
		record.file, record.fileFromStep = file, isStep
	}
	if change != nil {
		change(record)
	}
	results.Unlock()
	if !known {
		t.Cleanup(func() { finish(test) })
	}
}

func streamStepTaken(t TB, keyword, description string) {
	track(t, true, func(record *testRecord) {
		record.steps = append(record.steps, streamStep{keyword, description})
	})
}

func streamTouched(t TB) { track(t, false, nil) }

// streamMismatch keeps the test's first kit failure, with its two sides.
func streamMismatch(t TB, message, expected, actual string) {
	if _, isTest := t.(reportable); !isTest {
		propertyMismatch(&streamFailure{message, &expected, &actual})
		return
	}
	track(t, false, func(record *testRecord) {
		if record.failure == nil {
			record.failure = &streamFailure{message, &expected, &actual}
		}
	})
}

// propertyMismatch gives a failure on a TB that is no test to the one test running, if
// only one is: with tests running in parallel, it could be any of them.
func propertyMismatch(failure *streamFailure) {
	if !streamOn() {
		return
	}
	results.Lock()
	defer results.Unlock()
	if len(results.records) == 1 {
		for _, record := range results.records {
			record.propertyFailure = failure
		}
	}
}

// finish writes the line of a test that has ended.
func finish(t reportable) {
	results.Lock()
	record := results.records[t]
	delete(results.records, t)
	results.Unlock()
	if record == nil {
		return
	}
	line := streamLine{
		Schema:     1,
		Language:   "go",
		File:       record.file,
		Test:       t.Name(),
		Scenario:   scenarioOf(t.Name()),
		Status:     "passed",
		DurationMS: float64(time.Since(record.started).Microseconds()) / 1000,
		StartedAt:  record.started.UTC().Format("2006-01-02T15:04:05.000Z"),
		Commit:     results.commit,
		Steps:      append([]streamStep{}, record.steps...),
	}
	if line.File == "" {
		line.File = "unknown"
	}
	switch {
	case t.Skipped():
		line.Status = "skipped"
	case t.Failed():
		line.Status = "failed"
		line.Failure = record.failure
		if line.Failure == nil {
			line.Failure = record.propertyFailure
		}
		if line.Failure == nil {
			line.Failure = &streamFailure{Message: "the test failed outside the kit's checks; its log says why"}
		}
	}
	writeLine(line)
}

func writeLine(line streamLine) {
	var out strings.Builder
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if encoder.Encode(line) != nil {
		return
	}
	results.Lock()
	defer results.Unlock()
	if results.file == nil {
		_ = os.MkdirAll(filepath.Dir(results.path), 0o755)
		file, err := os.OpenFile(results.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return
		}
		results.file = file
	}
	// One write of the whole line: a killed run truncates at most the last line.
	_, _ = results.file.WriteString(out.String())
}

// callerFile is the source file of the first caller outside the kit, relative to the
// folder of its go.mod.
func callerFile() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		frame, more := frames.Next()
		if !strings.HasPrefix(frame.Function, kitPackage+".") && frame.File != "" {
			return moduleRelative(frame.File)
		}
		if !more {
			return ""
		}
	}
}

var moduleRoots sync.Map // folder -> the folder of its go.mod, or ""

func moduleRelative(file string) string {
	if !filepath.IsAbs(file) {
		return filepath.ToSlash(file) // built with -trimpath: module path and file
	}
	root := moduleRoot(filepath.Dir(file))
	if root == "" {
		return filepath.ToSlash(file)
	}
	relative, err := filepath.Rel(root, file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(relative)
}

func moduleRoot(dir string) string {
	if root, ok := moduleRoots.Load(dir); ok {
		return root.(string)
	}
	root := ""
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		root = dir
	} else if parent := filepath.Dir(dir); parent != dir {
		root = moduleRoot(parent)
	}
	moduleRoots.Store(dir, root)
	return root
}

// scenarioOf is the scenario id of a test, as tkit-lint reads it from the name of the
// top-level test: TestCartTotal -> cart_total, TestHTTPServer -> http_server.
func scenarioOf(name string) *string {
	top, _, _ := strings.Cut(name, "/")
	words := []rune(strings.TrimPrefix(top, "Test"))
	var out strings.Builder
	for i, r := range words {
		if i > 0 && unicode.IsUpper(r) {
			previous := words[i-1]
			followedByLower := i+1 < len(words) && unicode.IsLower(words[i+1])
			endsWord := unicode.IsLower(previous) || unicode.IsDigit(previous)
			endsAcronym := unicode.IsUpper(previous) && followedByLower
			if endsWord || endsAcronym {
				out.WriteRune('_')
			}
		}
		out.WriteRune(unicode.ToLower(r))
	}
	var parts []string
	for _, part := range strings.Split(out.String(), "_") {
		if part != "" {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 || !strings.HasPrefix(top, "Test") {
		return nil
	}
	id := strings.Join(parts, "_")
	return &id
}
