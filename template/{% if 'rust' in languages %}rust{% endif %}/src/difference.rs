//! What differs between an expected and an actual value, worded alike in every kit
//! (the `[messages]` section of `rules/api.toml`; the shared cases pin it):
//!
//! - two strings with a line break: a unified line diff with 3 lines of context;
//! - two single-line strings: both, one above the other, with a `^` under the first
//!   character that differs, cut to a window around it when they are long;
//! - two lists, sets, maps or records: the differing entries by path
//!   (`.items[2].price: expected 3, actual 4`), at most [`MAX_ENTRIES`] lines.

use std::collections::BTreeMap;

use crate::render::{Kind, Shape, render_str};

const CONTEXT_LINES: usize = 3;
const MAX_ENTRIES: usize = 20;
const WINDOW_BEFORE: usize = 24;
const WINDOW_AFTER: usize = 40;
/// Above this many cells the line diff stops looking for the longest common
/// subsequence and shows the differing middle as removed, then added.
const MAX_DIFF_CELLS: usize = 1_000_000;
const LABEL_WIDTH: usize = "  expected: ".len();

/// The difference of two values under an equality mismatch; `None` when there is
/// nothing to add to the two sides (numbers, values of different kinds).
pub(crate) fn explain_difference(expected: &Shape, actual: &Shape) -> Option<String> {
    if expected.text == actual.text || expected.kind != actual.kind {
        return None;
    }
    if expected.kind == Kind::Leaf
        || (expected.kind == Kind::Record && expected.name != actual.name)
    {
        return None;
    }
    let mut lines = Vec::new();
    walk("", expected, actual, &mut lines);
    if lines.is_empty() {
        return None;
    }
    let more = lines.len().saturating_sub(MAX_ENTRIES);
    lines.truncate(MAX_ENTRIES);
    if more > 0 {
        lines.push(format!("... and {more} more"));
    }
    let body: Vec<String> = lines.iter().map(|line| format!("  {line}")).collect();
    Some(format!("differences:\n{}", body.join("\n")))
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

fn walk(path: &str, expected: &Shape, actual: &Shape, out: &mut Vec<String>) {
    if expected.text == actual.text {
        return;
    }
    let other_record = expected.kind == Kind::Record && expected.name != actual.name;
    if expected.kind != actual.kind || expected.kind == Kind::Leaf || other_record {
        out.push(format!(
            "{}expected {}, actual {}",
            at(path),
            expected.text,
            actual.text
        ));
        return;
    }
    if expected.kind == Kind::Set {
        let texts = |shape: &Shape| -> Vec<String> {
            shape
                .parts
                .iter()
                .map(|(_, item)| item.text.clone())
                .collect()
        };
        let (old, new) = (texts(expected), texts(actual));
        for item in old.iter().filter(|item| !new.contains(item)) {
            out.push(format!("{}missing element {item}", at(path)));
        }
        for item in new.iter().filter(|item| !old.contains(item)) {
            out.push(format!("{}extra element {item}", at(path)));
        }
        return;
    }
    let step = |key: &str| {
        if expected.kind == Kind::Record {
            format!("{path}.{key}")
        } else {
            format!("{path}[{key}]")
        }
    };
    let old: BTreeMap<&str, &Shape> = expected
        .parts
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let new: BTreeMap<&str, &Shape> = actual.parts.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let keys: Vec<String> = match expected.kind {
        Kind::List => (0..expected.parts.len().max(actual.parts.len()))
            .map(|index| index.to_string())
            .collect(),
        _ => {
            let mut keys: Vec<String> = expected.parts.iter().map(|(k, _)| k.clone()).collect();
            keys.extend(
                actual
                    .parts
                    .iter()
                    .filter(|(k, _)| !old.contains_key(k.as_str()))
                    .map(|(k, _)| k.clone()),
            );
            if expected.kind == Kind::Map {
                keys.sort();
            }
            keys
        }
    };
    for key in keys {
        match (old.get(key.as_str()), new.get(key.as_str())) {
            (Some(old), None) => {
                out.push(format!("{}: missing, expected {}", step(&key), old.text))
            }
            (None, Some(new)) => out.push(format!("{}: extra, actual {}", step(&key), new.text)),
            (Some(old), Some(new)) => walk(&step(&key), old, new, out),
            (None, None) => {}
        }
    }
}

/// The difference of two strings: a line diff when either has a line break, else a
/// marker under the first differing character; `None` when they are equal.
pub(crate) fn text_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    if expected.contains('\n') || actual.contains('\n') {
        return Some(line_diff(expected, actual));
    }
    Some(character_marker(expected, actual))
}

fn character_marker(expected: &str, actual: &str) -> String {
    let old: Vec<char> = expected.chars().collect();
    let new: Vec<char> = actual.chars().collect();
    let index = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let start = index.saturating_sub(WINDOW_BEFORE);
    let window = |text: &[char]| -> (&'static str, String) {
        let end = text.len().min(index + WINDOW_AFTER);
        let before = if start > 0 { "..." } else { "" };
        let after = if end < text.len() { "..." } else { "" };
        let slice: String = text[start..end].iter().collect();
        (before, format!("{before}{}{after}", render_str(&slice)))
    };
    let (_, shown_expected) = window(&old);
    let (before, shown_actual) = window(&new);
    // The marker sits under the first differing character as the actual line shows it,
    // escapes included; a difference past the end points just after the last one.
    let prefix: String = new[start..index].iter().collect();
    let column = LABEL_WIDTH + before.len() + render_str(&prefix).chars().count() - 1;
    format!(
        "first difference at index {index}:\n  expected: {shown_expected}\n    actual: {shown_actual}\n{}^",
        " ".repeat(column)
    )
}

/// A unified diff of two texts split on `\n`, with [`CONTEXT_LINES`] of context.
pub(crate) fn line_diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split('\n').collect();
    let new: Vec<&str> = actual.split('\n').collect();
    let script = edit_script(&old, &new);
    let mut lines = vec!["diff (-expected +actual):".to_string()];
    lines.extend(hunks(&script));
    lines.join("\n")
}

/// Kept (`' '`), removed (`'-'`) and added (`'+'`) lines turning old into new: a longest
/// common subsequence, removals before additions where both are possible.
fn edit_script<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(char, &'a str)> {
    let shortest = old.len().min(new.len());
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(shortest - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    let mut script: Vec<(char, &str)> = old[..prefix].iter().map(|line| (' ', *line)).collect();
    script.extend(middle_script(
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    ));
    script.extend(old[old.len() - suffix..].iter().map(|line| (' ', *line)));
    script
}

fn middle_script<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(char, &'a str)> {
    let (rows, columns) = (old.len(), new.len());
    let removed = old.iter().map(|line| ('-', *line));
    let added = new.iter().map(|line| ('+', *line));
    if rows * columns > MAX_DIFF_CELLS {
        return removed.chain(added).collect();
    }
    // common[i][j]: the length of a longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0usize; columns + 1]; rows + 1];
    for i in (0..rows).rev() {
        for j in (0..columns).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut script = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < rows && j < columns {
        if old[i] == new[j] {
            script.push((' ', old[i]));
            i += 1;
            j += 1;
        } else if common[i + 1][j] >= common[i][j + 1] {
            script.push(('-', old[i]));
            i += 1;
        } else {
            script.push(('+', new[j]));
            j += 1;
        }
    }
    script.extend(old[i..].iter().map(|line| ('-', *line)));
    script.extend(new[j..].iter().map(|line| ('+', *line)));
    script
}

/// Groups the edit script into unified hunks: each change with up to
/// [`CONTEXT_LINES`] kept lines around it, changes closer than twice that merged.
fn hunks(script: &[(char, &str)]) -> Vec<String> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (index, _) in script.iter().enumerate().filter(|(_, (op, _))| *op != ' ') {
        let low = index.saturating_sub(CONTEXT_LINES);
        let high = script.len().min(index + CONTEXT_LINES + 1);
        match groups.last_mut() {
            Some(last) if low <= last.1 => last.1 = high,
            _ => groups.push((low, high)),
        }
    }
    let count = |lines: &[(char, &str)], skipped: char| {
        lines.iter().filter(|(op, _)| *op != skipped).count()
    };
    let mut out = Vec::new();
    for (low, high) in groups {
        let (old_start, new_start) = (count(&script[..low], '+'), count(&script[..low], '-'));
        let body = &script[low..high];
        let (old_count, new_count) = (count(body, '+'), count(body, '-'));
        out.push(format!(
            "@@ -{},{old_count} +{},{new_count} @@",
            range_start(old_start, old_count),
            range_start(new_start, new_count)
        ));
        out.extend(body.iter().map(|(op, line)| format!("{op}{line}")));
    }
    out
}

/// As in every unified diff: 1-based, and an empty range names the line before it.
fn range_start(start: usize, count: usize) -> usize {
    if count > 0 { start + 1 } else { start }
}
