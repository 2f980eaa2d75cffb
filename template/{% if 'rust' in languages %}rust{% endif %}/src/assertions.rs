//! `assert_that!` stops the test on a mismatch; `expect_that!` records it and lets the
//! test go on, and the test fails when its scenario ends (see [`crate::bdd`]).
//!
//! Both print the steps reached so far, then `expected: <description>` and
//! `  actual: <rendered actual>`.

use std::panic::Location;

use crate::bdd;
use crate::matchers::Matcher;
use crate::render::Render;
use crate::report;

/// The failure message of `matcher` against `actual`, without the steps; `None` when it
/// matches. This is the message every kit words the same way.
pub fn mismatch<T, M>(actual: &T, matcher: &M) -> Option<String>
where
    T: Render + ?Sized,
    M: Matcher<T> + ?Sized,
{
    sides(actual, matcher)
        .map(|(expected, actual)| format!("expected: {expected}\n  actual: {actual}"))
}

/// The matcher's description and the rendered actual value; `None` when it matches.
fn sides<T, M>(actual: &T, matcher: &M) -> Option<(String, String)>
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
    Some((matcher.describe(), rendered_actual))
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
    report::check_started(Location::caller());
    let Some((expected, rendered_actual)) = sides(actual, matcher) else {
        report::check_passed();
        return;
    };
    let message = with_steps(format!("expected: {expected}\n  actual: {rendered_actual}"));
    report::hard_mismatch(&message, expected, rendered_actual);
    panic!("{message}");
}

/// Used by `expect_that!`.
#[track_caller]
pub fn check_soft<T, M>(actual: &T, matcher: &M)
where
    T: Render + ?Sized,
    M: Matcher<T>,
{
    let location = Location::caller();
    report::check_started(location);
    let Some((expected, rendered_actual)) = sides(actual, matcher) else {
        report::check_passed();
        return;
    };
    let message = with_steps(format!("expected: {expected}\n  actual: {rendered_actual}"));
    report::check_passed();
    report::soft_mismatch(expected, rendered_actual);
    bdd::record_failed_expectation(format!("at {location}\n{message}"));
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
