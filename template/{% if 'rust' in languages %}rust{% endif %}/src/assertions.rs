//! `assert_that!` stops the test on a mismatch; `expect_that!` records it and lets the
//! test go on, and the test fails when its scenario ends (see [`crate::bdd`]).
//!
//! Both print the steps reached so far, the caller's context message if given, then
//! `expected: <description>`, `  actual: <rendered actual>` and what the matcher adds
//! (a diff, a length). A failed `assert_that!` also reports every `expect_that!` that
//! failed before it, so no failure is lost.

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
    failure_message(actual, matcher, None, &|| actual.render())
}

/// As [`mismatch`], for any actual value: `render_actual` shows it when the matcher does
/// not (the assertion macros pass the value's `Debug` rendering when it has one), and
/// `context` goes above the two sides.
pub fn failure_message<T, M>(
    actual: &T,
    matcher: &M,
    context: Option<&str>,
    render_actual: &dyn Fn() -> String,
) -> Option<String>
where
    T: ?Sized,
    M: Matcher<T> + ?Sized,
{
    sides(actual, matcher, render_actual).map(|sides| sides.message(context))
}

/// What a failed check shows: the two sides and the matcher's details.
struct Sides {
    expected: String,
    actual: String,
    details: Option<String>,
}

impl Sides {
    fn message(&self, context: Option<&str>) -> String {
        let mut lines: Vec<&str> = context.into_iter().collect();
        let expected = format!("expected: {}", self.expected);
        let actual = format!("  actual: {}", self.actual);
        lines.extend([expected.as_str(), actual.as_str()]);
        lines.extend(self.details.as_deref());
        lines.join("\n")
    }
}

fn sides<T, M>(actual: &T, matcher: &M, render_actual: &dyn Fn() -> String) -> Option<Sides>
where
    T: ?Sized,
    M: Matcher<T> + ?Sized,
{
    if matcher.matches(actual) {
        return None;
    }
    Some(Sides {
        expected: matcher.describe(),
        actual: matcher
            .describe_actual(actual)
            .unwrap_or_else(render_actual),
        details: matcher.explain(actual),
    })
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

/// The report of several failed checks, numbered under one header: the failed
/// expectations of a scenario, then the assertion that stopped it, if any. Each item
/// starts with `expectation at <file>:<line>` or `assertion at <file>:<line>`.
pub fn checks_failed(failures: &[String]) -> String {
    let count = failures.len();
    let noun = if count == 1 { "check" } else { "checks" };
    let mut report = format!("{count} {noun} failed:");
    for (index, failure) in failures.iter().enumerate() {
        report.push_str(&format!("\n\n{}) {failure}", index + 1));
    }
    report
}

/// Used by `assert_that!`.
#[track_caller]
pub fn check_hard<T, M>(
    actual: &T,
    matcher: &M,
    context: Option<String>,
    render_actual: &dyn Fn() -> String,
) where
    T: ?Sized,
    M: Matcher<T>,
{
    let location = Location::caller();
    report::check_started(location);
    let Some(sides) = sides(actual, matcher, render_actual) else {
        report::check_passed();
        return;
    };
    let mut message = with_steps(sides.message(context.as_deref()));
    let mut pending = bdd::take_failed_expectations();
    if !pending.is_empty() {
        pending.push(format!("assertion at {}\n{message}", at(location)));
        message = checks_failed(&pending);
    }
    report::hard_mismatch(&message, sides.expected, sides.actual);
    panic!("{message}");
}

/// Used by `expect_that!`.
#[track_caller]
pub fn check_soft<T, M>(
    actual: &T,
    matcher: &M,
    context: Option<String>,
    render_actual: &dyn Fn() -> String,
) where
    T: ?Sized,
    M: Matcher<T>,
{
    let location = Location::caller();
    report::check_started(location);
    let Some(sides) = sides(actual, matcher, render_actual) else {
        report::check_passed();
        return;
    };
    let message = with_steps(sides.message(context.as_deref()));
    report::check_passed();
    report::soft_mismatch(sides.expected, sides.actual);
    bdd::record_failed_expectation(format!("expectation at {}\n{message}", at(location)));
}

/// `file:line` of a check, as every kit writes it (no column: Python and Go have none).
fn at(location: &Location<'_>) -> String {
    format!("{}:{}", location.file(), location.line())
}

/// The rendering of an actual value for the assertion macros: its `Debug` form when it
/// has one, else its type's name. Autoref picks the first that applies, which a generic
/// function could not do, so the macros call it where the type is known.
#[doc(hidden)]
pub mod shown {
    use std::fmt::Debug;

    use crate::render::Render;

    pub struct Shown<'a, T: ?Sized>(pub &'a T);

    pub trait ViaDebug {
        fn shown(&self) -> String;
    }

    impl<T: Debug + ?Sized> ViaDebug for Shown<'_, T> {
        fn shown(&self) -> String {
            self.0.render()
        }
    }

    pub trait ViaTypeName {
        fn shown(&self) -> String;
    }

    impl<T: ?Sized> ViaTypeName for &Shown<'_, T> {
        fn shown(&self) -> String {
            format!("a value of type {}", std::any::type_name::<T>())
        }
    }
}

/// Checks `actual` against `matcher` and stops the test on a mismatch. A context
/// message, in `format!` syntax, may follow; it is printed above the two sides.
///
/// `assert_that!(cart.total(), eq(250));`
/// `assert_that!(cart.total(), eq(250), "after adding {} items", count);`
#[macro_export]
macro_rules! assert_that {
    // Internal: one check, hard or soft, of `$actual`; it is rendered by its `Debug`
    // when it has one (autoref picks it where the type is known, see `shown`).
    (@check $check:ident, $actual:expr, $matcher:expr, $context:expr) => {{
        let actual = &$actual;
        $crate::assertions::$check(actual, &$matcher, $context, &|| {
            #[allow(unused_imports)]
            use $crate::assertions::shown::{ViaDebug as _, ViaTypeName as _};
            (&$crate::assertions::shown::Shown(actual)).shown()
        })
    }};
    ($actual:expr, $matcher:expr $(,)?) => {
        $crate::assert_that!(@check check_hard, $actual, $matcher, None)
    };
    ($actual:expr, $matcher:expr, $($context:tt)+) => {
        $crate::assert_that!(@check check_hard, $actual, $matcher, Some(format!($($context)+)))
    };
}

/// Checks `actual` against `matcher`, records a mismatch and lets the test go on; the
/// test fails when its scenario ends, listing every failed expectation. A context
/// message may follow, as for `assert_that!`.
///
/// `expect_that!(cart.total(), eq(250));`
#[macro_export]
macro_rules! expect_that {
    ($actual:expr, $matcher:expr $(,)?) => {
        let _scenario = $crate::bdd::open_scenario();
        $crate::assert_that!(@check check_soft, $actual, $matcher, None);
    };
    ($actual:expr, $matcher:expr, $($context:tt)+) => {
        let _scenario = $crate::bdd::open_scenario();
        $crate::assert_that!(@check check_soft, $actual, $matcher, Some(format!($($context)+)));
    };
}
