package testingkit

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Render returns the canonical rendering of a value, the form failure messages use in
// every TestingKit language: null, true/false, integers as digits, floats in their
// shortest round-trip form with ".0" when integral, strings in double quotes with JSON
// escapes, slices and arrays as [1, 2], maps as {"a": 1} with keys sorted by their
// rendering, errors as error("message"). Pointers render as what they point to, structs
// as {"Field": value} in declaration order. A nil slice or map is an empty collection,
// as Go code treats it, so it renders as [] or {} rather than null.
func Render(value any) string {
	var out strings.Builder
	r := renderer{out: &out, seen: map[uintptr]bool{}}
	r.value(reflect.ValueOf(value))
	return out.String()
}

var (
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
)

type renderer struct {
	out *strings.Builder
	// Pointers being rendered, so that a cyclic structure ends in "..." instead of
	// recursing forever.
	seen map[uintptr]bool
}

func (r renderer) value(v reflect.Value) {
	if !v.IsValid() {
		r.out.WriteString("null")
		return
	}
	if message, ok := errorMessage(v); ok {
		r.out.WriteString("error(")
		writeQuoted(r.out, message)
		r.out.WriteString(")")
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		r.out.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		r.out.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		r.out.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		r.out.WriteString(formatFloat(v.Float(), 32))
	case reflect.Float64:
		r.out.WriteString(formatFloat(v.Float(), 64))
	case reflect.Complex64, reflect.Complex128:
		r.out.WriteString(strconv.FormatComplex(v.Complex(), 'g', -1, 128))
	case reflect.String:
		writeQuoted(r.out, v.String())
	case reflect.Interface:
		r.value(v.Elem())
	case reflect.Pointer:
		r.pointer(v)
	case reflect.Slice:
		r.sequence(v)
	case reflect.Array:
		r.sequence(v)
	case reflect.Map:
		r.mapping(v)
	case reflect.Struct:
		r.structure(v)
	case reflect.Func:
		if v.IsNil() {
			r.out.WriteString("null")
			return
		}
		r.out.WriteString("a function")
	case reflect.Chan:
		if v.IsNil() {
			r.out.WriteString("null")
			return
		}
		r.out.WriteString("a channel")
	default:
		r.out.WriteString(v.Type().String())
	}
}

func (r renderer) pointer(v reflect.Value) {
	if v.IsNil() {
		r.out.WriteString("null")
		return
	}
	address := v.Pointer()
	if r.seen[address] {
		r.out.WriteString("...")
		return
	}
	r.seen[address] = true
	defer delete(r.seen, address)
	r.value(v.Elem())
}

func (r renderer) sequence(v reflect.Value) {
	r.out.WriteString("[")
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			r.out.WriteString(", ")
		}
		r.value(v.Index(i))
	}
	r.out.WriteString("]")
}

func (r renderer) mapping(v reflect.Value) {
	type entry struct{ key, value string }
	entries := make([]entry, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		entries = append(entries, entry{r.nested(iter.Key()), r.nested(iter.Value())})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	r.out.WriteString("{")
	for i, e := range entries {
		if i > 0 {
			r.out.WriteString(", ")
		}
		r.out.WriteString(e.key)
		r.out.WriteString(": ")
		r.out.WriteString(e.value)
	}
	r.out.WriteString("}")
}

func (r renderer) structure(v reflect.Value) {
	if v.CanInterface() && v.Type().Implements(stringerType) {
		// Structs such as time.Time say more through String than through their fields.
		r.out.WriteString(v.Interface().(fmt.Stringer).String())
		return
	}
	r.out.WriteString("{")
	for i := 0; i < v.NumField(); i++ {
		if i > 0 {
			r.out.WriteString(", ")
		}
		writeQuoted(r.out, v.Type().Field(i).Name)
		r.out.WriteString(": ")
		r.value(v.Field(i))
	}
	r.out.WriteString("}")
}

// nested renders into a string of its own, sharing the cycle guard.
func (r renderer) nested(v reflect.Value) string {
	var out strings.Builder
	renderer{out: &out, seen: r.seen}.value(v)
	return out.String()
}

// errorMessage reports the message of a non-nil error value. Values reached through
// unexported struct fields cannot be asked and render structurally instead.
func errorMessage(v reflect.Value) (string, bool) {
	if !v.IsValid() || !v.CanInterface() || !v.Type().Implements(errorType) {
		return "", false
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return "", false
		}
	}
	return v.Interface().(error).Error(), true
}

// formatFloat writes the shortest form that reads back as the same float: positional
// notation in [1e-4, 1e16), exponent notation beyond (as Python's repr does).
func formatFloat(f float64, bitSize int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	magnitude := math.Abs(f)
	if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16) {
		return strconv.FormatFloat(f, 'e', -1, bitSize)
	}
	text := strconv.FormatFloat(f, 'f', -1, bitSize)
	if !strings.Contains(text, ".") {
		text += ".0"
	}
	return text
}

// writeQuoted writes s in double quotes with JSON escapes, keeping non-ASCII as is.
func writeQuoted(out *strings.Builder, s string) {
	out.WriteByte('"')
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case c == '"':
			out.WriteString(`\"`)
		case c == '\\':
			out.WriteString(`\\`)
		case c == '\n':
			out.WriteString(`\n`)
		case c == '\t':
			out.WriteString(`\t`)
		case c == '\r':
			out.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(out, `\u%04x`, c)
		default:
			out.WriteRune(c)
		}
	}
	out.WriteByte('"')
}
