package testingkit

import "reflect"

// ---------------------------------------------------------------- truthiness and null
//
// IsTrue, IsFalse, IsNone, IsNotNone, Anything.

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
