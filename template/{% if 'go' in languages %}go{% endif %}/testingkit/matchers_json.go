package testingkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// ---------------------------------------------------------------- JSON
//
// JsonEq compares documents, not their spelling: object keys in any order, whitespace
// anywhere, numbers compared as numbers (1 equals 1.0), a bool only equal to a bool.
// Text that is not JSON never matches. Actual text is a string or a []byte.

func parsedJSON(actual reflect.Value) (any, bool) {
	actual = settle(actual)
	var text []byte
	switch {
	case !actual.IsValid():
		return nil, false
	case actual.Kind() == reflect.String:
		text = []byte(actual.String())
	case actual.Kind() == reflect.Slice && actual.Type().Elem().Kind() == reflect.Uint8:
		text = actual.Bytes()
	default:
		return nil, false
	}
	decoder := json.NewDecoder(bytes.NewReader(text))
	var document any
	if decoder.Decode(&document) != nil {
		return nil, false
	}
	// One document only: anything but whitespace after it is not JSON.
	if _, err := decoder.Token(); err == nil {
		return nil, false
	}
	return document, true
}

// JsonEq matches JSON text that holds the same document as expected. It panics when
// expected is not JSON.
func JsonEq(expected string) Matcher {
	wanted, isJSON := parsedJSON(reflect.ValueOf(expected))
	if !isJSON {
		panic(fmt.Sprintf("JsonEq needs JSON text, got %s", Render(expected)))
	}
	return predicate{describe("JSON equal to %s", expected), func(actual reflect.Value) bool {
		document, isJSON := parsedJSON(actual)
		return isJSON && reflect.DeepEqual(document, wanted)
	}}
}

// IsJson matches text that parses as one JSON document.
func IsJson() Matcher {
	return predicate{"a JSON document", func(actual reflect.Value) bool {
		_, isJSON := parsedJSON(actual)
		return isJSON
	}}
}
