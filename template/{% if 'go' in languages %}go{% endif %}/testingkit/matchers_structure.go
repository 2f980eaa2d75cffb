package testingkit

import (
	"fmt"
	"reflect"
	"strings"
)

// ---------------------------------------------------------------- structure
//
// Matchers that look inside a value with other matchers. Go has no option or result
// type: Some matches a value that is not nil (a pointer is followed) and that m matches,
// Ok a value that is not a non-nil error, Err a non-nil error whose message m matches.
// Field reads a struct field by name (exported fields; pointers are followed) or the
// entry of a map with string keys.

// Some matches a present value (not nil; a pointer is followed) that m matches.
func Some(m Matcher) Matcher {
	return predicate{describe("a present value that is %s", m), func(actual reflect.Value) bool {
		actual = settle(actual)
		return actual.IsValid() && !isNull(actual) && m.Matches(interfaceOf(actual))
	}}
}

// Ok matches a success: a value that is not a non-nil error, and that m matches.
func Ok(m Matcher) Matcher {
	return predicate{describe("a success whose value is %s", m), func(actual reflect.Value) bool {
		if _, isError := errorMessage(actual); isError {
			return false
		}
		return m.Matches(interfaceOf(actual))
	}}
}

// Err matches a non-nil error whose message m matches.
func Err(m Matcher) Matcher {
	return erring(describe("an error whose message is %s", m), func(message string) bool {
		return m.Matches(message)
	})
}

// fieldOf is the struct field or the string-keyed map entry name of a value.
func fieldOf(actual reflect.Value, name string) (reflect.Value, bool) {
	actual = settle(actual)
	switch {
	case !actual.IsValid():
		return reflect.Value{}, false
	case actual.Kind() == reflect.Map && actual.Type().Key().Kind() == reflect.String:
		value := actual.MapIndex(reflect.ValueOf(name).Convert(actual.Type().Key()))
		return value, value.IsValid()
	case actual.Kind() == reflect.Struct:
		field, found := actual.Type().FieldByName(name)
		if !found || !field.IsExported() {
			return reflect.Value{}, false
		}
		return actual.FieldByIndex(field.Index), true
	}
	return reflect.Value{}, false
}

// Field matches a value whose field name (an exported struct field, or a string-keyed
// map entry) m matches; a missing field never matches.
func Field(name string, m Matcher) Matcher {
	return predicate{describe("a value whose field %s is %s", name, m), func(actual reflect.Value) bool {
		value, found := fieldOf(actual, name)
		return found && m.Matches(interfaceOf(value))
	}}
}

// HasField matches a value with a field name, as Field reads fields.
func HasField(name string) Matcher {
	return predicate{describe("a value with field %s", name), func(actual reflect.Value) bool {
		_, found := fieldOf(actual, name)
		return found
	}}
}

// UnorderedElementsAre matches a slice or array whose elements match the matchers one to
// one, in any order (a perfect pairing, so no greedy choice hides a valid one).
func UnorderedElementsAre(matchers ...Matcher) Matcher {
	descriptions := make([]string, len(matchers))
	for i, m := range matchers {
		descriptions[i] = m.Describe()
	}
	description := "a collection whose elements are, in any order, (" + strings.Join(descriptions, ", ") + ")"
	return sequential(description, func(items []reflect.Value) bool {
		if len(items) != len(matchers) {
			return false
		}
		accepts := make([][]bool, len(matchers))
		for row, m := range matchers {
			accepts[row] = make([]bool, len(items))
			for column, item := range items {
				accepts[row][column] = m.Matches(interfaceOf(item))
			}
		}
		return pairsUp(accepts)
	})
}

// pairsUp reports whether every row (matcher) gets a column (element) of its own that
// it accepts, by augmenting paths.
func pairsUp(accepts [][]bool) bool {
	owner := map[int]int{}
	var place func(row int, seen map[int]bool) bool
	place = func(row int, seen map[int]bool) bool {
		for column, accepted := range accepts[row] {
			if !accepted || seen[column] {
				continue
			}
			seen[column] = true
			current, taken := owner[column]
			if !taken || place(current, seen) {
				owner[column] = row
				return true
			}
		}
		return false
	}
	for row := range accepts {
		if !place(row, map[int]bool{}) {
			return false
		}
	}
	return true
}

// extreme matches a non-empty slice or array whose element that wins against every
// other one by better matches m.
func extreme(description string, m Matcher, better func(relation int) bool) Matcher {
	return sequential(description, func(items []reflect.Value) bool {
		if len(items) == 0 {
			return false
		}
		best := items[0]
		for _, item := range items[1:] {
			relation, comparable := order(item, best)
			if !comparable {
				return false
			}
			if better(relation) {
				best = item
			}
		}
		return m.Matches(interfaceOf(best))
	})
}

// HasMin matches a non-empty slice or array whose smallest element m matches.
func HasMin(m Matcher) Matcher {
	return extreme(describe("a collection whose smallest element is %s", m), m, func(r int) bool { return r < 0 })
}

// HasMax matches a non-empty slice or array whose largest element m matches.
func HasMax(m Matcher) Matcher {
	return extreme(describe("a collection whose largest element is %s", m), m, func(r int) bool { return r > 0 })
}

func closeNumbers(actual, expected reflect.Value, tolerance float64) bool {
	a, isNumber := toFloat(settle(actual))
	e, _ := toFloat(settle(expected))
	return isNumber && (a-e <= tolerance && e-a <= tolerance)
}

func toleranceOf(matcher string, tolerance any) float64 {
	value, isNumber := toFloat(reflect.ValueOf(tolerance))
	if !isNumber {
		panic(fmt.Sprintf("%s takes a number as its tolerance, not %s", matcher, Render(tolerance)))
	}
	return value
}

// ElementsNear matches a slice or array as long as expected whose every element is
// within tolerance of the expected number at its position.
func ElementsNear(expected any, tolerance any) Matcher {
	wanted := mustElements("ElementsNear", expected)
	allowed := toleranceOf("ElementsNear", tolerance)
	return sequential(describe("a collection whose elements are within %s of %s", tolerance, expected), func(items []reflect.Value) bool {
		if len(items) != len(wanted) {
			return false
		}
		for i := range items {
			if !closeNumbers(items[i], wanted[i], allowed) {
				return false
			}
		}
		return true
	})
}

// ValuesNear matches a map with the keys of expected whose every value is within
// tolerance of its expected number.
func ValuesNear(expected any, tolerance any) Matcher {
	wanted := reflect.ValueOf(expected)
	if wanted.Kind() != reflect.Map {
		panic(fmt.Sprintf("ValuesNear takes a map of numbers, not %s", Render(expected)))
	}
	allowed := toleranceOf("ValuesNear", tolerance)
	return mapped(describe("a map whose values are within %s of %s", tolerance, expected), func(m reflect.Value) bool {
		if m.Len() != wanted.Len() {
			return false
		}
		iter := wanted.MapRange()
		for iter.Next() {
			value, found := lookup(m, iter.Key())
			if !found || !closeNumbers(value, iter.Value(), allowed) {
				return false
			}
		}
		return true
	})
}

// keysOf is the keys of a map.
func keysOf(m reflect.Value) []reflect.Value { return m.MapKeys() }

// countedIn matches a map whose parts (keys or values) matching m are as accept wants.
func countedIn(description string, m Matcher, parts func(reflect.Value) []reflect.Value, accept func(matching, size int) bool) Matcher {
	return mapped(description, func(mapValue reflect.Value) bool {
		matching := 0
		for _, part := range parts(mapValue) {
			if m.Matches(interfaceOf(part)) {
				matching++
			}
		}
		return accept(matching, mapValue.Len())
	})
}

// EachKey matches a map whose every key m matches (an empty map does).
func EachKey(m Matcher) Matcher {
	return countedIn(describe("a map where every key is %s", m), m, keysOf,
		func(matching, size int) bool { return matching == size })
}

// HasKeyThat matches a map with at least one key that m matches.
func HasKeyThat(m Matcher) Matcher {
	return countedIn(describe("a map with a key that is %s", m), m, keysOf,
		func(matching, _ int) bool { return matching > 0 })
}

// HasValueThat matches a map with at least one value that m matches.
func HasValueThat(m Matcher) Matcher {
	return countedIn(describe("a map with a value that is %s", m), m, valuesOf,
		func(matching, _ int) bool { return matching > 0 })
}

// HasEntryMatching matches a map with an entry whose key keyMatcher matches and whose
// value valueMatcher matches.
func HasEntryMatching(keyMatcher, valueMatcher Matcher) Matcher {
	description := describe("a map with an entry whose key is %s and whose value is %s", keyMatcher, valueMatcher)
	return mapped(description, func(m reflect.Value) bool {
		iter := m.MapRange()
		for iter.Next() {
			if keyMatcher.Matches(interfaceOf(iter.Key())) && valueMatcher.Matches(interfaceOf(iter.Value())) {
				return true
			}
		}
		return false
	})
}

// PanicsWith matches a function taking no arguments that panics with a value that m
// matches: the value recover returns (a string stays a string, an error stays an error).
func PanicsWith(m Matcher) Matcher {
	return panicking{describe("a call that fails with a value that is %s", m), m}
}

type panicking struct {
	description string
	m           Matcher
}

func (p panicking) Matches(actual any) bool { return p.judge(actual).matched }
func (p panicking) Describe() string        { return p.description }

func (p panicking) judge(actual any) verdict {
	function, callable := callWithoutArguments(actual)
	if !callable {
		return verdict{matched: false, actual: Render(actual)}
	}
	value, panicked := panicValueOf(function)
	if !panicked {
		return verdict{matched: false, actual: "a call that returned normally"}
	}
	return verdict{matched: p.m.Matches(value), actual: "a call that failed with " + Render(panicMessage(value))}
}

// panicValueOf calls a function and returns the value it panicked with, if it did.
func panicValueOf(function reflect.Value) (value any, panicked bool) {
	defer func() {
		if panicked {
			value = recover()
		}
	}()
	panicked = true
	function.Call(nil)
	panicked = false
	return nil, false
}
