package testingkit

import (
	"fmt"
	"reflect"
)

// ---------------------------------------------------------------- length and emptiness
//
// HasLen, HasLenAtLeast, HasLenAtMost, IsEmpty, IsNotEmpty.

func sized(description string, accept func(n int) bool) Matcher {
	return sizedMatcher{predicate{description, func(actual reflect.Value) bool {
		n, ok := length(actual)
		return ok && accept(n)
	}}}
}

// sizedMatcher says what the actual's length was when it fails.
type sizedMatcher struct{ predicate }

func (sizedMatcher) explain(actual any) string {
	if n, ok := length(reflect.ValueOf(actual)); ok {
		return fmt.Sprintf("which has length %d", n)
	}
	return ""
}

// HasLen matches a collection with n elements or a string with n characters.
func HasLen(n int) Matcher {
	return sized(describe("a value of length %s", n), func(size int) bool { return size == n })
}

// HasLenAtLeast matches a collection or string of length n or more (length as HasLen).
func HasLenAtLeast(n int) Matcher {
	return sized(describe("a value of length at least %s", n), func(size int) bool { return size >= n })
}

// HasLenAtMost matches a collection or string of length n or less (length as HasLen).
func HasLenAtMost(n int) Matcher {
	return sized(describe("a value of length at most %s", n), func(size int) bool { return size <= n })
}

// IsEmpty matches an empty collection or string.
func IsEmpty() Matcher { return sized("empty", func(size int) bool { return size == 0 }) }

// IsNotEmpty matches a collection or string with at least one element.
func IsNotEmpty() Matcher { return sized("not empty", func(size int) bool { return size > 0 }) }
