//! Strings: prefixes, substrings, case, whitespace, character classes, lines, regexes.
//!
//! Every string matcher accepts a `String`, a `&str` or anything else that is
//! `AsRef<str>`. Case folding, and the whitespace of `eq_ignoring_whitespace` and
//! `is_trimmed`, are ASCII's, as in every kit.

use regex::Regex;

use super::{Matcher, fill};
use crate::render::Render;

/// A string starting with `prefix`.
pub fn starts_with(prefix: impl Into<String>) -> StringCheck {
    StringCheck::new(prefix, "a string starting with {}", |actual, prefix| {
        actual.starts_with(prefix)
    })
}

/// A string ending with `suffix`.
pub fn ends_with(suffix: impl Into<String>) -> StringCheck {
    StringCheck::new(suffix, "a string ending with {}", |actual, suffix| {
        actual.ends_with(suffix)
    })
}

/// A string containing `substring`.
pub fn contains_substring(substring: impl Into<String>) -> StringCheck {
    StringCheck::new(substring, "a string containing {}", |actual, substring| {
        actual.contains(substring)
    })
}

/// A string not containing `substring` (every string contains the empty one).
pub fn does_not_contain_substring(substring: impl Into<String>) -> StringCheck {
    StringCheck::new(
        substring,
        "a string not containing {}",
        |actual, substring| !actual.contains(substring),
    )
}

/// A string equal to `expected` under ASCII case folding.
pub fn eq_ignoring_case(expected: impl Into<String>) -> StringCheck {
    StringCheck::new(expected, "equal ignoring case to {}", |actual, expected| {
        actual.eq_ignore_ascii_case(expected)
    })
}

/// A string starting with `prefix` under ASCII case folding.
pub fn starts_with_ignoring_case(prefix: impl Into<String>) -> StringCheck {
    StringCheck::new(
        prefix,
        "a string starting with {} ignoring case",
        |actual, prefix| folded(actual).starts_with(&folded(prefix)),
    )
}

/// A string ending with `suffix` under ASCII case folding.
pub fn ends_with_ignoring_case(suffix: impl Into<String>) -> StringCheck {
    StringCheck::new(
        suffix,
        "a string ending with {} ignoring case",
        |actual, suffix| folded(actual).ends_with(&folded(suffix)),
    )
}

/// A string containing `substring` under ASCII case folding.
pub fn contains_substring_ignoring_case(substring: impl Into<String>) -> StringCheck {
    StringCheck::new(
        substring,
        "a string containing {} ignoring case",
        |actual, substring| folded(actual).contains(&folded(substring)),
    )
}

/// A string equal to `expected` once both lose every ASCII whitespace character.
pub fn eq_ignoring_whitespace(expected: impl Into<String>) -> StringCheck {
    StringCheck::new(
        expected,
        "equal ignoring whitespace to {}",
        |actual, expected| {
            let solid = |text: &str| text.replace(is_ascii_space, "");
            solid(actual) == solid(expected)
        },
    )
}

fn folded(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Space, `\t`, `\n`, `\r`, `\f` and `\v`: `char::is_ascii_whitespace` leaves out `\v`.
fn is_ascii_space(character: char) -> bool {
    character.is_ascii_whitespace() || character == '\x0b'
}

/// A check of a string against one string operand.
pub struct StringCheck {
    operand: String,
    template: &'static str,
    accepts: fn(&str, &str) -> bool,
}

impl StringCheck {
    fn new(
        operand: impl Into<String>,
        template: &'static str,
        accepts: fn(&str, &str) -> bool,
    ) -> Self {
        Self {
            operand: operand.into(),
            template,
            accepts,
        }
    }
}

impl<T: ?Sized + AsRef<str>> Matcher<T> for StringCheck {
    fn matches(&self, actual: &T) -> bool {
        (self.accepts)(actual.as_ref(), &self.operand)
    }

    fn describe(&self) -> String {
        fill(self.template, &self.operand.render())
    }
}

/// A string of whitespace only (the empty string included).
pub fn is_blank() -> StringProperty {
    StringProperty::new("a blank string", |text| text.trim().is_empty())
}

/// A string with no ASCII uppercase letter (the empty string included).
pub fn is_lowercase() -> StringProperty {
    StringProperty::new("a lowercase string", |text| {
        !text.bytes().any(|byte| byte.is_ascii_uppercase())
    })
}

/// A string with no ASCII lowercase letter (the empty string included).
pub fn is_uppercase() -> StringProperty {
    StringProperty::new("an uppercase string", |text| {
        !text.bytes().any(|byte| byte.is_ascii_lowercase())
    })
}

/// A non-empty string of ASCII letters only.
pub fn is_alphabetic() -> StringProperty {
    StringProperty::new("an alphabetic string", |text| {
        made_of(text, u8::is_ascii_alphabetic)
    })
}

/// A non-empty string of ASCII digits `0`-`9` only.
pub fn is_numeric() -> StringProperty {
    StringProperty::new("a numeric string", |text| made_of(text, u8::is_ascii_digit))
}

/// A non-empty string of ASCII letters and digits only.
pub fn is_alphanumeric() -> StringProperty {
    StringProperty::new("an alphanumeric string", |text| {
        made_of(text, u8::is_ascii_alphanumeric)
    })
}

/// A string of characters below U+0080 (the empty string included).
pub fn is_ascii() -> StringProperty {
    StringProperty::new("an ASCII string", str::is_ascii)
}

/// A string that neither starts nor ends with ASCII whitespace.
pub fn is_trimmed() -> StringProperty {
    StringProperty::new("a string without leading or trailing whitespace", |text| {
        text.trim_matches(is_ascii_space).len() == text.len()
    })
}

/// A string with no `\n` and no `\r` (the empty string included).
pub fn is_single_line() -> StringProperty {
    StringProperty::new("a single-line string", |text| !text.contains(['\n', '\r']))
}

fn made_of(text: &str, class: fn(&u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(|byte| class(&byte))
}

/// A check of one property of a string.
pub struct StringProperty {
    words: &'static str,
    accepts: fn(&str) -> bool,
}

impl StringProperty {
    fn new(words: &'static str, accepts: fn(&str) -> bool) -> Self {
        Self { words, accepts }
    }
}

impl<T: ?Sized + AsRef<str>> Matcher<T> for StringProperty {
    fn matches(&self, actual: &T) -> bool {
        (self.accepts)(actual.as_ref())
    }

    fn describe(&self) -> String {
        self.words.to_string()
    }
}

/// A string containing every one of `substrings`, each found after the end of the
/// previous one: `contains_substrings_in_order(["total", "5"])`.
pub fn contains_substrings_in_order<S: Into<String>>(
    substrings: impl IntoIterator<Item = S>,
) -> SubstringsInOrder {
    SubstringsInOrder(substrings.into_iter().map(Into::into).collect())
}

pub struct SubstringsInOrder(Vec<String>);

impl<T: ?Sized + AsRef<str>> Matcher<T> for SubstringsInOrder {
    fn matches(&self, actual: &T) -> bool {
        let mut rest = actual.as_ref();
        self.0
            .iter()
            .all(|substring| match rest.find(substring.as_str()) {
                Some(start) => {
                    rest = &rest[start + substring.len()..];
                    true
                }
                None => false,
            })
    }

    fn describe(&self) -> String {
        format!("a string containing {} in order", self.0.render())
    }
}

/// A string of `count` lines: lines end at `\n`, a trailing `\n` does not start one,
/// and the empty string has none.
pub fn has_line_count(count: usize) -> LineCount {
    LineCount(count)
}

pub struct LineCount(usize);

impl<T: ?Sized + AsRef<str>> Matcher<T> for LineCount {
    fn matches(&self, actual: &T) -> bool {
        actual.as_ref().split_terminator('\n').count() == self.0
    }

    fn describe(&self) -> String {
        format!("a string of {} lines", self.0)
    }

    fn explain(&self, actual: &T) -> Option<String> {
        let lines = actual.as_ref().split_terminator('\n').count();
        let noun = if lines == 1 { "line" } else { "lines" };
        Some(format!("which has {lines} {noun}"))
    }
}

/// A string in which the regex `pattern` finds a match (anywhere, unless anchored).
///
/// Panics when `pattern` is not a valid regex: a broken test, not a failed check.
pub fn matches_regex(pattern: &str) -> RegexCheck {
    RegexCheck {
        pattern: Pattern::compile("matches_regex", pattern, false),
        template: "a string matching the regex {}",
    }
}

/// A string that the regex `pattern` matches as a whole, not in part.
///
/// Panics when `pattern` is not a valid regex.
pub fn full_matches_regex(pattern: &str) -> RegexCheck {
    RegexCheck {
        pattern: Pattern::compile("full_matches_regex", pattern, true),
        template: "a string fully matching the regex {}",
    }
}

pub struct RegexCheck {
    pattern: Pattern,
    template: &'static str,
}

impl<T: ?Sized + AsRef<str>> Matcher<T> for RegexCheck {
    fn matches(&self, actual: &T) -> bool {
        self.pattern.is_match(actual.as_ref())
    }

    fn describe(&self) -> String {
        fill(self.template, &self.pattern.render())
    }
}

/// A compiled regex that remembers the pattern it was written as, for descriptions.
pub(super) struct Pattern {
    source: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `source`, anchored at both ends when `whole`; panics, naming the
    /// matcher, when it is not a valid regex.
    pub(super) fn compile(matcher: &str, source: &str, whole: bool) -> Self {
        let compiled = Regex::new(source).and_then(|regex| {
            if whole {
                Regex::new(&format!(r"\A(?:{source})\z"))
            } else {
                Ok(regex)
            }
        });
        let regex = compiled.unwrap_or_else(|error| {
            panic!("{matcher}: invalid regex {}: {error}", source.render())
        });
        Self {
            source: source.to_string(),
            regex,
        }
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    pub(super) fn render(&self) -> String {
        self.source.render()
    }
}
