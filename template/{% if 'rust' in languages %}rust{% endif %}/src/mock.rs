//! `Mock`: a recorder of calls with expectations, checked when the mock is dropped.
//!
//! ```text
//! let gateway = Mock::new();
//! gateway.expect_call("charge").with_args((1250,)).times(1).returns(Ok::<(), String>(()));
//! let result: Result<(), String> = gateway.call("charge", (1250,));
//! ```
//!
//! Arguments are compared by their canonical rendering, so `(1250,)` configured as
//! `i32` matches a call made with an `i64`. A call that no expectation accepts fails at
//! once; an expectation called a wrong number of times fails when the mock is dropped
//! (or at [`Mock::verify`]).

use std::any::Any;
use std::cell::RefCell;
use std::thread;

use crate::render::Render;

struct Expectation {
    name: String,
    args: Option<String>,
    times: Option<usize>,
    returns: Option<Box<dyn Any>>,
    calls: usize,
}

impl Expectation {
    fn accepts(&self, name: &str, args: &str) -> bool {
        self.name == name && self.args.as_ref().is_none_or(|wanted| wanted == args)
    }

    fn signature(&self) -> String {
        match &self.args {
            Some(args) => format!("{}({args})", self.name),
            None => format!("{}(..)", self.name),
        }
    }

    fn shortfall(&self) -> Option<String> {
        let wanted = match self.times {
            Some(times) if times == self.calls => return None,
            Some(times) => times.to_string(),
            None if self.calls > 0 => return None,
            None => "at least 1".to_string(),
        };
        let noun = |count: &str| {
            if count.ends_with(" 1") || count == "1" {
                "time"
            } else {
                "times"
            }
        };
        Some(format!(
            "expected {} to be called {wanted} {}, but it was called {} {}",
            self.signature(),
            noun(&wanted),
            self.calls,
            noun(&self.calls.to_string()),
        ))
    }
}

/// A test double that answers calls from configured expectations.
#[derive(Default)]
pub struct Mock {
    expectations: RefCell<Vec<Expectation>>,
    verified: RefCell<bool>,
}

/// One expectation under construction: `with_args`, `times`, `returns` refine it.
pub struct ExpectedCall<'mock> {
    mock: &'mock Mock,
    index: usize,
}

impl ExpectedCall<'_> {
    fn update(self, change: impl FnOnce(&mut Expectation)) -> Self {
        change(&mut self.mock.expectations.borrow_mut()[self.index]);
        self
    }

    /// Only calls with these arguments (compared by rendering) match.
    pub fn with_args(self, args: impl Render) -> Self {
        let rendered = args.render();
        self.update(|expectation| expectation.args = Some(rendered))
    }

    /// The call must happen exactly `count` times (default: exactly once, as in every kit).
    pub fn times(self, count: usize) -> Self {
        self.update(|expectation| expectation.times = Some(count))
    }

    /// The value each matching call returns; a call returning `()` needs none.
    pub fn returns<R: Clone + 'static>(self, value: R) -> Self {
        self.update(|expectation| expectation.returns = Some(Box::new(value)))
    }
}

impl Mock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Expects a call of `name`; refine it with `with_args`, `times`, `returns`.
    pub fn expect_call(&self, name: &str) -> ExpectedCall<'_> {
        let mut expectations = self.expectations.borrow_mut();
        expectations.push(Expectation {
            name: name.to_string(),
            args: None,
            // Exactly once unless `times` says otherwise, as the Python and Go mocks.
            times: Some(1),
            returns: None,
            calls: 0,
        });
        ExpectedCall {
            mock: self,
            index: expectations.len() - 1,
        }
    }

    /// Records a call and returns what its expectation configured.
    ///
    /// Panics when no expectation accepts the call, or when it configured no value of
    /// type `R` (a call returning `()` needs none).
    #[track_caller]
    pub fn call<R: Clone + 'static>(&self, name: &str, args: impl Render) -> R {
        let rendered = args.render();
        let mut expectations = self.expectations.borrow_mut();
        // The first expectation that still wants calls wins, so `times` can stage answers.
        let chosen = expectations
            .iter()
            .position(|e| e.accepts(name, &rendered) && e.times.is_none_or(|t| e.calls < t))
            .or_else(|| expectations.iter().position(|e| e.accepts(name, &rendered)));
        let Some(index) = chosen else {
            drop(expectations);
            *self.verified.borrow_mut() = true;
            panic!("unexpected call: {name}({rendered})");
        };
        let expectation = &mut expectations[index];
        expectation.calls += 1;
        let unit: Box<dyn Any> = Box::new(());
        let value = expectation.returns.as_ref().unwrap_or(&unit);
        match value.downcast_ref::<R>() {
            Some(value) => value.clone(),
            None => {
                let signature = expectation.signature();
                drop(expectations);
                *self.verified.borrow_mut() = true;
                panic!(
                    "{signature} has no return value of type {}: configure one with returns(..)",
                    std::any::type_name::<R>()
                )
            }
        }
    }

    /// How many times calls of `name` were answered.
    pub fn calls(&self, name: &str) -> usize {
        self.expectations
            .borrow()
            .iter()
            .filter(|expectation| expectation.name == name)
            .map(|expectation| expectation.calls)
            .sum()
    }

    /// Checks every expectation now instead of when the mock is dropped.
    #[track_caller]
    pub fn verify(&self) {
        *self.verified.borrow_mut() = true;
        let shortfalls: Vec<String> = self
            .expectations
            .borrow()
            .iter()
            .filter_map(Expectation::shortfall)
            .collect();
        if !shortfalls.is_empty() {
            panic!("{}", shortfalls.join("\n"));
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        // A panic while unwinding would abort the test binary; the first failure suffices.
        if !*self.verified.borrow() && !thread::panicking() {
            self.verify();
        }
    }
}
