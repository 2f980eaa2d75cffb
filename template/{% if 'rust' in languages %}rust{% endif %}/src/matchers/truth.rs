//! Truthiness and null: `is_true`, `is_false`, `is_none`, `is_not_none`, `anything`.

use super::Matcher;

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
