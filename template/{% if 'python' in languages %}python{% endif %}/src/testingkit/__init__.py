"""TestingKit for Python: steps, assertions, matchers, mocks, golden files, properties.

The public names follow the shared vocabulary (``rules/api.toml`` of the kit project):
the same names as the Rust kit, with a trailing ``_`` on Python keywords (``and_``,
``not_``).
"""

from __future__ import annotations

from testingkit.assertions import assert_that, expect_that
from testingkit.bdd import and_, given, then, when
from testingkit.golden import golden
from testingkit.matchers import (
    Matcher,
    all_of,
    any_of,
    anything,
    contains,
    contains_all,
    contains_any,
    contains_entry,
    contains_exactly,
    contains_key,
    contains_substring,
    each,
    ends_with,
    eq,
    eq_ignoring_case,
    error_contains,
    fails,
    fails_with,
    ge,
    gt,
    has_item,
    has_len,
    in_range,
    is_blank,
    is_empty,
    is_error,
    is_false,
    is_in,
    is_nan,
    is_negative,
    is_none,
    is_not_empty,
    is_not_none,
    is_ok,
    is_positive,
    is_sorted,
    is_true,
    is_zero,
    le,
    lt,
    matches_regex,
    ne,
    near,
    not_,
    starts_with,
)
from testingkit.mock import Mock
from testingkit.property import property_test

__all__ = [
    # steps
    "given",
    "when",
    "then",
    "and_",
    # assertions
    "assert_that",
    "expect_that",
    # matchers: equality and order
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in_range",
    "near",
    # matchers: numbers
    "is_positive",
    "is_negative",
    "is_zero",
    "is_nan",
    # matchers: truthiness and null
    "is_true",
    "is_false",
    "is_none",
    "is_not_none",
    "anything",
    # matchers: length and emptiness
    "has_len",
    "is_empty",
    "is_not_empty",
    # matchers: strings
    "starts_with",
    "ends_with",
    "contains_substring",
    "matches_regex",
    "eq_ignoring_case",
    "is_blank",
    # matchers: collections
    "contains",
    "contains_all",
    "contains_any",
    "contains_exactly",
    "is_in",
    "is_sorted",
    "each",
    "has_item",
    "contains_key",
    "contains_entry",
    # matchers: composition
    "all_of",
    "any_of",
    "not_",
    # matchers: errors and failures
    "is_error",
    "is_ok",
    "error_contains",
    "fails",
    "fails_with",
    # beyond the vocabulary: the protocol a matcher follows, mocks, golden files, properties
    "Matcher",
    "Mock",
    "golden",
    "property_test",
]
