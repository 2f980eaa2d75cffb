//! Steps and expectations belong to the test, not to the thread that records them.
//!
//! A test's steps and failed `expect_that!`s live in its scenario log. The test's own
//! thread writes to it directly; work the test hands to other threads or async tasks
//! reaches it by entering the scenario:
//!
//! - [`spawn`] starts a thread inside the current scenario (a drop-in for
//!   `std::thread::spawn`);
//! - [`InScenario::in_scenario`] wraps a future so that every poll of it runs inside the
//!   scenario that was current when it was wrapped: `tokio::spawn(work().in_scenario())`
//!   works on the current-thread and the multi-thread runtimes alike;
//! - [`Scenario::current`] and [`Scenario::enter`] do the same by hand, for thread pools
//!   and executors of any other kind.
//!
//! Inside, a failed assertion lists the test's steps, and a failed `expect_that!` fails
//! the test when its scenario ends, wherever the check ran. Limits: a thread or task
//! started *without* one of these writes to a log of its own (its steps do not reach the
//! test, and its failed `expect_that!` panics where it ran, when that work ends), and the
//! result stream (`TKIT_REPORT_DIR`) records the checks of the test's own thread only.
//!
//! [`settle`] runs a future to its end and turns the way it ended into a call the call
//! matchers can judge: `assert_that!(settle(async { work().await }).await, succeeds())`.
//! A closure that returns a future has not run the future when it returns, so give the
//! call matchers a settled future, never such a closure. A spawned task's handle already
//! says how the task ended: `assert_that!(task.await, is_ok())`.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::thread;

use crate::bdd::{self, SharedLog};
use crate::matchers::panic_message;

/// A handle on a test's scenario log, to carry into other threads and tasks.
#[derive(Clone)]
pub struct Scenario {
    log: SharedLog,
}

impl Scenario {
    /// The scenario the current thread writes to.
    pub fn current() -> Self {
        Self {
            log: bdd::current_log(),
        }
    }

    /// Makes this thread write to this scenario until the returned guard is dropped.
    pub fn enter(&self) -> Entered {
        Entered {
            previous: Some(bdd::replace_log(self.log.clone())),
        }
    }

    /// Runs `work` inside this scenario.
    pub fn run<R>(&self, work: impl FnOnce() -> R) -> R {
        let _entered = self.enter();
        work()
    }
}

/// Restores the thread's previous scenario when dropped.
#[must_use = "the thread leaves the scenario when the guard is dropped"]
pub struct Entered {
    previous: Option<SharedLog>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            bdd::replace_log(previous);
        }
    }
}

/// `std::thread::spawn`, with the new thread inside the current scenario.
pub fn spawn<F, T>(work: F) -> thread::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let scenario = Scenario::current();
    thread::spawn(move || scenario.run(work))
}

/// Futures that run inside the scenario current when they are wrapped.
pub trait InScenario: Future + Sized {
    /// Wraps the future so that each poll runs inside the current scenario.
    fn in_scenario(self) -> Scoped<Self> {
        Scoped {
            scenario: Scenario::current(),
            future: Box::pin(self),
        }
    }
}

impl<F: Future> InScenario for F {}

/// A future that enters its scenario around every poll.
pub struct Scoped<F> {
    scenario: Scenario,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<F::Output> {
        let _entered = self.scenario.enter();
        self.future.as_mut().poll(context)
    }
}

/// Runs `future` to its end, catching a panic, and returns a call that repeats how it
/// ended: it returns the future's output, or panics with the same message. The call
/// matchers (`succeeds`, `fails_with`, `returns`, ...) judge it as they judge a closure.
/// The output is handed out once; a second call panics.
pub async fn settle<F: Future>(future: F) -> impl Fn() -> F::Output {
    let outcome = CatchPanic {
        future: Box::pin(future),
    }
    .await;
    let outcome = Mutex::new(Some(outcome));
    move || {
        let taken = outcome
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match taken {
            Some(Ok(value)) => value,
            Some(Err(message)) => panic!("{message}"),
            None => panic!("a settled call repeats its outcome once"),
        }
    }
}

/// A future's output, or the message of the panic it raised while polled.
struct CatchPanic<F> {
    future: Pin<Box<F>>,
}

impl<F: Future> Future for CatchPanic<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let future = self.future.as_mut();
        match panic::catch_unwind(AssertUnwindSafe(move || future.poll(context))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(panic_message(payload.as_ref()))),
        }
    }
}
