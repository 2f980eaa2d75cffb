//! The canonical rendering of values in failure messages.
//!
//! The three kits render values byte for byte alike, so one failure reads the same in
//! Rust, Python and Go: `null`, `true`, integers as digits, floats in their shortest
//! round-trip form with `.0` when integral, strings in double quotes with JSON escapes,
//! sequences `[1, 2]`, maps `{"a": 1}` with keys sorted by their rendering, errors
//! `error("message")`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Display;

/// A value that can be shown in a failure message.
///
/// Implement it for your own types to use them as actual values or matcher arguments.
pub trait Render {
    fn render(&self) -> String;
}

macro_rules! render_with_display {
    ($($ty:ty),* $(,)?) => {
        $(impl Render for $ty {
            fn render(&self) -> String {
                self.to_string()
            }
        })*
    };
}

render_with_display!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool
);

impl Render for f64 {
    fn render(&self) -> String {
        render_float(*self)
    }
}

impl Render for f32 {
    fn render(&self) -> String {
        // Widening through the shortest decimal keeps `0.1f32` as `0.1`, not `0.10000000149011612`.
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::NAN);
        render_float(if self.is_nan() { f64::NAN } else { shortest })
    }
}

/// Floats as Python's `repr` writes them: the shortest digits that round-trip, `.0` when
/// integral, and exponent notation only outside `[1e-4, 1e16)`.
fn render_float(value: f64) -> String {
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

impl Render for str {
    fn render(&self) -> String {
        render_str(self)
    }
}

impl Render for &str {
    fn render(&self) -> String {
        render_str(self)
    }
}

impl Render for String {
    fn render(&self) -> String {
        render_str(self)
    }
}

impl Render for char {
    fn render(&self) -> String {
        render_str(self.encode_utf8(&mut [0; 4]))
    }
}

fn render_str(text: &str) -> String {
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

impl Render for () {
    fn render(&self) -> String {
        "null".to_string()
    }
}

impl<T: Render> Render for Option<T> {
    fn render(&self) -> String {
        match self {
            Some(value) => value.render(),
            None => "null".to_string(),
        }
    }
}

impl<T: Render, E: Display> Render for Result<T, E> {
    fn render(&self) -> String {
        match self {
            Ok(value) => value.render(),
            Err(error) => format!("error({})", render_str(&error.to_string())),
        }
    }
}

/// A callable actual: matchers that run it (`fails`, `fails_with`) describe the call's
/// outcome instead, so this plain form shows only where nothing ran it.
impl<F: Fn() -> R, R> Render for F {
    fn render(&self) -> String {
        "a call".to_string()
    }
}

fn render_sequence<'a, T: Render + 'a>(items: impl IntoIterator<Item = &'a T>) -> String {
    let rendered: Vec<String> = items.into_iter().map(Render::render).collect();
    format!("[{}]", rendered.join(", "))
}

impl<T: Render> Render for [T] {
    fn render(&self) -> String {
        render_sequence(self)
    }
}

impl<T: Render> Render for &[T] {
    fn render(&self) -> String {
        render_sequence(*self)
    }
}

impl<T: Render, const N: usize> Render for [T; N] {
    fn render(&self) -> String {
        render_sequence(self)
    }
}

impl<T: Render> Render for Vec<T> {
    fn render(&self) -> String {
        render_sequence(self)
    }
}

impl<T: Render> Render for VecDeque<T> {
    fn render(&self) -> String {
        render_sequence(self)
    }
}

/// Sets have no order of their own; sorting the renderings keeps messages stable.
fn render_set<'a, T: Render + 'a>(items: impl IntoIterator<Item = &'a T>) -> String {
    let mut rendered: Vec<String> = items.into_iter().map(Render::render).collect();
    rendered.sort();
    format!("[{}]", rendered.join(", "))
}

impl<T: Render> Render for BTreeSet<T> {
    fn render(&self) -> String {
        render_set(self)
    }
}

impl<T: Render, S> Render for HashSet<T, S> {
    fn render(&self) -> String {
        render_set(self)
    }
}

pub(crate) fn render_map<'a, K: Render + 'a, V: Render + 'a>(
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) -> String {
    let mut rendered: Vec<(String, String)> = entries
        .into_iter()
        .map(|(key, value)| (key.render(), value.render()))
        .collect();
    rendered.sort();
    let entries: Vec<String> = rendered
        .into_iter()
        .map(|(key, value)| format!("{key}: {value}"))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

impl<K: Render, V: Render> Render for BTreeMap<K, V> {
    fn render(&self) -> String {
        render_map(self)
    }
}

impl<K: Render, V: Render, S> Render for HashMap<K, V, S> {
    fn render(&self) -> String {
        render_map(self)
    }
}

macro_rules! render_tuple {
    ($($name:ident : $index:tt),+) => {
        impl<$($name: Render),+> Render for ($($name,)+) {
            fn render(&self) -> String {
                let rendered: Vec<String> = vec![$(self.$index.render()),+];
                format!("[{}]", rendered.join(", "))
            }
        }
    };
}

render_tuple!(A: 0);
render_tuple!(A: 0, B: 1);
render_tuple!(A: 0, B: 1, C: 2);
render_tuple!(A: 0, B: 1, C: 2, D: 3);
render_tuple!(A: 0, B: 1, C: 2, D: 3, E: 4);
render_tuple!(A: 0, B: 1, C: 2, D: 3, E: 4, G: 5);

// A blanket `impl Render for &T` would overlap the one for closures (a reference to a
// closure is callable too), so references to the usual types get their own impls.
macro_rules! render_reference {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {
        $(impl<$($generics)*> Render for &$ty where $ty: Render {
            fn render(&self) -> String {
                (**self).render()
            }
        })*
    };
}

render_reference!(
    [] i8, [] i16, [] i32, [] i64, [] i128, [] isize,
    [] u8, [] u16, [] u32, [] u64, [] u128, [] usize,
    [] f32, [] f64, [] bool, [] char, [] String, [] (),
    [T] Option<T>,
    [T, E] Result<T, E>,
    [T] Vec<T>,
    [T] VecDeque<T>,
    [T, const N: usize] [T; N],
    [T] BTreeSet<T>,
    [T, S] HashSet<T, S>,
    [K, V] BTreeMap<K, V>,
    [K, V, S] HashMap<K, V, S>,
);
