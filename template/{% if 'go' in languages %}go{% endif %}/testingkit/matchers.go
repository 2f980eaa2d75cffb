package testingkit

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
)

// Matcher checks an actual value and describes what it expects. Descriptions complete
// the sentence "expected: …" of a failure message, e.g. "equal to 5".
type Matcher interface {
	Matches(actual any) bool
	Describe() string
}

// verdict is a matcher's answer together with how the actual value is shown. Most
// matchers show the canonical rendering; Fails and FailsWith show what the call did.
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

// InRange matches a value between low and high, both included.
func InRange(low, high any) Matcher {
	lowest, highest := reflect.ValueOf(low), reflect.ValueOf(high)
	return predicate{describe("between %s and %s inclusive", low, high), func(actual reflect.Value) bool {
		above, okLow := order(actual, lowest)
		below, okHigh := order(actual, highest)
		return okLow && okHigh && above >= 0 && below <= 0
	}}
}

// Near matches a number within tolerance of expected: the way to compare floats.
func Near(expected, tolerance any) Matcher {
	center, centerOK := toFloat(reflect.ValueOf(expected))
	slack, slackOK := toFloat(reflect.ValueOf(tolerance))
	return predicate{describe("within %s of %s", tolerance, expected), func(actual reflect.Value) bool {
		value, ok := toFloat(actual)
		return ok && centerOK && slackOK && math.Abs(value-center) <= slack
	}}
}

func toFloat(v reflect.Value) (float64, bool) {
	n, nan, ok := asNumber(v)
	if !ok || nan {
		return math.NaN(), ok
	}
	f, _ := n.Float64()
	return f, true
}

// ---------------------------------------------------------------- numbers

func signed(description string, accept func(relation int) bool) Matcher {
	return ordered(description, 0, accept)
}

// IsPositive matches a number greater than zero.
func IsPositive() Matcher { return signed("a positive number", func(r int) bool { return r > 0 }) }

// IsNegative matches a number less than zero.
func IsNegative() Matcher { return signed("a negative number", func(r int) bool { return r < 0 }) }

// IsZero matches a number equal to zero.
func IsZero() Matcher { return signed("zero", func(r int) bool { return r == 0 }) }

// IsNan matches a floating-point NaN.
func IsNan() Matcher {
	return predicate{"NaN", func(actual reflect.Value) bool {
		_, nan, _ := asNumber(actual)
		return nan
	}}
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

// ---------------------------------------------------------------- length and emptiness

func sized(description string, accept func(n int) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		n, ok := length(actual)
		return ok && accept(n)
	}}
}

// HasLen matches a collection with n elements or a string with n characters.
func HasLen(n int) Matcher {
	return sized(describe("a value of length %s", n), func(size int) bool { return size == n })
}

// IsEmpty matches an empty collection or string.
func IsEmpty() Matcher { return sized("empty", func(size int) bool { return size == 0 }) }

// IsNotEmpty matches a collection or string with at least one element.
func IsNotEmpty() Matcher { return sized("not empty", func(size int) bool { return size > 0 }) }

// ---------------------------------------------------------------- strings

func textual(description string, accept func(s string) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		actual = settle(actual)
		return actual.IsValid() && actual.Kind() == reflect.String && accept(actual.String())
	}}
}

// StartsWith matches a string starting with prefix.
func StartsWith(prefix string) Matcher {
	return textual(describe("a string starting with %s", prefix), func(s string) bool {
		return strings.HasPrefix(s, prefix)
	})
}

// EndsWith matches a string ending with suffix.
func EndsWith(suffix string) Matcher {
	return textual(describe("a string ending with %s", suffix), func(s string) bool {
		return strings.HasSuffix(s, suffix)
	})
}

// ContainsSubstring matches a string containing substring.
func ContainsSubstring(substring string) Matcher {
	return textual(describe("a string containing %s", substring), func(s string) bool {
		return strings.Contains(s, substring)
	})
}

// MatchesRegex matches a string in which pattern finds a match anywhere (anchor it
// with ^ and $ to match the whole string). It panics on an invalid pattern, as
// regexp.MustCompile does, because that is a mistake in the test itself.
func MatchesRegex(pattern string) Matcher {
	compiled := regexp.MustCompile(pattern)
	return textual(describe("a string matching the regex %s", pattern), compiled.MatchString)
}

// EqIgnoringCase matches a string equal to expected under Unicode case folding.
func EqIgnoringCase(expected string) Matcher {
	return textual(describe("equal ignoring case to %s", expected), func(s string) bool {
		return strings.EqualFold(s, expected)
	})
}

// IsBlank matches a string that is empty or only white space.
func IsBlank() Matcher {
	return textual("a blank string", func(s string) bool { return strings.TrimSpace(s) == "" })
}

// ---------------------------------------------------------------- collections

// holds reports whether collection holds element: an element of a slice or array, a
// key of a map, a substring of a string.
func holds(collection, element reflect.Value) bool {
	collection = settle(collection)
	if !collection.IsValid() {
		return false
	}
	switch collection.Kind() {
	case reflect.Map:
		_, found := lookup(collection, element)
		return found
	case reflect.String:
		part := settle(element)
		return part.IsValid() && part.Kind() == reflect.String && strings.Contains(collection.String(), part.String())
	}
	items, ok := itemsOf(collection)
	if !ok {
		return false
	}
	for _, item := range items {
		if equal(item, element) {
			return true
		}
	}
	return false
}

// Contains matches a slice or array with an element equal to element, a map with
// such a key, or a string with element as a substring.
func Contains(element any) Matcher {
	wanted := reflect.ValueOf(element)
	return predicate{describe("a collection containing %s", element), func(actual reflect.Value) bool {
		return holds(actual, wanted)
	}}
}

func countHeld(actual reflect.Value, wanted []reflect.Value) int {
	count := 0
	for _, element := range wanted {
		if holds(actual, element) {
			count++
		}
	}
	return count
}

// ContainsAll matches a collection holding every element of the slice elements.
func ContainsAll(elements any) Matcher {
	wanted := mustElements("ContainsAll", elements)
	return predicate{describe("a collection containing all of %s", elements), func(actual reflect.Value) bool {
		return isCollection(actual) && countHeld(actual, wanted) == len(wanted)
	}}
}

// ContainsAny matches a collection holding at least one element of the slice elements.
func ContainsAny(elements any) Matcher {
	wanted := mustElements("ContainsAny", elements)
	return predicate{describe("a collection containing any of %s", elements), func(actual reflect.Value) bool {
		return countHeld(actual, wanted) > 0
	}}
}

// ContainsExactly matches a slice or array holding the elements of the slice elements,
// each as many times, in any order, and nothing else.
func ContainsExactly(elements any) Matcher {
	wanted := mustElements("ContainsExactly", elements)
	return predicate{describe("a collection containing exactly %s in any order", elements), func(actual reflect.Value) bool {
		items, ok := itemsOf(actual)
		return ok && sameMultiset(items, wanted)
	}}
}

// IsIn matches a value that is an element of the slice collection (or a key of the
// map, or a substring of the string).
func IsIn(collection any) Matcher {
	pool := reflect.ValueOf(collection)
	return predicate{describe("one of %s", collection), func(actual reflect.Value) bool {
		return holds(pool, actual)
	}}
}

// IsSorted matches a slice or array of numbers or strings in non-decreasing order.
func IsSorted() Matcher {
	return predicate{"a sorted collection", func(actual reflect.Value) bool {
		items, ok := itemsOf(actual)
		if !ok {
			return false
		}
		for i := 1; i < len(items); i++ {
			relation, comparable := order(items[i-1], items[i])
			if !comparable || relation > 0 {
				return false
			}
		}
		return true
	}}
}

// Each matches a slice or array whose every element matches m (an empty one does).
func Each(m Matcher) Matcher {
	return predicate{describe("a collection where every element is %s", m), func(actual reflect.Value) bool {
		items, ok := itemsOf(actual)
		if !ok {
			return false
		}
		for _, item := range items {
			if !m.Matches(interfaceOf(item)) {
				return false
			}
		}
		return true
	}}
}

// HasItem matches a slice or array with at least one element that matches m.
func HasItem(m Matcher) Matcher {
	return predicate{describe("a collection with an element that is %s", m), func(actual reflect.Value) bool {
		items, _ := itemsOf(actual)
		for _, item := range items {
			if m.Matches(interfaceOf(item)) {
				return true
			}
		}
		return false
	}}
}

// ContainsKey matches a map with an entry for key.
func ContainsKey(key any) Matcher {
	wanted := reflect.ValueOf(key)
	return predicate{describe("a map containing key %s", key), func(actual reflect.Value) bool {
		actual = settle(actual)
		if !actual.IsValid() || actual.Kind() != reflect.Map {
			return false
		}
		_, found := lookup(actual, wanted)
		return found
	}}
}

// ContainsEntry matches a map whose entry for key equals value.
func ContainsEntry(key, value any) Matcher {
	wantedKey, wantedValue := reflect.ValueOf(key), reflect.ValueOf(value)
	return predicate{describe("a map containing entry %s: %s", key, value), func(actual reflect.Value) bool {
		actual = settle(actual)
		if !actual.IsValid() || actual.Kind() != reflect.Map {
			return false
		}
		found, ok := lookup(actual, wantedKey)
		return ok && equal(found, wantedValue)
	}}
}

func isCollection(v reflect.Value) bool {
	v = settle(v)
	return v.IsValid() && (isSequence(v) || v.Kind() == reflect.Map || v.Kind() == reflect.String)
}

func mustElements(matcher string, collection any) []reflect.Value {
	items, ok := itemsOf(reflect.ValueOf(collection))
	if !ok {
		panic(fmt.Sprintf("%s takes a slice or an array of elements, not %s", matcher, Render(collection)))
	}
	return items
}

func sameMultiset(actual, wanted []reflect.Value) bool {
	if len(actual) != len(wanted) {
		return false
	}
	used := make([]bool, len(wanted))
	for _, item := range actual {
		found := false
		for i, candidate := range wanted {
			if !used[i] && equal(item, candidate) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// interfaceOf gives an element to a matcher; elements behind unexported fields, which
// Go does not let out as interfaces, are seen as null.
func interfaceOf(v reflect.Value) any {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	return v.Interface()
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

// ---------------------------------------------------------------- errors and failures

// IsError matches a non-nil error.
func IsError() Matcher {
	return predicate{"an error", func(actual reflect.Value) bool {
		_, isError := errorMessage(actual)
		return isError
	}}
}

// IsOk matches anything but a non-nil error: a nil error passes.
func IsOk() Matcher {
	return predicate{"no error", func(actual reflect.Value) bool {
		_, isError := errorMessage(actual)
		return !isError
	}}
}

// ErrorContains matches a non-nil error whose message contains substring.
func ErrorContains(substring string) Matcher {
	return predicate{describe("an error with a message containing %s", substring), func(actual reflect.Value) bool {
		message, isError := errorMessage(actual)
		return isError && strings.Contains(message, substring)
	}}
}

// failure is how a matcher of calls checks the outcome of calling the actual value.
type failure struct {
	description string
	accept      func(panicked bool, message string) bool
}

// Fails matches a function taking no arguments that panics when called.
func Fails() Matcher {
	return failure{"a call that fails", func(panicked bool, _ string) bool { return panicked }}
}

// FailsWith matches a function taking no arguments that panics with a message
// containing substring.
func FailsWith(substring string) Matcher {
	return failure{
		describe("a call that fails with a message containing %s", substring),
		func(panicked bool, message string) bool { return panicked && strings.Contains(message, substring) },
	}
}

func (f failure) Matches(actual any) bool { return f.judge(actual).matched }
func (f failure) Describe() string        { return f.description }

func (f failure) judge(actual any) verdict {
	call := reflect.ValueOf(actual)
	if !call.IsValid() || call.Kind() != reflect.Func || call.IsNil() || call.Type().NumIn() != 0 {
		return verdict{matched: false, actual: Render(actual)}
	}
	panicked, message := outcomeOf(call)
	if !panicked {
		return verdict{matched: f.accept(false, ""), actual: "a call that returned normally"}
	}
	return verdict{matched: f.accept(true, message), actual: "a call that failed with " + Render(message)}
}

// outcomeOf calls a function and reports whether it panicked, and with what message.
func outcomeOf(call reflect.Value) (panicked bool, message string) {
	defer func() {
		if recovered := recover(); panicked {
			message = panicMessage(recovered)
		}
	}()
	panicked = true
	call.Call(nil)
	panicked = false
	return panicked, ""
}

func panicMessage(recovered any) string {
	switch value := recovered.(type) {
	case error:
		return value.Error()
	case string:
		return value
	case fmt.Stringer:
		return value.String()
	}
	return fmt.Sprint(recovered)
}
