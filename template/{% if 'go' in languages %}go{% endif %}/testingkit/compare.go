package testingkit

import (
	"errors"
	"math"
	"math/big"
	"reflect"
	"strings"
)

// Values are compared by what they mean rather than by their Go type, so that
// Eq(5) matches an int64, a uint8 or a float64 holding 5, and a []int matches a []any
// holding the same numbers: the rendering of both sides is then the same, and a failure
// never shows two identical-looking values.

// settle looks through interfaces and non-nil pointers to the value they hold.
func settle(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && !v.IsNil() {
		if _, isError := errorMessage(v); isError {
			return v
		}
		v = v.Elem()
	}
	return v
}

// isNull reports whether v renders as null. Nil slices and maps do not: they are
// empty collections.
func isNull(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// asNumber converts an integer or float value; ok is false for anything else.
func asNumber(v reflect.Value) (n *big.Float, nan bool, ok bool) {
	v = settle(v)
	if !v.IsValid() {
		return nil, false, false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return new(big.Float).SetInt64(v.Int()), false, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return new(big.Float).SetUint64(v.Uint()), false, true
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			return nil, true, true
		}
		return new(big.Float).SetFloat64(f), false, true
	}
	return nil, false, false
}

func isNumber(v reflect.Value) bool {
	_, _, ok := asNumber(v)
	return ok
}

// order compares two numbers or two strings: -1, 0 or 1, and ok false when they are
// not comparable (different kinds of value, or a NaN).
func order(a, b reflect.Value) (int, bool) {
	a, b = settle(a), settle(b)
	x, xNaN, xNumber := asNumber(a)
	y, yNaN, yNumber := asNumber(b)
	if xNumber && yNumber {
		if xNaN || yNaN {
			return 0, false
		}
		return x.Cmp(y), true
	}
	if a.IsValid() && b.IsValid() && a.Kind() == reflect.String && b.Kind() == reflect.String {
		return strings.Compare(a.String(), b.String()), true
	}
	return 0, false
}

// equal reports whether two values mean the same: numbers by value, sequences element
// by element, maps entry by entry, structs field by field, errors by identity or message.
func equal(a, b reflect.Value) bool {
	if isNull(a) || isNull(b) {
		return isNull(a) && isNull(b)
	}
	a, b = settle(a), settle(b)
	if aMessage, aIsError := errorMessage(a); aIsError {
		bMessage, bIsError := errorMessage(b)
		return bIsError && (errors.Is(a.Interface().(error), b.Interface().(error)) || aMessage == bMessage)
	}
	if isNumber(a) || isNumber(b) {
		relation, ok := order(a, b)
		return ok && relation == 0
	}
	switch a.Kind() {
	case reflect.Bool:
		return b.Kind() == reflect.Bool && a.Bool() == b.Bool()
	case reflect.String:
		return b.Kind() == reflect.String && a.String() == b.String()
	case reflect.Slice, reflect.Array:
		return isSequence(b) && equalSequences(a, b)
	case reflect.Map:
		return b.Kind() == reflect.Map && equalMaps(a, b)
	case reflect.Struct:
		return a.Type() == b.Type() && equalStructs(a, b)
	case reflect.Func:
		// Go cannot compare functions; two closures of the same code may differ.
		return false
	case reflect.Chan:
		return b.Kind() == reflect.Chan && a.Pointer() == b.Pointer()
	}
	if a.Type() == b.Type() && a.CanInterface() && b.CanInterface() {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return false
}

func isSequence(v reflect.Value) bool {
	return v.IsValid() && (v.Kind() == reflect.Slice || v.Kind() == reflect.Array)
}

func equalSequences(a, b reflect.Value) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := 0; i < a.Len(); i++ {
		if !equal(a.Index(i), b.Index(i)) {
			return false
		}
	}
	return true
}

func equalMaps(a, b reflect.Value) bool {
	if a.Len() != b.Len() {
		return false
	}
	iter := a.MapRange()
	for iter.Next() {
		value, found := lookup(b, iter.Key())
		if !found || !equal(iter.Value(), value) {
			return false
		}
	}
	return true
}

func equalStructs(a, b reflect.Value) bool {
	for i := 0; i < a.NumField(); i++ {
		if !equal(a.Field(i), b.Field(i)) {
			return false
		}
	}
	return true
}

// lookup finds the entry of m whose key equals key, whatever the Go type of key.
func lookup(m reflect.Value, key reflect.Value) (reflect.Value, bool) {
	settled := settle(key)
	if settled.IsValid() && settled.Type().AssignableTo(m.Type().Key()) && settled.Type().Comparable() {
		if value := m.MapIndex(settled); value.IsValid() {
			return value, true
		}
	}
	iter := m.MapRange()
	for iter.Next() {
		if equal(iter.Key(), key) {
			return iter.Value(), true
		}
	}
	return reflect.Value{}, false
}

// elements lists the elements of a slice or an array; ok is false for anything else.
func itemsOf(v reflect.Value) ([]reflect.Value, bool) {
	v = settle(v)
	if !isSequence(v) {
		return nil, false
	}
	items := make([]reflect.Value, v.Len())
	for i := range items {
		items[i] = v.Index(i)
	}
	return items, true
}

// length is the number of elements of a collection, or of characters of a string.
func length(v reflect.Value) (int, bool) {
	v = settle(v)
	if !v.IsValid() {
		return 0, false
	}
	switch v.Kind() {
	case reflect.String:
		return len([]rune(v.String())), true
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return v.Len(), true
	}
	return 0, false
}
