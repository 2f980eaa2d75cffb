//! The result stream: with `TKIT_REPORT_DIR` set, one JSON line per test that used the kit.
//!
//! Every kit writes the same lines (`crosslang/report-stream.schema.json`) to a file of its
//! own, `rust-<pid>-<8 hex>.jsonl` in that folder, so `tkit report` can merge the runs of
//! all languages.
//!
//! libtest has no hooks, so the kit records what it sees. libtest runs each test on a
//! thread named after the test and joins it before the next report, so a record lives in
//! a thread-local: the first step or assertion of a test opens it, and the thread's end
//! writes the line. A test fails, for the stream, when a panic is left pending: a panic
//! (seen by a panic hook, or by a scenario guard unwinding) after which the test never
//! called the kit again. A panic that was caught (inside `fails()`, a `proptest!` case
//! that shrinks) is followed by more kit calls, which clear it.
//!
//! Not recorded: a test that never calls the kit (no step, no assertion); a panic before
//! the test's first call into the kit; anything the kit does on a thread the test spawned
//! (unnamed threads are not tests). `#[ignore]`d tests do not run, so no line says
//! "skipped". A test that ends with a panic it caught itself, without calling the kit
//! afterwards, is recorded as failed; so is a `#[should_panic]` test.

use crate::matchers::panic_message;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write as _;
use std::panic::{self, Location};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once, OnceLock};
use std::thread;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

const REPORT_DIR_VARIABLE: &str = "TKIT_REPORT_DIR";
const SCHEMA_VERSION: u32 = 1;

/// How a test failed: the message, and the two sides when a kit matcher did not match.
#[derive(Clone, Debug, Default, PartialEq)]
struct Failure {
    message: String,
    expected: Option<String>,
    actual: Option<String>,
}

/// What the stream knows of the test running on this thread.
#[derive(Debug)]
struct TestRecord {
    test: String,
    file: Option<String>,
    file_from_step: bool,
    started_at: SystemTime,
    start: Instant,
    steps: Vec<(&'static str, String)>,
    /// The failure of the last panic, unless the test called the kit again after it.
    pending: Option<Failure>,
    /// Set by a kit check just before it panics: the panic hook keeps its failure.
    awaiting_panic: bool,
    /// The first failed `expect_that!` of the open scenario.
    first_soft_mismatch: Option<(String, String)>,
}

impl TestRecord {
    fn new(test: String) -> Self {
        Self {
            test,
            file: None,
            file_from_step: false,
            started_at: SystemTime::now(),
            start: Instant::now(),
            steps: Vec::new(),
            pending: None,
            awaiting_panic: false,
            first_soft_mismatch: None,
        }
    }

    fn note_location(&mut self, location: &Location<'_>, is_step: bool) {
        if self.file.is_none() || (is_step && !self.file_from_step) {
            self.file = Some(location.file().to_string());
            self.file_from_step = is_step;
        }
    }

    /// The test went on running: whatever panicked before was caught.
    fn resume(&mut self) {
        self.pending = None;
        self.awaiting_panic = false;
    }

    fn line(&self, commit: Option<&str>, duration_ms: f64) -> String {
        let mut line = String::from("{");
        let _ = write!(line, "\"schema\":{SCHEMA_VERSION},\"language\":\"rust\"");
        let file = self
            .file
            .as_deref()
            .map(project_relative)
            .unwrap_or_else(|| "unknown".to_string());
        let _ = write!(line, ",\"file\":{}", json_string(&file));
        let _ = write!(line, ",\"test\":{}", json_string(&self.test));
        let scenario = scenario_of(&self.test);
        let _ = write!(line, ",\"scenario\":{}", json_option(scenario));
        let status = if self.pending.is_some() {
            "failed"
        } else {
            "passed"
        };
        let _ = write!(line, ",\"status\":\"{status}\"");
        let _ = write!(line, ",\"duration_ms\":{:.3}", duration_ms.max(0.0));
        let started_at = rfc3339(self.started_at);
        let _ = write!(line, ",\"started_at\":{}", json_string(&started_at));
        let _ = write!(line, ",\"commit\":{}", json_option(commit));
        line.push_str(",\"steps\":[");
        for (index, (keyword, text)) in self.steps.iter().enumerate() {
            if index > 0 {
                line.push(',');
            }
            let _ = write!(
                line,
                "{{\"keyword\":\"{keyword}\",\"text\":{}}}",
                json_string(text)
            );
        }
        line.push_str("],\"failure\":");
        match &self.pending {
            None => line.push_str("null"),
            Some(failure) => {
                let _ = write!(
                    line,
                    "{{\"message\":{},\"expected\":{},\"actual\":{}}}",
                    json_string(&failure.message),
                    json_option(failure.expected.as_deref()),
                    json_option(failure.actual.as_deref())
                );
            }
        }
        line.push_str("}\n");
        line
    }
}

/// The record of the test running on this thread, written when the thread ends.
struct RecordSlot(RefCell<Option<TestRecord>>);

impl Drop for RecordSlot {
    /// The test's thread ends: libtest waits for this before it reports the test.
    fn drop(&mut self) {
        if let (Some(record), Some(stream)) = (self.0.get_mut().take(), stream()) {
            let duration = record.start.elapsed().as_secs_f64() * 1000.0;
            stream.write(&record.line(stream.commit.as_deref(), duration));
        }
    }
}

thread_local! {
    static RECORD: RecordSlot = const { RecordSlot(RefCell::new(None)) };
}

/// The stream file of this process, opened on the first line written.
struct Stream {
    path: PathBuf,
    commit: Option<String>,
    file: Mutex<Option<File>>,
}

impl Stream {
    fn write(&self, line: &str) {
        let Ok(mut file) = self.file.lock() else {
            return;
        };
        if file.is_none() {
            if let Some(folder) = self.path.parent() {
                let _ = std::fs::create_dir_all(folder);
            }
            *file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .ok();
        }
        if let Some(file) = file.as_mut() {
            // One write of the whole line: a killed run truncates at most the last line.
            let _ = file.write_all(line.as_bytes());
            let _ = file.flush();
        }
    }
}

fn stream() -> Option<&'static Stream> {
    static STREAM: OnceLock<Option<Stream>> = OnceLock::new();
    STREAM
        .get_or_init(|| {
            let folder = std::env::var_os(REPORT_DIR_VARIABLE).filter(|dir| !dir.is_empty())?;
            install_panic_hook();
            let name = format!("rust-{}-{:08x}.jsonl", std::process::id(), random_u32());
            Some(Stream {
                path: PathBuf::from(folder).join(name),
                commit: commit(),
                file: Mutex::new(None),
            })
        })
        .as_ref()
}

fn commit() -> Option<String> {
    ["TKIT_COMMIT", "GITHUB_SHA"].iter().find_map(|variable| {
        std::env::var(variable)
            .ok()
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    })
}

fn random_u32() -> u32 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(since_epoch) = SystemTime::now().duration_since(UNIX_EPOCH) {
        hasher.write_u128(since_epoch.as_nanos());
    }
    hasher.finish() as u32
}

/// Records every panic's message on its thread, then lets the previous hook print it.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let message = panic_message(info.payload());
            let _ = RECORD.try_with(|slot| {
                if let Ok(mut record) = slot.0.try_borrow_mut() {
                    if let Some(record) = record.as_mut() {
                        panicked(record, message);
                    }
                }
            });
            previous(info);
        }));
    });
}

fn panicked(record: &mut TestRecord, message: String) {
    if std::mem::take(&mut record.awaiting_panic) {
        return; // the kit's own check has already said why
    }
    let message = if message.is_empty() {
        "the test panicked".to_string()
    } else {
        message
    };
    // A panic that wraps a kit mismatch (proptest's final report does) keeps its sides.
    let (expected, actual) = match record.pending.take() {
        Some(Failure {
            expected: Some(expected),
            actual: Some(actual),
            ..
        }) if message.contains(&format!("expected: {expected}\n  actual: {actual}")) => {
            (Some(expected), Some(actual))
        }
        _ => (None, None),
    };
    record.pending = Some(Failure {
        message,
        expected,
        actual,
    });
}

/// Runs `change` on this thread's record, opening it on the first call of a test; does
/// nothing when the stream is off or the thread is not a test's.
fn with_record(change: impl FnOnce(&mut TestRecord)) {
    if stream().is_none() {
        return;
    }
    let current = thread::current();
    let Some(test) = current.name().filter(|name| *name != "main") else {
        return;
    };
    let _ = RECORD.try_with(|slot| {
        if let Ok(mut record) = slot.0.try_borrow_mut() {
            change(record.get_or_insert_with(|| TestRecord::new(test.to_string())));
        }
    });
}

/// A step was taken; `opens_scenario` when it is the first of a new scenario.
pub(crate) fn step(keyword: &'static str, text: &str, opens_scenario: bool, at: &Location<'_>) {
    with_record(|record| {
        record.resume();
        if opens_scenario {
            record.steps.clear();
        }
        record.steps.push((keyword, text.to_string()));
        record.note_location(at, true);
    });
}

/// A scenario opened without a step (by `expect_that!`).
pub(crate) fn scenario_opened() {
    with_record(|record| {
        record.resume();
        record.steps.clear();
    });
}

/// An assertion is about to run.
pub(crate) fn check_started(at: &Location<'_>) {
    with_record(|record| {
        record.resume();
        record.note_location(at, false);
    });
}

/// An assertion held (whatever panicked inside it was caught by its matcher).
pub(crate) fn check_passed() {
    with_record(TestRecord::resume);
}

/// `assert_that!` is about to panic with `message`.
pub(crate) fn hard_mismatch(message: &str, expected: String, actual: String) {
    with_record(|record| {
        record.pending = Some(Failure {
            message: message.to_string(),
            expected: Some(expected),
            actual: Some(actual),
        });
        record.awaiting_panic = true;
    });
}

/// `expect_that!` recorded a mismatch; the first one of a scenario gives the sides.
pub(crate) fn soft_mismatch(expected: String, actual: String) {
    with_record(|record| {
        record.first_soft_mismatch.get_or_insert((expected, actual));
    });
}

/// A scenario guard ends its scenario: `failed_expectations` is the report it is about to
/// panic with, if any; `unwinding` when a panic is passing through it.
pub(crate) fn scenario_closed(failed_expectations: Option<&str>, unwinding: bool) {
    with_record(|record| {
        let first_soft = record.first_soft_mismatch.take();
        if let Some(message) = failed_expectations {
            let (expected, actual) = first_soft.unzip();
            record.pending = Some(Failure {
                message: message.to_string(),
                expected,
                actual,
            });
            record.awaiting_panic = true;
        } else if unwinding && record.pending.is_none() {
            // Another panic hook replaced the kit's: the message is unknown.
            record.pending = Some(Failure {
                message: "the test panicked".to_string(),
                ..Failure::default()
            });
        }
    });
}

/// The scenario id of a test: the name of its function, the last part of its path.
fn scenario_of(test: &str) -> Option<&str> {
    let name = test.rsplit("::").next()?;
    let is_identifier = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    is_identifier.then_some(name)
}

/// A source path as the compiler saw it, made relative to the crate's folder.
fn project_relative(file: &str) -> String {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    relative_to(file, Path::new(&manifest_dir))
}

fn relative_to(file: &str, manifest_dir: &Path) -> String {
    let file = file.replace('\\', "/");
    let manifest = manifest_dir.to_string_lossy().replace('\\', "/");
    let manifest = manifest.trim_end_matches('/');
    if let Some(rest) = file.strip_prefix(&format!("{manifest}/")) {
        return rest.to_string();
    }
    // In a workspace the compiler sees paths relative to the workspace's root, e.g.
    // `crates/kit/tests/cart.rs`: drop the part that names the crate's folder.
    let parts: Vec<&str> = manifest
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    for start in 0..parts.len() {
        let prefix = format!("{}/", parts[start..].join("/"));
        if let Some(rest) = file.strip_prefix(&prefix) {
            return rest.to_string();
        }
    }
    file
}

/// `2026-12-02T05:00:00.123Z`.
fn rfc3339(time: SystemTime) -> String {
    let since_epoch = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since_epoch.as_secs();
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
        since_epoch.subsec_millis()
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn json_option(value: Option<&str>) -> String {
    value.map_or_else(|| "null".to_string(), json_string)
}

fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    fn record_with_failure(failure: Option<Failure>) -> TestRecord {
        let mut record = TestRecord::new("cart::given_cart_when_total_then_it_sums".to_string());
        record.file = Some("tests/cart.rs".to_string());
        record.started_at = UNIX_EPOCH + std::time::Duration::from_millis(1_795_000_000_123);
        record.steps = vec![("given", "a \"cart\"\n".to_string())];
        record.pending = failure;
        record
    }

    #[test]
    fn given_failed_record_when_written_then_line_is_json_with_every_field() {
        given!("a record whose assertion failed");
        let record = record_with_failure(Some(Failure {
            message: "expected: equal to 5\n  actual: 4".to_string(),
            expected: Some("equal to 5".to_string()),
            actual: Some("4".to_string()),
        }));
        when!("its line is written");
        let line = record.line(Some("abc123"), 1.5);
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        then!("it parses back to the record, one line ending in a newline");
        assert_that!(line, ends_with("}\n"));
        assert_that!(line.trim_end(), not(contains_substring("\n")));
        assert_that!(parsed["status"].as_str(), eq(Some("failed")));
        assert_that!(parsed["file"].as_str(), eq(Some("tests/cart.rs")));
        assert_that!(
            parsed["scenario"].as_str(),
            eq(Some("given_cart_when_total_then_it_sums"))
        );
        assert_that!(parsed["commit"].as_str(), eq(Some("abc123")));
        assert_that!(parsed["duration_ms"].as_f64(), eq(Some(1.5)));
        assert_that!(
            parsed["started_at"].as_str(),
            eq(Some("2026-11-18T11:06:40.123Z"))
        );
        assert_that!(
            parsed["steps"][0]["text"].as_str(),
            eq(Some("a \"cart\"\n"))
        );
        assert_that!(
            parsed["failure"]["expected"].as_str(),
            eq(Some("equal to 5"))
        );
        assert_that!(parsed["failure"]["actual"].as_str(), eq(Some("4")));
    }

    #[test]
    fn given_passed_record_when_written_then_failure_and_commit_are_null() {
        given!("a record without a pending panic");
        let record = record_with_failure(None);
        when!("its line is written without a commit");
        let parsed: serde_json::Value =
            serde_json::from_str(&record.line(None, 0.0)).unwrap_or_default();
        then!("it passed, with null failure and commit");
        assert_that!(parsed["status"].as_str(), eq(Some("passed")));
        assert_that!(parsed["failure"].is_null(), is_true());
        assert_that!(parsed["commit"].is_null(), is_true());
    }

    #[test]
    fn when_a_panic_wraps_a_kit_mismatch_then_the_sides_are_kept() {
        given!("a record holding a caught mismatch");
        let mut record = record_with_failure(Some(Failure {
            message: "expected: equal to 5\n  actual: 4".to_string(),
            expected: Some("equal to 5".to_string()),
            actual: Some("4".to_string()),
        }));
        when!("a later panic quotes it, as proptest's final report does");
        panicked(
            &mut record,
            "Test failed: expected: equal to 5\n  actual: 4.".to_string(),
        );
        then!("the failure has the new message and the mismatch's sides");
        let failure = record.pending.unwrap_or_default();
        assert_that!(failure.message, starts_with("Test failed"));
        assert_that!(failure.expected, eq(Some("equal to 5".to_string())));
    }

    #[test]
    fn when_control_characters_are_escaped_then_json_stays_on_one_line() {
        when!("a string with quotes, a backslash and control characters is escaped");
        let escaped = json_string("a\"b\\c\u{1}\té");
        then!("each is escaped and non-ASCII text is kept");
        assert_that!(escaped, eq("\"a\\\"b\\\\c\\u0001\\té\"".to_string()));
    }

    #[test]
    fn when_test_paths_are_read_then_scenario_is_the_function_name() {
        when!("test paths are turned into scenario ids");
        let ids: Vec<Option<&str>> = [
            "cart::tests::adds_item",
            "adds_item",
            "src/lib.rs - (line 3)",
        ]
        .iter()
        .map(|test| scenario_of(test))
        .collect();
        then!("the last segment is the id; a doctest has none");
        assert_that!(ids, eq(vec![Some("adds_item"), Some("adds_item"), None]));
    }

    #[test]
    fn when_paths_are_made_relative_then_they_start_at_the_crate() {
        when!("compiler paths are made relative to the crate's folder");
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let crate_folder = manifest
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let absolute_path = manifest.join("tests").join("cart.rs");
        let absolute = relative_to(&absolute_path.to_string_lossy(), manifest);
        let in_workspace = relative_to(&format!("{crate_folder}/tests/cart.rs"), manifest);
        let plain = relative_to("tests/cart.rs", manifest);
        then!("all three read tests/cart.rs");
        assert_that!(
            vec![absolute, in_workspace, plain],
            each(eq("tests/cart.rs".to_string()))
        );
    }

    #[test]
    fn when_days_are_converted_then_dates_follow_the_gregorian_calendar() {
        when!("day counts around leap days are converted");
        let dates = [0, 11_016, 11_017, 19_782].map(civil_from_days);
        then!("they are the calendar's dates");
        assert_that!(
            dates,
            eq([(1970, 1, 1), (2000, 2, 29), (2000, 3, 1), (2024, 2, 29)])
        );
    }
}
