//! `golden!("name", value)`: compares the value's string form with
//! `tests/testdata/golden/<name>.golden` of the crate; `TKIT_UPDATE_GOLDEN=1` rewrites
//! the file instead.

use std::fmt::Display;
use std::path::Path;

use crate::assertions;
use crate::difference::text_difference;

/// Whether the run asked to rewrite golden files: `TKIT_UPDATE_GOLDEN=1`.
pub fn update_requested() -> bool {
    std::env::var("TKIT_UPDATE_GOLDEN").is_ok_and(|flag| flag == "1")
}

/// Used by `golden!`, which passes the crate directory of the calling test and
/// [`update_requested`].
#[track_caller]
pub fn check_golden(crate_dir: &str, name: &str, value: &dyn Display, update: bool) {
    let relative = format!("tests/testdata/golden/{name}.golden");
    let path = Path::new(crate_dir).join(&relative);
    let actual = value.to_string();
    if update {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|error| panic!("cannot create {}: {error}", parent.display()));
        }
        std::fs::write(&path, &actual)
            .unwrap_or_else(|error| panic!("cannot write golden file {relative}: {error}"));
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        panic!(
            "golden file testdata/golden/{name}.golden does not exist; run the tests with TKIT_UPDATE_GOLDEN=1 to create it"
        );
    };
    // A checkout may turn line ends into CRLF; the golden content is the text.
    let expected = expected.replace("\r\n", "\n");
    if let Some(message) = golden_mismatch(name, &expected, &actual) {
        panic!("{}", assertions::with_steps(message));
    }
}

/// The failure message of a golden file holding `expected` when the value is `actual`:
/// the same words and the same diff in every kit. `None` when they are equal.
pub fn golden_mismatch(name: &str, expected: &str, actual: &str) -> Option<String> {
    let difference = text_difference(expected, actual)?;
    Some(format!(
        "golden file testdata/golden/{name}.golden differs; run the tests with TKIT_UPDATE_GOLDEN=1 to accept the new value\n{difference}"
    ))
}

/// Compares `value` (anything `Display`) with `tests/testdata/golden/<name>.golden`.
#[macro_export]
macro_rules! golden {
    ($name:expr, $value:expr $(,)?) => {
        $crate::golden::check_golden(
            env!("CARGO_MANIFEST_DIR"),
            $name,
            &$value,
            $crate::golden::update_requested(),
        )
    };
}
