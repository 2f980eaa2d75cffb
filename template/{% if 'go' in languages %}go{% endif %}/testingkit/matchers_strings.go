package testingkit

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// ---------------------------------------------------------------- strings

func textual(description string, accept func(s string) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		actual = settle(actual)
		return actual.IsValid() && actual.Kind() == reflect.String && accept(actual.String())
	}}
}

// StartsWith matches a string starting with prefix.
func StartsWith(prefix string) Matcher {
	return textual(describe("a string starting with %s", prefix), func(s string) bool {
		return strings.HasPrefix(s, prefix)
	})
}

// EndsWith matches a string ending with suffix.
func EndsWith(suffix string) Matcher {
	return textual(describe("a string ending with %s", suffix), func(s string) bool {
		return strings.HasSuffix(s, suffix)
	})
}

// ContainsSubstring matches a string containing substring.
func ContainsSubstring(substring string) Matcher {
	return textual(describe("a string containing %s", substring), func(s string) bool {
		return strings.Contains(s, substring)
	})
}

// DoesNotContainSubstring matches a string in which substring does not occur.
func DoesNotContainSubstring(substring string) Matcher {
	return textual(describe("a string not containing %s", substring), func(s string) bool {
		return !strings.Contains(s, substring)
	})
}

// ContainsSubstringsInOrder matches a string in which each of substrings occurs after
// the end of the one before it.
func ContainsSubstringsInOrder(substrings []string) Matcher {
	return textual(describe("a string containing %s in order", substrings), func(s string) bool {
		for _, part := range substrings {
			at := strings.Index(s, part)
			if at < 0 {
				return false
			}
			s = s[at+len(part):]
		}
		return true
	})
}

// MatchesRegex matches a string in which pattern finds a match anywhere (anchor it
// with ^ and $ to match the whole string). It panics on an invalid pattern, as
// regexp.MustCompile does, because that is a mistake in the test itself.
func MatchesRegex(pattern string) Matcher {
	compiled := regexp.MustCompile(pattern)
	return textual(describe("a string matching the regex %s", pattern), compiled.MatchString)
}

// FullMatchesRegex matches a string that pattern matches as a whole, not in part. It
// panics on an invalid pattern, as MatchesRegex does.
func FullMatchesRegex(pattern string) Matcher {
	regexp.MustCompile(pattern) // a bad pattern is reported as written, not as wrapped below
	whole := regexp.MustCompile(`\A(?:` + pattern + `)\z`)
	return textual(describe("a string fully matching the regex %s", pattern), whole.MatchString)
}

// ignoringCase matches a string that relates to operand as related says once both are
// lowered under ASCII case folding: other letters (É, ß) stay as they are, in every kit.
func ignoringCase(description, operand string, related func(s, operand string) bool) Matcher {
	lowered := asciiLower(operand)
	return textual(description, func(s string) bool { return related(asciiLower(s), lowered) })
}

// EqIgnoringCase matches a string equal to expected under ASCII case folding.
func EqIgnoringCase(expected string) Matcher {
	return ignoringCase(describe("equal ignoring case to %s", expected), expected,
		func(s, expected string) bool { return s == expected })
}

// StartsWithIgnoringCase matches a string starting with prefix under ASCII case folding.
func StartsWithIgnoringCase(prefix string) Matcher {
	return ignoringCase(describe("a string starting with %s ignoring case", prefix), prefix, strings.HasPrefix)
}

// EndsWithIgnoringCase matches a string ending with suffix under ASCII case folding.
func EndsWithIgnoringCase(suffix string) Matcher {
	return ignoringCase(describe("a string ending with %s ignoring case", suffix), suffix, strings.HasSuffix)
}

// ContainsSubstringIgnoringCase matches a string containing substring under ASCII case
// folding.
func ContainsSubstringIgnoringCase(substring string) Matcher {
	return ignoringCase(describe("a string containing %s ignoring case", substring), substring, strings.Contains)
}

// asciiWhitespace is the white space the string matchers know: space, \t, \n, \r, \f, \v.
const asciiWhitespace = " \t\n\r\f\v"

// EqIgnoringWhitespace matches a string equal to expected once every ASCII white-space
// character is removed from both.
func EqIgnoringWhitespace(expected string) Matcher {
	squeezed := withoutWhitespace(expected)
	return textual(describe("equal ignoring whitespace to %s", expected), func(s string) bool {
		return withoutWhitespace(s) == squeezed
	})
}

// IsBlank matches a string that is empty or only white space.
func IsBlank() Matcher {
	return textual("a blank string", func(s string) bool { return strings.TrimSpace(s) == "" })
}

// IsTrimmed matches a string that neither starts nor ends with ASCII white space.
func IsTrimmed() Matcher {
	return textual("a string without leading or trailing whitespace", func(s string) bool {
		return strings.Trim(s, asciiWhitespace) == s
	})
}

// IsSingleLine matches a string holding neither \n nor \r; the empty string does.
func IsSingleLine() Matcher {
	return textual("a single-line string", func(s string) bool { return !strings.ContainsAny(s, "\n\r") })
}

// HasLineCount matches a string of count lines. Lines are separated by \n, a trailing
// \n does not start a line, and the empty string has none.
func HasLineCount(count int) Matcher {
	return lineCounted{textual(describe("a string of %s lines", count), func(s string) bool { return lineCount(s) == count })}
}

// lineCounted says how many lines the actual string had when it fails.
type lineCounted struct{ Matcher }

func (lineCounted) explain(actual any) string {
	text := settle(reflect.ValueOf(actual))
	if !text.IsValid() || text.Kind() != reflect.String {
		return ""
	}
	lines := lineCount(text.String())
	if lines == 1 {
		return "which has 1 line"
	}
	return fmt.Sprintf("which has %d lines", lines)
}

func lineCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(strings.TrimSuffix(s, "\n"), "\n") + 1
}

// made matches a string whose every byte allowed takes, and that is not empty when
// filled is set. Bytes of non-ASCII characters are 0x80 and above.
func made(description string, filled bool, allowed func(c byte) bool) Matcher {
	return textual(description, func(s string) bool {
		if filled && s == "" {
			return false
		}
		for i := 0; i < len(s); i++ {
			if !allowed(s[i]) {
				return false
			}
		}
		return true
	})
}

// IsLowercase matches a string without ASCII uppercase letters; the empty string does.
func IsLowercase() Matcher {
	return made("a lowercase string", false, func(c byte) bool { return !isUpper(c) })
}

// IsUppercase matches a string without ASCII lowercase letters; the empty string does.
func IsUppercase() Matcher {
	return made("an uppercase string", false, func(c byte) bool { return !isLower(c) })
}

// IsAlphabetic matches a non-empty string of ASCII letters only.
func IsAlphabetic() Matcher { return made("an alphabetic string", true, isLetter) }

// IsNumeric matches a non-empty string of the ASCII digits 0-9 only.
func IsNumeric() Matcher { return made("a numeric string", true, isDigit) }

// IsAlphanumeric matches a non-empty string of ASCII letters and digits only.
func IsAlphanumeric() Matcher {
	return made("an alphanumeric string", true, func(c byte) bool { return isLetter(c) || isDigit(c) })
}

// IsAscii matches a string whose every character is below U+0080; the empty string does.
func IsAscii() Matcher {
	return made("an ASCII string", false, func(c byte) bool { return c < 0x80 })
}

func isUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isLetter(c byte) bool { return isUpper(c) || isLower(c) }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && isUpper(byte(r)) {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

func withoutWhitespace(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(asciiWhitespace, r) {
			return -1
		}
		return r
	}, s)
}
