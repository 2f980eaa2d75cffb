"""Strict mocks: expected calls answer, anything else fails, verify() checks the counts."""

from __future__ import annotations

import functools
from collections.abc import Callable

from testingkit import (
    Mock,
    assert_that,
    eq,
    fails_with,
    given,
    gt,
    is_empty,
    then,
    when,
)
from testingkit.bdd import scenario_scope


def test_given_expected_call_when_made_then_it_returns_the_declared_value() -> None:
    given("a gateway expecting one charge of 270")
    gateway = Mock("gateway")
    gateway.expect_call("charge").with_args(270).returns("payment-1")
    when("the charge is made")
    answer = gateway.charge(270)
    then("the declared value comes back and nothing is left to verify")
    assert_that(answer, eq("payment-1"))
    assert_that(gateway.failures(), is_empty())


def test_given_matcher_arguments_when_calls_match_them_then_they_are_accepted() -> None:
    given("a gateway expecting two positive charges with a currency keyword")
    gateway = Mock("gateway")
    gateway.expect_call("charge").with_args(gt(0), currency="EUR").times(2)
    when("two such charges are made")
    gateway.charge(5, currency="EUR")
    gateway.charge(7, currency="EUR")
    then("both are accepted")
    assert_that(gateway.failures(), is_empty())


def test_given_no_expectation_when_a_method_is_called_then_the_call_fails() -> None:
    with scenario_scope():
        given("a gateway expecting nothing")
        gateway = Mock("gateway")
        when("a refund is requested")
        refunding = functools.partial(gateway.refund, 10)
        then("the call fails and the mock remembers it")
        assert_that(
            refunding,
            fails_with(
                "unexpected call gateway.refund(10): no call to gateway.refund was expected"
            ),
        )
        assert_that(
            gateway.failures(),
            eq(["unexpected call gateway.refund(10): no call to gateway.refund was expected"]),
        )


def test_given_expected_arguments_when_others_are_passed_then_the_call_fails() -> None:
    with scenario_scope():
        given("a gateway expecting a charge of 270")
        gateway = Mock("gateway")
        gateway.expect_call("charge").with_args(270)
        when("a charge of 99 is made")
        charging: Callable[[], object] = functools.partial(gateway.charge, 99)
        then("the call fails, naming what was expected")
        assert_that(
            charging, fails_with("unexpected call gateway.charge(99): expected gateway.charge(270)")
        )


def test_given_one_expected_call_when_made_twice_then_the_second_fails() -> None:
    with scenario_scope():
        given("a gateway expecting exactly one charge")
        gateway = Mock("gateway")
        gateway.expect_call("charge").times(1)
        gateway.charge(1)
        when("a second charge is made")
        charging_again = functools.partial(gateway.charge, 2)
        then("the second call fails")
        assert_that(
            charging_again,
            fails_with(
                "unexpected call gateway.charge(2): expected gateway.charge(...) 1 time, "
                "this is call 2"
            ),
        )


def test_given_expected_calls_when_too_few_are_made_then_verify_fails() -> None:
    with scenario_scope():
        given("a gateway expecting two charges of 270")
        gateway = Mock("gateway")
        gateway.expect_call("charge").with_args(270).times(2)
        when("only one charge is made")
        gateway.charge(270)
        then("verify names the expectation and the count")
        assert_that(
            gateway.verify,
            fails_with("expected gateway.charge(270) to be called 2 times, it was called 1 time"),
        )


def test_given_mock_fixture_when_used_then_it_is_an_ordinary_strict_mock(
    mock: Mock, mock_factory: Callable[[str], Mock]
) -> None:
    given("the plugin's mock and mock factory")
    mock.expect_call("ping").returns("pong")
    clock = mock_factory("clock")
    clock.expect_call("now").returns(1700)
    when("their expected calls are made")
    answers = [mock.ping(), clock.now()]
    then("they answer as declared")
    assert_that(answers, eq(["pong", 1700]))
