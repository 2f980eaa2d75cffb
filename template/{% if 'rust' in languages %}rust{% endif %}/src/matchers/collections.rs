//! Collections: `Vec`, slices, arrays, `VecDeque`, `BTreeSet` and `HashSet`, checked
//! against elements (`contains`, `contains_all`, ...), against an order (`is_sorted`, ...)
//! or against a matcher per element (`each`, `has_item`, `has_item_at`, ...).

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet, VecDeque};

use super::composition::Quantity;
use super::{Matcher, fill};
use crate::render::Render;

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

for_sequence_types!(collection);

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

/// A collection holding `element` exactly `count` times.
pub fn contains_times<E: Render>(element: E, count: usize) -> ContainsTimes<E> {
    ContainsTimes { element, count }
}

pub struct ContainsTimes<E> {
    element: E,
    count: usize,
}

impl<C, E> Matcher<C> for ContainsTimes<E>
where
    C: ?Sized + Collection,
    C::Item: PartialEq<E>,
    E: Render,
{
    fn matches(&self, actual: &C) -> bool {
        let found = actual.elements().into_iter();
        found.filter(|item| **item == self.element).count() == self.count
    }

    fn describe(&self) -> String {
        format!(
            "a collection containing {} exactly {} times",
            self.element.render(),
            self.count
        )
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

/// A collection holding none of `elements`.
pub fn contains_none<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::None)
}

/// A collection holding `elements` and nothing else, in any order, duplicates counted.
pub fn contains_exactly<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Exactly)
}

/// A collection holding `elements` in this order, not necessarily next to each other.
pub fn contains_in_order<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::InOrder)
}

/// A collection holding `elements` in this order and nothing else.
pub fn contains_exactly_in_order<E: Render>(
    elements: impl IntoIterator<Item = E>,
) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::ExactlyInOrder)
}

/// A collection whose first elements are `elements`.
pub fn starts_with_elements<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Prefix)
}

/// A collection whose last elements are `elements`.
pub fn ends_with_elements<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Suffix)
}

/// A collection whose every element is one of `elements` (an empty one is).
pub fn is_subset_of<E: Render>(elements: impl IntoIterator<Item = E>) -> ElementsCheck<E> {
    ElementsCheck::new(elements, Coverage::Subset)
}

/// How a collection must relate to the list of elements of an `ElementsCheck`.
#[derive(Clone, Copy)]
enum Coverage {
    All,
    Any,
    None,
    Exactly,
    InOrder,
    ExactlyInOrder,
    Prefix,
    Suffix,
    Subset,
}

impl Coverage {
    fn template(self) -> &'static str {
        match self {
            Coverage::All => "a collection containing all of {}",
            Coverage::Any => "a collection containing any of {}",
            Coverage::None => "a collection containing none of {}",
            Coverage::Exactly => "a collection containing exactly {} in any order",
            Coverage::InOrder => "a collection containing {} in order",
            Coverage::ExactlyInOrder => "a collection containing exactly {} in order",
            Coverage::Prefix => "a collection starting with {}",
            Coverage::Suffix => "a collection ending with {}",
            Coverage::Subset => "a collection whose elements are all in {}",
        }
    }

    fn holds<T: PartialEq<E>, E>(self, items: &[&T], expected: &[E]) -> bool {
        let held = |wanted: &E| items.iter().any(|item| **item == *wanted);
        match self {
            Coverage::All => expected.iter().all(held),
            Coverage::Any => expected.iter().any(held),
            Coverage::None => !expected.iter().any(held),
            Coverage::Exactly => is_permutation(items, expected),
            Coverage::InOrder => {
                // Each expected element is looked for after the previous one's match.
                let mut rest = items.iter();
                expected
                    .iter()
                    .all(|wanted| rest.any(|item| **item == *wanted))
            }
            Coverage::ExactlyInOrder => {
                items.len() == expected.len() && same_elements(items, expected)
            }
            Coverage::Prefix => items.len() >= expected.len() && same_elements(items, expected),
            Coverage::Suffix => items
                .len()
                .checked_sub(expected.len())
                .is_some_and(|start| same_elements(&items[start..], expected)),
            Coverage::Subset => items
                .iter()
                .all(|item| expected.iter().any(|wanted| **item == *wanted)),
        }
    }
}

/// Whether the first elements of `items` equal `expected`, pairwise.
fn same_elements<T: PartialEq<E>, E>(items: &[&T], expected: &[E]) -> bool {
    items
        .iter()
        .zip(expected)
        .all(|(item, wanted)| **item == *wanted)
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

impl<C, E> Matcher<C> for ElementsCheck<E>
where
    C: ?Sized + Collection,
    C::Item: PartialEq<E>,
    E: Render,
{
    fn matches(&self, actual: &C) -> bool {
        self.coverage.holds(&actual.elements(), &self.elements)
    }

    fn describe(&self) -> String {
        fill(self.coverage.template(), &self.elements.render())
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

/// A collection without two equal elements.
pub fn has_no_duplicates() -> NoDuplicates {
    NoDuplicates
}

pub struct NoDuplicates;

impl<C> Matcher<C> for NoDuplicates
where
    C: ?Sized + Collection,
    C::Item: PartialEq,
{
    fn matches(&self, actual: &C) -> bool {
        let items = actual.elements();
        items
            .iter()
            .enumerate()
            .all(|(index, item)| !items[index + 1..].contains(item))
    }

    fn describe(&self) -> String {
        "a collection without duplicates".to_string()
    }
}

/// A collection in ascending order (equal neighbours allowed).
pub fn is_sorted() -> Sorted {
    Sorted::new("a sorted collection", &[Ordering::Less, Ordering::Equal])
}

/// A collection in descending order (equal neighbours allowed).
pub fn is_sorted_descending() -> Sorted {
    Sorted::new(
        "a collection sorted in descending order",
        &[Ordering::Greater, Ordering::Equal],
    )
}

/// A collection in ascending order with no equal neighbours.
pub fn is_strictly_sorted() -> Sorted {
    Sorted::new("a strictly increasing collection", &[Ordering::Less])
}

/// A check of the order of every pair of neighbours in a collection.
pub struct Sorted {
    words: &'static str,
    accepted: &'static [Ordering],
}

impl Sorted {
    fn new(words: &'static str, accepted: &'static [Ordering]) -> Self {
        Self { words, accepted }
    }
}

impl<C> Matcher<C> for Sorted
where
    C: ?Sized + Collection,
    C::Item: PartialOrd,
{
    fn matches(&self, actual: &C) -> bool {
        // Unordered neighbours (NaN) are in no order.
        actual.elements().windows(2).all(|pair| {
            pair[0]
                .partial_cmp(pair[1])
                .is_some_and(|ordering| self.accepted.contains(&ordering))
        })
    }

    fn describe(&self) -> String {
        self.words.to_string()
    }
}

/// A collection whose every element matches `matcher` (an empty one does).
pub fn each<M>(matcher: M) -> Quantified<M> {
    Quantified::new(
        matcher,
        Quantity::Every,
        "a collection where every element is {}",
    )
}

/// A collection with at least one element that matches `matcher`.
pub fn has_item<M>(matcher: M) -> Quantified<M> {
    Quantified::new(
        matcher,
        Quantity::Some,
        "a collection with an element that is {}",
    )
}

/// A collection with no element that matches `matcher` (an empty one has none).
pub fn has_no_item<M>(matcher: M) -> Quantified<M> {
    Quantified::new(
        matcher,
        Quantity::None,
        "a collection with no element that is {}",
    )
}

/// A collection with exactly one element that matches `matcher`.
pub fn has_exactly_one<M>(matcher: M) -> Quantified<M> {
    Quantified::new(
        matcher,
        Quantity::ExactlyOne,
        "a collection with exactly one element that is {}",
    )
}

/// A count of the elements of a collection that match a matcher.
pub struct Quantified<M> {
    matcher: M,
    quantity: Quantity,
    template: &'static str,
}

impl<M> Quantified<M> {
    fn new(matcher: M, quantity: Quantity, template: &'static str) -> Self {
        Self {
            matcher,
            quantity,
            template,
        }
    }
}

impl<C, M> Matcher<C> for Quantified<M>
where
    C: ?Sized + Collection,
    M: Matcher<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        let verdicts = actual.elements().into_iter();
        self.quantity
            .admits(verdicts.map(|item| self.matcher.matches(item)))
    }

    fn describe(&self) -> String {
        fill(self.template, &self.matcher.describe())
    }
}

/// A collection whose first element matches `matcher` (an empty one never does).
pub fn has_first<M>(matcher: M) -> ItemAt<M> {
    ItemAt {
        position: Position::First,
        matcher,
    }
}

/// A collection whose last element matches `matcher` (an empty one never does).
pub fn has_last<M>(matcher: M) -> ItemAt<M> {
    ItemAt {
        position: Position::Last,
        matcher,
    }
}

/// A collection whose element at the zero-based `index` matches `matcher`; an index
/// out of range never does.
pub fn has_item_at<M>(index: usize, matcher: M) -> ItemAt<M> {
    ItemAt {
        position: Position::Index(index),
        matcher,
    }
}

#[derive(Clone, Copy)]
enum Position {
    First,
    Last,
    Index(usize),
}

/// A check of the element at one position of a collection.
pub struct ItemAt<M> {
    position: Position,
    matcher: M,
}

impl<C, M> Matcher<C> for ItemAt<M>
where
    C: ?Sized + Collection,
    M: Matcher<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        let items = actual.elements();
        let item = match self.position {
            Position::First => items.first(),
            Position::Last => items.last(),
            Position::Index(index) => items.get(index),
        };
        item.is_some_and(|item| self.matcher.matches(item))
    }

    fn describe(&self) -> String {
        let matcher = self.matcher.describe();
        match self.position {
            Position::First => format!("a collection whose first element is {matcher}"),
            Position::Last => format!("a collection whose last element is {matcher}"),
            Position::Index(index) => {
                format!("a collection whose element at {index} is {matcher}")
            }
        }
    }
}
