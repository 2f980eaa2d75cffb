//! Steps: `given!`, `when!`, `then!`, `and!` mark the phases of a scenario.
//!
//! A step is a plain statement, not a closure, so variables keep their natural scope.
//! Each step is recorded in a log of the current thread; a failed assertion prints the
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

use std::cell::{Cell, RefCell};
use std::panic::Location;
use std::thread;

use crate::report;

thread_local! {
    static STEPS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static FAILED_EXPECTATIONS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static SCENARIO_OPEN: Cell<bool> = const { Cell::new(false) };
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
    let armed = !SCENARIO_OPEN.with(|open| open.replace(true));
    ScenarioGuard { armed }
}

/// Records a step of the current scenario. Used by the step macros.
#[track_caller]
pub fn record_step(keyword: &'static str, description: &str) -> ScenarioGuard {
    let guard = arm_scenario();
    STEPS.with(|steps| steps.borrow_mut().push(format!("{keyword} {description}")));
    report::step(keyword, description, guard.armed, Location::caller());
    guard
}

/// Records a failed soft expectation; the scenario guard reports it.
pub fn record_failed_expectation(message: String) {
    FAILED_EXPECTATIONS.with(|failures| failures.borrow_mut().push(message));
}

/// Takes the failed expectations recorded so far: a failing assertion reports them with
/// its own failure, so the scenario guard does not report them again.
pub(crate) fn take_failed_expectations() -> Vec<String> {
    FAILED_EXPECTATIONS.with(|failures| std::mem::take(&mut *failures.borrow_mut()))
}

/// The steps recorded so far on this thread, as `"<keyword> <description>"`.
pub fn steps() -> Vec<String> {
    STEPS.with(|steps| steps.borrow().clone())
}

/// Forgets the steps and pending expectations of this thread and returns the failed
/// expectations it dropped. The scenario guard calls it; call it yourself only when a
/// thread runs several scenarios without guards, e.g. a hand-written loop.
pub fn reset() -> Vec<String> {
    SCENARIO_OPEN.with(|open| open.set(false));
    STEPS.with(|steps| steps.borrow_mut().clear());
    FAILED_EXPECTATIONS.with(|failures| std::mem::take(&mut *failures.borrow_mut()))
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
