"""Your own types with the kit: a dataclass is compared with ``eq`` as it is, and a
failure names the field that differs. The Rust and Go examples compare the same order
and print the same text."""

from __future__ import annotations

from dataclasses import dataclass

from testingkit import assert_that, eq, given, then, when
from testingkit.assertions import explain_mismatch


@dataclass(frozen=True)
class Line:
    name: str
    unit_price_cents: int
    quantity: int


@dataclass(frozen=True)
class Order:
    id: int
    lines: list[Line]
    note: str | None


def order_with_pears(quantity: int) -> Order:
    return Order(7, [Line("apple", 50, 3), Line("pear", 120, quantity)], None)


def test_given_two_equal_orders_when_compared_with_eq_then_they_match() -> None:
    given("an order of apples and one pear")
    order = order_with_pears(1)
    when("it is compared with the order expected")
    expected = order_with_pears(1)
    then("they are equal, with no code written for the kit")
    assert_that(order, eq(expected))


def test_given_orders_differing_in_one_line_when_compared_then_failure_names_the_field() -> None:
    given("an order with two pears where one was expected")
    order = order_with_pears(2)
    when("it is compared with the order expected")
    message = explain_mismatch(order, eq(order_with_pears(1)))
    then("the failure shows both orders and the path of the difference")
    assert_that(
        message,
        eq(
            'expected: equal to Order { id: 7, lines: [Line { name: "apple", '
            'unit_price_cents: 50, quantity: 3 }, Line { name: "pear", '
            "unit_price_cents: 120, quantity: 1 }], note: null }\n"
            '  actual: Order { id: 7, lines: [Line { name: "apple", '
            'unit_price_cents: 50, quantity: 3 }, Line { name: "pear", '
            "unit_price_cents: 120, quantity: 2 }], note: null }\n"
            "differences:\n  .lines[1].quantity: expected 1, actual 2"
        ),
    )
