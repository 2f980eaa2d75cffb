package testingkit

import (
	"fmt"
	"runtime"
	"sync"
)

// Go runs work on a new goroutine that reports through the test. testing.T's Fatal and
// FailNow must not be called from a goroutine the test started, and a panic there ends
// the whole test binary; the TB that Go hands to work makes both safe:
//
//   - AssertThat (or any Fatal) fails the test, lists its steps, and ends that goroutine
//     only;
//   - a panic fails the test with the panic's message and the test's steps;
//   - ExpectThat records a failure as usual; steps are the test's own.
//
// The test waits for every goroutine Go started before it ends (through t.Cleanup), so
// none reports after its test is over.
//
//	tk.Go(t, func(t tk.TB) {
//		tk.AssertThat(t, <-results, tk.Eq(3))
//	})
func Go(t TB, work func(t TB)) {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() { <-done })
	inside := &goroutineTB{TB: t}
	go func() {
		defer close(done)
		defer func() {
			if recovered := recover(); recovered != nil {
				inside.Error(withSteps(t, fmt.Sprintf("a goroutine failed with %s", Render(panicMessage(recovered)))))
			}
		}()
		work(inside)
	}()
}

// goroutineTB is the TB of a goroutine started with Go: Fatal fails the test and ends
// the goroutine instead of the test.
type goroutineTB struct {
	TB
	mu sync.Mutex
}

func (g *goroutineTB) owner() TB { return g.TB }

// Name is the test's name, so the goroutine's steps and checks are the test's.
func (g *goroutineTB) Name() string {
	if n, hasName := g.TB.(named); hasName {
		return n.Name()
	}
	return ""
}

func (g *goroutineTB) Error(args ...any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.TB.Error(args...)
}

func (g *goroutineTB) Fatal(args ...any) {
	g.Error(args...)
	runtime.Goexit()
}
