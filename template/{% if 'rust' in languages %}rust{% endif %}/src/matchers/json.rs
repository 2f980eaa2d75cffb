//! Matchers of JSON text: `json_eq` compares documents, not their spelling.
//!
//! Two documents are equal when they hold the same values: object keys in any order,
//! whitespace anywhere, numbers compared as numbers (`1` equals `1.0`), a bool only equal
//! to a bool. Text that is not JSON never matches.

use serde_json::Value;

use super::Matcher;
use crate::render::Render;

fn parsed<T: AsRef<str> + ?Sized>(text: &T) -> Option<Value> {
    serde_json::from_str(text.as_ref()).ok()
}

fn same_document(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(left), Value::Number(right)) => left.as_f64() == right.as_f64(),
        (Value::Array(left), Value::Array(right)) => {
            left.len() == right.len() && left.iter().zip(right).all(|(a, b)| same_document(a, b))
        }
        (Value::Object(left), Value::Object(right)) => {
            left.len() == right.len()
                && left.iter().all(|(key, value)| {
                    right
                        .get(key)
                        .is_some_and(|other| same_document(value, other))
                })
        }
        (left, right) => left == right,
    }
}

/// JSON text holding the same document as `expected`.
///
/// Panics when `expected` is not JSON.
pub fn json_eq(expected: impl Into<String>) -> JsonEq {
    let text = expected.into();
    let document = parsed(text.as_str())
        .unwrap_or_else(|| panic!("json_eq needs JSON text, got {}", text.render()));
    JsonEq { text, document }
}

pub struct JsonEq {
    text: String,
    document: Value,
}

impl<T: AsRef<str> + ?Sized> Matcher<T> for JsonEq {
    fn matches(&self, actual: &T) -> bool {
        parsed(actual).is_some_and(|document| same_document(&document, &self.document))
    }

    fn describe(&self) -> String {
        format!("JSON equal to {}", self.text.render())
    }
}

/// Text that parses as one JSON document.
pub fn is_json() -> IsJson {
    IsJson
}

pub struct IsJson;

impl<T: AsRef<str> + ?Sized> Matcher<T> for IsJson {
    fn matches(&self, actual: &T) -> bool {
        parsed(actual).is_some()
    }

    fn describe(&self) -> String {
        "a JSON document".to_string()
    }
}
