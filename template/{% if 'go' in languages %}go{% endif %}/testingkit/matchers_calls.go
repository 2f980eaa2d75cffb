package testingkit

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// ---------------------------------------------------------------- errors

// erring matches a non-nil error whose message accept takes.
func erring(description string, accept func(message string) bool) Matcher {
	return predicate{description, func(actual reflect.Value) bool {
		message, isError := errorMessage(actual)
		return isError && accept(message)
	}}
}

// IsError matches a non-nil error.
func IsError() Matcher {
	return erring("an error", func(string) bool { return true })
}

// IsOk matches anything but a non-nil error: a nil error passes.
func IsOk() Matcher {
	return predicate{"no error", func(actual reflect.Value) bool {
		_, isError := errorMessage(actual)
		return !isError
	}}
}

// ErrorContains matches a non-nil error whose message contains substring.
func ErrorContains(substring string) Matcher {
	return erring(describe("an error with a message containing %s", substring), func(message string) bool {
		return strings.Contains(message, substring)
	})
}

// ErrorEq matches a non-nil error whose whole message is message.
func ErrorEq(message string) Matcher {
	return erring(describe("an error with message %s", message), func(actual string) bool {
		return actual == message
	})
}

// ErrorMatchesRegex matches a non-nil error whose message pattern finds a match in,
// anywhere as in MatchesRegex. It panics on an invalid pattern.
func ErrorMatchesRegex(pattern string) Matcher {
	compiled := regexp.MustCompile(pattern)
	return erring(describe("an error with a message matching the regex %s", pattern), compiled.MatchString)
}

// ---------------------------------------------------------------- calls
//
// The matchers of calls take a function without parameters, call it once, and show it
// as what it did: "a call that returned normally" or "a call that failed with …".

// outcome is what calling a function did: it panicked with a message, or it returned
// its results.
type outcome struct {
	panicked bool
	message  string
	results  []reflect.Value
}

func (o outcome) String() string {
	if o.panicked {
		return "a call that failed with " + Render(o.message)
	}
	return "a call that returned normally"
}

// call is a matcher of calls: decide turns the outcome of calling the actual function
// into a verdict.
type call struct {
	description string
	decide      func(o outcome) verdict
}

func (c call) Matches(actual any) bool { return c.judge(actual).matched }
func (c call) Describe() string        { return c.description }

func (c call) judge(actual any) verdict {
	function := reflect.ValueOf(actual)
	if !function.IsValid() || function.Kind() != reflect.Func || function.IsNil() || function.Type().NumIn() != 0 {
		return verdict{matched: false, actual: Render(actual)}
	}
	return c.decide(outcomeOf(function))
}

// failing is a matcher of calls that must panic with a message accept takes.
func failing(description string, accept func(message string) bool) Matcher {
	return call{description, func(o outcome) verdict {
		return verdict{matched: o.panicked && accept(o.message), actual: o.String()}
	}}
}

// Fails matches a function taking no arguments that panics when called.
func Fails() Matcher {
	return failing("a call that fails", func(string) bool { return true })
}

// FailsWith matches a function taking no arguments that panics with a message
// containing substring.
func FailsWith(substring string) Matcher {
	return failing(describe("a call that fails with a message containing %s", substring), func(message string) bool {
		return strings.Contains(message, substring)
	})
}

// FailsMatching matches a function taking no arguments that panics with a message in
// which pattern finds a match anywhere. It panics on an invalid pattern.
func FailsMatching(pattern string) Matcher {
	compiled := regexp.MustCompile(pattern)
	return failing(describe("a call that fails with a message matching the regex %s", pattern), compiled.MatchString)
}

// Succeeds matches a function taking no arguments that returns without panicking.
func Succeeds() Matcher {
	return call{"a call that returns normally", func(o outcome) verdict {
		return verdict{matched: !o.panicked, actual: o.String()}
	}}
}

// Returns matches a function taking no arguments and returning one value, such as a
// func() any or a func() int, whose call returns normally with a value that m matches.
// A mismatch shows "a call that returned " followed by the value as m shows it; a
// function without results never matches.
func Returns(m Matcher) Matcher {
	return call{describe("a call that returns a value that is %s", m), func(o outcome) verdict {
		if o.panicked || len(o.results) != 1 {
			return verdict{matched: false, actual: o.String()}
		}
		result := evaluate(m, interfaceOf(o.results[0]))
		return verdict{matched: result.matched, actual: "a call that returned " + result.actual}
	}}
}

// outcomeOf calls a function and reports what it did.
func outcomeOf(function reflect.Value) (o outcome) {
	defer func() {
		if recovered := recover(); o.panicked {
			o.message = panicMessage(recovered)
		}
	}()
	o.panicked = true
	o.results = function.Call(nil)
	o.panicked = false
	return o
}

func panicMessage(recovered any) string {
	switch value := recovered.(type) {
	case error:
		return value.Error()
	case string:
		return value
	case fmt.Stringer:
		return value.String()
	}
	return fmt.Sprint(recovered)
}
