package testingkit

import (
	"fmt"
	"reflect"
)

// ---------------------------------------------------------------- maps
//
// Keys are found by value, whatever their Go type: ContainsKey(1) finds the key of a
// map[int64]string, as Eq(1) matches an int64.

// mapped matches a map that accept takes.
func mapped(description string, accept func(m reflect.Value) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		actual = settle(actual)
		return actual.IsValid() && actual.Kind() == reflect.Map && accept(actual)
	}}
}

func hasKey(m, key reflect.Value) bool {
	_, found := lookup(m, key)
	return found
}

// ContainsKey matches a map with an entry for key.
func ContainsKey(key any) Matcher {
	wanted := reflect.ValueOf(key)
	return mapped(describe("a map containing key %s", key), func(m reflect.Value) bool { return hasKey(m, wanted) })
}

// DoesNotContainKey matches a map without an entry for key.
func DoesNotContainKey(key any) Matcher {
	unwanted := reflect.ValueOf(key)
	return mapped(describe("a map without key %s", key), func(m reflect.Value) bool { return !hasKey(m, unwanted) })
}

// ContainsKeys matches a map with an entry for every key of the slice keys.
func ContainsKeys(keys any) Matcher {
	wanted := mustElements("ContainsKeys", keys)
	return mapped(describe("a map containing keys %s", keys), func(m reflect.Value) bool {
		for _, key := range wanted {
			if !hasKey(m, key) {
				return false
			}
		}
		return true
	})
}

// HasExactlyKeys matches a map whose keys are those of the slice keys, compared as sets.
func HasExactlyKeys(keys any) Matcher {
	wanted := mustElements("HasExactlyKeys", keys)
	return mapped(describe("a map with exactly the keys %s", keys), func(m reflect.Value) bool {
		for _, key := range wanted {
			if !hasKey(m, key) {
				return false
			}
		}
		for _, key := range m.MapKeys() {
			if countEqual(wanted, key) == 0 {
				return false
			}
		}
		return true
	})
}

// ContainsEntry matches a map whose entry for key equals value.
func ContainsEntry(key, value any) Matcher {
	wantedKey, wantedValue := reflect.ValueOf(key), reflect.ValueOf(value)
	return mapped(describe("a map containing entry %s: %s", key, value), func(m reflect.Value) bool {
		found, ok := lookup(m, wantedKey)
		return ok && equal(found, wantedValue)
	})
}

// ContainsEntries matches a map holding every entry of the map entries, each with an
// equal value. It panics when entries is not a map.
func ContainsEntries(entries any) Matcher {
	wanted := settle(reflect.ValueOf(entries))
	if !wanted.IsValid() || wanted.Kind() != reflect.Map {
		panic(fmt.Sprintf("ContainsEntries takes a map of entries, not %s", Render(entries)))
	}
	return mapped(describe("a map containing entries %s", entries), func(m reflect.Value) bool {
		iter := wanted.MapRange()
		for iter.Next() {
			found, ok := lookup(m, iter.Key())
			if !ok || !equal(found, iter.Value()) {
				return false
			}
		}
		return true
	})
}

// ContainsValue matches a map with an entry whose value equals value.
func ContainsValue(value any) Matcher {
	wanted := reflect.ValueOf(value)
	return mapped(describe("a map containing value %s", value), func(m reflect.Value) bool {
		return countEqual(valuesOf(m), wanted) > 0
	})
}

// HasEntryThat matches a map with an entry for key whose value matches m.
func HasEntryThat(key any, m Matcher) Matcher {
	wanted := reflect.ValueOf(key)
	return mapped(describe("a map whose entry %s is %s", key, m), func(actual reflect.Value) bool {
		found, ok := lookup(actual, wanted)
		return ok && m.Matches(interfaceOf(found))
	})
}

// EachValue matches a map whose every value matches m; an empty map does.
func EachValue(m Matcher) Matcher {
	return mapped(describe("a map where every value is %s", m), func(actual reflect.Value) bool {
		for _, value := range valuesOf(actual) {
			if !m.Matches(interfaceOf(value)) {
				return false
			}
		}
		return true
	})
}

func valuesOf(m reflect.Value) []reflect.Value {
	values := make([]reflect.Value, 0, m.Len())
	iter := m.MapRange()
	for iter.Next() {
		values = append(values, iter.Value())
	}
	return values
}
