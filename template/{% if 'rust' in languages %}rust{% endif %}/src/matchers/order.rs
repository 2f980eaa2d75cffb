//! Equality and order: `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `in_range`, `in_open_range`,
//! `near`, `near_relative`.

use std::cmp::Ordering;

use std::fmt::Debug;

use super::Matcher;
use crate::difference::{explain_difference, text_difference};
use crate::render::{Render, shape_of};

/// Equal to `expected`.
pub fn eq<E: Render>(expected: E) -> Equality<E> {
    Equality {
        operand: expected,
        equal: true,
    }
}

/// Not equal to `unexpected`.
pub fn ne<E: Render>(unexpected: E) -> Equality<E> {
    Equality {
        operand: unexpected,
        equal: false,
    }
}

pub struct Equality<E> {
    operand: E,
    equal: bool,
}

impl<T: ?Sized + PartialEq<E> + Debug, E: Debug> Matcher<T> for Equality<E> {
    fn matches(&self, actual: &T) -> bool {
        (actual == &self.operand) == self.equal
    }

    fn describe(&self) -> String {
        let words = if self.equal {
            "equal to"
        } else {
            "not equal to"
        };
        format!("{words} {}", self.operand.render())
    }

    fn explain(&self, actual: &T) -> Option<String> {
        if !self.equal {
            return None;
        }
        let (expected, actual) = (shape_of(&self.operand), shape_of(actual));
        match (&expected.string, &actual.string) {
            (Some(expected), Some(actual)) => text_difference(expected, actual),
            _ => explain_difference(&expected, &actual),
        }
    }
}

/// Less than `bound`.
pub fn lt<E: Render>(bound: E) -> Order<E> {
    Order::new(bound, "less than", &[Ordering::Less])
}

/// Less than or equal to `bound`.
pub fn le<E: Render>(bound: E) -> Order<E> {
    Order::new(
        bound,
        "less than or equal to",
        &[Ordering::Less, Ordering::Equal],
    )
}

/// Greater than `bound`.
pub fn gt<E: Render>(bound: E) -> Order<E> {
    Order::new(bound, "greater than", &[Ordering::Greater])
}

/// Greater than or equal to `bound`.
pub fn ge<E: Render>(bound: E) -> Order<E> {
    Order::new(
        bound,
        "greater than or equal to",
        &[Ordering::Greater, Ordering::Equal],
    )
}

/// A comparison of the actual value with a bound: `lt`, `le`, `gt`, `ge`.
pub struct Order<E> {
    bound: E,
    words: &'static str,
    accepted: &'static [Ordering],
}

impl<E> Order<E> {
    fn new(bound: E, words: &'static str, accepted: &'static [Ordering]) -> Self {
        Self {
            bound,
            words,
            accepted,
        }
    }
}

impl<T: ?Sized + PartialOrd<E>, E: Render> Matcher<T> for Order<E> {
    fn matches(&self, actual: &T) -> bool {
        // Unordered values (NaN) satisfy no bound.
        actual
            .partial_cmp(&self.bound)
            .is_some_and(|ordering| self.accepted.contains(&ordering))
    }

    fn describe(&self) -> String {
        format!("{} {}", self.words, self.bound.render())
    }
}

/// Between `low` and `high`, both included.
pub fn in_range<E: Render>(low: E, high: E) -> InRange<E> {
    InRange {
        low,
        high,
        inclusive: true,
    }
}

/// Strictly between `low` and `high`: `low < actual < high`.
pub fn in_open_range<E: Render>(low: E, high: E) -> InRange<E> {
    InRange {
        low,
        high,
        inclusive: false,
    }
}

pub struct InRange<E> {
    low: E,
    high: E,
    inclusive: bool,
}

impl<T: ?Sized + PartialOrd<E>, E: Render> Matcher<T> for InRange<E> {
    fn matches(&self, actual: &T) -> bool {
        if self.inclusive {
            actual >= &self.low && actual <= &self.high
        } else {
            actual > &self.low && actual < &self.high
        }
    }

    fn describe(&self) -> String {
        let (low, high) = (self.low.render(), self.high.render());
        if self.inclusive {
            format!("between {low} and {high} inclusive")
        } else {
            format!("strictly between {low} and {high}")
        }
    }
}

/// Within `tolerance` of `expected`: the way to compare floats.
pub fn near(expected: f64, tolerance: f64) -> Near {
    Near {
        expected,
        tolerance,
        relative: false,
    }
}

/// Within `tolerance` times `|expected|` of `expected`: `near_relative(100.0, 0.01)`
/// accepts 99.0 to 101.0.
pub fn near_relative(expected: f64, tolerance: f64) -> Near {
    Near {
        expected,
        tolerance,
        relative: true,
    }
}

pub struct Near {
    expected: f64,
    tolerance: f64,
    relative: bool,
}

impl Near {
    fn accepts(&self, actual: f64) -> bool {
        let allowed = if self.relative {
            self.tolerance * self.expected.abs()
        } else {
            self.tolerance
        };
        (actual - self.expected).abs() <= allowed
    }

    fn description(&self) -> String {
        let words = if self.relative {
            "within a relative"
        } else {
            "within"
        };
        format!(
            "{words} {} of {}",
            self.tolerance.render(),
            self.expected.render()
        )
    }
}

/// Any float, and the integers that widen to `f64` without loss (`i32`, `u32`, ...).
impl<T: Copy + Into<f64>> Matcher<T> for Near {
    fn matches(&self, actual: &T) -> bool {
        self.accepts((*actual).into())
    }

    fn describe(&self) -> String {
        self.description()
    }
}
