//! Properties of one number: sign, NaN, finiteness, wholeness, parity, divisibility.

use std::cmp::Ordering;

use super::Matcher;
use crate::render::Render;

/// A number whose properties the number matchers can ask for.
pub trait Number {
    /// The ordering against zero; `None` for NaN.
    fn sign(&self) -> Option<Ordering>;

    /// Neither NaN nor an infinity; integers always are.
    fn is_finite(&self) -> bool;

    /// Even or odd for a whole number (an integer, or a finite float with no
    /// fractional part); `None` for any other.
    fn parity(&self) -> Option<Parity>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parity {
    Even,
    Odd,
}

/// An integer, the only kind of number `is_multiple_of` accepts.
pub trait Integer: Number {
    /// Whether `divisor` divides the number; a divisor of 0 divides nothing.
    fn is_divisible_by(&self, divisor: &Self) -> bool;
}

macro_rules! integer_number {
    ($($ty:ty),*) => {
        $(impl Number for $ty {
            fn sign(&self) -> Option<Ordering> {
                Some(self.cmp(&0))
            }

            fn is_finite(&self) -> bool {
                true
            }

            fn parity(&self) -> Option<Parity> {
                Some(if self & 1 == 0 { Parity::Even } else { Parity::Odd })
            }
        }

        impl Integer for $ty {
            fn is_divisible_by(&self, divisor: &Self) -> bool {
                // `wrapping_rem` gives 0 for `MIN % -1`, which overflows with `%`.
                *divisor != 0 && self.wrapping_rem(*divisor) == 0
            }
        })*
    };
}

integer_number!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

macro_rules! float_number {
    ($($ty:ty),*) => {
        $(impl Number for $ty {
            fn sign(&self) -> Option<Ordering> {
                self.partial_cmp(&0.0)
            }

            fn is_finite(&self) -> bool {
                <$ty>::is_finite(*self)
            }

            fn parity(&self) -> Option<Parity> {
                if !<$ty>::is_finite(*self) || self.fract() != 0.0 {
                    None
                } else if self % 2.0 == 0.0 {
                    Some(Parity::Even)
                } else {
                    Some(Parity::Odd)
                }
            }
        })*
    };
}

float_number!(f32, f64);

/// A positive number.
pub fn is_positive() -> NumberCheck {
    NumberCheck::new("a positive number", |number| {
        number.sign() == Some(Ordering::Greater)
    })
}

/// A negative number.
pub fn is_negative() -> NumberCheck {
    NumberCheck::new("a negative number", |number| {
        number.sign() == Some(Ordering::Less)
    })
}

/// Zero.
pub fn is_zero() -> NumberCheck {
    NumberCheck::new("zero", |number| number.sign() == Some(Ordering::Equal))
}

/// Zero or more (NaN is not).
pub fn is_non_negative() -> NumberCheck {
    NumberCheck::new("a non-negative number", |number| {
        matches!(number.sign(), Some(Ordering::Greater | Ordering::Equal))
    })
}

/// Zero or less (NaN is not).
pub fn is_non_positive() -> NumberCheck {
    NumberCheck::new("a non-positive number", |number| {
        matches!(number.sign(), Some(Ordering::Less | Ordering::Equal))
    })
}

/// NaN, the one float unordered against zero.
pub fn is_nan() -> NumberCheck {
    NumberCheck::new("NaN", |number| number.sign().is_none())
}

/// Neither NaN nor an infinity; integers always are.
pub fn is_finite() -> NumberCheck {
    NumberCheck::new("a finite number", |number| number.is_finite())
}

/// Positive or negative infinity.
pub fn is_infinite() -> NumberCheck {
    NumberCheck::new("an infinite number", |number| {
        !number.is_finite() && number.sign().is_some()
    })
}

/// An integer, or a finite float with no fractional part.
pub fn is_whole() -> NumberCheck {
    NumberCheck::new("a whole number", |number| number.parity().is_some())
}

/// A whole number divisible by 2.
pub fn is_even() -> NumberCheck {
    NumberCheck::new("an even number", |number| {
        number.parity() == Some(Parity::Even)
    })
}

/// A whole number not divisible by 2.
pub fn is_odd() -> NumberCheck {
    NumberCheck::new("an odd number", |number| {
        number.parity() == Some(Parity::Odd)
    })
}

/// A check of one property of a number.
pub struct NumberCheck {
    words: &'static str,
    accepts: fn(&dyn Number) -> bool,
}

impl NumberCheck {
    fn new(words: &'static str, accepts: fn(&dyn Number) -> bool) -> Self {
        Self { words, accepts }
    }
}

impl<T: Number> Matcher<T> for NumberCheck {
    fn matches(&self, actual: &T) -> bool {
        (self.accepts)(actual)
    }

    fn describe(&self) -> String {
        self.words.to_string()
    }
}

/// An integer that `divisor` divides; a divisor of 0 never matches. The divisor has
/// the actual's type: `assert_that!(12u8, is_multiple_of(3))`.
pub fn is_multiple_of<I: Integer + Render>(divisor: I) -> MultipleOf<I> {
    MultipleOf(divisor)
}

pub struct MultipleOf<I>(I);

impl<I: Integer + Render> Matcher<I> for MultipleOf<I> {
    fn matches(&self, actual: &I) -> bool {
        actual.is_divisible_by(&self.0)
    }

    fn describe(&self) -> String {
        format!("a multiple of {}", self.0.render())
    }
}
