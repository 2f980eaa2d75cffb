//! `assert_that!` stops the test on a mismatch; `expect_that!` records it and lets the
//! test go on, and the test fails when its scenario ends (see [`crate::bdd`]).
//!
//! Both print the steps reached so far, then `expected: <description>` and
//! `  actual: <rendered actual>`.

use crate::bdd;
use crate::matchers::Matcher;
use crate::render::Render;

/// The failure message of `matcher` against `actual`, without the steps; `None` when it
/// matches. This is the message every kit words the same way.
pub fn mismatch<T, M>(actual: &T, matcher: &M) -> Option<String>
where
    T: Render + ?Sized,
    M: Matcher<T> + ?Sized,
{
    if matcher.matches(actual) {
        return None;
    }
    let rendered_actual = matcher
        .describe_actual(actual)
        .unwrap_or_else(|| actual.render());
    Some(format!(
        "expected: {}\n  actual: {rendered_actual}",
        matcher.describe()
    ))
}

pub(crate) fn with_steps(message: String) -> String {
    let steps = bdd::steps();
    if steps.is_empty() {
        return message;
    }
    let mut report = String::from("steps:\n");
    for step in steps {
        report.push_str("  ");
        report.push_str(&step);
        report.push('\n');
    }
    report + &message
}

/// Used by `assert_that!`.
#[track_caller]
pub fn check_hard<T, M>(actual: &T, matcher: &M)
where
    T: Render + ?Sized,
    M: Matcher<T>,
{
    if let Some(message) = mismatch(actual, matcher) {
        panic!("{}", with_steps(message));
    }
}

/// Used by `expect_that!`.
#[track_caller]
pub fn check_soft<T, M>(actual: &T, matcher: &M)
where
    T: Render + ?Sized,
    M: Matcher<T>,
{
    if let Some(message) = mismatch(actual, matcher) {
        let location = std::panic::Location::caller();
        bdd::record_failed_expectation(format!("at {location}\n{}", with_steps(message)));
    }
}

/// Checks `actual` against `matcher` and stops the test on a mismatch.
///
/// `assert_that!(cart.total(), eq(250));`
#[macro_export]
macro_rules! assert_that {
    ($actual:expr, $matcher:expr $(,)?) => {
        $crate::assertions::check_hard(&$actual, &$matcher)
    };
}

/// Checks `actual` against `matcher`, records a mismatch and lets the test go on; the
/// test fails when its scenario ends, listing every failed expectation.
///
/// `expect_that!(cart.total(), eq(250));`
#[macro_export]
macro_rules! expect_that {
    ($actual:expr, $matcher:expr $(,)?) => {
        let _scenario = $crate::bdd::open_scenario();
        $crate::assertions::check_soft(&$actual, &$matcher);
    };
}
