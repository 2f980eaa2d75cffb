package testingkit

import (
	"strings"
	"sync"
)

// TB is the part of testing.TB that the kit uses. *testing.T, *testing.B, *testing.F
// and rapid's *rapid.T all satisfy it, so the kit works inside property checks too.
type TB interface {
	Helper()
	Cleanup(func())
	Error(args ...any)
	Fatal(args ...any)
	Log(args ...any)
}

// Given marks the start of the arrange phase of a scenario.
func Given(t TB, description string) { record(t, "given", description) }

// When marks the action under test.
func When(t TB, description string) { record(t, "when", description) }

// Then marks the start of the checks.
func Then(t TB, description string) { record(t, "then", description) }

// And continues the current phase.
func And(t TB, description string) { record(t, "and", description) }

// Steps are plain statements rather than closures, so the variables of a scenario keep
// their natural scope; the log they write is only read when an assertion fails, to say
// how far the scenario got.
//
// A scenario belongs to its test, not to one TB value: the log is keyed by the test's
// name when the TB has one (Ginkgo's GinkgoT() hands out a new value per call, all named
// after the running spec), a subtest's steps start with its parent's (t.Run inherits
// them), and the TB the kit gives a goroutine (see Go) writes to its test's log.
var scenarios = struct {
	sync.Mutex
	steps map[any][]string
}{steps: map[any][]string{}}

// owned is implemented by the kit's TB wrappers, whose steps are their test's.
type owned interface{ owner() TB }

// named is the part of testing.TB that names a test: "TestParent/subtest".
type named interface{ Name() string }

// scenarioKey is what a test's log is kept under: its name when it has one.
func scenarioKey(t TB) any {
	for {
		wrapper, isWrapper := t.(owned)
		if !isWrapper {
			break
		}
		t = wrapper.owner()
	}
	if n, hasName := t.(named); hasName && n.Name() != "" {
		return n.Name()
	}
	return t
}

func record(t TB, keyword, description string) {
	streamStepTaken(t, keyword, description)
	key := scenarioKey(t)
	scenarios.Lock()
	_, known := scenarios.steps[key]
	scenarios.steps[key] = append(scenarios.steps[key], keyword+" "+description)
	scenarios.Unlock()
	if !known {
		t.Cleanup(func() {
			scenarios.Lock()
			delete(scenarios.steps, key)
			scenarios.Unlock()
		})
	}
}

// stepsOf returns the steps a test has reached so far, after those of the tests it
// runs inside (a subtest's parents).
func stepsOf(t TB) []string {
	key := scenarioKey(t)
	scenarios.Lock()
	defer scenarios.Unlock()
	name, isName := key.(string)
	if !isName {
		return append([]string(nil), scenarios.steps[key]...)
	}
	var steps []string
	for end := strings.Index(name, "/"); end >= 0; end = nextSlash(name, end) {
		steps = append(steps, scenarios.steps[name[:end]]...)
	}
	return append(steps, scenarios.steps[name]...)
}

// nextSlash is the index of the "/" after the one at from, or -1.
func nextSlash(name string, from int) int {
	next := strings.Index(name[from+1:], "/")
	if next < 0 {
		return -1
	}
	return from + 1 + next
}
