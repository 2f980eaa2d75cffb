//! Errors and calls: `Result` values (`is_error`, `error_contains`, ...) and closures,
//! which the call matchers run once, quietly, to see whether they panic (`fails`,
//! `fails_with`, ...) or return (`succeeds`, `returns`).

use std::cell::{Cell, RefCell};
use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::Matcher;
use super::strings::Pattern;
use crate::render::{Render, render_str};

/// A check of an error's or a panic's message.
enum MessageCheck {
    Contains(String),
    Equals(String),
    Matches(Pattern),
}

impl MessageCheck {
    fn accepts(&self, message: &str) -> bool {
        match self {
            MessageCheck::Contains(substring) => message.contains(substring.as_str()),
            MessageCheck::Equals(expected) => message == expected,
            MessageCheck::Matches(pattern) => pattern.is_match(message),
        }
    }

    fn describe(&self) -> String {
        match self {
            MessageCheck::Contains(substring) => {
                format!("a message containing {}", substring.render())
            }
            MessageCheck::Equals(expected) => format!("message {}", expected.render()),
            MessageCheck::Matches(pattern) => {
                format!("a message matching the regex {}", pattern.render())
            }
        }
    }
}

// ---------------------------------------------------------------- Result values

/// An `Err` result.
pub fn is_error() -> Outcome {
    Outcome::error(None)
}

/// An `Ok` result.
pub fn is_ok() -> Outcome {
    Outcome {
        wants_error: false,
        message: None,
    }
}

/// An `Err` result whose message (its `Display`) contains `substring`.
pub fn error_contains(substring: impl Into<String>) -> Outcome {
    Outcome::error(Some(MessageCheck::Contains(substring.into())))
}

/// An `Err` result whose whole message (its `Display`) is `message`.
pub fn error_eq(message: impl Into<String>) -> Outcome {
    Outcome::error(Some(MessageCheck::Equals(message.into())))
}

/// An `Err` result whose message (its `Display`) the regex `pattern` finds a match in.
///
/// Panics when `pattern` is not a valid regex.
pub fn error_matches_regex(pattern: &str) -> Outcome {
    let pattern = Pattern::compile("error_matches_regex", pattern, false);
    Outcome::error(Some(MessageCheck::Matches(pattern)))
}

pub struct Outcome {
    wants_error: bool,
    message: Option<MessageCheck>,
}

impl Outcome {
    fn error(message: Option<MessageCheck>) -> Self {
        Self {
            wants_error: true,
            message,
        }
    }
}

impl<V, E: Display> Matcher<Result<V, E>> for Outcome {
    fn matches(&self, actual: &Result<V, E>) -> bool {
        match (actual, &self.message) {
            (Ok(_), _) => !self.wants_error,
            (Err(error), Some(check)) => check.accepts(&error.to_string()),
            (Err(_), None) => self.wants_error,
        }
    }

    fn describe(&self) -> String {
        match (&self.message, self.wants_error) {
            (Some(check), _) => format!("an error with {}", check.describe()),
            (None, true) => "an error".to_string(),
            (None, false) => "no error".to_string(),
        }
    }

    /// An error reads by its message (its `Display`), as every kit shows an error.
    fn describe_actual(&self, actual: &Result<V, E>) -> Option<String> {
        let error = actual.as_ref().err()?;
        Some(format!("error({})", render_str(&error.to_string())))
    }
}

// ---------------------------------------------------------------- calls

/// A closure that panics when called.
pub fn fails() -> CallCheck {
    CallCheck::new(Expected::Panic(None))
}

/// A closure that panics, with a message containing `substring`.
pub fn fails_with(substring: impl Into<String>) -> CallCheck {
    CallCheck::new(Expected::Panic(Some(MessageCheck::Contains(
        substring.into(),
    ))))
}

/// A closure that panics, with a message the regex `pattern` finds a match in.
///
/// Panics when `pattern` is not a valid regex.
pub fn fails_matching(pattern: &str) -> CallCheck {
    let pattern = Pattern::compile("fails_matching", pattern, false);
    CallCheck::new(Expected::Panic(Some(MessageCheck::Matches(pattern))))
}

/// A closure that returns without panicking.
pub fn succeeds() -> CallCheck {
    CallCheck::new(Expected::Return)
}

enum Expected {
    Return,
    Panic(Option<MessageCheck>),
}

/// Runs the actual closure once, quietly, and remembers how the call ended.
pub struct CallCheck {
    expected: Expected,
    outcome: RefCell<Option<String>>,
}

impl CallCheck {
    fn new(expected: Expected) -> Self {
        Self {
            expected,
            outcome: RefCell::new(None),
        }
    }
}

impl<F: Fn() -> R, R> Matcher<F> for CallCheck {
    fn matches(&self, actual: &F) -> bool {
        let outcome = call_quietly(actual);
        let verdict = match (&self.expected, &outcome) {
            (Expected::Return, Ok(_)) => true,
            (Expected::Panic(check), Err(message)) => {
                check.as_ref().is_none_or(|check| check.accepts(message))
            }
            (Expected::Return, Err(_)) | (Expected::Panic(_), Ok(_)) => false,
        };
        let described = outcome.map(|_| "a call that returned normally".to_string());
        *self.outcome.borrow_mut() = Some(described.unwrap_or_else(failed_call));
        verdict
    }

    fn describe(&self) -> String {
        match &self.expected {
            Expected::Return => "a call that returns normally".to_string(),
            Expected::Panic(None) => "a call that fails".to_string(),
            Expected::Panic(Some(check)) => {
                format!("a call that fails with {}", check.describe())
            }
        }
    }

    fn describe_actual(&self, _actual: &F) -> Option<String> {
        self.outcome.borrow().clone()
    }
}

/// A closure that returns, without panicking, a value that matches `matcher`:
/// `assert_that!(|| cart.total(), returns(eq(250)))`.
pub fn returns<M>(matcher: M) -> Returns<M> {
    Returns {
        matcher,
        outcome: RefCell::new(None),
    }
}

/// Runs the actual closure once, quietly, and checks what it returned.
pub struct Returns<M> {
    matcher: M,
    outcome: RefCell<Option<String>>,
}

impl<F: Fn() -> R, R: Render, M: Matcher<R>> Matcher<F> for Returns<M> {
    fn matches(&self, actual: &F) -> bool {
        let (verdict, described) = match call_quietly(actual) {
            Ok(value) => {
                let verdict = self.matcher.matches(&value);
                let rendered = self
                    .matcher
                    .describe_actual(&value)
                    .unwrap_or_else(|| value.render());
                (verdict, format!("a call that returned {rendered}"))
            }
            Err(message) => (false, failed_call(message)),
        };
        *self.outcome.borrow_mut() = Some(described);
        verdict
    }

    fn describe(&self) -> String {
        format!(
            "a call that returns a value that is {}",
            self.matcher.describe()
        )
    }

    fn describe_actual(&self, _actual: &F) -> Option<String> {
        self.outcome.borrow().clone()
    }
}

fn failed_call(message: String) -> String {
    format!("a call that failed with {}", message.render())
}

thread_local! {
    static PANIC_OUTPUT_SILENCED: Cell<bool> = const { Cell::new(false) };
}

/// The panic hook is global; silencing it per thread keeps other tests' panics visible.
fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !PANIC_OUTPUT_SILENCED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Calls `call` once without printing its panic: its value, or its panic's message.
pub(super) fn call_quietly<F: Fn() -> R, R>(call: &F) -> Result<R, String> {
    install_quiet_panic_hook();
    let was_silenced = PANIC_OUTPUT_SILENCED.with(|silenced| silenced.replace(true));
    // The closure's captures are not touched again after a panic: only its message is kept.
    let result = panic::catch_unwind(AssertUnwindSafe(call));
    PANIC_OUTPUT_SILENCED.with(|silenced| silenced.set(was_silenced));
    result.map_err(|payload| panic_message(payload.as_ref()))
}

/// The text of a panic's payload (a `&str` or a `String`), or "" for any other payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        String::new()
    }
}
