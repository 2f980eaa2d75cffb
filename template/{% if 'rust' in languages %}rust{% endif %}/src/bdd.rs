//! Steps: `given!`, `when!`, `then!`, `and!` mark the phases of a scenario.
//!
//! A step is a plain statement, not a closure, so variables keep their natural scope.
//! Each step is recorded in the log of the running test; a failed assertion prints the
//! steps reached so far. libtest runs every test on a fresh thread, so each test starts
//! with an empty log.
//!
//! The first step of a scenario (or its first `expect_that!`) also places a scenario
//! guard in the enclosing block. When the block ends, the guard fails the test if soft
//! expectations failed, then clears the log. This is what makes `expect_that!`
//! impossible to forget to verify, and what gives every `proptest!` case a fresh log.
//!
//! With `TKIT_REPORT_DIR` set, steps and scenario ends also feed the result stream (see
//! the `report` module).

use std::cell::RefCell;
use std::panic::Location;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crate::report;

/// What a scenario has done so far. It belongs to the test, not to a thread: the
/// test's thread owns it, and the threads and tasks the test starts can enter it (see
/// the `scenario` module), so their steps and expectations reach the test.
#[derive(Default)]
pub(crate) struct Log {
    steps: Vec<String>,
    failed_expectations: Vec<String>,
    open: bool,
}

pub(crate) type SharedLog = Arc<Mutex<Log>>;

thread_local! {
    static LOG: RefCell<SharedLog> = RefCell::new(SharedLog::default());
}

fn with_log<R>(change: impl FnOnce(&mut Log) -> R) -> R {
    let shared = current_log();
    let mut log = shared.lock().unwrap_or_else(PoisonError::into_inner);
    change(&mut log)
}

/// The log this thread writes to: its own, or the one of the scenario it entered.
pub(crate) fn current_log() -> SharedLog {
    LOG.with(|log| log.borrow().clone())
}

/// Makes `log` this thread's log and returns the one it replaces.
pub(crate) fn replace_log(log: SharedLog) -> SharedLog {
    LOG.with(|current| current.replace(log))
}

/// Ends the scenario when dropped: fails the test for pending soft expectations and
/// clears the steps log. Only the first step or expectation of a scenario gets one.
#[must_use = "the guard verifies soft expectations when it goes out of scope"]
pub struct ScenarioGuard {
    armed: bool,
}

impl Drop for ScenarioGuard {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let failures = reset();
        let unwinding = thread::panicking();
        // A second panic while unwinding would abort the whole test binary.
        if !failures.is_empty() && !unwinding {
            let report = expectations_report(&failures);
            report::scenario_closed(Some(&report), false);
            panic!("{report}");
        }
        report::scenario_closed(None, unwinding);
    }
}

fn expectations_report(failures: &[String]) -> String {
    crate::assertions::checks_failed(failures)
}

/// Opens the scenario if none is open, returning the guard that will close it.
pub fn open_scenario() -> ScenarioGuard {
    let guard = arm_scenario();
    if guard.armed {
        report::scenario_opened();
    }
    guard
}

fn arm_scenario() -> ScenarioGuard {
    let armed = with_log(|log| !std::mem::replace(&mut log.open, true));
    ScenarioGuard { armed }
}

/// Records a step of the current scenario. Used by the step macros.
#[track_caller]
pub fn record_step(keyword: &'static str, description: &str) -> ScenarioGuard {
    let guard = arm_scenario();
    with_log(|log| log.steps.push(format!("{keyword} {description}")));
    report::step(keyword, description, guard.armed, Location::caller());
    guard
}

/// Records a failed soft expectation; the scenario guard reports it.
pub fn record_failed_expectation(message: String) {
    with_log(|log| log.failed_expectations.push(message));
}

/// Takes the failed expectations recorded so far: a failing assertion reports them with
/// its own failure, so the scenario guard does not report them again.
pub(crate) fn take_failed_expectations() -> Vec<String> {
    with_log(|log| std::mem::take(&mut log.failed_expectations))
}

/// The steps recorded so far on this thread, as `"<keyword> <description>"`.
pub fn steps() -> Vec<String> {
    with_log(|log| log.steps.clone())
}

/// Forgets the steps and pending expectations of this thread and returns the failed
/// expectations it dropped. The scenario guard calls it; call it yourself only when a
/// thread runs several scenarios without guards, e.g. a hand-written loop.
pub fn reset() -> Vec<String> {
    with_log(|log| {
        log.open = false;
        log.steps.clear();
        std::mem::take(&mut log.failed_expectations)
    })
}

/// Marks the start of the arrange phase: `given!("an empty cart");`
#[macro_export]
macro_rules! given {
    ($description:expr $(,)?) => {
        let _scenario = $crate::bdd::record_step("given", $description);
    };
}

/// Marks the action under test: `when!("an item is added");`
#[macro_export]
macro_rules! when {
    ($description:expr $(,)?) => {
        let _scenario = $crate::bdd::record_step("when", $description);
    };
}

/// Marks the start of the checks: `then!("the total is its price");`
#[macro_export]
macro_rules! then {
    ($description:expr $(,)?) => {
        let _scenario = $crate::bdd::record_step("then", $description);
    };
}

/// Continues the current phase: `and!("a second item is added");`
#[macro_export]
macro_rules! and {
    ($description:expr $(,)?) => {
        let _scenario = $crate::bdd::record_step("and", $description);
    };
}
