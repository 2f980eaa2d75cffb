package testingkit

import (
	"reflect"
	"strings"
)

// GomegaMatcher is the method set of Gomega's types.GomegaMatcher. The kit does not
// import Gomega: a value of this interface is accepted wherever Gomega takes a matcher,
// and any Gomega matcher is one, so the two kinds of matcher stand in for each other.
type GomegaMatcher interface {
	Match(actual any) (success bool, err error)
	FailureMessage(actual any) (message string)
	NegatedFailureMessage(actual any) (message string)
}

// AsGomega makes a kit matcher usable where Gomega takes a matcher, with the kit's
// wording in the failure:
//
//	Expect(cart.Total()).To(tk.AsGomega(tk.Eq(250)))
//	Eventually(cart.Total).Should(tk.AsGomega(tk.Ge(250)))
func AsGomega(m Matcher) GomegaMatcher { return asGomega{m} }

type asGomega struct{ m Matcher }

func (g asGomega) Match(actual any) (bool, error) { return evaluate(g.m, actual).matched, nil }

func (g asGomega) FailureMessage(actual any) string {
	message, _, _, _ := failureMessage(actual, g.m, nil)
	return message
}

func (g asGomega) NegatedFailureMessage(actual any) string {
	message, _, _, _ := failureMessage(actual, Not(g.m), nil)
	return message
}

// FromGomega makes a Gomega matcher usable in the kit's checks, with the kit's steps:
//
//	tk.AssertThat(GinkgoT(), cart.Names(), tk.FromGomega(ConsistOf("apple", "pear")))
//
// Its failure shows the actual value and, under it, Gomega's own explanation. A Gomega
// matcher that cannot judge the value (its Match returns an error) does not match.
func FromGomega(gm GomegaMatcher) Matcher { return fromGomega{gm} }

type fromGomega struct{ gm GomegaMatcher }

func (f fromGomega) Matches(actual any) bool { return f.judge(actual).matched }

func (f fromGomega) Describe() string {
	kind := reflect.TypeOf(f.gm)
	for kind != nil && kind.Kind() == reflect.Pointer {
		kind = kind.Elem()
	}
	name := "matcher"
	if kind != nil && kind.Name() != "" {
		name = kind.Name()
	}
	return "a value Gomega's " + name + " accepts"
}

func (f fromGomega) judge(actual any) verdict {
	matched, err := f.gm.Match(actual)
	shown := Render(actual)
	switch {
	case err != nil:
		return verdict{matched: false, actual: shown + "\n  gomega: " + err.Error()}
	case !matched:
		explanation := strings.ReplaceAll(strings.TrimSpace(f.gm.FailureMessage(actual)), "\n", "\n          ")
		return verdict{matched: false, actual: shown + "\n  gomega: " + explanation}
	}
	return verdict{matched: true, actual: shown}
}
