"""Matchers of times and durations: ``within``, ``is_before``, ``is_after``.

Times are ``datetime`` values and durations ``timedelta`` values. They render alike in
every kit: a time as RFC 3339 in UTC (``2026-01-01T00:00:00.25Z``, the fraction only when
there is one), a duration in the largest whole unit of ``s``, ``ms`` or ``µs``
(``2s``, ``1500ms``, ``250µs``). Naive times compare with naive times only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from testingkit.matchers import KitMatcher, Matcher, Verdict
from testingkit.render import render

_MICROS_PER_MS = 1_000
_MICROS_PER_S = 1_000_000


def render_duration(duration: float | timedelta) -> str:
    """A duration as every kit renders it: whole seconds, else whole ms, else µs."""
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else duration
    micros = round(seconds * _MICROS_PER_S)
    if micros % _MICROS_PER_S == 0 and micros != 0:
        return f"{micros // _MICROS_PER_S}s"
    if micros % _MICROS_PER_MS == 0:
        return f"{micros // _MICROS_PER_MS}ms"
    return f"{micros}µs"


def render_time(moment: datetime) -> str:
    """A time as RFC 3339 in UTC, with the fraction of a second only when it has one."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + ("Z" if moment.tzinfo is not None else "")


def render_temporal(value: Any) -> str:
    """Times and durations in the kits' shared form; anything else as ``render`` does."""
    if isinstance(value, datetime):
        return render_time(value)
    if isinstance(value, timedelta):
        return render_duration(value)
    return render(value)


class _Temporal(KitMatcher):
    """A test of a time or duration, rendered the way every kit renders them."""

    __slots__ = ("_description", "_test")

    def __init__(self, description: str, test: Any) -> None:
        self._description = description
        self._test = test

    def describe(self) -> str:
        return self._description

    def evaluate(self, actual: Any) -> Verdict:
        try:
            matched = bool(self._test(actual))
        except TypeError:  # a naive time against an aware one, a time against a number
            matched = False
        return Verdict(matched, render_temporal(actual))


def _same_kind(actual: Any, expected: Any) -> bool:
    kinds = (datetime, timedelta)
    return any(isinstance(actual, kind) and isinstance(expected, kind) for kind in kinds)


def within(tolerance: timedelta, expected: datetime | timedelta) -> Matcher:
    """A time (or duration) no further than ``tolerance`` from ``expected``."""
    return _Temporal(
        f"within {render_duration(tolerance)} of {render_temporal(expected)}",
        lambda actual: _same_kind(actual, expected) and abs(actual - expected) <= tolerance,
    )


def is_before(moment: datetime) -> Matcher:
    """A time strictly earlier than ``moment``."""
    return _Temporal(
        f"a time before {render_time(moment)}",
        lambda actual: isinstance(actual, datetime) and actual < moment,
    )


def is_after(moment: datetime) -> Matcher:
    """A time strictly later than ``moment``."""
    return _Temporal(
        f"a time after {render_time(moment)}",
        lambda actual: isinstance(actual, datetime) and actual > moment,
    )
