package testingkit

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Render returns the canonical rendering of a value, the form failure messages use in
// every TestingKit language: null, true/false, integers as digits, floats in their
// shortest round-trip form with ".0" when integral, strings in double quotes with JSON
// escapes, slices and arrays as [1, 2], maps as {"a": 1} with keys sorted by their
// rendering, errors as error("message"). Pointers render as what they point to; a
// struct renders as a record, `Order { id: 1, items: [] }`: its type name, then its
// fields in declaration order (unexported ones too) named in snake_case, the spelling
// the Rust and Python kits give the same fields. A nil slice or map is an empty
// collection, as Go code treats it, so it renders as [] or {} rather than null.
func Render(value any) string {
	return shapeOf(value).text
}

// shape is a value as failure messages see it: its rendering and, for containers, its
// parts, which is what a structural diff walks. A list's and a set's parts are keyed by
// position, a map's by the rendering of the key (sorted), a record's by field name in
// declaration order.
type shape struct {
	text  string
	kind  shapeKind
	parts []part
	name  string // a record's type name
}

type part struct {
	key   string
	shape shape
}

type shapeKind int

const (
	leafShape shapeKind = iota
	listShape
	mapShape
	recordShape
)

func shapeOf(value any) shape {
	r := renderer{seen: map[uintptr]bool{}}
	return r.value(reflect.ValueOf(value))
}

func leaf(text string) shape { return shape{text: text} }

var (
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
)

type renderer struct {
	// Pointers being rendered, so that a cyclic structure ends in "..." instead of
	// recursing forever.
	seen map[uintptr]bool
}

func (r renderer) value(v reflect.Value) shape {
	if !v.IsValid() {
		return leaf("null")
	}
	if message, ok := errorMessage(v); ok {
		return leaf("error(" + quoted(message) + ")")
	}
	switch v.Kind() {
	case reflect.Bool:
		return leaf(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return leaf(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return leaf(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		return leaf(formatFloat(v.Float(), 32))
	case reflect.Float64:
		return leaf(formatFloat(v.Float(), 64))
	case reflect.Complex64, reflect.Complex128:
		return leaf(strconv.FormatComplex(v.Complex(), 'g', -1, 128))
	case reflect.String:
		return leaf(quoted(v.String()))
	case reflect.Interface:
		return r.value(v.Elem())
	case reflect.Pointer:
		return r.pointer(v)
	case reflect.Slice, reflect.Array:
		return r.sequence(v)
	case reflect.Map:
		return r.mapping(v)
	case reflect.Struct:
		return r.structure(v)
	case reflect.Func:
		if v.IsNil() {
			return leaf("null")
		}
		return leaf("a function")
	case reflect.Chan:
		if v.IsNil() {
			return leaf("null")
		}
		return leaf("a channel")
	}
	return leaf(v.Type().String())
}

func (r renderer) pointer(v reflect.Value) shape {
	if v.IsNil() {
		return leaf("null")
	}
	address := v.Pointer()
	if r.seen[address] {
		return leaf("...")
	}
	r.seen[address] = true
	defer delete(r.seen, address)
	return r.value(v.Elem())
}

func (r renderer) sequence(v reflect.Value) shape {
	items := make([]shape, v.Len())
	for i := range items {
		items[i] = r.value(v.Index(i))
	}
	return listOf(items)
}

func listOf(items []shape) shape {
	out := shape{kind: listShape, parts: make([]part, len(items))}
	texts := make([]string, len(items))
	for i, item := range items {
		out.parts[i] = part{strconv.Itoa(i), item}
		texts[i] = item.text
	}
	out.text = "[" + strings.Join(texts, ", ") + "]"
	return out
}

func (r renderer) mapping(v reflect.Value) shape {
	out := shape{kind: mapShape}
	iter := v.MapRange()
	for iter.Next() {
		out.parts = append(out.parts, part{r.value(iter.Key()).text, r.value(iter.Value())})
	}
	sort.Slice(out.parts, func(i, j int) bool { return out.parts[i].key < out.parts[j].key })
	texts := make([]string, len(out.parts))
	for i, entry := range out.parts {
		texts[i] = entry.key + ": " + entry.shape.text
	}
	out.text = "{" + strings.Join(texts, ", ") + "}"
	return out
}

func (r renderer) structure(v reflect.Value) shape {
	if v.CanInterface() && v.Type().Implements(stringerType) {
		// Structs such as time.Time say more through String than through their fields.
		return leaf(v.Interface().(fmt.Stringer).String())
	}
	name := v.Type().Name()
	if generic := strings.IndexByte(name, '['); generic >= 0 {
		name = name[:generic] // Rust and Python name a generic type without its arguments
	}
	if name == "" {
		name = "struct"
	}
	out := shape{kind: recordShape, name: name, text: name}
	texts := make([]string, v.NumField())
	for i := range texts {
		field := part{snakeCase(v.Type().Field(i).Name), r.value(v.Field(i))}
		out.parts = append(out.parts, field)
		texts[i] = field.key + ": " + field.shape.text
	}
	if len(texts) > 0 {
		out.text = name + " { " + strings.Join(texts, ", ") + " }"
	}
	return out
}

// snakeCase spells a Go field name the way Rust and Python spell the same field:
// UnitPrice -> unit_price, ID -> id, HTTPServer -> http_server.
func snakeCase(name string) string {
	runes := []rune(name)
	var out strings.Builder
	for i, c := range runes {
		if unicode.IsUpper(c) {
			previousLower := i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]))
			acronymEnds := i > 0 && unicode.IsUpper(runes[i-1]) && i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if previousLower || acronymEnds {
				out.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		out.WriteRune(c)
	}
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

// quoted is s in double quotes with JSON escapes, keeping non-ASCII as is.
func quoted(s string) string {
	var out strings.Builder
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
			fmt.Fprintf(&out, `\u%04x`, c)
		default:
			out.WriteRune(c)
		}
	}
	out.WriteByte('"')
	return out.String()
}
