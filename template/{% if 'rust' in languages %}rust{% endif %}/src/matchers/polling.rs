//! Matchers that wait for a condition instead of sleeping: `eventually` and
//! `consistently` call a closure again and again and judge what each call returned.
//!
//! `eventually(matcher, timeout, interval)` passes as soon as one call returns a value
//! the matcher accepts, and fails after `timeout` showing the last outcome;
//! `consistently(matcher, duration, interval)` fails on the first outcome the matcher
//! rejects and passes once `duration` went by without one. A call that panics counts as
//! a mismatch, so `eventually` keeps polling through it.
//!
//! ```ignore
//! assert_that!(|| queue.len(), eventually(eq(3), Duration::from_secs(1), Duration::from_millis(10)));
//! ```
//!
//! The closure runs on the test's thread, between sleeps of `interval`; work it waits
//! for runs on other threads or tasks. Inside an async test, poll from a blocking
//! section (`tokio::task::spawn_blocking`, or a multi-thread runtime's
//! `block_in_place`) so the tasks it waits for keep running.

use std::cell::RefCell;
use std::thread;
use std::time::{Duration, Instant};

use super::Matcher;
use super::calls::call_quietly;
use crate::render::Render;

/// A closure that returns, within `timeout`, a value `matcher` accepts.
pub fn eventually<M>(matcher: M, timeout: Duration, interval: Duration) -> Polling<M> {
    Polling::new(matcher, timeout, interval, true)
}

/// A closure that keeps returning values `matcher` accepts for `duration`.
pub fn consistently<M>(matcher: M, duration: Duration, interval: Duration) -> Polling<M> {
    Polling::new(matcher, duration, interval, false)
}

pub struct Polling<M> {
    matcher: M,
    period: Duration,
    interval: Duration,
    until_match: bool,
    outcome: RefCell<Option<String>>,
}

impl<M> Polling<M> {
    fn new(matcher: M, period: Duration, interval: Duration, until_match: bool) -> Self {
        Self {
            matcher,
            period,
            interval,
            until_match,
            outcome: RefCell::new(None),
        }
    }
}

impl<F: Fn() -> R, R: Render, M: Matcher<R>> Matcher<F> for Polling<M> {
    fn matches(&self, actual: &F) -> bool {
        let deadline = Instant::now() + self.period;
        loop {
            let (matched, shown) = match call_quietly(actual) {
                Ok(value) => {
                    let shown = self
                        .matcher
                        .describe_actual(&value)
                        .unwrap_or_else(|| value.render());
                    (self.matcher.matches(&value), format!("returned {shown}"))
                }
                Err(message) => (false, format!("failed with {}", message.render())),
            };
            if matched == self.until_match {
                *self.outcome.borrow_mut() = Some(format!("a call that {shown}"));
                return matched;
            }
            let now = Instant::now();
            if now >= deadline {
                let prefix = if self.until_match {
                    "a call that last"
                } else {
                    "a call that"
                };
                *self.outcome.borrow_mut() = Some(format!("{prefix} {shown}"));
                return !self.until_match;
            }
            thread::sleep(self.interval.min(deadline - now));
        }
    }

    fn describe(&self) -> String {
        let inner = self.matcher.describe();
        let period = super::time::render_duration(&self.period);
        if self.until_match {
            format!("a call that returns a value that is {inner} within {period}")
        } else {
            format!("a call that keeps returning a value that is {inner} for {period}")
        }
    }

    fn describe_actual(&self, _actual: &F) -> Option<String> {
        self.outcome.borrow().clone()
    }
}
