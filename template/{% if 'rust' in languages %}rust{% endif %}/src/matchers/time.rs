//! Matchers of times (`SystemTime`) and durations (`Duration`): `within`, `is_before`,
//! `is_after`.
//!
//! They render alike in every kit: a time as RFC 3339 in UTC
//! (`2026-01-01T00:00:00.25Z`, the fraction only when there is one, to the microsecond),
//! a duration in the largest whole unit of `s`, `ms` or `µs` (`2s`, `1500ms`, `250µs`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::Matcher;
use crate::report::civil_from_days;

/// How a duration renders (`render` reads it back from the `Debug` form).
pub(crate) fn render_duration(duration: &Duration) -> String {
    let micros = duration.as_micros();
    if micros != 0 && micros % 1_000_000 == 0 {
        format!("{}s", micros / 1_000_000)
    } else if micros % 1_000 == 0 {
        format!("{}ms", micros / 1_000)
    } else {
        format!("{micros}µs")
    }
}

/// How a point in time renders (`render` reads it back from the `Debug` form).
pub(crate) fn render_time(time: &SystemTime) -> String {
    let (sign, since) = match time.duration_since(UNIX_EPOCH) {
        Ok(since) => (1, since),
        Err(before) => (-1, before.duration()),
    };
    let micros = sign * i128::try_from(since.as_micros()).unwrap_or(i128::MAX);
    let seconds = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    let mut text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    );
    if fraction != 0 {
        let digits = format!("{fraction:06}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    text.push('Z');
    text
}

/// A point or a span of time: what `within` measures the distance between.
pub trait Temporal {
    fn distance(&self, other: &Self) -> Duration;

    /// The value as every kit renders it.
    fn rendered(&self) -> String;
}

impl Temporal for SystemTime {
    fn rendered(&self) -> String {
        render_time(self)
    }

    fn distance(&self, other: &Self) -> Duration {
        self.duration_since(*other)
            .or_else(|_| other.duration_since(*self))
            .unwrap_or_default()
    }
}

impl Temporal for Duration {
    fn rendered(&self) -> String {
        render_duration(self)
    }

    fn distance(&self, other: &Self) -> Duration {
        self.abs_diff(*other)
    }
}

/// A time (or duration) no further than `tolerance` from `expected`.
pub fn within<T: Temporal>(tolerance: Duration, expected: T) -> Within<T> {
    Within {
        tolerance,
        expected,
    }
}

pub struct Within<T> {
    tolerance: Duration,
    expected: T,
}

impl<T: Temporal> Matcher<T> for Within<T> {
    fn matches(&self, actual: &T) -> bool {
        actual.distance(&self.expected) <= self.tolerance
    }

    fn describe(&self) -> String {
        format!(
            "within {} of {}",
            render_duration(&self.tolerance),
            self.expected.rendered()
        )
    }

    fn describe_actual(&self, actual: &T) -> Option<String> {
        Some(actual.rendered())
    }
}

/// A time strictly earlier than `moment`.
pub fn is_before(moment: SystemTime) -> Moment {
    Moment {
        moment,
        after: false,
    }
}

/// A time strictly later than `moment`.
pub fn is_after(moment: SystemTime) -> Moment {
    Moment {
        moment,
        after: true,
    }
}

pub struct Moment {
    moment: SystemTime,
    after: bool,
}

impl Matcher<SystemTime> for Moment {
    fn matches(&self, actual: &SystemTime) -> bool {
        if self.after {
            *actual > self.moment
        } else {
            *actual < self.moment
        }
    }

    fn describe(&self) -> String {
        let word = if self.after { "after" } else { "before" };
        format!("a time {word} {}", render_time(&self.moment))
    }

    fn describe_actual(&self, actual: &SystemTime) -> Option<String> {
        Some(render_time(actual))
    }
}
