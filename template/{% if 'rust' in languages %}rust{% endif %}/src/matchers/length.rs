//! Length and emptiness: `has_len`, `has_len_at_least`, `has_len_at_most`, `is_empty`,
//! `is_not_empty`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use super::Matcher;

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

for_sequence_types!(collection_length);
collection_length!([K, V] BTreeMap<K, V>, [K, V, S] HashMap<K, V, S>);

/// Of length `length`.
pub fn has_len(length: usize) -> HasLen {
    HasLen::new(length, "a value of length", &[Ordering::Equal])
}

/// Of length `length` or more.
pub fn has_len_at_least(length: usize) -> HasLen {
    HasLen::new(
        length,
        "a value of length at least",
        &[Ordering::Greater, Ordering::Equal],
    )
}

/// Of length `length` or less.
pub fn has_len_at_most(length: usize) -> HasLen {
    HasLen::new(
        length,
        "a value of length at most",
        &[Ordering::Less, Ordering::Equal],
    )
}

/// A comparison of the actual's length with a bound.
pub struct HasLen {
    length: usize,
    words: &'static str,
    accepted: &'static [Ordering],
}

impl HasLen {
    fn new(length: usize, words: &'static str, accepted: &'static [Ordering]) -> Self {
        Self {
            length,
            words,
            accepted,
        }
    }
}

impl<T: ?Sized + Length> Matcher<T> for HasLen {
    fn matches(&self, actual: &T) -> bool {
        self.accepted.contains(&actual.length().cmp(&self.length))
    }

    fn describe(&self) -> String {
        format!("{} {}", self.words, self.length)
    }

    fn explain(&self, actual: &T) -> Option<String> {
        Some(which_has_length(actual))
    }
}

fn which_has_length<T: ?Sized + Length>(actual: &T) -> String {
    format!("which has length {}", actual.length())
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

    fn explain(&self, actual: &T) -> Option<String> {
        Some(which_has_length(actual))
    }
}
