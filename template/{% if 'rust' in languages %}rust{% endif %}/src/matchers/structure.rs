//! Matchers that look inside a value with other matchers: `Option` and `Result` values
//! (`some`, `ok`, `err`), the entries of string-keyed maps read as fields (`field`,
//! `has_field`), collections in any order (`unordered_elements_are`), their extremes
//! (`has_min`, `has_max`), approximate sequences and maps (`elements_near`,
//! `values_near`), the keys and values of maps, and the value a closure panicked with
//! (`panics_with`).
//!
//! Struct fields have no names at run time in Rust: `field!(Cart.total, eq(250))` names
//! the type and the field; `field(name, matcher)` reads the entries of string-keyed maps.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::hash::BuildHasher;

use super::composition::MatcherList;
use super::{Collection, Matcher, fill};
use crate::render::Render;

fn joined<T: ?Sized>(matchers: &[&dyn Matcher<T>]) -> String {
    let descriptions: Vec<String> = matchers.iter().map(|matcher| matcher.describe()).collect();
    descriptions.join(", ")
}

// ---------------------------------------------------------------- Option and Result

/// `Some(value)` with a value that matches `matcher`.
pub fn some<M>(matcher: M) -> Present<M> {
    Present(matcher)
}

pub struct Present<M>(M);

impl<T, M: Matcher<T>> Matcher<Option<T>> for Present<M> {
    fn matches(&self, actual: &Option<T>) -> bool {
        actual.as_ref().is_some_and(|value| self.0.matches(value))
    }

    fn describe(&self) -> String {
        fill("a present value that is {}", &self.0.describe())
    }
}

/// `Ok(value)` with a value that matches `matcher`.
pub fn ok<M>(matcher: M) -> Success<M> {
    Success(matcher)
}

pub struct Success<M>(M);

impl<T, E, M: Matcher<T>> Matcher<Result<T, E>> for Success<M> {
    fn matches(&self, actual: &Result<T, E>) -> bool {
        actual.as_ref().is_ok_and(|value| self.0.matches(value))
    }

    fn describe(&self) -> String {
        fill("a success whose value is {}", &self.0.describe())
    }
}

/// `Err(error)` whose message (the error's `Display`) matches `matcher`.
pub fn err<M>(matcher: M) -> Failure<M> {
    Failure(matcher)
}

pub struct Failure<M>(M);

impl<T, E: Display, M: Matcher<String>> Matcher<Result<T, E>> for Failure<M> {
    fn matches(&self, actual: &Result<T, E>) -> bool {
        actual
            .as_ref()
            .err()
            .is_some_and(|error| self.0.matches(&error.to_string()))
    }

    fn describe(&self) -> String {
        fill("an error whose message is {}", &self.0.describe())
    }
}

// ---------------------------------------------------------------- fields

/// A value with named fields: the string-keyed maps, and any type given a map view.
pub trait Fields {
    type Value;

    fn field(&self, name: &str) -> Option<&Self::Value>;
}

impl<V> Fields for BTreeMap<String, V> {
    type Value = V;

    fn field(&self, name: &str) -> Option<&V> {
        self.get(name)
    }
}

impl<V, S: BuildHasher> Fields for HashMap<String, V, S> {
    type Value = V;

    fn field(&self, name: &str) -> Option<&V> {
        self.get(name)
    }
}

/// A value whose field `name` matches `matcher` (a missing field never does).
pub fn field<M>(name: impl Into<String>, matcher: M) -> Field<M> {
    Field {
        name: name.into(),
        matcher,
    }
}

pub struct Field<M> {
    name: String,
    matcher: M,
}

impl<T: Fields, M: Matcher<T::Value>> Matcher<T> for Field<M> {
    fn matches(&self, actual: &T) -> bool {
        actual
            .field(&self.name)
            .is_some_and(|value| self.matcher.matches(value))
    }

    fn describe(&self) -> String {
        format!(
            "a value whose field {} is {}",
            self.name.render(),
            self.matcher.describe()
        )
    }
}

/// A struct's field, read by the projection the `field!` macro writes:
/// `field!(Cart.total, eq(250))`. The description is `field`'s, so failures read alike.
pub struct Projected<F, M> {
    name: &'static str,
    project: F,
    matcher: M,
}

impl<F, M> Projected<F, M> {
    /// Used by `field!`: the field's name, how to reach it, and its matcher.
    pub fn new<T: ?Sized, V: ?Sized>(name: &'static str, project: F, matcher: M) -> Self
    where
        F: Fn(&T) -> &V,
    {
        Self {
            name,
            project,
            matcher,
        }
    }
}

impl<T: ?Sized, V: ?Sized, F: Fn(&T) -> &V, M: Matcher<V>> Matcher<T> for Projected<F, M> {
    fn matches(&self, actual: &T) -> bool {
        self.matcher.matches((self.project)(actual))
    }

    fn describe(&self) -> String {
        format!(
            "a value whose field {} is {}",
            self.name.render(),
            self.matcher.describe()
        )
    }
}

/// A struct whose field matches a matcher: `field!(Cart.total, eq(250))`, or with a path,
/// `field!(shop::Cart.total, eq(250))`. Struct fields have no run-time names in Rust, so
/// the macro names the type and the field; `field(name, matcher)` reads maps.
#[macro_export]
macro_rules! field {
    ($($type:ident)::+ . $field:tt, $matcher:expr $(,)?) => {
        $crate::matchers::Projected::new(
            stringify!($field),
            |value: &$($type)::+| &value.$field,
            $matcher,
        )
    };
}

/// A value with a field `name`.
pub fn has_field(name: impl Into<String>) -> HasField {
    HasField(name.into())
}

pub struct HasField(String);

impl<T: Fields> Matcher<T> for HasField {
    fn matches(&self, actual: &T) -> bool {
        actual.field(&self.0).is_some()
    }

    fn describe(&self) -> String {
        format!("a value with field {}", self.0.render())
    }
}

// ---------------------------------------------------------------- collections

/// A collection whose elements match `matchers` one to one, in any order:
/// `unordered_elements_are((eq(1), gt(1)))`.
pub fn unordered_elements_are<L>(matchers: L) -> UnorderedElementsAre<L> {
    UnorderedElementsAre(matchers)
}

pub struct UnorderedElementsAre<L>(L);

impl<C, L> Matcher<C> for UnorderedElementsAre<L>
where
    C: ?Sized + Collection,
    L: MatcherList<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        let (items, matchers) = (actual.elements(), self.0.each_matcher());
        if items.len() != matchers.len() {
            return false;
        }
        let accepts: Vec<Vec<bool>> = matchers
            .iter()
            .map(|matcher| items.iter().map(|item| matcher.matches(item)).collect())
            .collect();
        pairs_up(&accepts)
    }

    fn describe(&self) -> String {
        let matchers = joined(&self.0.each_matcher());
        format!("a collection whose elements are, in any order, ({matchers})")
    }
}

/// Whether every matcher (row) gets an element (column) of its own that it accepts: a
/// perfect bipartite matching found with augmenting paths, so no greedy choice hides a
/// valid pairing.
fn pairs_up(accepts: &[Vec<bool>]) -> bool {
    fn place(
        row: usize,
        accepts: &[Vec<bool>],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for (column, accepted) in accepts[row].iter().enumerate() {
            if !accepted || seen[column] {
                continue;
            }
            seen[column] = true;
            let free = match owner[column] {
                None => true,
                Some(current) => place(current, accepts, owner, seen),
            };
            if free {
                owner[column] = Some(row);
                return true;
            }
        }
        false
    }
    let columns = accepts.first().map_or(0, Vec::len);
    let mut owner = vec![None; columns];
    (0..accepts.len()).all(|row| place(row, accepts, &mut owner, &mut vec![false; columns]))
}

/// A non-empty collection whose smallest element matches `matcher`.
pub fn has_min<M>(matcher: M) -> Extreme<M> {
    Extreme {
        matcher,
        largest: false,
    }
}

/// A non-empty collection whose largest element matches `matcher`.
pub fn has_max<M>(matcher: M) -> Extreme<M> {
    Extreme {
        matcher,
        largest: true,
    }
}

pub struct Extreme<M> {
    matcher: M,
    largest: bool,
}

impl<C, M> Matcher<C> for Extreme<M>
where
    C: ?Sized + Collection,
    C::Item: PartialOrd,
    M: Matcher<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        let picked = actual.elements().into_iter().reduce(|best, item| {
            let better = if self.largest {
                item > best
            } else {
                item < best
            };
            if better { item } else { best }
        });
        picked.is_some_and(|item| self.matcher.matches(item))
    }

    fn describe(&self) -> String {
        let which = if self.largest { "largest" } else { "smallest" };
        format!(
            "a collection whose {which} element is {}",
            self.matcher.describe()
        )
    }
}

fn close<N: Copy + Into<f64>>(actual: N, expected: f64, tolerance: f64) -> bool {
    (actual.into() - expected).abs() <= tolerance
}

/// A collection as long as `expected` whose every element is within `tolerance` of the
/// expected number at its position.
pub fn elements_near(expected: impl Into<Vec<f64>>, tolerance: f64) -> ElementsNear {
    ElementsNear {
        expected: expected.into(),
        tolerance,
    }
}

pub struct ElementsNear {
    expected: Vec<f64>,
    tolerance: f64,
}

impl<C> Matcher<C> for ElementsNear
where
    C: ?Sized + Collection,
    C::Item: Copy + Into<f64>,
{
    fn matches(&self, actual: &C) -> bool {
        let items = actual.elements();
        items.len() == self.expected.len()
            && items
                .into_iter()
                .zip(&self.expected)
                .all(|(item, expected)| close(*item, *expected, self.tolerance))
    }

    fn describe(&self) -> String {
        format!(
            "a collection whose elements are within {} of {}",
            self.tolerance.render(),
            self.expected.render()
        )
    }
}

/// A map with the keys of `expected` whose every value is within `tolerance` of its
/// expected number.
pub fn values_near(expected: BTreeMap<String, f64>, tolerance: f64) -> ValuesNear {
    ValuesNear {
        expected,
        tolerance,
    }
}

pub struct ValuesNear {
    expected: BTreeMap<String, f64>,
    tolerance: f64,
}

impl<V: Copy + Into<f64>> Matcher<BTreeMap<String, V>> for ValuesNear {
    fn matches(&self, actual: &BTreeMap<String, V>) -> bool {
        actual.len() == self.expected.len()
            && self.expected.iter().all(|(key, expected)| {
                actual
                    .get(key)
                    .is_some_and(|value| close(*value, *expected, self.tolerance))
            })
    }

    fn describe(&self) -> String {
        format!(
            "a map whose values are within {} of {}",
            self.tolerance.render(),
            self.expected.render()
        )
    }
}

// ---------------------------------------------------------------- maps

/// The entries of a map, for the matchers of its keys and values.
pub trait EntryView {
    type Key;
    type Value;

    fn entries(&self) -> Vec<(&Self::Key, &Self::Value)>;
}

impl<K, V> EntryView for BTreeMap<K, V> {
    type Key = K;
    type Value = V;

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

impl<K, V, S> EntryView for HashMap<K, V, S> {
    type Key = K;
    type Value = V;

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

/// A map where every key matches `matcher` (an empty map does).
pub fn each_key<M>(matcher: M) -> KeysThat<M> {
    KeysThat {
        matcher,
        every: true,
    }
}

/// A map with at least one key that matches `matcher`.
pub fn has_key_that<M>(matcher: M) -> KeysThat<M> {
    KeysThat {
        matcher,
        every: false,
    }
}

pub struct KeysThat<M> {
    matcher: M,
    every: bool,
}

impl<T: EntryView, M: Matcher<T::Key>> Matcher<T> for KeysThat<M> {
    fn matches(&self, actual: &T) -> bool {
        let mut verdicts = actual
            .entries()
            .into_iter()
            .map(|(key, _)| self.matcher.matches(key));
        if self.every {
            verdicts.all(|matched| matched)
        } else {
            verdicts.any(|matched| matched)
        }
    }

    fn describe(&self) -> String {
        let template = if self.every {
            "a map where every key is {}"
        } else {
            "a map with a key that is {}"
        };
        fill(template, &self.matcher.describe())
    }
}

/// A map with at least one value that matches `matcher`.
pub fn has_value_that<M>(matcher: M) -> HasValueThat<M> {
    HasValueThat(matcher)
}

pub struct HasValueThat<M>(M);

impl<T: EntryView, M: Matcher<T::Value>> Matcher<T> for HasValueThat<M> {
    fn matches(&self, actual: &T) -> bool {
        actual
            .entries()
            .into_iter()
            .any(|(_, value)| self.0.matches(value))
    }

    fn describe(&self) -> String {
        fill("a map with a value that is {}", &self.0.describe())
    }
}

/// A map with an entry whose key matches `key_matcher` and whose value matches
/// `value_matcher`.
pub fn has_entry_matching<K, V>(key_matcher: K, value_matcher: V) -> EntryMatching<K, V> {
    EntryMatching {
        key_matcher,
        value_matcher,
    }
}

pub struct EntryMatching<K, V> {
    key_matcher: K,
    value_matcher: V,
}

impl<T, K, V> Matcher<T> for EntryMatching<K, V>
where
    T: EntryView,
    K: Matcher<T::Key>,
    V: Matcher<T::Value>,
{
    fn matches(&self, actual: &T) -> bool {
        actual
            .entries()
            .into_iter()
            .any(|(key, value)| self.key_matcher.matches(key) && self.value_matcher.matches(value))
    }

    fn describe(&self) -> String {
        format!(
            "a map with an entry whose key is {} and whose value is {}",
            self.key_matcher.describe(),
            self.value_matcher.describe()
        )
    }
}

// ---------------------------------------------------------------- calls

/// A closure that panics with a value (its message, for the usual `&str` and `String`
/// payloads) that matches `matcher`: `panics_with(eq("empty cart"))`.
pub fn panics_with<M>(matcher: M) -> PanicsWith<M> {
    PanicsWith {
        matcher,
        outcome: RefCell::new(None),
    }
}

pub struct PanicsWith<M> {
    matcher: M,
    outcome: RefCell<Option<String>>,
}

impl<F: Fn() -> R, R, M: Matcher<String>> Matcher<F> for PanicsWith<M> {
    fn matches(&self, actual: &F) -> bool {
        let (verdict, shown) = match super::calls::call_quietly(actual) {
            Ok(_) => (false, "a call that returned normally".to_string()),
            Err(message) => (
                self.matcher.matches(&message),
                format!("a call that failed with {}", message.render()),
            ),
        };
        *self.outcome.borrow_mut() = Some(shown);
        verdict
    }

    fn describe(&self) -> String {
        fill(
            "a call that fails with a value that is {}",
            &self.matcher.describe(),
        )
    }

    fn describe_actual(&self, _actual: &F) -> Option<String> {
        self.outcome.borrow().clone()
    }
}
