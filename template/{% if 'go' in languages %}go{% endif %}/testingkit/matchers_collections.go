package testingkit

import (
	"fmt"
	"reflect"
	"strings"
)

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
	return ok && countEqual(items, element) > 0
}

// Contains matches a slice or array with an element equal to element, a map with
// such a key, or a string with element as a substring.
func Contains(element any) Matcher {
	wanted := reflect.ValueOf(element)
	return predicate{describe("a collection containing %s", element), func(actual reflect.Value) bool {
		return holds(actual, wanted)
	}}
}

// heldBy matches a collection (slice, array, map or string, which hold as Contains says)
// holding a number of the slice elements that accept takes.
func heldBy(description, matcher string, elements any, accept func(held, wanted int) bool) Matcher {
	wanted := mustElements(matcher, elements)
	return predicate{description, func(actual reflect.Value) bool {
		if !isCollection(actual) {
			return false
		}
		held := 0
		for _, element := range wanted {
			if holds(actual, element) {
				held++
			}
		}
		return accept(held, len(wanted))
	}}
}

// ContainsAll matches a collection holding every element of the slice elements.
func ContainsAll(elements any) Matcher {
	return heldBy(describe("a collection containing all of %s", elements), "ContainsAll", elements,
		func(held, wanted int) bool { return held == wanted })
}

// ContainsAny matches a collection holding at least one element of the slice elements.
func ContainsAny(elements any) Matcher {
	return heldBy(describe("a collection containing any of %s", elements), "ContainsAny", elements,
		func(held, _ int) bool { return held > 0 })
}

// ContainsNone matches a collection holding no element of the slice elements.
func ContainsNone(elements any) Matcher {
	return heldBy(describe("a collection containing none of %s", elements), "ContainsNone", elements,
		func(held, _ int) bool { return held == 0 })
}

// sequential matches a slice or array whose elements accept takes.
func sequential(description string, accept func(items []reflect.Value) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		items, ok := itemsOf(actual)
		return ok && accept(items)
	}}
}

// arranged matches a slice or array whose elements, and the elements of the slice
// elements, accept takes.
func arranged(description, matcher string, elements any, accept func(items, wanted []reflect.Value) bool) Matcher {
	wanted := mustElements(matcher, elements)
	return sequential(description, func(items []reflect.Value) bool { return accept(items, wanted) })
}

// ContainsExactly matches a slice or array holding the elements of the slice elements,
// each as many times, in any order, and nothing else.
func ContainsExactly(elements any) Matcher {
	return arranged(describe("a collection containing exactly %s in any order", elements), "ContainsExactly", elements, sameMultiset)
}

// ContainsExactlyInOrder matches a slice or array whose elements equal those of the
// slice elements, one by one.
func ContainsExactlyInOrder(elements any) Matcher {
	return arranged(describe("a collection containing exactly %s in order", elements), "ContainsExactlyInOrder", elements, equalRuns)
}

// ContainsInOrder matches a slice or array in which the elements of the slice elements
// appear in their order, not necessarily next to each other.
func ContainsInOrder(elements any) Matcher {
	return arranged(describe("a collection containing %s in order", elements), "ContainsInOrder", elements,
		func(items, wanted []reflect.Value) bool {
			next := 0
			for _, item := range items {
				if next < len(wanted) && equal(item, wanted[next]) {
					next++
				}
			}
			return next == len(wanted)
		})
}

// StartsWithElements matches a slice or array whose first elements are those of the
// slice elements.
func StartsWithElements(elements any) Matcher {
	return arranged(describe("a collection starting with %s", elements), "StartsWithElements", elements,
		func(items, wanted []reflect.Value) bool {
			return len(items) >= len(wanted) && equalRuns(items[:len(wanted)], wanted)
		})
}

// EndsWithElements matches a slice or array whose last elements are those of the slice
// elements.
func EndsWithElements(elements any) Matcher {
	return arranged(describe("a collection ending with %s", elements), "EndsWithElements", elements,
		func(items, wanted []reflect.Value) bool {
			return len(items) >= len(wanted) && equalRuns(items[len(items)-len(wanted):], wanted)
		})
}

// IsSubsetOf matches a slice or array whose every element is one of the slice elements.
func IsSubsetOf(elements any) Matcher {
	return arranged(describe("a collection whose elements are all in %s", elements), "IsSubsetOf", elements,
		func(items, wanted []reflect.Value) bool {
			for _, item := range items {
				if countEqual(wanted, item) == 0 {
					return false
				}
			}
			return true
		})
}

// HasNoDuplicates matches a slice or array without two equal elements.
func HasNoDuplicates() Matcher {
	return sequential("a collection without duplicates", func(items []reflect.Value) bool {
		for i, item := range items {
			if countEqual(items[:i], item) > 0 {
				return false
			}
		}
		return true
	})
}

// ContainsTimes matches a slice or array holding exactly count elements equal to element.
func ContainsTimes(element any, count int) Matcher {
	wanted := reflect.ValueOf(element)
	return sequential(describe("a collection containing %s exactly %s times", element, count), func(items []reflect.Value) bool {
		return countEqual(items, wanted) == count
	})
}

// IsIn matches a value that is an element of the slice collection (or a key of the
// map, or a substring of the string).
func IsIn(collection any) Matcher {
	pool := reflect.ValueOf(collection)
	return predicate{describe("one of %s", collection), func(actual reflect.Value) bool {
		return holds(pool, actual)
	}}
}

// sortedBy matches a slice or array of numbers or strings whose neighbours all stand in
// a relation (-1, 0 or 1, as order gives it) that accept takes.
func sortedBy(description string, accept func(relation int) bool) Matcher {
	return sequential(description, func(items []reflect.Value) bool {
		for i := 1; i < len(items); i++ {
			relation, comparable := order(items[i-1], items[i])
			if !comparable || !accept(relation) {
				return false
			}
		}
		return true
	})
}

// IsSorted matches a slice or array of numbers or strings in non-decreasing order.
func IsSorted() Matcher {
	return sortedBy("a sorted collection", func(r int) bool { return r <= 0 })
}

// IsSortedDescending matches a slice or array of numbers or strings in non-increasing
// order; equal neighbours are allowed.
func IsSortedDescending() Matcher {
	return sortedBy("a collection sorted in descending order", func(r int) bool { return r >= 0 })
}

// IsStrictlySorted matches a slice or array of numbers or strings in increasing order.
func IsStrictlySorted() Matcher {
	return sortedBy("a strictly increasing collection", func(r int) bool { return r < 0 })
}

// counted matches a slice or array where the number of elements that m matches, out of
// them all, is one accept takes.
func counted(description string, m Matcher, accept func(matching, size int) bool) Matcher {
	return sequential(description, func(items []reflect.Value) bool {
		matching := 0
		for _, item := range items {
			if m.Matches(interfaceOf(item)) {
				matching++
			}
		}
		return accept(matching, len(items))
	})
}

// Each matches a slice or array whose every element matches m (an empty one does).
func Each(m Matcher) Matcher {
	return counted(describe("a collection where every element is %s", m), m,
		func(matching, size int) bool { return matching == size })
}

// HasItem matches a slice or array with at least one element that matches m.
func HasItem(m Matcher) Matcher {
	return counted(describe("a collection with an element that is %s", m), m,
		func(matching, _ int) bool { return matching > 0 })
}

// HasNoItem matches a slice or array with no element that matches m.
func HasNoItem(m Matcher) Matcher {
	return counted(describe("a collection with no element that is %s", m), m,
		func(matching, _ int) bool { return matching == 0 })
}

// HasExactlyOne matches a slice or array with exactly one element that matches m.
func HasExactlyOne(m Matcher) Matcher {
	return counted(describe("a collection with exactly one element that is %s", m), m,
		func(matching, _ int) bool { return matching == 1 })
}

// at matches a slice or array whose element at the index that position picks for its
// size matches m; an index out of range never matches.
func at(description string, m Matcher, position func(size int) int) Matcher {
	return sequential(description, func(items []reflect.Value) bool {
		index := position(len(items))
		return index >= 0 && index < len(items) && m.Matches(interfaceOf(items[index]))
	})
}

// HasFirst matches a non-empty slice or array whose first element matches m.
func HasFirst(m Matcher) Matcher {
	return at(describe("a collection whose first element is %s", m), m, func(int) int { return 0 })
}

// HasLast matches a non-empty slice or array whose last element matches m.
func HasLast(m Matcher) Matcher {
	return at(describe("a collection whose last element is %s", m), m, func(size int) int { return size - 1 })
}

// HasItemAt matches a slice or array whose element at the zero-based index matches m.
func HasItemAt(index int, m Matcher) Matcher {
	return at(describe("a collection whose element at %s is %s", index, m), m, func(int) int { return index })
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

// countEqual is the number of items equal to element.
func countEqual(items []reflect.Value, element reflect.Value) int {
	count := 0
	for _, item := range items {
		if equal(item, element) {
			count++
		}
	}
	return count
}

// equalRuns reports whether two runs of elements are equal one by one.
func equalRuns(actual, wanted []reflect.Value) bool {
	if len(actual) != len(wanted) {
		return false
	}
	for i := range actual {
		if !equal(actual[i], wanted[i]) {
			return false
		}
	}
	return true
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
