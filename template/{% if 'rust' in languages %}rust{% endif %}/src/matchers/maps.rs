//! Maps: `BTreeMap` and `HashMap`, checked by key, by value, by entry.

use std::collections::{BTreeMap, HashMap};

use super::{Matcher, fill};
use crate::render::{Render, render_map};

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

/// The value of `key` in `map`, found by equality so that a `String` key answers a
/// `&str` one.
fn value_of<'a, A, K>(map: &'a A, key: &K) -> Option<&'a A::Value>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
{
    map.entries()
        .into_iter()
        .find_map(|(found, value)| (*found == *key).then_some(value))
}

/// A map with the key `key`.
pub fn contains_key<K: Render>(key: K) -> ContainsKey<K> {
    ContainsKey { key, present: true }
}

/// A map without the key `key`.
pub fn does_not_contain_key<K: Render>(key: K) -> ContainsKey<K> {
    ContainsKey {
        key,
        present: false,
    }
}

pub struct ContainsKey<K> {
    key: K,
    present: bool,
}

impl<A, K> Matcher<A> for ContainsKey<K>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    K: Render,
{
    fn matches(&self, actual: &A) -> bool {
        value_of(actual, &self.key).is_some() == self.present
    }

    fn describe(&self) -> String {
        let template = if self.present {
            "a map containing key {}"
        } else {
            "a map without key {}"
        };
        fill(template, &self.key.render())
    }
}

/// A map holding every one of `keys`.
pub fn contains_keys<K: Render>(keys: impl IntoIterator<Item = K>) -> Keys<K> {
    Keys {
        keys: keys.into_iter().collect(),
        exactly: false,
    }
}

/// A map whose keys are `keys` and no others, in any order.
pub fn has_exactly_keys<K: Render>(keys: impl IntoIterator<Item = K>) -> Keys<K> {
    Keys {
        keys: keys.into_iter().collect(),
        exactly: true,
    }
}

pub struct Keys<K> {
    keys: Vec<K>,
    exactly: bool,
}

impl<A, K> Matcher<A> for Keys<K>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    K: Render,
{
    fn matches(&self, actual: &A) -> bool {
        let all_present = self.keys.iter().all(|key| value_of(actual, key).is_some());
        let none_else = || {
            let wanted = |key: &A::Key| self.keys.iter().any(|listed| *key == *listed);
            actual.entries().into_iter().all(|(key, _)| wanted(key))
        };
        all_present && (!self.exactly || none_else())
    }

    fn describe(&self) -> String {
        let template = if self.exactly {
            "a map with exactly the keys {}"
        } else {
            "a map containing keys {}"
        };
        fill(template, &self.keys.render())
    }
}

/// A map with at least one value equal to `value`.
pub fn contains_value<V: Render>(value: V) -> ContainsValue<V> {
    ContainsValue(value)
}

pub struct ContainsValue<V>(V);

impl<A, V> Matcher<A> for ContainsValue<V>
where
    A: ?Sized + Map,
    A::Value: PartialEq<V>,
    V: Render,
{
    fn matches(&self, actual: &A) -> bool {
        actual
            .entries()
            .into_iter()
            .any(|(_, value)| *value == self.0)
    }

    fn describe(&self) -> String {
        format!("a map containing value {}", self.0.render())
    }
}

/// A map with the entry `key`: `value`.
pub fn contains_entry<K: Render, V: Render>(key: K, value: V) -> Entries<K, V> {
    Entries {
        entries: vec![(key, value)],
        single: true,
    }
}

/// A map holding every entry of `entries` with an equal value: a map, or pairs
/// `[("apple", 3)]`.
pub fn contains_entries<K: Render, V: Render>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> Entries<K, V> {
    Entries {
        entries: entries.into_iter().collect(),
        single: false,
    }
}

pub struct Entries<K, V> {
    entries: Vec<(K, V)>,
    single: bool,
}

impl<A, K, V> Matcher<A> for Entries<K, V>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    A::Value: PartialEq<V>,
    K: Render,
    V: Render,
{
    fn matches(&self, actual: &A) -> bool {
        self.entries
            .iter()
            .all(|(key, value)| value_of(actual, key).is_some_and(|found| *found == *value))
    }

    fn describe(&self) -> String {
        match (self.single, self.entries.as_slice()) {
            (true, [(key, value)]) => format!(
                "a map containing entry {}: {}",
                key.render(),
                value.render()
            ),
            _ => {
                let entries = self.entries.iter().map(|(key, value)| (key, value));
                format!("a map containing entries {}", render_map(entries))
            }
        }
    }
}

/// A map whose value at `key` matches `matcher`; a missing key never does.
pub fn has_entry_that<K: Render, M>(key: K, matcher: M) -> EntryThat<K, M> {
    EntryThat { key, matcher }
}

pub struct EntryThat<K, M> {
    key: K,
    matcher: M,
}

impl<A, K, M> Matcher<A> for EntryThat<K, M>
where
    A: ?Sized + Map,
    A::Key: PartialEq<K>,
    K: Render,
    M: Matcher<A::Value>,
{
    fn matches(&self, actual: &A) -> bool {
        value_of(actual, &self.key).is_some_and(|value| self.matcher.matches(value))
    }

    fn describe(&self) -> String {
        format!(
            "a map whose entry {} is {}",
            self.key.render(),
            self.matcher.describe()
        )
    }
}

/// A map whose every value matches `matcher` (an empty one does).
pub fn each_value<M>(matcher: M) -> EachValue<M> {
    EachValue(matcher)
}

pub struct EachValue<M>(M);

impl<A, M> Matcher<A> for EachValue<M>
where
    A: ?Sized + Map,
    M: Matcher<A::Value>,
{
    fn matches(&self, actual: &A) -> bool {
        actual
            .entries()
            .into_iter()
            .all(|(_, value)| self.0.matches(value))
    }

    fn describe(&self) -> String {
        format!("a map where every value is {}", self.0.describe())
    }
}
