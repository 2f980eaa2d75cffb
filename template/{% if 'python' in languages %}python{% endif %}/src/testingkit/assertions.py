"""``assert_that`` stops the test on a mismatch; ``expect_that`` records it and goes on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from testingkit.bdd import current_scenario
from testingkit.matchers import Matcher, evaluate


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The two sides of a failed check: the matcher's description and the actual value."""

    expected: str
    actual: str

    def __str__(self) -> str:
        return f"expected: {self.expected}\n  actual: {self.actual}"


class MismatchError(AssertionError):
    """What ``assert_that`` raises: the full message, and the mismatch it reports."""

    def __init__(self, message: str, mismatch: Mismatch) -> None:
        super().__init__(message)
        self.mismatch = mismatch


def find_mismatch(actual: Any, matcher: Matcher) -> Mismatch | None:
    """The mismatch of ``actual`` against ``matcher``; None when it matches."""
    verdict = evaluate(matcher, actual)
    if verdict.matched:
        return None
    return Mismatch(matcher.describe(), verdict.rendered_actual)


def explain_mismatch(actual: Any, matcher: Matcher) -> str | None:
    """The failure message for ``actual`` against ``matcher``; None when it matches."""
    mismatch = find_mismatch(actual, matcher)
    return None if mismatch is None else str(mismatch)


def assert_that(actual: Any, matcher: Matcher) -> None:
    """Checks actual against the matcher and stops the test on mismatch."""
    __tracebackhide__ = True
    mismatch = find_mismatch(actual, matcher)
    if mismatch is not None:
        raise MismatchError(current_scenario().with_steps(str(mismatch)), mismatch)


def expect_that(actual: Any, matcher: Matcher) -> None:
    """Checks actual against the matcher, records a mismatch and lets the test go on.

    The pytest plugin fails the test at its end, listing every recorded mismatch.
    """
    mismatch = find_mismatch(actual, matcher)
    if mismatch is not None:
        scenario = current_scenario()
        scenario.soft_failures.append(scenario.with_steps(str(mismatch)))
        scenario.soft_mismatches.append((mismatch.expected, mismatch.actual))
