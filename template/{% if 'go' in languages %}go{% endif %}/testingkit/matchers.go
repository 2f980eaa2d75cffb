package testingkit

import (
	"fmt"
	"reflect"
)

// The matchers of the kit vocabulary, one file per group, grouped and named as in every
// kit: this one holds the Matcher interface and what the matchers share;
// matchers_order.go, matchers_numbers.go, matchers_truth.go, matchers_length.go,
// matchers_strings.go, matchers_collections.go, matchers_maps.go,
// matchers_composition.go and matchers_calls.go hold the matchers.

// Matcher checks an actual value and describes what it expects. Descriptions complete
// the sentence "expected: …" of a failure message, e.g. "equal to 5".
type Matcher interface {
	Matches(actual any) bool
	Describe() string
}

// verdict is a matcher's answer together with how the actual value is shown. Most
// matchers show the canonical rendering; the matchers of calls show what the call did.
type verdict struct {
	matched bool
	actual  string
}

// explainer is implemented by matchers that add details under a mismatch: a diff, the
// actual's length.
type explainer interface {
	explain(actual any) string
}

// judge is implemented by matchers that decide how the actual value is shown.
type judge interface {
	judge(actual any) verdict
}

func evaluate(m Matcher, actual any) verdict {
	if j, ok := m.(judge); ok {
		return j.judge(actual)
	}
	return verdict{matched: m.Matches(actual), actual: Render(actual)}
}

// predicate is a matcher made of a description and a test of the actual value.
type predicate struct {
	description string
	test        func(actual reflect.Value) bool
}

func (p predicate) Matches(actual any) bool { return p.test(reflect.ValueOf(actual)) }
func (p predicate) Describe() string        { return p.description }

func describe(template string, args ...any) string {
	rendered := make([]any, len(args))
	for i, arg := range args {
		if m, ok := arg.(Matcher); ok {
			rendered[i] = m.Describe()
		} else {
			rendered[i] = Render(arg)
		}
	}
	return fmt.Sprintf(template, rendered...)
}
