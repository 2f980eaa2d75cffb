"""Matchers that wait for a condition instead of sleeping: ``eventually`` and
``consistently`` call a function again and again and judge what each call returned.

``eventually(matcher, timeout, interval)`` passes as soon as one call returns a value the
matcher accepts and fails after ``timeout`` with the last outcome; ``consistently(matcher,
duration, interval)`` fails on the first outcome the matcher rejects and passes once
``duration`` went by without one. A call that raises counts as a mismatch, so
``eventually`` keeps polling through it. Durations are seconds (``float``) or
``timedelta``; ``interval`` defaults to 10 ms.

Under ``assert_that``/``expect_that`` the polling sleeps the thread; under
``await assert_that_async(...)`` it sleeps in the event loop, so the tasks it waits for
keep running (and the function polled may be a coroutine function).
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Generator
from datetime import timedelta
from typing import Any

from testingkit.awaiting import AwaitInsideEventLoopError, pause, settle
from testingkit.matchers import KitMatcher, Matcher, Verdict, evaluate
from testingkit.matchers_time import render_duration
from testingkit.render import render, render_string

Seconds = float | timedelta
DEFAULT_INTERVAL = 0.01


def _seconds(duration: Seconds) -> float:
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


class _Attempt:
    """One call of the polled function: whether the matcher accepted it, and how it reads."""

    __slots__ = ("matched", "shown")

    def __init__(self, matched: bool, shown: str) -> None:
        self.matched = matched
        self.shown = shown


class _Polling(KitMatcher):
    """Calls a function until the verdict is settled or the time is up."""

    __slots__ = ("_description", "_interval", "_matcher", "_period", "_until_match")

    def __init__(
        self, matcher: Matcher, period: Seconds, interval: Seconds, *, until_match: bool
    ) -> None:
        self._matcher = matcher
        self._period = _seconds(period)
        self._interval = max(_seconds(interval), 0.0)
        self._until_match = until_match
        span = render_duration(self._period)
        inner = matcher.describe()
        self._description = (
            f"a call that returns a value that is {inner} within {span}"
            if until_match
            else f"a call that keeps returning a value that is {inner} for {span}"
        )

    def describe(self) -> str:
        return self._description

    def _judge(self, value: Any) -> _Attempt:
        verdict = evaluate(self._matcher, value)
        return _Attempt(verdict.matched, f"returned {verdict.rendered_actual}")

    def _settled(self, attempt: _Attempt) -> Verdict | None:
        """The final verdict once ``attempt`` decides it; None to keep polling."""
        if attempt.matched != self._until_match:
            return None
        return Verdict(attempt.matched, f"a call that {attempt.shown}")

    def _timed_out(self, last: _Attempt) -> Verdict:
        prefix = "a call that last " if self._until_match else "a call that "
        return Verdict(not self._until_match, prefix + last.shown)

    def _schedule(self) -> Generator[float, _Attempt, Verdict]:
        """The polling plan, shared by the sync and async forms: given each attempt in
        turn, it yields how long to wait before the next one, and returns the verdict."""
        deadline = time.monotonic() + self._period
        attempt = yield 0.0
        while True:
            verdict = self._settled(attempt)
            if verdict is not None:
                return verdict
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self._timed_out(attempt)
            attempt = yield min(self._interval, remaining)

    def evaluate(self, actual: Any) -> Verdict:
        if not callable(actual):
            return Verdict(False, render(actual))
        plan = self._schedule()
        wait = next(plan)
        while True:
            if wait > 0:
                time.sleep(wait)
            try:
                wait = plan.send(self._attempt(actual))
            except StopIteration as settled:
                return settled.value  # type: ignore[no-any-return]

    async def evaluate_async(self, actual: Callable[[], Any]) -> Verdict:
        plan = self._schedule()
        wait = next(plan)
        while True:
            if wait > 0:
                await pause(wait)
            try:
                wait = plan.send(await self._attempt_async(actual))
            except StopIteration as settled:
                return settled.value  # type: ignore[no-any-return]

    def _attempt(self, call: Callable[[], Any]) -> _Attempt:
        try:
            value = call()
            if inspect.isawaitable(value):
                value = settle(value)
        except AwaitInsideEventLoopError:
            raise
        except Exception as error:
            return _Attempt(False, f"failed with {render_string(str(error))}")
        return self._judge(value)

    async def _attempt_async(self, call: Callable[[], Any]) -> _Attempt:
        try:
            value = call()
            if inspect.isawaitable(value):
                value = await value
        except Exception as error:
            return _Attempt(False, f"failed with {render_string(str(error))}")
        return self._judge(value)


def eventually(
    matcher: Matcher, timeout: Seconds = 1.0, interval: Seconds = DEFAULT_INTERVAL
) -> Matcher:
    """A function that returns, within ``timeout``, a value the matcher accepts."""
    return _Polling(matcher, timeout, interval, until_match=True)


def consistently(
    matcher: Matcher, duration: Seconds = 0.1, interval: Seconds = DEFAULT_INTERVAL
) -> Matcher:
    """A function that keeps returning values the matcher accepts for ``duration``."""
    return _Polling(matcher, duration, interval, until_match=False)
