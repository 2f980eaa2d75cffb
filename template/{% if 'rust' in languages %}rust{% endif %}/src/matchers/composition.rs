//! Composition: `all_of`, `any_of`, `none_of`, `exactly_one_of`, `not`, and
//! `elements_are`, which gives each element of a collection its own matcher.

use super::{Collection, Matcher, fill};

/// Matchers given together to `all_of`, `any_of`, `none_of`, `exactly_one_of` or
/// `elements_are`: a tuple of matchers, or a `Vec` of boxed ones when their number is
/// only known at run time.
pub trait MatcherList<T: ?Sized> {
    fn each_matcher(&self) -> Vec<&dyn Matcher<T>>;
}

impl<T: ?Sized> MatcherList<T> for Vec<Box<dyn Matcher<T>>> {
    fn each_matcher(&self) -> Vec<&dyn Matcher<T>> {
        self.iter().map(|matcher| &**matcher).collect()
    }
}

/// No matchers at all: `elements_are(())` matches an empty collection.
impl<T: ?Sized> MatcherList<T> for () {
    fn each_matcher(&self) -> Vec<&dyn Matcher<T>> {
        Vec::new()
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

/// The descriptions of `matchers` joined with ", ", as every kit joins them.
fn joined_descriptions<T: ?Sized>(matchers: &[&dyn Matcher<T>]) -> String {
    let descriptions: Vec<String> = matchers.iter().map(|matcher| matcher.describe()).collect();
    descriptions.join(", ")
}

/// How many verdicts out of a list must be matches.
#[derive(Clone, Copy)]
pub(super) enum Quantity {
    Every,
    Some,
    None,
    ExactlyOne,
}

impl Quantity {
    /// Whether `verdicts` hold this many matches; stops as soon as the answer is known.
    pub(super) fn admits(self, mut verdicts: impl Iterator<Item = bool>) -> bool {
        match self {
            Quantity::Every => verdicts.all(|matched| matched),
            Quantity::Some => verdicts.any(|matched| matched),
            Quantity::None => !verdicts.any(|matched| matched),
            Quantity::ExactlyOne => verdicts.filter(|matched| *matched).take(2).count() == 1,
        }
    }
}

/// Matches when every one of `matchers` does: `all_of((gt(0), lt(10)))`.
pub fn all_of<L>(matchers: L) -> Combined<L> {
    Combined::new(matchers, Quantity::Every, "all of ({})")
}

/// Matches when at least one of `matchers` does: `any_of((eq(1), eq(2)))`.
pub fn any_of<L>(matchers: L) -> Combined<L> {
    Combined::new(matchers, Quantity::Some, "any of ({})")
}

/// Matches when no one of `matchers` does: `none_of((eq(1), eq(2)))`.
pub fn none_of<L>(matchers: L) -> Combined<L> {
    Combined::new(matchers, Quantity::None, "none of ({})")
}

/// Matches when exactly one of `matchers` does: `exactly_one_of((gt(0), lt(10)))`.
pub fn exactly_one_of<L>(matchers: L) -> Combined<L> {
    Combined::new(matchers, Quantity::ExactlyOne, "exactly one of ({})")
}

/// Several matchers applied to the same actual value.
pub struct Combined<L> {
    matchers: L,
    quantity: Quantity,
    template: &'static str,
}

impl<L> Combined<L> {
    fn new(matchers: L, quantity: Quantity, template: &'static str) -> Self {
        Self {
            matchers,
            quantity,
            template,
        }
    }
}

impl<T: ?Sized, L: MatcherList<T>> Matcher<T> for Combined<L> {
    fn matches(&self, actual: &T) -> bool {
        let matchers = self.matchers.each_matcher();
        self.quantity
            .admits(matchers.into_iter().map(|matcher| matcher.matches(actual)))
    }

    fn describe(&self) -> String {
        fill(
            self.template,
            &joined_descriptions(&self.matchers.each_matcher()),
        )
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

/// A collection with one element per matcher, each matching the matcher at its
/// position: `elements_are((eq(1), gt(1)))`.
pub fn elements_are<L>(matchers: L) -> ElementsAre<L> {
    ElementsAre(matchers)
}

pub struct ElementsAre<L>(L);

impl<C, L> Matcher<C> for ElementsAre<L>
where
    C: ?Sized + Collection,
    L: MatcherList<C::Item>,
{
    fn matches(&self, actual: &C) -> bool {
        let (items, matchers) = (actual.elements(), self.0.each_matcher());
        items.len() == matchers.len()
            && items
                .into_iter()
                .zip(matchers)
                .all(|(item, matcher)| matcher.matches(item))
    }

    fn describe(&self) -> String {
        let matchers = joined_descriptions(&self.0.each_matcher());
        format!("a collection whose elements are ({matchers})")
    }
}
