//! The example domain of the scenarios: a shopping cart, as in the Python and Go suites.

pub mod cart;
