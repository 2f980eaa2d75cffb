//! The matchers of the vocabulary (`rules/api.toml`), as generic functions.
//!
//! Every matcher describes itself with the same words in all three kits, so a failure
//! reads `expected: <description>` followed by `  actual: <rendered value>`.
//!
//! Matchers work on native types: `eq(250)` against an `i64`, `starts_with("a")` against
//! a `String` or `&str`, `contains(3)` against a `Vec`, slice, array, deque or set,
//! `contains_key("a")` against a `BTreeMap` or `HashMap`, `is_error()` against a
//! `Result`, `fails()` against a closure.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use regex::Regex;

use crate::render::Render;

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
}

// ---------------------------------------------------------------- equality and order

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

impl<T: ?Sized + PartialEq<E>, E: Render> Matcher<T> for Equality<E> {
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
    InRange { low, high }
}

pub struct InRange<E> {
    low: E,
    high: E,
}

impl<T: ?Sized + PartialOrd<E>, E: Render> Matcher<T> for InRange<E> {
    fn matches(&self, actual: &T) -> bool {
        actual >= &self.low && actual <= &self.high
    }

    fn describe(&self) -> String {
        format!(
            "between {} and {} inclusive",
            self.low.render(),
            self.high.render()
        )
    }
}

/// Within `tolerance` of `expected`: the way to compare floats.
pub fn near(expected: f64, tolerance: f64) -> Near {
    Near {
        expected,
        tolerance,
    }
}

pub struct Near {
    expected: f64,
    tolerance: f64,
}

impl Near {
    fn accepts(&self, actual: f64) -> bool {
        (actual - self.expected).abs() <= self.tolerance
    }

    fn description(&self) -> String {
        format!(
            "within {} of {}",
            self.tolerance.render(),
            self.expected.render()
        )
    }
}

impl Matcher<f64> for Near {
    fn matches(&self, actual: &f64) -> bool {
        self.accepts(*actual)
    }

    fn describe(&self) -> String {
        self.description()
    }
}

impl Matcher<f32> for Near {
    fn matches(&self, actual: &f32) -> bool {
        self.accepts(f64::from(*actual))
    }

    fn describe(&self) -> String {
        self.description()
    }
}

// ---------------------------------------------------------------- numbers

/// A number whose sign the number matchers can ask for.
pub trait Number {
    /// The ordering against zero; `None` for NaN.
    fn sign(&self) -> Option<Ordering>;
}

macro_rules! integer_number {
    ($($ty:ty),*) => {
        $(impl Number for $ty {
            fn sign(&self) -> Option<Ordering> {
                Some(self.cmp(&0))
            }
        })*
    };
}

integer_number!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl Number for f64 {
    fn sign(&self) -> Option<Ordering> {
        self.partial_cmp(&0.0)
    }
}

impl Number for f32 {
    fn sign(&self) -> Option<Ordering> {
        self.partial_cmp(&0.0)
    }
}

/// A positive number.
pub fn is_positive() -> Sign {
    Sign {
        accepts: Some(Ordering::Greater),
        words: "a positive number",
    }
}

/// A negative number.
pub fn is_negative() -> Sign {
    Sign {
        accepts: Some(Ordering::Less),
        words: "a negative number",
    }
}

/// Zero.
pub fn is_zero() -> Sign {
    Sign {
        accepts: Some(Ordering::Equal),
        words: "zero",
    }
}

/// NaN, the one float unordered against zero.
pub fn is_nan() -> Sign {
    Sign {
        accepts: None,
        words: "NaN",
    }
}

pub struct Sign {
    accepts: Option<Ordering>,
    words: &'static str,
}

impl<T: Number> Matcher<T> for Sign {
    fn matches(&self, actual: &T) -> bool {
        actual.sign() == self.accepts
    }

    fn describe(&self) -> String {
        self.words.to_string()
    }
}

// ---------------------------------------------------------------- truthiness and null

/// `true`.
pub fn is_true() -> Truth {
    Truth(true)
}

/// `false`.
pub fn is_false() -> Truth {
    Truth(false)
}

pub struct Truth(bool);

impl Matcher<bool> for Truth {
    fn matches(&self, actual: &bool) -> bool {
        *actual == self.0
    }

    fn describe(&self) -> String {
        self.0.to_string()
    }
}

/// `None`.
pub fn is_none() -> Presence {
    Presence(false)
}

/// `Some(_)`.
pub fn is_not_none() -> Presence {
    Presence(true)
}

pub struct Presence(bool);

impl<T> Matcher<Option<T>> for Presence {
    fn matches(&self, actual: &Option<T>) -> bool {
        actual.is_some() == self.0
    }

    fn describe(&self) -> String {
        if self.0 { "not null" } else { "null" }.to_string()
    }
}

/// Any value at all.
pub fn anything() -> Anything {
    Anything
}

pub struct Anything;

impl<T: ?Sized> Matcher<T> for Anything {
    fn matches(&self, _actual: &T) -> bool {
        true
    }

    fn describe(&self) -> String {
        "anything".to_string()
    }
}

// ---------------------------------------------------------------- length and emptiness

/// A value with a length: strings (in characters), sequences, sets and maps.
pub trait Length {
    fn length(&self) -> usize;
}

impl Length for str {
    fn length(&self) -> usize {
        // Characters, not bytes: the length every kit agrees on for "héllo" is 5.
        self.chars().count()
    }
}

impl Length for &str {
    fn length(&self) -> usize {
        (*self).length()
    }
}

impl Length for String {
    fn length(&self) -> usize {
        self.as_str().length()
    }
}

macro_rules! collection_length {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {
        $(impl<$($generics)*> Length for $ty {
            fn length(&self) -> usize {
                self.len()
            }
        })*
    };
}

collection_length!(
    [T] [T],
    [T] &[T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
    [T] BTreeSet<T>,
    [T, S] HashSet<T, S>,
    [K, V] BTreeMap<K, V>,
    [K, V, S] HashMap<K, V, S>,
);

/// Of length `length`.
pub fn has_len(length: usize) -> HasLen {
    HasLen(length)
}

pub struct HasLen(usize);

impl<T: ?Sized + Length> Matcher<T> for HasLen {
    fn matches(&self, actual: &T) -> bool {
        actual.length() == self.0
    }

    fn describe(&self) -> String {
        format!("a value of length {}", self.0)
    }
}

/// Of length zero.
pub fn is_empty() -> Emptiness {
    Emptiness(true)
}

/// Of a length other than zero.
pub fn is_not_empty() -> Emptiness {
    Emptiness(false)
}

pub struct Emptiness(bool);

impl<T: ?Sized + Length> Matcher<T> for Emptiness {
    fn matches(&self, actual: &T) -> bool {
        (actual.length() == 0) == self.0
    }

    fn describe(&self) -> String {
        if self.0 { "empty" } else { "not empty" }.to_string()
    }
}

// ---------------------------------------------------------------- strings

/// A string starting with `prefix`.
pub fn starts_with(prefix: impl Into<String>) -> StringCheck {
    StringCheck::new(prefix, "a string starting with", |actual, prefix| {
        actual.starts_with(prefix)
    })
}

/// A string ending with `suffix`.
pub fn ends_with(suffix: impl Into<String>) -> StringCheck {
    StringCheck::new(suffix, "a string ending with", |actual, suffix| {
        actual.ends_with(suffix)
    })
}

/// A string containing `substring`.
pub fn contains_substring(substring: impl Into<String>) -> StringCheck {
    StringCheck::new(substring, "a string containing", |actual, substring| {
        actual.contains(substring)
    })
}

/// A string equal to `expected` once both are lowercased.
pub fn eq_ignoring_case(expected: impl Into<String>) -> StringCheck {
    StringCheck::new(expected, "equal ignoring case to", |actual, expected| {
        actual.to_lowercase() == expected.to_lowercase()
    })
}

/// A string of whitespace only (the empty string included).
pub fn is_blank() -> IsBlank {
    IsBlank
}

/// A check of a string against one string operand.
pub struct StringCheck {
    operand: String,
    words: &'static str,
    accepts: fn(&str, &str) -> bool,
}

impl StringCheck {
    fn new(
        operand: impl Into<String>,
        words: &'static str,
        accepts: fn(&str, &str) -> bool,
    ) -> Self {
        Self {
            operand: operand.into(),
            words,
            accepts,
        }
    }
}

impl<T: ?Sized + AsRef<str>> Matcher<T> for StringCheck {
    fn matches(&self, actual: &T) -> bool {
        (self.accepts)(actual.as_ref(), &self.operand)
    }

    fn describe(&self) -> String {
        format!("{} {}", self.words, self.operand.render())
    }
}

/// A string in which the regex `pattern` finds a match (anywhere, unless anchored).
///
/// Panics when `pattern` is not a valid regex: a broken test, not a failed check.
pub fn matches_regex(pattern: &str) -> MatchesRegex {
    let regex = Regex::new(pattern).unwrap_or_else(|error| {
        panic!("matches_regex: invalid regex {}: {error}", pattern.render())
    });
    MatchesRegex(regex)
}

pub struct MatchesRegex(Regex);

impl<T: ?Sized + AsRef<str>> Matcher<T> for MatchesRegex {
    fn matches(&self, actual: &T) -> bool {
        self.0.is_match(actual.as_ref())
    }

    fn describe(&self) -> String {
        format!("a string matching the regex {}", self.0.as_str().render())
    }
}

pub struct IsBlank;

impl<T: ?Sized + AsRef<str>> Matcher<T> for IsBlank {
    fn matches(&self, actual: &T) -> bool {
        actual.as_ref().trim().is_empty()
    }

    fn describe(&self) -> String {
        "a blank string".to_string()
    }
}

// ---------------------------------------------------------------- collections

/// A collection whose elements the collection matchers can walk.
pub trait Collection {
    type Item;

    fn elements(&self) -> Vec<&Self::Item>;
}

macro_rules! collection {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {
        $(impl<$($generics)*> Collection for $ty {
            type Item = T;

            fn elements(&self) -> Vec<&T> {
                self.iter().collect()
            }
        })*
    };
}

collection!(
    [T] [T],
    [T] &[T],
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
    [T] BTreeSet<T>,
    [T, S] HashSet<T, S>,
);

/// A collection with an element equal to `element`.
pub fn contains<E: Render>(element: E) -> Contains<E> {
    Contains(element)
}

pub struct Contains<E>(E);

impl<C, E> Matcher<C> for Contains<E>
where
    C: ?Sized + Collection,
    C::Item: PartialEq<E>,
    E: Render,
{
    fn matches(&self, actual: &C) -> bool {
        actual.elements().into_iter().any(|item| *item == self.0)
    }

    fn describe(&self) -> String {
        format!("a collection containing {}", self.0.render())
    }
}

/// A collection holding every one of `elements`.
pub fn contains_all<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::All)
}

/// A collection holding at least one of `elements`.
pub fn contains_any<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Any)
}

/// A collection holding `elements` and nothing else, in any order, duplicates counted.
pub fn contains_exactly<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Exactly)
}

#[derive(Clone, Copy)]
enum Coverage {
    All,
    Any,
    Exactly,
}

/// A check of a collection against a list of elements.
pub struct ElementsCheck<E> {
    elements: Vec<E>,
    coverage: Coverage,
}

impl<E> ElementsCheck<E> {
    fn new(elements: impl IntoIterator<Item = E>, coverage: Coverage) -> Self {
        Self {
            elements: elements.into_iter().collect(),
            coverage,
        }
    }
}

/// Pairs every expected element with a distinct actual element, or says it cannot.
fn is_permutation<T: PartialEq<E>, E>(actual: &[&T], expected: &[E]) -> bool {
    if actual.len() != expected.len() {
        return false;
    }
    let mut taken = vec![false; actual.len()];
    expected.iter().all(|wanted| {
        let free_match =
            (0..actual.len()).find(|&index| !taken[index] && *actual[index] == *wanted);
        free_match.map(|index| taken[index] = true).is_some()
    })
}

impl<C, E> Matcher<C> for ElementsCheck<E>
where
    C: ?Sized + Collection,
    C::Item: PartialEq<E>,
    E: Render,
{
    fn matches(&self, actual: &C) -> bool {
        let items = actual.elements();
        let holds = |wanted: &E| items.iter().any(|item| **item == *wanted);
        match self.coverage {
            Coverage::All => self.elements.iter().all(holds),
            Coverage::Any => self.elements.iter().any(holds),
            Coverage::Exactly => is_permutation(&items, &self.elements),
        }
    }

    fn describe(&self) -> String {
        let elements = self.elements.render();
        match self.coverage {
            Coverage::All => format!("a collection containing all of {elements}"),
            Coverage::Any => format!("a collection containing any of {elements}"),
            Coverage::Exactly => {
                format!("a collection containing exactly {elements} in any order")
            }
        }
    }
}

/// Equal to one of the elements of `collection`.
pub fn is_in<E: Render>(collection: impl IntoIterator<Item = E>) -> IsIn<E> {
    IsIn(collection.into_iter().collect())
}

pub struct IsIn<E>(Vec<E>);

impl<T: ?Sized + PartialEq<E>, E: Render> Matcher<T> for IsIn<E> {
    fn matches(&self, actual: &T) -> bool {
        self.0.iter().any(|candidate| actual == candidate)
    }

    fn describe(&self) -> String {
        format!("one of {}", self.0.render())
    }
}

/// A collection in ascending order (equal neighbours allowed).
pub fn is_sorted() -> IsSorted {
    IsSorted
}

pub struct IsSorted;

impl<C> Matcher<C> for IsSorted
where
    C: ?Sized + Collection,
    C::Item: PartialOrd,
{
    fn matches(&self, actual: &C) -> bool {
        actual.elements().windows(2).all(|pair| pair[0] <= pair[1])
    }

    fn describe(&self) -> String {
        "a sorted collection".to_string()
    }
}

/// A collection whose every element matches `matcher` (an empty one does).
pub fn each<M>(matcher: M) -> Each<M> {
    Each(matcher)
}

pub struct Each<M>(M);

impl<C, M> Matcher<C> for Each<M>
where
    C: ?Sized + Collection,
    M: Matcher<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        actual
            .elements()
            .into_iter()
            .all(|item| self.0.matches(item))
    }

    fn describe(&self) -> String {
        format!("a collection where every element is {}", self.0.describe())
    }
}

/// A collection with at least one element that matches `matcher`.
pub fn has_item<M>(matcher: M) -> HasItem<M> {
    HasItem(matcher)
}

pub struct HasItem<M>(M);

impl<C, M> Matcher<C> for HasItem<M>
where
    C: ?Sized + Collection,
    M: Matcher<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        actual
            .elements()
            .into_iter()
            .any(|item| self.0.matches(item))
    }

    fn describe(&self) -> String {
        format!("a collection with an element that is {}", self.0.describe())
    }
}

/// A map whose entries the map matchers can walk.
pub trait Map {
    type Key;
    type Value;

    fn entries(&self) -> Vec<(&Self::Key, &Self::Value)>;
}

impl<K, V> Map for BTreeMap<K, V> {
    type Key = K;
    type Value = V;

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

impl<K, V, S> Map for HashMap<K, V, S> {
    type Key = K;
    type Value = V;

    fn entries(&self) -> Vec<(&K, &V)> {
        self.iter().collect()
    }
}

/// A map with the key `key`.
pub fn contains_key<K: Render>(key: K) -> ContainsKey<K> {
    ContainsKey(key)
}

pub struct ContainsKey<K>(K);

impl<A, K> Matcher<A> for ContainsKey<K>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    K: Render,
{
    fn matches(&self, actual: &A) -> bool {
        actual.entries().into_iter().any(|(key, _)| *key == self.0)
    }

    fn describe(&self) -> String {
        format!("a map containing key {}", self.0.render())
    }
}

/// A map with the entry `key`: `value`.
pub fn contains_entry<K: Render, V: Render>(key: K, value: V) -> ContainsEntry<K, V> {
    ContainsEntry { key, value }
}

pub struct ContainsEntry<K, V> {
    key: K,
    value: V,
}

impl<A, K, V> Matcher<A> for ContainsEntry<K, V>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    A::Value: PartialEq<V>,
    K: Render,
    V: Render,
{
    fn matches(&self, actual: &A) -> bool {
        actual
            .entries()
            .into_iter()
            .any(|(key, value)| *key == self.key && *value == self.value)
    }

    fn describe(&self) -> String {
        format!(
            "a map containing entry {}: {}",
            self.key.render(),
            self.value.render()
        )
    }
}

// ---------------------------------------------------------------- composition

/// Matchers given together to `all_of` or `any_of`: a tuple of matchers, or a `Vec` of
/// boxed ones when their number is only known at run time.
pub trait MatcherList<T: ?Sized> {
    fn each_matcher(&self) -> Vec<&dyn Matcher<T>>;
}

impl<T: ?Sized> MatcherList<T> for Vec<Box<dyn Matcher<T>>> {
    fn each_matcher(&self) -> Vec<&dyn Matcher<T>> {
        self.iter().map(|matcher| &**matcher).collect()
    }
}

macro_rules! matcher_tuple {
    ($($name:ident : $index:tt),+) => {
        impl<T: ?Sized, $($name: Matcher<T>),+> MatcherList<T> for ($($name,)+) {
            fn each_matcher(&self) -> Vec<&dyn Matcher<T>> {
                vec![$(&self.$index),+]
            }
        }
    };
}

matcher_tuple!(A: 0);
matcher_tuple!(A: 0, B: 1);
matcher_tuple!(A: 0, B: 1, C: 2);
matcher_tuple!(A: 0, B: 1, C: 2, D: 3);
matcher_tuple!(A: 0, B: 1, C: 2, D: 3, E: 4);
matcher_tuple!(A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);

/// Matches when every one of `matchers` does: `all_of((gt(0), lt(10)))`.
pub fn all_of<L>(matchers: L) -> Combined<L> {
    Combined {
        matchers,
        every: true,
    }
}

/// Matches when at least one of `matchers` does: `any_of((eq(1), eq(2)))`.
pub fn any_of<L>(matchers: L) -> Combined<L> {
    Combined {
        matchers,
        every: false,
    }
}

pub struct Combined<L> {
    matchers: L,
    every: bool,
}

impl<T: ?Sized, L: MatcherList<T>> Matcher<T> for Combined<L> {
    fn matches(&self, actual: &T) -> bool {
        let mut verdicts = self
            .matchers
            .each_matcher()
            .into_iter()
            .map(|m| m.matches(actual));
        if self.every {
            verdicts.all(|verdict| verdict)
        } else {
            verdicts.any(|verdict| verdict)
        }
    }

    fn describe(&self) -> String {
        let descriptions: Vec<String> = self
            .matchers
            .each_matcher()
            .into_iter()
            .map(|matcher| matcher.describe())
            .collect();
        let word = if self.every { "all of" } else { "any of" };
        format!("{word} ({})", descriptions.join(", "))
    }

    fn describe_actual(&self, actual: &T) -> Option<String> {
        self.matchers
            .each_matcher()
            .into_iter()
            .find_map(|matcher| matcher.describe_actual(actual))
    }
}

/// Matches when `matcher` does not.
pub fn not<M>(matcher: M) -> Not<M> {
    Not(matcher)
}

pub struct Not<M>(M);

impl<T: ?Sized, M: Matcher<T>> Matcher<T> for Not<M> {
    fn matches(&self, actual: &T) -> bool {
        !self.0.matches(actual)
    }

    fn describe(&self) -> String {
        format!("not {}", self.0.describe())
    }

    fn describe_actual(&self, actual: &T) -> Option<String> {
        self.0.describe_actual(actual)
    }
}

// ---------------------------------------------------------------- errors and failures

/// An `Err` result.
pub fn is_error() -> Outcome {
    Outcome {
        wants_error: true,
        substring: None,
    }
}

/// An `Ok` result.
pub fn is_ok() -> Outcome {
    Outcome {
        wants_error: false,
        substring: None,
    }
}

/// An `Err` result whose message (its `Display`) contains `substring`.
pub fn error_contains(substring: impl Into<String>) -> Outcome {
    Outcome {
        wants_error: true,
        substring: Some(substring.into()),
    }
}

pub struct Outcome {
    wants_error: bool,
    substring: Option<String>,
}

impl<V, E: Display> Matcher<Result<V, E>> for Outcome {
    fn matches(&self, actual: &Result<V, E>) -> bool {
        match (actual, &self.substring) {
            (Ok(_), _) => !self.wants_error,
            (Err(error), Some(substring)) => error.to_string().contains(substring.as_str()),
            (Err(_), None) => self.wants_error,
        }
    }

    fn describe(&self) -> String {
        match (&self.substring, self.wants_error) {
            (Some(substring), _) => {
                format!("an error with a message containing {}", substring.render())
            }
            (None, true) => "an error".to_string(),
            (None, false) => "no error".to_string(),
        }
    }
}

/// A closure that panics when called.
pub fn fails() -> Fails {
    Fails {
        substring: None,
        outcome: RefCell::new(None),
    }
}

/// A closure that panics, with a message containing `substring`.
pub fn fails_with(substring: impl Into<String>) -> Fails {
    Fails {
        substring: Some(substring.into()),
        outcome: RefCell::new(None),
    }
}

/// Runs the actual closure once, quietly, and remembers how the call ended.
pub struct Fails {
    substring: Option<String>,
    outcome: RefCell<Option<CallOutcome>>,
}

enum CallOutcome {
    Returned,
    Panicked(String),
}

impl<F: Fn() -> R, R> Matcher<F> for Fails {
    fn matches(&self, actual: &F) -> bool {
        let outcome = call_quietly(actual);
        let verdict = match (&outcome, &self.substring) {
            (CallOutcome::Returned, _) => false,
            (CallOutcome::Panicked(message), Some(substring)) => {
                message.contains(substring.as_str())
            }
            (CallOutcome::Panicked(_), None) => true,
        };
        *self.outcome.borrow_mut() = Some(outcome);
        verdict
    }

    fn describe(&self) -> String {
        match &self.substring {
            Some(substring) => format!(
                "a call that fails with a message containing {}",
                substring.render()
            ),
            None => "a call that fails".to_string(),
        }
    }

    fn describe_actual(&self, _actual: &F) -> Option<String> {
        self.outcome.borrow().as_ref().map(|outcome| match outcome {
            CallOutcome::Returned => "a call that returned normally".to_string(),
            CallOutcome::Panicked(message) => {
                format!("a call that failed with {}", message.render())
            }
        })
    }
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

fn call_quietly<F: Fn() -> R, R>(call: &F) -> CallOutcome {
    install_quiet_panic_hook();
    let was_silenced = PANIC_OUTPUT_SILENCED.with(|silenced| silenced.replace(true));
    // The closure's captures are not touched again after a panic: only its message is kept.
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        call();
    }));
    PANIC_OUTPUT_SILENCED.with(|silenced| silenced.set(was_silenced));
    match result {
        Ok(()) => CallOutcome::Returned,
        Err(payload) => CallOutcome::Panicked(panic_message(payload.as_ref())),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        String::new()
    }
}
