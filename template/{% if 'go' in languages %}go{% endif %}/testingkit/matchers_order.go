package testingkit

import (
	"math"
	"reflect"
)

// ---------------------------------------------------------------- equality and order
//
// Eq, Ne, Lt, Le, Gt, Ge, InRange, InOpenRange, Near, NearRelative.

// Eq matches a value equal to expected; numbers compare by value across Go types. A
// mismatch shows what differs: a diff of two strings, the differing entries of two
// collections or structs.
func Eq(expected any) Matcher {
	want := reflect.ValueOf(expected)
	return equality{predicate{describe("equal to %s", expected), func(actual reflect.Value) bool {
		return equal(actual, want)
	}}, expected}
}

type equality struct {
	predicate
	expected any
}

func (e equality) explain(actual any) string {
	want, got := settle(reflect.ValueOf(e.expected)), settle(reflect.ValueOf(actual))
	if want.IsValid() && got.IsValid() && want.Kind() == reflect.String && got.Kind() == reflect.String {
		return textDifference(want.String(), got.String())
	}
	return explainDifference(shapeOf(e.expected), shapeOf(actual))
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

// between matches a number or string ordered after low and before high, or equal to
// either of them when inclusive.
func between(description string, low, high any, inclusive bool) Matcher {
	lowest, highest := reflect.ValueOf(low), reflect.ValueOf(high)
	return predicate{description, func(actual reflect.Value) bool {
		above, okLow := order(actual, lowest)
		below, okHigh := order(actual, highest)
		if !okLow || !okHigh {
			return false
		}
		if inclusive {
			return above >= 0 && below <= 0
		}
		return above > 0 && below < 0
	}}
}

// InRange matches a value between low and high, both included.
func InRange(low, high any) Matcher {
	return between(describe("between %s and %s inclusive", low, high), low, high, true)
}

// InOpenRange matches a value strictly between low and high: low < actual < high.
func InOpenRange(low, high any) Matcher {
	return between(describe("strictly between %s and %s", low, high), low, high, false)
}

// closeTo matches a number whose distance to expected is at most the allowance that
// slack works out from expected and tolerance.
func closeTo(description string, expected, tolerance any, slack func(center, tolerance float64) float64) Matcher {
	center, centerOK := toFloat(reflect.ValueOf(expected))
	allowed, allowedOK := toFloat(reflect.ValueOf(tolerance))
	return predicate{description, func(actual reflect.Value) bool {
		value, ok := toFloat(actual)
		return ok && centerOK && allowedOK && math.Abs(value-center) <= slack(center, allowed)
	}}
}

// Near matches a number within tolerance of expected: the way to compare floats.
func Near(expected, tolerance any) Matcher {
	return closeTo(describe("within %s of %s", tolerance, expected), expected, tolerance,
		func(_, allowed float64) float64 { return allowed })
}

// NearRelative matches a number within a fraction tolerance of expected:
// |actual - expected| <= tolerance * |expected|.
func NearRelative(expected, tolerance any) Matcher {
	return closeTo(describe("within a relative %s of %s", tolerance, expected), expected, tolerance,
		func(center, fraction float64) float64 { return fraction * math.Abs(center) })
}

func toFloat(v reflect.Value) (float64, bool) {
	n, nan, ok := asNumber(v)
	if !ok || nan {
		return math.NaN(), ok
	}
	f, _ := n.Float64()
	return f, true
}
