"""Async code under the kit's checks: awaiting what a call returns, and async assertions.

A coroutine function called and never awaited "returns" a coroutine object, so a check
of how the call ended would pass without the body ever running. The matchers of calls
therefore await what a call returns when it is awaitable:

- outside a running event loop they run it to completion with :func:`asyncio.run`;
- inside one (a ``pytest-asyncio`` or ``anyio`` test) they cannot block the loop, so they
  refuse with :class:`AwaitInsideEventLoopError` and name the async form to use instead:
  ``await assert_that_async(...)`` / ``await expect_that_async(...)``.

The async forms take an awaitable (awaited; its value is matched), or a callable (called
once and its result awaited when awaitable; the matchers of calls then see how that call
ended). The polling matchers (``eventually``, ``consistently``) poll with the running
loop's sleep in the async forms, so other tasks keep running while they wait.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections.abc import Awaitable
from typing import Any

from testingkit.assertions import Mismatch, find_mismatch, report_hard, report_soft
from testingkit.matchers import Matcher


class AwaitInsideEventLoopError(TypeError):
    """A sync check met an awaitable while an event loop runs: it cannot await it."""


def settle(awaitable: Awaitable[Any]) -> Any:
    """Run ``awaitable`` to completion from sync code and return its value.

    Its exception propagates, as the exception of a sync call would.
    """
    if not _inside_event_loop():
        return asyncio.run(_awaited(awaitable))
    if inspect.iscoroutine(awaitable):
        awaitable.close()  # never awaited: close it rather than leak a warning
    raise AwaitInsideEventLoopError(
        "the call returned an awaitable while an event loop is running, so a sync check "
        "cannot await it; use `await assert_that_async(...)` or "
        "`await expect_that_async(...)` in async tests"
    )


def _inside_event_loop() -> bool:
    """Whether async code runs on this thread: asyncio's loop, or another library's
    (trio) as sniffio sees it, where asyncio.run would run the coroutine in a foreign loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        return True
    try:
        importlib.import_module("sniffio").current_async_library()
    except Exception:  # sniffio missing, or no async library running
        return False
    return True


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


class _Replay:
    """A call that already happened: calling it again repeats how it ended."""

    __slots__ = ("_error", "_value")

    def __init__(self, value: Any, error: Exception | None) -> None:
        self._value = value
        self._error = error

    def __call__(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


async def _settled(actual: Any) -> Any:
    """The actual value with every await done, so the sync matchers can judge it."""
    if inspect.isawaitable(actual):
        return await actual
    if not callable(actual):
        return actual
    try:
        value = actual()
        if inspect.isawaitable(value):
            value = await value
    except Exception as error:
        return _Replay(None, error)
    return _Replay(value, None)


async def find_mismatch_async(actual: Any, matcher: Matcher) -> Mismatch | None:
    """As :func:`testingkit.assertions.find_mismatch`, awaiting the actual first."""
    polls = getattr(matcher, "evaluate_async", None)
    if polls is not None and callable(actual):
        verdict = await polls(actual)
        return None if verdict.matched else Mismatch(matcher.describe(), verdict.rendered_actual)
    return find_mismatch(await _settled(actual), matcher)


async def assert_that_async(actual: Any, matcher: Matcher) -> None:
    """``assert_that`` for async code: awaits the actual (or the call), then checks it."""
    __tracebackhide__ = True
    mismatch = await find_mismatch_async(actual, matcher)
    report_hard(mismatch)


async def expect_that_async(actual: Any, matcher: Matcher) -> None:
    """``expect_that`` for async code: awaits the actual (or the call), then records a
    mismatch and lets the test go on."""
    mismatch = await find_mismatch_async(actual, matcher)
    report_soft(mismatch)


async def pause(seconds: float) -> None:
    """Sleep in the running event loop, whichever library runs it: sniffio names it
    (anyio runs on asyncio or trio), and asyncio is assumed without sniffio."""
    try:
        library = importlib.import_module("sniffio").current_async_library()
    except Exception:  # sniffio missing, or no library it knows
        library = "asyncio"
    if library == "asyncio":
        await asyncio.sleep(seconds)
        return
    # trio and curio both sleep with `sleep(seconds)`.
    await importlib.import_module(library).sleep(seconds)
