"""Async code and polling under the kit: coroutines are awaited, never judged unrun, and
``eventually``/``consistently`` wait for a condition instead of a fixed time.

The async tests drive their own event loop with ``asyncio.run``, so they need no plugin;
under pytest-asyncio or anyio, write them as ``async def`` tests the same way.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from testingkit import (
    assert_that,
    assert_that_async,
    consistently,
    contains_substring,
    eq,
    eventually,
    expect_that_async,
    fails_with,
    ge,
    given,
    has_len,
    is_none,
    is_not_none,
    matches_regex,
    returns,
    succeeds,
    then,
    when,
)
from testingkit.assertions import explain_mismatch
from testingkit.awaiting import AwaitInsideEventLoopError
from testingkit.bdd import current_scenario


async def _fails() -> None:
    await asyncio.sleep(0)
    raise ValueError("payment declined")


async def _total() -> int:
    await asyncio.sleep(0)
    return 250


def test_given_coroutine_function_that_raises_when_checked_with_succeeds_then_it_fails() -> None:
    given("an async function that raises")
    when("succeeds() judges it outside an event loop")
    message = explain_mismatch(_fails, succeeds())
    then("the coroutine ran and its error fails the check")
    assert_that(
        message,
        eq(
            "expected: a call that returns normally\n"
            '  actual: a call that failed with "payment declined"'
        ),
    )
    assert_that(_fails, fails_with("declined"))


def test_given_coroutine_object_when_checked_with_call_matchers_then_it_is_awaited() -> None:
    given("a coroutine object, not yet awaited")
    when("returns() and fails_with() judge coroutines")
    then("they see what the awaited coroutine did")
    assert_that(_total(), returns(eq(250)))
    assert_that(_fails(), fails_with("declined"))


def test_given_running_event_loop_when_sync_check_meets_coroutine_then_it_refuses() -> None:
    given("an async test, inside a running event loop")

    async def check_inside_loop() -> None:
        assert_that(_fails, succeeds())  # tkit: ignore[TK204]

    when("the sync assert_that meets an async function")
    then("it refuses with an error naming the async form, rather than passing")
    with pytest.raises(AwaitInsideEventLoopError, match="assert_that_async"):
        asyncio.run(check_inside_loop())


def test_given_async_test_when_assert_that_async_checks_failing_coroutine_then_it_fails() -> None:
    given("an async test with a failing coroutine")

    async def check() -> None:
        await assert_that_async(_fails, succeeds())

    when("assert_that_async awaits it")
    then("the assertion fails with the steps and both sides")
    assert_that(
        lambda: asyncio.run(check()),
        fails_with("steps:\n  given an async test with a failing coroutine\n"),
    )
    assert_that(lambda: asyncio.run(check()), fails_with('failed with "payment declined"'))


def test_given_async_test_when_expect_that_async_fails_then_the_failure_is_recorded() -> None:
    given("an async test")
    scenario = current_scenario()

    async def check() -> None:
        await expect_that_async(_total(), eq(300))
        await expect_that_async(_total, returns(eq(250)))

    when("expect_that_async checks an awaited value and a coroutine function")
    asyncio.run(check())
    recorded = list(scenario.soft_failures)
    scenario.soft_failures.clear()
    scenario.soft_mismatches.clear()
    then("only the mismatch is recorded, for the test to report at its end")
    assert_that(recorded, has_len(1))
    assert_that(recorded[0], contains_substring("expected: equal to 300\n  actual: 250"))
    # The location is relative to the folder pytest runs in, which the test does not choose.
    location = r"^expectation at \S*tests/test_async_and_polling\.py:\d+"
    assert_that(recorded[0], matches_regex(location))


def test_given_background_task_when_polled_async_then_eventually_waits_for_it() -> None:
    given("a task that fills a box after a few turns of the event loop")
    box: dict[str, Any] = {}

    async def fill() -> None:
        for _ in range(5):
            await asyncio.sleep(0)
        box["value"] = 3

    async def check() -> None:
        task = asyncio.create_task(fill())
        await assert_that_async(lambda: box.get("value"), eventually(eq(3), timeout=2.0))
        await task
        await assert_that_async(
            lambda: box.get("value"), consistently(eq(3), duration=0.02, interval=0.005)
        )

    when("the test polls the box while the task runs")
    then("eventually sees the value once the task set it")
    asyncio.run(check())


def test_given_worker_thread_when_polled_then_eventually_sees_its_result() -> None:
    given("a thread that sets a value when it is released")
    box: dict[str, int] = {}
    release = threading.Event()

    def work() -> None:
        release.wait()
        box["value"] = 7

    worker = threading.Thread(target=work)
    worker.start()
    when("the value is polled before and after the release")
    then("it stays unset until the release, and eventually appears after it")
    assert_that(lambda: box.get("value"), consistently(is_none(), duration=0.02))
    release.set()
    assert_that(lambda: box.get("value"), eventually(is_not_none(), timeout=2.0))
    worker.join()


def test_given_value_that_never_arrives_when_polled_then_failure_shows_last_outcome() -> None:
    given("a counter that stays below the wanted value")
    calls = iter(range(1000))
    when("eventually gives up after its timeout")
    message = explain_mismatch(lambda: min(next(calls), 2), eventually(ge(5), timeout=0.05))
    then("the message names the timeout and the last value returned")
    assert_that(
        message,
        eq(
            "expected: a call that returns a value that is greater than or equal to 5 "
            "within 50ms\n  actual: a call that last returned 2"
        ),
    )


def test_given_trio_loop_when_async_checks_run_then_they_await_and_poll_in_trio() -> None:
    trio = pytest.importorskip(
        "trio", reason="trio is not installed: the asyncio tests cover the rest"
    )
    given("a trio program with a task that fills a box and a failing async function")
    box: dict[str, int] = {}
    refused: list[str] = []

    async def fill() -> None:
        for _ in range(3):
            await trio.sleep(0.001)
        box["value"] = 3

    async def program() -> None:
        async with trio.open_nursery() as nursery:
            nursery.start_soon(fill)
            await assert_that_async(lambda: box.get("value"), eventually(eq(3), timeout=2.0))
        await assert_that_async(_fails_in_trio, fails_with("declined"))
        try:
            assert_that(_fails_in_trio, succeeds())  # tkit: ignore[TK204]
        except AwaitInsideEventLoopError as error:
            refused.append(str(error))

    when("the program runs under trio")
    trio.run(program)
    then("polling slept in trio, the coroutine was awaited, and the sync check refused")
    assert_that(box, eq({"value": 3}))
    assert_that(refused, has_len(1))


async def _fails_in_trio() -> None:
    raise ValueError("payment declined")
