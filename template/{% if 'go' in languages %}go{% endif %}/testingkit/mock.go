package testingkit

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Mock stands in for a collaborator: a test states the calls it expects, the fake
// forwards its methods to Call, and the mock checks the calls as they come and, when
// the test ends, that every expected call was made as often as stated.
//
//	gateway := tk.NewMock(t)
//	gateway.ExpectCall("charge").WithArgs(250).Times(1).Returns(nil)
//	...
//	func (g fakeGateway) Charge(cents int64) error {
//		err, _ := g.Call("charge", cents).(error)
//		return err
//	}
type Mock struct {
	t            TB
	mu           sync.Mutex
	expectations []*Expectation
}

// Expectation is one expected call of a Mock; its methods refine it and return it, so
// that they chain.
type Expectation struct {
	mock   *Mock
	name   string
	args   []any
	exact  bool // whether WithArgs constrained the arguments
	times  int
	result any
	calls  int
}

// NewMock makes a mock whose expectations are verified when the test ends.
func NewMock(t TB) *Mock {
	t.Helper()
	m := &Mock{t: t}
	streamTouched(t) // the test's line is written after this check
	t.Cleanup(m.verify)
	return m
}

// ExpectCall expects one call of the method name, with any arguments, returning nil.
func (m *Mock) ExpectCall(name string) *Expectation {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := &Expectation{mock: m, name: name, times: 1}
	m.expectations = append(m.expectations, e)
	return e
}

// WithArgs constrains the arguments: each is a value the argument must equal, or a
// Matcher it must match.
func (e *Expectation) WithArgs(args ...any) *Expectation {
	e.mock.mu.Lock()
	defer e.mock.mu.Unlock()
	e.args, e.exact = args, true
	return e
}

// Times sets how many calls are expected: exactly n.
func (e *Expectation) Times(n int) *Expectation {
	e.mock.mu.Lock()
	defer e.mock.mu.Unlock()
	e.times = n
	return e
}

// Returns sets what each matching call returns.
func (e *Expectation) Returns(value any) *Expectation {
	e.mock.mu.Lock()
	defer e.mock.mu.Unlock()
	e.result = value
	return e
}

// Call records a call of the method name and returns what its expectation says. A call
// that no expectation allows, or one more than an expectation's Times, fails the test at
// once; make the calls from the test's goroutine, as testing's Fatal requires.
func (m *Mock) Call(name string, args ...any) any {
	m.t.Helper()
	m.mu.Lock()
	var exhausted *Expectation
	for _, e := range m.expectations {
		if !e.accepts(name, args) {
			continue
		}
		if e.calls < e.times {
			e.calls++
			m.mu.Unlock()
			return e.result
		}
		exhausted = e
	}
	m.mu.Unlock()
	call := signature(name, args)
	if exhausted != nil {
		m.t.Fatal(withSteps(m.t, fmt.Sprintf("expected: %s %s\n  actual: %s", exhausted.describe(), timesWord(exhausted.times), timesWord(exhausted.calls+1))))
	} else {
		m.t.Fatal(withSteps(m.t, "expected: "+m.expected()+"\n  actual: a call "+call))
	}
	return nil
}

func (e *Expectation) accepts(name string, args []any) bool {
	if e.name != name {
		return false
	}
	if !e.exact {
		return true
	}
	if len(e.args) != len(args) {
		return false
	}
	for i, want := range e.args {
		if m, isMatcher := want.(Matcher); isMatcher {
			if !m.Matches(args[i]) {
				return false
			}
		} else if !equal(reflect.ValueOf(args[i]), reflect.ValueOf(want)) {
			return false
		}
	}
	return true
}

func (e *Expectation) describe() string {
	if !e.exact {
		return "a call " + e.name + "(...)"
	}
	return "a call " + signature(e.name, e.args)
}

// expected lists the calls the mock allows, for the message of an unexpected call.
func (m *Mock) expected() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.expectations) == 0 {
		return "no calls"
	}
	described := make([]string, len(m.expectations))
	for i, e := range m.expectations {
		described[i] = e.describe()
	}
	return "one of (" + strings.Join(described, ", ") + ")"
}

func (m *Mock) verify() {
	m.t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.expectations {
		if e.calls != e.times {
			m.t.Error(withSteps(m.t, fmt.Sprintf("expected: %s %s\n  actual: %s", e.describe(), timesWord(e.times), timesWord(e.calls))))
		}
	}
}

func signature(name string, args []any) string {
	rendered := make([]string, len(args))
	for i, arg := range args {
		if m, isMatcher := arg.(Matcher); isMatcher {
			rendered[i] = m.Describe()
		} else {
			rendered[i] = Render(arg)
		}
	}
	return name + "(" + strings.Join(rendered, ", ") + ")"
}

func timesWord(n int) string {
	if n == 1 {
		return "1 time"
	}
	return fmt.Sprintf("%d times", n)
}
