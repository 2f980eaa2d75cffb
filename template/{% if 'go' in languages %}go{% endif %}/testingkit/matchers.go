package testingkit

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// The matchers of the kit vocabulary, one file per group: this one holds the Matcher
// interface, equality and order, truthiness and null, and composition;
// matchers_numbers.go, matchers_strings.go, matchers_collections.go, matchers_maps.go
// and matchers_calls.go hold the rest.

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

// ---------------------------------------------------------------- equality and order

// Eq matches a value equal to expected; numbers compare by value across Go types.
func Eq(expected any) Matcher {
	want := reflect.ValueOf(expected)
	return predicate{describe("equal to %s", expected), func(actual reflect.Value) bool {
		return equal(actual, want)
	}}
}

// Ne matches a value not equal to unexpected.
func Ne(unexpected any) Matcher {
	unwanted := reflect.ValueOf(unexpected)
	return predicate{describe("not equal to %s", unexpected), func(actual reflect.Value) bool {
		return !equal(actual, unwanted)
	}}
}

func ordered(description string, bound any, accept func(relation int) bool) Matcher {
	limit := reflect.ValueOf(bound)
	return predicate{description, func(actual reflect.Value) bool {
		relation, ok := order(actual, limit)
		return ok && accept(relation)
	}}
}

// Lt matches a number or string less than bound.
func Lt(bound any) Matcher {
	return ordered(describe("less than %s", bound), bound, func(r int) bool { return r < 0 })
}

// Le matches a number or string less than or equal to bound.
func Le(bound any) Matcher {
	return ordered(describe("less than or equal to %s", bound), bound, func(r int) bool { return r <= 0 })
}

// Gt matches a number or string greater than bound.
func Gt(bound any) Matcher {
	return ordered(describe("greater than %s", bound), bound, func(r int) bool { return r > 0 })
}

// Ge matches a number or string greater than or equal to bound.
func Ge(bound any) Matcher {
	return ordered(describe("greater than or equal to %s", bound), bound, func(r int) bool { return r >= 0 })
}

// between matches a number or string ordered after low and before high, or equal to
// either of them when inclusive.
func between(description string, low, high any, inclusive bool) Matcher {
	lowest, highest := reflect.ValueOf(low), reflect.ValueOf(high)
	return predicate{description, func(actual reflect.Value) bool {
		above, okLow := order(actual, lowest)
		below, okHigh := order(actual, highest)
		if !okLow || !okHigh {
			return false
		}
		if inclusive {
			return above >= 0 && below <= 0
		}
		return above > 0 && below < 0
	}}
}

// InRange matches a value between low and high, both included.
func InRange(low, high any) Matcher {
	return between(describe("between %s and %s inclusive", low, high), low, high, true)
}

// InOpenRange matches a value strictly between low and high: low < actual < high.
func InOpenRange(low, high any) Matcher {
	return between(describe("strictly between %s and %s", low, high), low, high, false)
}

// closeTo matches a number whose distance to expected is at most the allowance that
// slack works out from expected and tolerance.
func closeTo(description string, expected, tolerance any, slack func(center, tolerance float64) float64) Matcher {
	center, centerOK := toFloat(reflect.ValueOf(expected))
	allowed, allowedOK := toFloat(reflect.ValueOf(tolerance))
	return predicate{description, func(actual reflect.Value) bool {
		value, ok := toFloat(actual)
		return ok && centerOK && allowedOK && math.Abs(value-center) <= slack(center, allowed)
	}}
}

// Near matches a number within tolerance of expected: the way to compare floats.
func Near(expected, tolerance any) Matcher {
	return closeTo(describe("within %s of %s", tolerance, expected), expected, tolerance,
		func(_, allowed float64) float64 { return allowed })
}

// NearRelative matches a number within a fraction tolerance of expected:
// |actual - expected| <= tolerance * |expected|.
func NearRelative(expected, tolerance any) Matcher {
	return closeTo(describe("within a relative %s of %s", tolerance, expected), expected, tolerance,
		func(center, fraction float64) float64 { return fraction * math.Abs(center) })
}

func toFloat(v reflect.Value) (float64, bool) {
	n, nan, ok := asNumber(v)
	if !ok || nan {
		return math.NaN(), ok
	}
	f, _ := n.Float64()
	return f, true
}

// ---------------------------------------------------------------- truthiness and null

func boolean(description string, want bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		actual = settle(actual)
		return actual.IsValid() && actual.Kind() == reflect.Bool && actual.Bool() == want
	}}
}

// IsTrue matches the bool true.
func IsTrue() Matcher { return boolean("true", true) }

// IsFalse matches the bool false.
func IsFalse() Matcher { return boolean("false", false) }

// IsNone matches nil: an untyped nil or a nil pointer, func, chan or interface. A nil
// slice or map is an empty collection, not null: check it with IsEmpty.
func IsNone() Matcher { return predicate{"null", isNull} }

// IsNotNone matches anything but nil.
func IsNotNone() Matcher {
	return predicate{"not null", func(actual reflect.Value) bool { return !isNull(actual) }}
}

// Anything matches every value.
func Anything() Matcher {
	return predicate{"anything", func(reflect.Value) bool { return true }}
}

// ---------------------------------------------------------------- composition

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
