"""Matchers of errors (exception instances) and of calls (callables called once).

A call renders as its outcome: the message it failed with, or that it returned (with the
value it returned, for ``returns``).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from testingkit.awaiting import AwaitInsideEventLoopError, settle
from testingkit.matchers import (
    KitMatcher,
    Matcher,
    Predicate,
    Verdict,
    evaluate,
)
from testingkit.render import render, render_string


class _Call(KitMatcher):
    """Matches a callable by calling it once and judging how the call ended.

    A call renders as its outcome: the message it failed with, or that it returned
    (with the value it returned, for the matchers that look at that value).
    """

    __slots__ = ("_accepts_error", "_accepts_value", "_description", "_shows_value")

    def __init__(
        self,
        description: str,
        *,
        accepts_error: Callable[[Exception], bool],
        accepts_value: Callable[[Any], bool],
        shows_value: bool = False,
    ) -> None:
        self._description = description
        self._accepts_error = accepts_error
        self._accepts_value = accepts_value
        self._shows_value = shows_value

    def describe(self) -> str:
        return self._description

    def evaluate(self, actual: Any) -> Verdict:
        if inspect.isawaitable(actual):
            awaitable = actual
            actual = lambda: awaitable  # noqa: E731 - an awaitable is judged as a call
        if not callable(actual):
            return Verdict(False, render(actual))
        try:
            value = actual()
            if inspect.isawaitable(value):
                # An async call has not run until awaited: judging the coroutine object
                # would pass every call. settle() awaits it, or refuses in a running loop.
                value = settle(value)
        except AwaitInsideEventLoopError:
            raise
        except Exception as error:
            return Verdict(self._accepts_error(error), f"a call that failed with {_message(error)}")
        shown = render(value) if self._shows_value else "normally"
        return Verdict(self._accepts_value(value), f"a call that returned {shown}")


def _fails_if(description: str, accepts: Callable[[Exception], bool]) -> Matcher:
    """A call that must fail, with an error the predicate accepts."""
    return _Call(description, accepts_error=accepts, accepts_value=_never)


def _never(value: object) -> bool:
    return False


def _always(value: object) -> bool:
    return True


def _message(error: BaseException) -> str:
    return render_string(str(error))


def _on_error_message(test: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, BaseException) and test(str(actual))


# ---------------------------------------------------------------- errors and failures


def is_error() -> Matcher:
    return Predicate("an error", lambda actual: isinstance(actual, BaseException))


def is_ok() -> Matcher:
    return Predicate("no error", lambda actual: not isinstance(actual, BaseException))


def error_contains(substring: str) -> Matcher:
    return Predicate(
        f"an error with a message containing {render(substring)}",
        _on_error_message(lambda message: substring in message),
    )


def fails() -> Matcher:
    return _fails_if("a call that fails", _always)


def fails_with(substring: str) -> Matcher:
    return _fails_if(
        f"a call that fails with a message containing {render(substring)}",
        lambda error: substring in str(error),
    )


def error_eq(message: str) -> Matcher:
    return Predicate(
        f"an error with message {render(message)}",
        _on_error_message(lambda actual: actual == message),
    )


def error_matches_regex(pattern: str) -> Matcher:
    compiled = re.compile(pattern)
    return Predicate(
        f"an error with a message matching the regex {render(pattern)}",
        _on_error_message(lambda actual: compiled.search(actual) is not None),
    )


def fails_matching(pattern: str) -> Matcher:
    compiled = re.compile(pattern)
    return _fails_if(
        f"a call that fails with a message matching the regex {render(pattern)}",
        lambda error: compiled.search(str(error)) is not None,
    )


def succeeds() -> Matcher:
    return _Call("a call that returns normally", accepts_error=_never, accepts_value=_always)


def returns(matcher: Matcher) -> Matcher:
    return _Call(
        f"a call that returns a value that is {matcher.describe()}",
        accepts_error=_never,
        accepts_value=lambda value: evaluate(matcher, value).matched,
        shows_value=True,
    )
