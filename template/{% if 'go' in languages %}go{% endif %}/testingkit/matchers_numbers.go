package testingkit

import (
	"math/big"
	"reflect"
)

// ---------------------------------------------------------------- numbers

func signed(description string, accept func(relation int) bool) Matcher {
	return ordered(description, 0, accept)
}

// IsPositive matches a number greater than zero.
func IsPositive() Matcher { return signed("a positive number", func(r int) bool { return r > 0 }) }

// IsNegative matches a number less than zero.
func IsNegative() Matcher { return signed("a negative number", func(r int) bool { return r < 0 }) }

// IsZero matches a number equal to zero.
func IsZero() Matcher { return signed("zero", func(r int) bool { return r == 0 }) }

// IsNonNegative matches a number greater than or equal to zero.
func IsNonNegative() Matcher {
	return signed("a non-negative number", func(r int) bool { return r >= 0 })
}

// IsNonPositive matches a number less than or equal to zero.
func IsNonPositive() Matcher {
	return signed("a non-positive number", func(r int) bool { return r <= 0 })
}

// IsNan matches a floating-point NaN.
func IsNan() Matcher {
	return predicate{"NaN", func(actual reflect.Value) bool {
		_, nan, _ := asNumber(actual)
		return nan
	}}
}

// numeric matches a number other than NaN whose exact value accept takes.
func numeric(description string, accept func(n *big.Float) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		n, nan, ok := asNumber(actual)
		return ok && !nan && accept(n)
	}}
}

// IsFinite matches an integer, or a float that is neither NaN nor an infinity.
func IsFinite() Matcher {
	return numeric("a finite number", func(n *big.Float) bool { return !n.IsInf() })
}

// IsInfinite matches a float that is +Inf or -Inf.
func IsInfinite() Matcher {
	return numeric("an infinite number", (*big.Float).IsInf)
}

// IsWhole matches an integer, or a finite float with no fractional part.
func IsWhole() Matcher {
	return numeric("a whole number", (*big.Float).IsInt)
}

// parity is 0 for an even whole number and 1 for an odd one.
func parity(whole *big.Float) uint {
	n, _ := whole.Int(nil)
	return n.Bit(0)
}

// IsEven matches a whole number (see IsWhole) divisible by 2.
func IsEven() Matcher {
	return numeric("an even number", func(n *big.Float) bool { return n.IsInt() && parity(n) == 0 })
}

// IsOdd matches a whole number (see IsWhole) not divisible by 2.
func IsOdd() Matcher {
	return numeric("an odd number", func(n *big.Float) bool { return n.IsInt() && parity(n) == 1 })
}

// IsMultipleOf matches a value of an integer type that divisor divides. Floats never
// match, even whole ones, and neither does anything when divisor is 0 or not an integer.
func IsMultipleOf(divisor any) Matcher {
	d, integral := asInteger(reflect.ValueOf(divisor))
	return predicate{describe("a multiple of %s", divisor), func(actual reflect.Value) bool {
		n, ok := asInteger(actual)
		return ok && integral && d.Sign() != 0 && new(big.Int).Rem(n, d).Sign() == 0
	}}
}

// asInteger converts a value of an integer type; ok is false for anything else.
func asInteger(v reflect.Value) (n *big.Int, ok bool) {
	v = settle(v)
	if !v.IsValid() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return big.NewInt(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return new(big.Int).SetUint64(v.Uint()), true
	}
	return nil, false
}
