package testingkit

import (
	"reflect"
	"strings"
)

// ---------------------------------------------------------------- composition
//
// AllOf, AnyOf, NoneOf, ExactlyOneOf, Not, and ElementsAre, which gives each element of
// a slice or array its own matcher.

type allOf struct{ matchers []Matcher }

// AllOf matches a value that every one of matchers matches.
func AllOf(matchers ...Matcher) Matcher { return allOf{matchers} }

func (a allOf) Matches(actual any) bool { return a.judge(actual).matched }
func (a allOf) Describe() string        { return "all of (" + joinDescriptions(a.matchers) + ")" }

func (a allOf) judge(actual any) verdict {
	outcome := verdict{matched: true, actual: Render(actual)}
	for _, m := range a.matchers {
		if outcome = evaluate(m, actual); !outcome.matched {
			return outcome
		}
	}
	return outcome
}

type anyOf struct{ matchers []Matcher }

// AnyOf matches a value that at least one of matchers matches.
func AnyOf(matchers ...Matcher) Matcher { return anyOf{matchers} }

func (a anyOf) Matches(actual any) bool { return a.judge(actual).matched }
func (a anyOf) Describe() string        { return "any of (" + joinDescriptions(a.matchers) + ")" }

func (a anyOf) judge(actual any) verdict {
	outcome := verdict{matched: false, actual: Render(actual)}
	for i, m := range a.matchers {
		found := evaluate(m, actual)
		if found.matched {
			return found
		}
		if i == 0 {
			outcome = found
		}
	}
	return outcome
}

// tally matches a value when the number of matchers that match it is one accept takes.
// The value is shown as the first matcher shows it.
type tally struct {
	label    string
	matchers []Matcher
	accept   func(matching int) bool
}

// NoneOf matches a value that no one of matchers matches.
func NoneOf(matchers ...Matcher) Matcher {
	return tally{"none of", matchers, func(matching int) bool { return matching == 0 }}
}

// ExactlyOneOf matches a value that exactly one of matchers matches.
func ExactlyOneOf(matchers ...Matcher) Matcher {
	return tally{"exactly one of", matchers, func(matching int) bool { return matching == 1 }}
}

func (c tally) Matches(actual any) bool { return c.judge(actual).matched }
func (c tally) Describe() string        { return c.label + " (" + joinDescriptions(c.matchers) + ")" }

func (c tally) judge(actual any) verdict {
	shown, matching := Render(actual), 0
	for i, m := range c.matchers {
		found := evaluate(m, actual)
		if found.matched {
			matching++
		}
		if i == 0 {
			shown = found.actual
		}
	}
	return verdict{matched: c.accept(matching), actual: shown}
}

// ElementsAre matches a slice or array with one element per matcher, each element
// matching the matcher at its position.
func ElementsAre(matchers ...Matcher) Matcher {
	description := "a collection whose elements are (" + joinDescriptions(matchers) + ")"
	return sequential(description, func(items []reflect.Value) bool {
		if len(items) != len(matchers) {
			return false
		}
		for i, item := range items {
			if !matchers[i].Matches(interfaceOf(item)) {
				return false
			}
		}
		return true
	})
}

func joinDescriptions(matchers []Matcher) string {
	descriptions := make([]string, len(matchers))
	for i, m := range matchers {
		descriptions[i] = m.Describe()
	}
	return strings.Join(descriptions, ", ")
}

type not struct{ inner Matcher }

// Not matches a value that m does not match.
func Not(m Matcher) Matcher { return not{m} }

func (n not) Matches(actual any) bool { return n.judge(actual).matched }
func (n not) Describe() string        { return "not " + n.inner.Describe() }

func (n not) judge(actual any) verdict {
	outcome := evaluate(n.inner, actual)
	outcome.matched = !outcome.matched
	return outcome
}
