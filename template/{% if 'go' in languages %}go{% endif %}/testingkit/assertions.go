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

import "strings"

// AssertThat checks actual against matcher and stops the test on a mismatch.
func AssertThat(t TB, actual any, matcher Matcher) {
	t.Helper()
	if message, failed := mismatch(t, actual, matcher); failed {
		t.Fatal(message)
	}
}

// ExpectThat checks actual against matcher and records a mismatch, letting the test go
// on to its other checks; the test fails at its end.
func ExpectThat(t TB, actual any, matcher Matcher) {
	t.Helper()
	if message, failed := mismatch(t, actual, matcher); failed {
		t.Error(message)
	}
}

// mismatch is the failure message of actual against matcher, if it fails; the result
// stream keeps the two sides.
func mismatch(t TB, actual any, matcher Matcher) (string, bool) {
	streamTouched(t)
	if matcher == nil {
		return "an assertion needs a matcher, got nil", true
	}
	outcome := evaluate(matcher, actual)
	if outcome.matched {
		return "", false
	}
	expected := matcher.Describe()
	message := withSteps(t, "expected: "+expected+"\n  actual: "+outcome.actual)
	streamMismatch(t, message, expected, outcome.actual)
	return message, true
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
