"""``assert_that`` stops the test on a mismatch; ``expect_that`` records it and goes on."""

from __future__ import annotations

from typing import Any

from testingkit.bdd import current_scenario
from testingkit.matchers import Matcher, evaluate


def explain_mismatch(actual: Any, matcher: Matcher) -> str | None:
    """The failure message for ``actual`` against ``matcher``; None when it matches."""
    verdict = evaluate(matcher, actual)
    if verdict.matched:
        return None
    return f"expected: {matcher.describe()}\n  actual: {verdict.rendered_actual}"


def assert_that(actual: Any, matcher: Matcher) -> None:
    """Checks actual against the matcher and stops the test on mismatch."""
    __tracebackhide__ = True
    mismatch = explain_mismatch(actual, matcher)
    if mismatch is not None:
        raise AssertionError(current_scenario().with_steps(mismatch))


def expect_that(actual: Any, matcher: Matcher) -> None:
    """Checks actual against the matcher, records a mismatch and lets the test go on.

    The pytest plugin fails the test at its end, listing every recorded mismatch.
    """
    mismatch = explain_mismatch(actual, matcher)
    if mismatch is not None:
        scenario = current_scenario()
        scenario.soft_failures.append(scenario.with_steps(mismatch))
