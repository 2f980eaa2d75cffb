//! A shopping cart priced in integer cents.

use std::fmt::Write;

/// Takes payments; the scenarios replace it with a mock.
pub trait PaymentGateway {
    fn charge(&self, amount_cents: i64) -> Result<(), String>;
}

struct Line {
    name: String,
    unit_price_cents: i64,
    quantity: i64,
}

impl Line {
    fn total(&self) -> i64 {
        self.unit_price_cents * self.quantity
    }
}

#[derive(Default)]
pub struct Cart {
    lines: Vec<Line>,
    discount_percent: i64,
}

impl Cart {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: &str, unit_price_cents: i64, quantity: i64) -> Result<(), String> {
        if quantity <= 0 {
            return Err("quantity must be positive".to_string());
        }
        if unit_price_cents < 0 {
            return Err("price must not be negative".to_string());
        }
        self.lines.push(Line {
            name: name.to_string(),
            unit_price_cents,
            quantity,
        });
        Ok(())
    }

    pub fn remove(&mut self, name: &str) -> Result<(), String> {
        let before = self.lines.len();
        self.lines.retain(|line| line.name != name);
        if self.lines.len() == before {
            return Err(format!("no item named \"{name}\""));
        }
        Ok(())
    }

    pub fn item_names(&self) -> Vec<String> {
        self.lines.iter().map(|line| line.name.clone()).collect()
    }

    /// The sum of the line totals, less the discount rounded down.
    pub fn total(&self) -> i64 {
        let subtotal: i64 = self.lines.iter().map(Line::total).sum();
        subtotal * (100 - self.discount_percent) / 100
    }

    pub fn apply_discount(&mut self, percent: i64) -> Result<(), String> {
        if !(0..=100).contains(&percent) {
            return Err("discount must be between 0 and 100".to_string());
        }
        self.discount_percent = percent;
        Ok(())
    }

    pub fn checkout(&self, gateway: &dyn PaymentGateway) -> Result<(), String> {
        if self.lines.is_empty() {
            return Err("cannot check out an empty cart".to_string());
        }
        gateway.charge(self.total())
    }

    pub fn receipt(&self) -> String {
        let mut receipt = String::new();
        for line in &self.lines {
            // Writing to a String cannot fail.
            let _ = writeln!(
                receipt,
                "{} x{} @ {} = {}",
                line.name,
                line.quantity,
                line.unit_price_cents,
                line.total()
            );
        }
        let _ = writeln!(receipt, "total: {}", self.total());
        receipt
    }
}
