"""The canonical rendering of values, shared by every kit's failure messages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import NamedTuple

from testingkit import assert_that, eq, gt, then, when
from testingkit.render import render


def test_when_scalars_are_rendered_then_they_read_like_json() -> None:
    when("null, booleans and numbers are rendered")
    rendered = [render(value) for value in (None, True, False, 42, -7, 2.0, 0.1, 1e15)]
    then("they use the JSON spelling and floats keep their point")
    assert_that(
        rendered, eq(["null", "true", "false", "42", "-7", "2.0", "0.1", "1000000000000000.0"])
    )


def test_when_special_floats_are_rendered_then_they_have_fixed_names() -> None:
    when("NaN and infinities are rendered")
    rendered = [render(math.nan), render(math.inf), render(-math.inf)]
    then("they read NaN, inf and -inf")
    assert_that(rendered, eq(["NaN", "inf", "-inf"]))


def test_when_strings_are_rendered_then_json_escapes_apply_and_non_ascii_stays() -> None:
    when("a string with quotes, control characters and accents is rendered")
    rendered = render('"\\\n\t\r\x01\x1b café')
    then("quotes, backslashes and controls are escaped, accents kept")
    assert_that(rendered, eq('"\\"\\\\\\n\\t\\r\\u0001\\u001b café"'))


def test_when_collections_are_rendered_then_lists_and_tuples_share_one_form() -> None:
    when("a list, a tuple and a nested list are rendered")
    rendered = [render([1, 2]), render((1, "a")), render([[1], []])]
    then("all of them use square brackets")
    assert_that(rendered, eq(["[1, 2]", '[1, "a"]', "[[1], []]"]))


def test_when_maps_and_sets_are_rendered_then_they_are_sorted_by_rendering() -> None:
    when("a map and a set are rendered")
    rendered_map = render({"b": [1], "a": None, 10: 1, 9: 2})
    rendered_set = render({3, 1, 2})
    then("their entries are sorted by their rendering")
    assert_that(rendered_map, eq('{"a": null, "b": [1], 10: 1, 9: 2}'))
    assert_that(rendered_set, eq("[1, 2, 3]"))


def test_when_errors_and_matchers_are_rendered_then_they_show_message_and_description() -> None:
    when("an exception and a matcher are rendered")
    rendered = [render(ValueError('no item named "kiwi"')), render(gt(0))]
    then("the error shows its message and the matcher its description")
    assert_that(rendered, eq(['error("no item named \\"kiwi\\"")', "greater than 0"]))


@dataclass
class Item:
    sku: str
    price: int


class Point(NamedTuple):
    x: int
    y: int


class Plain:
    def __init__(self) -> None:
        self.name = "ada"
        self.tags = ["vip"]
        self._cache = {}


class Color(Enum):
    RED = 1


def test_when_user_types_are_rendered_then_each_reads_as_a_record() -> None:
    when("a dataclass, a named tuple, a plain object and an enum member are rendered")
    rendered = [render(Item("apple", 3)), render(Point(1, 2)), render(Plain()), render(Color.RED)]
    then("records show their type and fields in order, an enum member its name")
    assert_that(
        rendered,
        eq(
            [
                'Item { sku: "apple", price: 3 }',
                "Point { x: 1, y: 2 }",
                'Plain { name: "ada", tags: ["vip"] }',
                "RED",
            ]
        ),
    )


def test_when_a_class_has_its_own_repr_then_it_renders_with_it() -> None:
    when("an object whose class defines __repr__ is rendered")
    rendered = render(Fraction(1, 3))
    then("its own repr is kept")
    assert_that(rendered, eq("Fraction(1, 3)"))
