"""``assert_that`` stops the test on a mismatch; ``expect_that`` records it and goes on."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from testingkit.bdd import current_scenario
from testingkit.matchers import Matcher, evaluate


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The two sides of a failed check: the matcher's description and the actual value,
    with what the matcher adds under them (a diff) and the caller's context message."""

    expected: str
    actual: str
    details: str | None = None
    context: str | None = None

    def __str__(self) -> str:
        lines = [self.context] if self.context else []
        lines += [f"expected: {self.expected}", f"  actual: {self.actual}"]
        if self.details:
            lines.append(self.details)
        return "\n".join(lines)


class MismatchError(AssertionError):
    """What ``assert_that`` raises: the full message, and the mismatch it reports."""

    def __init__(self, message: str, mismatch: Mismatch) -> None:
        super().__init__(message)
        self.mismatch = mismatch


def find_mismatch(actual: Any, matcher: Matcher, context: str | None = None) -> Mismatch | None:
    """The mismatch of ``actual`` against ``matcher``; None when it matches."""
    verdict = evaluate(matcher, actual)
    if verdict.matched:
        return None
    return Mismatch(matcher.describe(), verdict.rendered_actual, verdict.details, context)


def explain_mismatch(actual: Any, matcher: Matcher, context: str | None = None) -> str | None:
    """The failure message for ``actual`` against ``matcher``; None when it matches."""
    mismatch = find_mismatch(actual, matcher, context)
    return None if mismatch is None else str(mismatch)


def checks_failed(failures: list[str]) -> str:
    """The report of several failed checks, numbered under one header: the soft failures
    of a test, then the failure that stopped it, if any. Worded alike in every kit."""
    count = len(failures)
    header = f"{count} check{'s' if count != 1 else ''} failed:"
    items = [f"{index}) {text}" for index, text in enumerate(failures, 1)]
    return "\n\n".join([header, *items])


def _caller_location(depth: int = 2) -> str:
    """``file:line`` of the code that called the assertion, relative to the working
    folder when it lies inside it."""
    frame = sys._getframe(depth)
    path = Path(frame.f_code.co_filename)
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return f"{shown}:{frame.f_lineno}"


def assert_that(actual: Any, matcher: Matcher, context: str | None = None) -> None:
    """Checks actual against the matcher and stops the test on mismatch.

    ``context``, when given, is printed above the two sides of the failure. A failure
    also reports every ``expect_that`` that failed before it in the test.
    """
    __tracebackhide__ = True
    report_hard(find_mismatch(actual, matcher, context))


def report_hard(mismatch: Mismatch | None) -> None:
    """Stop the test on ``mismatch``, as ``assert_that`` does; called by an assertion
    function, whose caller is the location shown (``assert_that_async`` shares it)."""
    __tracebackhide__ = True
    if mismatch is None:
        return
    scenario = current_scenario()
    message = scenario.with_steps(str(mismatch))
    if scenario.soft_failures:
        pending = scenario.take_soft_failures()
        message = checks_failed([*pending, f"assertion at {_caller_location(3)}\n{message}"])
    raise MismatchError(message, mismatch)


def expect_that(actual: Any, matcher: Matcher, context: str | None = None) -> None:
    """Checks actual against the matcher, records a mismatch and lets the test go on.

    The pytest plugin fails the test at its end, listing every recorded mismatch with
    where it was checked; a later failed ``assert_that`` lists them too.
    """
    report_soft(find_mismatch(actual, matcher, context))


def report_soft(mismatch: Mismatch | None) -> None:
    """Record ``mismatch`` for the end of the test, as ``expect_that`` does; called by an
    expectation function, whose caller is the location shown."""
    if mismatch is not None:
        scenario = current_scenario()
        location = _caller_location(3)
        scenario.soft_failures.append(
            f"expectation at {location}\n{scenario.with_steps(str(mismatch))}"
        )
        scenario.soft_mismatches.append((mismatch.expected, mismatch.actual))
