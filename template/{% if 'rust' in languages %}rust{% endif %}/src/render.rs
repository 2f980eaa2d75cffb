//! The canonical rendering of values in failure messages.
//!
//! The three kits render values byte for byte alike, so one failure reads the same in
//! Rust, Python and Go: `null`, `true`, integers as digits, floats in their shortest
//! round-trip form with `.0` when integral, strings in double quotes with JSON escapes,
//! sequences `[1, 2]`, maps `{"a": 1}` with keys sorted by their rendering, errors
//! `error("message")`, records `Order { id: 1, items: [] }`.
//!
//! Every type with a `Debug` implementation renders, with no code for the kit: the
//! rendering is read from the value's `{:?}` form (what `#[derive(Debug)]` writes for a
//! struct already is the record form), then written canonically. A type that wants to
//! render otherwise says so in its own `Debug` implementation; output that is not Rust
//! value syntax (`1.5s`, a date) is shown as it is.

use std::fmt::Debug;

/// A value that can be shown in a failure message: every `Debug` type is one.
pub trait Render: Debug {
    fn render(&self) -> String;
}

impl<T: Debug + ?Sized> Render for T {
    fn render(&self) -> String {
        shape_of(self).text
    }
}

/// What a part of a value is, for the structural diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Leaf,
    List,
    Set,
    Map,
    Record,
}

/// A value as failure messages see it: its canonical text and, for containers, its
/// parts (a list's and a set's by position, a map's by rendered key in sorted order, a
/// record's by field in declaration order).
#[derive(Clone, Debug)]
pub(crate) struct Shape {
    pub(crate) text: String,
    pub(crate) kind: Kind,
    pub(crate) parts: Vec<(String, Shape)>,
    /// The type name of a record.
    pub(crate) name: String,
    /// The text of a string or char, which a diff compares character by character.
    pub(crate) string: Option<String>,
}

impl Shape {
    fn leaf(text: String) -> Self {
        Shape {
            text,
            kind: Kind::Leaf,
            parts: Vec::new(),
            name: String::new(),
            string: None,
        }
    }

    fn string(text: String) -> Self {
        Shape {
            string: Some(text.clone()),
            ..Shape::leaf(render_str(&text))
        }
    }

    fn sequence(items: Vec<Shape>, kind: Kind) -> Self {
        let text = format!("[{}]", joined(items.iter().map(|item| item.text.as_str())));
        let parts = items
            .into_iter()
            .enumerate()
            .map(|(index, item)| (index.to_string(), item))
            .collect();
        Shape {
            text,
            kind,
            parts,
            name: String::new(),
            string: None,
        }
    }

    fn set(mut items: Vec<Shape>) -> Self {
        // A set has no order of its own; sorting by rendering keeps messages stable.
        items.sort_by(|left, right| left.text.cmp(&right.text));
        Shape::sequence(items, Kind::Set)
    }

    fn map(entries: Vec<(Shape, Shape)>) -> Self {
        let mut parts: Vec<(String, Shape)> = entries
            .into_iter()
            .map(|(key, value)| (key.text, value))
            .collect();
        parts.sort_by(|left, right| left.0.cmp(&right.0));
        let text = format!(
            "{{{}}}",
            joined(
                parts
                    .iter()
                    .map(|(key, value)| format!("{key}: {}", value.text))
            )
        );
        Shape {
            text,
            kind: Kind::Map,
            parts,
            name: String::new(),
            string: None,
        }
    }

    fn record(name: String, fields: Vec<(String, Shape)>) -> Self {
        let text = if fields.is_empty() {
            name.clone()
        } else {
            let inner = joined(
                fields
                    .iter()
                    .map(|(field, value)| format!("{field}: {}", value.text)),
            );
            format!("{name} {{ {inner} }}")
        };
        Shape {
            text,
            kind: Kind::Record,
            parts: fields,
            name,
            string: None,
        }
    }
}

fn joined<S: AsRef<str>>(items: impl Iterator<Item = S>) -> String {
    let mut out = String::new();
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push_str(item.as_ref());
    }
    out
}

/// The shape of any `Debug` value, read from its `{:?}` form.
pub(crate) fn shape_of<T: Debug + ?Sized>(value: &T) -> Shape {
    let debug = format!("{value:?}");
    if let Some(text) = refined(std::any::type_name::<T>(), &debug) {
        return Shape::leaf(text);
    }
    let mut parser = Parser {
        chars: debug.chars().collect(),
        at: 0,
    };
    match parser.value() {
        Some(shape) if parser.at == parser.chars.len() => shape,
        // Not Rust value syntax (a hand-written Debug): shown as it is.
        _ => Shape::leaf(debug),
    }
}

/// A map given as its entries, rendered as a map: `{"a": 1}`, keys sorted.
pub(crate) fn render_map<'a, K: Debug + 'a, V: Debug + 'a>(
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> String {
    let entries = entries
        .into_iter()
        .map(|(key, value)| (shape_of(key), shape_of(value)))
        .collect();
    Shape::map(entries).text
}

/// The kit's own rendering of a few standard types whose `Debug` form other kits cannot
/// match: durations (`1500ms`) and times (RFC 3339), see `matchers::time`. Generic code
/// cannot ask a type what it is, so the type's name and its exact `Debug` form are read.
fn refined(type_name: &str, debug: &str) -> Option<String> {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::matchers::{render_duration, render_time};
    match type_name {
        "core::time::Duration" => Some(render_duration(&parse_duration(debug)?)),
        "std::time::SystemTime" => {
            // `SystemTime { tv_sec: 1767225600, tv_nsec: 250000000 }` on Unix.
            let fields: Vec<i64> = debug
                .split(|c: char| !(c.is_ascii_digit() || c == '-'))
                .filter_map(|part| part.parse().ok())
                .collect();
            let [seconds, nanos] = fields[..] else {
                return None;
            };
            let nanos = u32::try_from(nanos).ok()?;
            let time = if seconds >= 0 {
                UNIX_EPOCH + Duration::new(seconds.unsigned_abs(), nanos)
            } else {
                UNIX_EPOCH - Duration::new(seconds.unsigned_abs(), 0) + Duration::new(0, nanos)
            };
            Some(render_time(&time))
        }
        _ => None,
    }
}

/// A `Duration` from its exact `Debug` form: `1.5s`, `250ms`, `3µs`, `7ns`.
fn parse_duration(debug: &str) -> Option<std::time::Duration> {
    let split = debug.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = debug.split_at(split);
    let nanos_per_unit: u128 = match unit {
        "s" => 1_000_000_000,
        "ms" => 1_000_000,
        "µs" => 1_000,
        "ns" => 1,
        _ => return None,
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let mut nanos = whole.parse::<u128>().ok()? * nanos_per_unit;
    let mut scale = nanos_per_unit;
    for digit in fraction.chars() {
        scale /= 10;
        nanos += u128::from(digit.to_digit(10)?) * scale;
    }
    let seconds = u64::try_from(nanos / 1_000_000_000).ok()?;
    Some(std::time::Duration::new(
        seconds,
        u32::try_from(nanos % 1_000_000_000).ok()?,
    ))
}

/// Floats as Python's `repr` writes them: the shortest digits that round-trip, `.0` when
/// integral, and exponent notation only outside `[1e-4, 1e16)`.
pub(crate) fn render_float(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        // `{:e}` gives the shortest digits as `1.5e-7`; the other kits write `1.5e-07`.
        let scientific = format!("{value:e}");
        let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
        let (sign, digits) = match exponent.strip_prefix('-') {
            Some(digits) => ('-', digits),
            None => ('+', exponent),
        };
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    // Debug is the shortest round-trip form and keeps the `.0` of integral values.
    format!("{value:?}")
}

/// A string in double quotes with JSON escapes, non-ASCII kept as is.
pub(crate) fn render_str(text: &str) -> String {
    let mut rendered = String::with_capacity(text.len() + 2);
    rendered.push('"');
    for character in text.chars() {
        match character {
            '"' => rendered.push_str("\\\""),
            '\\' => rendered.push_str("\\\\"),
            '\n' => rendered.push_str("\\n"),
            '\t' => rendered.push_str("\\t"),
            '\r' => rendered.push_str("\\r"),
            control if u32::from(control) < 0x20 => {
                rendered.push_str(&format!("\\u{:04x}", u32::from(control)));
            }
            other => rendered.push(other),
        }
    }
    rendered.push('"');
    rendered
}

/// A reader of Rust's `{:?}` syntax: literals, `[..]`, `{..}` maps and sets, `(..)`
/// tuples, `Name { field: .. }` and `Name(..)` records, and the `Some`/`None`/`Ok`/`Err`
/// wrappers, which render as what they hold (`None` as `null`, `Err` as `error(..)`).
struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, expected: &str) -> bool {
        let wanted: Vec<char> = expected.chars().collect();
        if self.chars[self.at..].starts_with(&wanted) {
            self.at += wanted.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Option<Shape> {
        self.skip_spaces();
        match self.peek()? {
            '"' => Some(Shape::string(self.quoted('"')?)),
            '\'' => Some(Shape::string(self.quoted('\'')?)),
            '[' => {
                self.at += 1;
                Some(Shape::sequence(self.items(']')?, Kind::List))
            }
            '(' => {
                self.at += 1;
                let items = self.items(')')?;
                Some(if items.is_empty() {
                    Shape::leaf("null".to_string())
                } else {
                    Shape::sequence(items, Kind::List)
                })
            }
            '{' => {
                self.at += 1;
                self.braces()
            }
            '-' | '0'..='9' => self.number(),
            c if c.is_alphabetic() || c == '_' => self.named(),
            _ => None,
        }
    }

    /// Comma-separated values up to `close`, which is consumed; a trailing comma (as in
    /// `(1,)`) is allowed.
    fn items(&mut self, close: char) -> Option<Vec<Shape>> {
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            if self.peek()? == close {
                self.at += 1;
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_spaces();
            match self.peek()? {
                ',' => self.at += 1,
                c if c == close => {}
                _ => return None,
            }
        }
    }

    /// After `{`: a map `{k: v, ..}` or a set `{a, b}`; `{}` is an empty map.
    fn braces(&mut self) -> Option<Shape> {
        let mut entries = Vec::new();
        let mut elements = Vec::new();
        loop {
            self.skip_spaces();
            if self.eat("}") {
                break;
            }
            let first = self.value()?;
            self.skip_spaces();
            if self.eat(":") {
                entries.push((first, self.value()?));
            } else {
                elements.push(first);
            }
            self.skip_spaces();
            if !self.eat(",") && self.peek()? != '}' {
                return None;
            }
        }
        match (entries.is_empty(), elements.is_empty()) {
            (_, true) => Some(Shape::map(entries)),
            (true, false) => Some(Shape::set(elements)),
            (false, false) => None,
        }
    }

    fn number(&mut self) -> Option<Shape> {
        let start = self.at;
        if self.eat("-inf") {
            return Some(Shape::leaf("-inf".to_string()));
        }
        self.eat("-");
        while let Some(c) = self.peek() {
            let exponent_sign =
                (c == '-' || c == '+') && matches!(self.chars.get(self.at - 1), Some('e' | 'E'));
            if c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || exponent_sign {
                self.at += 1;
            } else {
                break;
            }
        }
        let text: String = self.chars[start..self.at].iter().collect();
        if text.contains(['.', 'e', 'E']) {
            return text
                .parse::<f64>()
                .ok()
                .map(|value| Shape::leaf(render_float(value)));
        }
        (text != "-").then(|| Shape::leaf(text))
    }

    fn identifier(&mut self) -> String {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric()
                || c == '_'
                || (c == ':' && self.chars.get(self.at + 1) == Some(&':'))
            {
                self.at += if c == ':' { 2 } else { 1 };
            } else {
                break;
            }
        }
        self.chars[start..self.at].iter().collect()
    }

    /// A word: a literal (`true`, `None`, `NaN`, `inf`), a wrapper (`Some(..)`,
    /// `Ok(..)`, `Err(..)`), a record (`Name { .. }`, `Name(..)`) or a unit variant.
    fn named(&mut self) -> Option<Shape> {
        let name = self.identifier();
        match name.as_str() {
            "true" | "false" => return Some(Shape::leaf(name)),
            "None" => return Some(Shape::leaf("null".to_string())),
            "NaN" => return Some(Shape::leaf("nan".to_string())),
            "inf" => return Some(Shape::leaf("inf".to_string())),
            _ => {}
        }
        let saved = self.at;
        self.skip_spaces();
        if self.eat("(") {
            let mut items = self.items(')')?;
            return Some(match (name.as_str(), items.len()) {
                ("Some" | "Ok", 1) => items.remove(0),
                ("Err", 1) => Shape::leaf(format!("error({})", items.remove(0).text)),
                _ => Shape::sequence(items, Kind::Record).named(name),
            });
        }
        if self.peek() == Some('[') {
            // A wrapper around a list, as `Array [1, 2]`: the list is what it holds.
            return self.value();
        }
        if self.peek() == Some('{') && !self.record_follows() {
            // A wrapper around a map or a set, as `Object {"a": 1}`.
            return self.value();
        }
        if self.eat("{") {
            let mut fields = Vec::new();
            loop {
                self.skip_spaces();
                if self.eat("}") {
                    break;
                }
                let field = self.identifier();
                self.skip_spaces();
                if field.is_empty() || !self.eat(":") {
                    return None;
                }
                fields.push((field, self.value()?));
                self.skip_spaces();
                if !self.eat(",") && self.peek()? != '}' {
                    return None;
                }
            }
            return Some(Shape::record(name, fields));
        }
        self.at = saved;
        Some(Shape::record(name, Vec::new()))
    }

    /// Whether the `{` ahead opens a record's fields (`{ name: ...`) rather than a map
    /// or a set (a struct without fields has no braces in `Debug`).
    fn record_follows(&self) -> bool {
        let mut at = self.at + 1;
        while self.chars.get(at) == Some(&' ') {
            at += 1;
        }
        let starts_name = |c: &char| c.is_alphabetic() || *c == '_';
        match self.chars.get(at) {
            Some(c) if starts_name(c) => {
                while self
                    .chars
                    .get(at)
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_')
                {
                    at += 1;
                }
                self.chars.get(at) == Some(&':') && self.chars.get(at + 1) != Some(&':')
            }
            _ => false,
        }
    }

    /// A string or char literal in Debug's escapes, decoded to its text.
    fn quoted(&mut self, quote: char) -> Option<String> {
        self.at += 1;
        let mut text = String::new();
        loop {
            let c = self.peek()?;
            self.at += 1;
            match c {
                c if c == quote => return Some(text),
                '\\' => {
                    let escaped = self.peek()?;
                    self.at += 1;
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        'u' => {
                            if !self.eat("{") {
                                return None;
                            }
                            let start = self.at;
                            while self.peek()? != '}' {
                                self.at += 1;
                            }
                            let digits: String = self.chars[start..self.at].iter().collect();
                            self.at += 1;
                            char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?
                        }
                        other => other,
                    });
                }
                other => text.push(other),
            }
        }
    }
}

impl Shape {
    /// A tuple struct `Name(a, b)`: a record whose fields are its positions.
    fn named(mut self, name: String) -> Self {
        self.text = format!("{name}({})", &self.text[1..self.text.len() - 1]);
        self.kind = Kind::Record;
        self.name = name;
        self
    }
}
