// Package testingkit is the Go side of TestingKit: the same way of writing tests as in
// the project's Rust and Python kits. Scenarios mark their steps with Given, When, Then
// and And; checks read actual first, expected inside a matcher:
//
//	tk.Given(t, "an empty cart")
//	c := cart.New()
//	tk.When(t, "an item is added")
//	_ = c.Add("apple", 250, 1)
//	tk.Then(t, "the total is its price")
//	tk.AssertThat(t, c.Total(), tk.Eq(250))
//
// A failure lists the steps reached and both sides, worded as in every other kit:
//
//	steps:
//	  given an empty cart
//	  when an item is added
//	  then the total is its price
//	expected: equal to 250
//	  actual: 200
package testingkit

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// AssertThat checks actual against matcher and stops the test on a mismatch. A context
// message may follow (a format string and its arguments, or values to print); it is
// printed above the two sides. A failure also reports every ExpectThat that failed
// before it in the test, so none is lost.
func AssertThat(t TB, actual any, matcher Matcher, context ...any) {
	t.Helper()
	message, failed := mismatch(t, actual, matcher, context)
	if !failed {
		return
	}
	if pending := takeSoftFailures(t); len(pending) > 0 {
		message = checksFailed(append(pending, "assertion at "+callerLocation()+"\n"+message))
	}
	t.Fatal(message)
}

// ExpectThat checks actual against matcher and records a mismatch, letting the test go
// on to its other checks. The test fails at its end with every failed expectation,
// each with where it was checked, under one header; a later failed AssertThat reports
// them instead. A context message may follow, as for AssertThat.
func ExpectThat(t TB, actual any, matcher Matcher, context ...any) {
	t.Helper()
	if message, failed := mismatch(t, actual, matcher, context); failed {
		recordSoftFailure(t, "expectation at "+callerLocation()+"\n"+message)
	}
}

// checksFailed is the report of several failed checks, numbered under one header:
// the failed expectations of a test, then the assertion that stopped it, if any.
// Worded alike in every kit.
func checksFailed(failures []string) string {
	noun := "checks"
	if len(failures) == 1 {
		noun = "check"
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%d %s failed:", len(failures), noun)
	for i, failure := range failures {
		fmt.Fprintf(&out, "\n\n%d) %s", i+1, failure)
	}
	return out.String()
}

var softFailures = struct {
	sync.Mutex
	byTest map[TB][]string
}{byTest: map[TB][]string{}}

// recordSoftFailure keeps a failed expectation until the test ends or an assertion
// fails; the first one of a test registers the cleanup that reports them.
func recordSoftFailure(t TB, failure string) {
	softFailures.Lock()
	_, known := softFailures.byTest[t]
	softFailures.byTest[t] = append(softFailures.byTest[t], failure)
	softFailures.Unlock()
	if failer, ok := t.(interface{ Fail() }); ok {
		// The test is failed now: a property runner such as rapid judges an example
		// before its cleanups run, and must not take it for a passing one.
		failer.Fail()
	}
	if !known {
		t.Cleanup(func() {
			if pending := takeSoftFailures(t); len(pending) > 0 {
				t.Error(checksFailed(pending))
			}
		})
	}
}

// takeSoftFailures returns the test's failed expectations and forgets them: the caller
// reports them.
func takeSoftFailures(t TB) []string {
	softFailures.Lock()
	defer softFailures.Unlock()
	pending := softFailures.byTest[t]
	softFailures.byTest[t] = nil
	return pending
}

// callerLocation is file:line of the test code that called AssertThat or ExpectThat:
// the first frame outside the kit's own files.
func callerLocation() string {
	_, kitFile, _, _ := runtime.Caller(0)
	kitDir := filepath.Dir(kitFile)
	for depth := 2; depth < 32; depth++ {
		_, file, line, ok := runtime.Caller(depth)
		if !ok {
			break
		}
		if filepath.Dir(file) != kitDir || strings.HasSuffix(file, "_test.go") {
			return fmt.Sprintf("%s:%d", filepath.Base(file), line)
		}
	}
	return "unknown location"
}

// mismatch is the failure message of actual against matcher, if it fails; the result
// stream keeps the two sides.
func mismatch(t TB, actual any, matcher Matcher, context []any) (string, bool) {
	streamTouched(t)
	if matcher == nil {
		return "an assertion needs a matcher, got nil", true
	}
	message, expected, shown, failed := failureMessage(actual, matcher, context)
	if !failed {
		return "", false
	}
	message = withSteps(t, message)
	streamMismatch(t, message, expected, shown)
	return message, true
}

// failureMessage is the message every kit words the same way, without the steps: the
// context, both sides and what the matcher adds (a diff, a length).
func failureMessage(actual any, matcher Matcher, context []any) (message, expected, shown string, failed bool) {
	outcome := evaluate(matcher, actual)
	if outcome.matched {
		return "", "", "", false
	}
	expected = matcher.Describe()
	var lines []string
	if text := contextText(context); text != "" {
		lines = append(lines, text)
	}
	lines = append(lines, "expected: "+expected, "  actual: "+outcome.actual)
	if e, ok := matcher.(explainer); ok {
		if details := e.explain(actual); details != "" {
			lines = append(lines, details)
		}
	}
	return strings.Join(lines, "\n"), expected, outcome.actual, true
}

// contextText reads a context message: a format string with its arguments, or values
// printed as fmt.Sprint prints them.
func contextText(context []any) string {
	if len(context) == 0 {
		return ""
	}
	if format, ok := context[0].(string); ok && len(context) > 1 {
		return fmt.Sprintf(format, context[1:]...)
	}
	return fmt.Sprint(context...)
}

// withSteps puts the steps the test has reached before a failure message.
func withSteps(t TB, message string) string {
	steps := stepsOf(t)
	if len(steps) == 0 {
		return message
	}
	var out strings.Builder
	out.WriteString("steps:\n")
	for _, step := range steps {
		out.WriteString("  " + step + "\n")
	}
	out.WriteString(message)
	return out.String()
}
