package testingkit

import "sync"

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
var scenarios = struct {
	sync.Mutex
	steps map[TB][]string
}{steps: map[TB][]string{}}

func record(t TB, keyword, description string) {
	streamStepTaken(t, keyword, description)
	scenarios.Lock()
	_, known := scenarios.steps[t]
	scenarios.steps[t] = append(scenarios.steps[t], keyword+" "+description)
	scenarios.Unlock()
	if !known {
		t.Cleanup(func() {
			scenarios.Lock()
			delete(scenarios.steps, t)
			scenarios.Unlock()
		})
	}
}

// stepsOf returns the steps a test has reached so far.
func stepsOf(t TB) []string {
	scenarios.Lock()
	defer scenarios.Unlock()
	return append([]string(nil), scenarios.steps[t]...)
}
