//! `golden!("name", value)`: compares the value's string form with
//! `tests/testdata/golden/<name>.golden` of the crate; `TKIT_UPDATE_GOLDEN=1` rewrites
//! the file instead.

use std::fmt::Display;
use std::path::Path;

use crate::assertions;
use crate::matchers::eq;

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
        panic!("golden file {relative} is missing: run with TKIT_UPDATE_GOLDEN=1 to create it");
    };
    if let Some(message) = assertions::mismatch(&actual, &eq(expected)) {
        panic!(
            "golden file {relative} differs (run with TKIT_UPDATE_GOLDEN=1 to update it)\n{}",
            assertions::with_steps(message)
        );
    }
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
