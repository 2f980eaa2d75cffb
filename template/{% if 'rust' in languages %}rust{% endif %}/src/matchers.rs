//! The matchers of the vocabulary (`rules/api.toml`), as generic functions.
//!
//! Every matcher describes itself with the same words in all three kits, so a failure
//! reads `expected: <description>` followed by `  actual: <rendered value>`.
//!
//! Matchers work on native types: `eq(250)` against an `i64`, `starts_with("a")` against
//! a `String` or `&str`, `contains(3)` against a `Vec`, slice, array, deque or set,
//! `contains_key("a")` against a `BTreeMap` or `HashMap`, `is_error()` against a
//! `Result`, `fails()` against a closure.
//!
//! One submodule per group of the vocabulary; everything public is re-exported here.

/// Applies the macro `$apply` to the sequence and set types of the standard library, each
/// with the generics its `impl` needs: `Collection` and `Length` are implemented for the
/// same list, kept here once.
macro_rules! for_sequence_types {
    ($apply:ident) => {
        $apply!(
            [T] [T],
            [T] &[T],
            [T] Vec<T>,
            [T] VecDeque<T>,
            [T, const N: usize] [T; N],
            [T] BTreeSet<T>,
            [T, S] HashSet<T, S>,
        );
    };
}

mod calls;
mod collections;
mod composition;
mod json;
mod length;
mod maps;
mod numbers;
mod order;
mod polling;
mod strings;
mod structure;
mod time;
mod truth;

pub use calls::*;
pub use collections::*;
pub use composition::*;
pub use json::*;
pub use length::*;
pub use maps::*;
pub use numbers::*;
pub use order::*;
pub use polling::*;
pub use strings::*;
pub use structure::*;
pub use time::*;
pub use truth::*;

/// A check of an actual value that can describe what it expects.
pub trait Matcher<T: ?Sized> {
    fn matches(&self, actual: &T) -> bool;

    /// What the matcher expects, in the words of `rules/api.toml`.
    fn describe(&self) -> String;

    /// How the actual reads in a failure message when its own rendering would not say
    /// enough: a call's outcome, which only the matcher that ran it knows. `None` means
    /// the rendering of the actual value.
    fn describe_actual(&self, _actual: &T) -> Option<String> {
        None
    }

    /// What a mismatch adds under the two sides: a diff, the actual's length. `None`
    /// when the two sides say it all.
    fn explain(&self, _actual: &T) -> Option<String> {
        None
    }
}

impl<T: ?Sized> Matcher<T> for Box<dyn Matcher<T>> {
    fn matches(&self, actual: &T) -> bool {
        (**self).matches(actual)
    }

    fn describe(&self) -> String {
        (**self).describe()
    }

    fn describe_actual(&self, actual: &T) -> Option<String> {
        (**self).describe_actual(actual)
    }

    fn explain(&self, actual: &T) -> Option<String> {
        (**self).explain(actual)
    }
}

/// A description template of `rules/api.toml` with its one `{}` filled in.
fn fill(template: &str, rendered: &str) -> String {
    template.replacen("{}", rendered, 1)
}
