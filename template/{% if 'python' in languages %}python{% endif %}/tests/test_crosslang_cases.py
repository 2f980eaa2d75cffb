"""Runs the shared cross-language cases: the Rust and Go kits run the very same files."""

from __future__ import annotations

import dataclasses
import functools
import json
import keyword
import math
import os
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import testingkit
from testingkit import (
    and_,
    assert_that,
    contains_all,
    each,
    eq,
    expect_that,
    fails_with,
    ge,
    given,
    has_len,
    is_empty,
    is_in,
    then,
    when,
)
from testingkit.assertions import checks_failed, explain_mismatch
from testingkit.bdd import scenario_scope
from testingkit.golden import golden_mismatch

CASES_DIR = Path(__file__).resolve().parents[2] / "crosslang" / "cases"
NOT_MATCHERS = {"given", "when", "then", "and", "assert_that", "expect_that"}
BEYOND_VOCABULARY = {
    "Matcher",
    "Mock",
    "golden",
    "property_test",
    "assert_that_async",
    "expect_that_async",
}
# `tkit parity` sets this to a file and compares the outcomes the kits write there.
CONFORMANCE_OUT = "TKIT_CONFORMANCE_OUT"


def python_name(canonical: str) -> str:
    return canonical + "_" if keyword.iskeyword(canonical) else canonical


def canonical_name(python: str) -> str:
    return python.removesuffix("_") if keyword.iskeyword(python.removesuffix("_")) else python


MATCHER_NAMES = sorted(
    canonical_name(name)
    for name in testingkit.__all__
    if name not in BEYOND_VOCABULARY and canonical_name(name) not in NOT_MATCHERS
)


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            cases.append({**case, "group": path.stem})
    return cases


CASES = load_cases()
# The cases of one matcher; the others are golden-file and scenario cases
# (below).
MATCHER_CASES = [case for case in CASES if "matcher" in case]


def make_call(spec: dict[str, Any]) -> Callable[[], Any]:
    if "fails" in spec:
        message = spec["fails"]

        def failing_call() -> Any:
            raise Exception(message)

        return failing_call
    returned = spec["returns"]
    return lambda: returned


def decode(value: Any) -> Any:
    """A JSON value of a case as a Python value, with the ``$``-prefixed special forms."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$error" in value:
        return Exception(value["$error"])
    if "$ok" in value:
        return decode(value["$ok"])
    if "$duration_ms" in value:
        return timedelta(milliseconds=value["$duration_ms"])
    if "$time" in value:
        return datetime.fromisoformat(value["$time"])
    if "$nan" in value:
        return math.nan
    if "$inf" in value:
        return math.copysign(math.inf, value["$inf"])
    if "$call" in value:
        return make_call(value["$call"])
    if "$matcher" in value:
        return build_matcher(value["$matcher"], value["args"])
    if "$record" in value:
        fields = [(field, decode(item)) for field, item in value["fields"]]
        return record_type(value["$record"], tuple(field for field, _ in fields))(
            *(item for _, item in fields)
        )
    return {key: decode(item) for key, item in value.items()}


@functools.cache
def record_type(name: str, fields: tuple[str, ...]) -> type:
    """A dataclass for a case's record, one per name and fields, so equal records match."""
    return dataclasses.make_dataclass(name, fields)


def record_outcome(case_id: str, mismatch: str | None) -> None:
    """With TKIT_CONFORMANCE_OUT set, append the kit's raw outcome as one JSON line."""
    path = os.environ.get(CONFORMANCE_OUT)
    if not path:
        return
    outcome = {"id": case_id, "passed": mismatch is None, "message": mismatch}
    with Path(path).open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(outcome, ensure_ascii=False) + "\n")


def build_matcher(name: str, args: list[Any]) -> testingkit.Matcher:
    factory: Callable[..., testingkit.Matcher] = getattr(testingkit, python_name(name))
    return factory(*(decode(arg) for arg in args))


def matcher_names_in(name: str, args: list[Any]) -> set[str]:
    names = {name}
    for arg in args:
        if isinstance(arg, dict) and "$matcher" in arg:
            names |= matcher_names_in(arg["$matcher"], arg["args"])
    return names


def names_in_cases(passing: bool) -> set[str]:
    names: set[str] = set()
    for case in MATCHER_CASES:
        if case["passes"] is passing:
            names |= matcher_names_in(case["matcher"], case["args"])
    return names


@pytest.mark.parametrize("case", MATCHER_CASES, ids=[case["id"] for case in MATCHER_CASES])
def test_given_shared_case_when_matched_then_outcome_and_message_are_as_declared(
    case: dict[str, Any],
) -> None:
    given("a shared cross-language case")
    matcher = build_matcher(case["matcher"], case["args"])
    actual = decode(case["actual"])
    when("the kit matches the case's actual value")
    mismatch = explain_mismatch(actual, matcher, case.get("context"))
    record_outcome(case["id"], mismatch)
    then("it passes or fails as declared, with the declared message")
    assert_that(mismatch, eq(case.get("message")))


@pytest.mark.parametrize(
    "case", [case for case in MATCHER_CASES if not case["passes"]], ids=lambda case: case["id"]
)
def test_given_failing_case_when_asserted_then_assertion_error_carries_message(
    case: dict[str, Any],
) -> None:
    given("a shared case that fails")
    matcher = build_matcher(case["matcher"], case["args"])
    actual = decode(case["actual"])
    when("assert_that checks it")
    then("the assertion fails with the declared message")
    context = case.get("context")
    assert_that(lambda: assert_that(actual, matcher, context), fails_with(case["message"]))


def test_when_cases_are_loaded_then_there_are_enough_with_unique_ids() -> None:
    when("the case files are loaded")
    ids = [case["id"] for case in CASES]
    case_count = len(ids)
    then("there are at least 60 cases, each with its own id")
    assert_that(case_count, ge(60))
    assert_that(sorted(ids), eq(sorted(set(ids))))


def test_when_cases_are_loaded_then_every_matcher_passes_and_fails_somewhere() -> None:
    when("the matchers of passing and failing cases are collected")
    passing = names_in_cases(passing=True)
    failing = names_in_cases(passing=False)
    then("every matcher of the vocabulary takes part in both")
    assert_that(MATCHER_NAMES, has_len(124))
    assert_that(sorted(passing), contains_all(MATCHER_NAMES))
    assert_that(sorted(failing), contains_all(MATCHER_NAMES))


def test_when_cases_are_loaded_then_they_name_only_known_matchers() -> None:
    when("the matchers named by the cases are collected")
    named = sorted(names_in_cases(passing=True) | names_in_cases(passing=False))
    then("each one is a matcher of the vocabulary")
    assert_that(named, each(is_in(MATCHER_NAMES)))
    assert_that(sorted(set(named) - set(MATCHER_NAMES)), is_empty())


# ---------------------------------------------------------------- whole reports
# A golden case gives a golden file's text and a value; a scenario case plays steps,
# expect_that and assert_that checks in order. Both compare the kit's whole report with
# the case's message, where each check's file:line reads <location>.

GOLDEN_CASES = [case for case in CASES if "golden" in case]
SCENARIO_CASES = [case for case in CASES if "scenario" in case]
STEPS: dict[str, Callable[[str], None]] = {"given": given, "when": when, "then": then, "and": and_}
_LOCATION = re.compile(r"^(\d+\) (?:expectation|assertion) at )\S+:\d+$", re.MULTILINE)


def without_locations(report: str) -> str:
    """The report with each check's ``file:line`` read as ``<location>``."""
    return _LOCATION.sub(r"\1<location>", report)


def play(entries: list[dict[str, Any]]) -> str | None:
    """Plays a scenario in a scenario of its own; the report its test would fail with."""
    with scenario_scope() as scenario:
        try:
            for entry in entries:
                if "step" in entry:
                    STEPS[entry["step"]](entry["text"])
                    continue
                soft = "expect" in entry
                check = entry["expect"] if soft else entry["assert"]
                actual = decode(check["actual"])
                matcher = build_matcher(check["matcher"], check["args"])
                (expect_that if soft else assert_that)(actual, matcher, check.get("context"))
        except AssertionError as error:
            return without_locations(str(error))
        pending = scenario.take_soft_failures()
        return without_locations(checks_failed(pending)) if pending else None


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=[case["id"] for case in GOLDEN_CASES])
def test_given_golden_case_when_compared_then_outcome_and_message_are_as_declared(
    case: dict[str, Any],
) -> None:
    given("a golden file's text and a value")
    spec = case["golden"]
    when("the kit compares them")
    message = golden_mismatch(spec["name"], spec["expected"], spec["actual"])
    record_outcome(case["id"], message)
    then("they match, or the failure is the declared one")
    assert_that(message, eq(case.get("message")))


@pytest.mark.parametrize("case", SCENARIO_CASES, ids=[case["id"] for case in SCENARIO_CASES])
def test_given_scenario_case_when_played_then_outcome_and_message_are_as_declared(
    case: dict[str, Any],
) -> None:
    given("a scenario of steps, soft and hard checks")
    when("it is played")
    message = play(case["scenario"])
    record_outcome(case["id"], message)
    then("it passes, or fails with the declared report")
    assert_that(message, eq(case.get("message")))
