package testingkit

import (
	"reflect"
	"time"
)

// ---------------------------------------------------------------- polling
//
// Eventually and Consistently wait for a condition instead of sleeping: they call a
// function taking no arguments and returning one value again and again, and judge what
// each call returned. A call that panics counts as a mismatch, so Eventually keeps
// polling through it. The function runs on the test's goroutine between sleeps of
// interval; the work it waits for runs on other goroutines.
//
//	tk.AssertThat(t, func() int { return queue.Len() }, tk.Eventually(tk.Eq(3), time.Second, 10*time.Millisecond))

// Eventually matches a function that returns, within timeout, a value m matches; a
// mismatch shows the last outcome.
func Eventually(m Matcher, timeout, interval time.Duration) Matcher {
	description := describe("a call that returns a value that is %s within ", m) + renderDuration(timeout)
	return polling{description, m, timeout, interval, true}
}

// Consistently matches a function that keeps returning values m matches for duration;
// a mismatch shows the first outcome m rejected.
func Consistently(m Matcher, duration, interval time.Duration) Matcher {
	description := describe("a call that keeps returning a value that is %s for ", m) + renderDuration(duration)
	return polling{description, m, duration, interval, false}
}

type polling struct {
	description string
	m           Matcher
	period      time.Duration
	interval    time.Duration
	untilMatch  bool
}

func (p polling) Matches(actual any) bool { return p.judge(actual).matched }
func (p polling) Describe() string        { return p.description }

func (p polling) judge(actual any) verdict {
	function, callable := callWithoutArguments(actual)
	if !callable {
		return verdict{matched: false, actual: Render(actual)}
	}
	deadline := time.Now().Add(p.period)
	for {
		matched, shown := p.attempt(function)
		if matched == p.untilMatch {
			return verdict{matched: matched, actual: "a call that " + shown}
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			if p.untilMatch {
				return verdict{matched: false, actual: "a call that last " + shown}
			}
			return verdict{matched: true, actual: "a call that " + shown}
		}
		time.Sleep(min(p.interval, remaining))
	}
}

// callWithoutArguments is actual as a function the matchers can call: a non-nil func
// that takes no arguments.
func callWithoutArguments(actual any) (reflect.Value, bool) {
	function := reflect.ValueOf(actual)
	callable := function.IsValid() && function.Kind() == reflect.Func && !function.IsNil() && function.Type().NumIn() == 0
	return function, callable
}

// attempt calls the function once: whether m accepted what it returned, and how the
// call reads in a failure message.
func (p polling) attempt(function reflect.Value) (bool, string) {
	o := outcomeOf(function)
	if o.panicked {
		return false, "failed with " + Render(o.message)
	}
	if len(o.results) != 1 {
		return false, "returned normally"
	}
	result := evaluate(p.m, interfaceOf(o.results[0]))
	return result.matched, "returned " + result.actual
}
