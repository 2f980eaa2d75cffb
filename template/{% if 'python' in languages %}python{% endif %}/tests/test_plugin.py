"""The pytest plugin, driven through pytest itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from testingkit import (
    assert_that,
    contains_entry,
    contains_substring,
    eq,
    given,
    has_len,
    not_,
    then,
    when,
)

# The project's own conftest: the inner runs load the plugin exactly as the project does.
PROJECT_CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    pytester.makeconftest(PROJECT_CONFTEST)
    # The inner runs fail on purpose: they stay out of this run's result stream.
    monkeypatch.delenv("TKIT_REPORT_DIR", raising=False)
    return pytester


def test_given_soft_failures_when_the_test_ends_then_it_fails_listing_all(
    project: pytest.Pytester,
) -> None:
    given("a test with two failing expectations")
    project.makepyfile(
        """
        from testingkit import eq, expect_that, then

        def test_soft():
            then("the total is checked twice")
            expect_that(200, eq(250))
            expect_that(200, eq(300))
        """
    )
    when("pytest runs it")
    result = project.runpytest()
    output = result.stdout.str()
    then("it fails once, listing both expectations with their steps")
    assert_that(result.parseoutcomes(), contains_entry("failed", 1))
    assert_that(output, contains_substring("2 checks failed:"))
    assert_that(output, contains_substring("expected: equal to 250"))
    assert_that(output, contains_substring("expected: equal to 300"))


def test_given_soft_failure_and_hard_failure_when_reported_then_both_are_shown(
    project: pytest.Pytester,
) -> None:
    given("a test whose soft failure is followed by an exception")
    project.makepyfile(
        """
        from testingkit import eq, expect_that, given

        def test_soft_then_hard():
            given("a broken cart")
            expect_that(1, eq(2))
            raise RuntimeError("cart exploded")
        """
    )
    when("pytest runs it")
    output = project.runpytest().stdout.str()
    then("the report shows the error, the steps and the soft failure")
    assert_that(output, contains_substring("RuntimeError: cart exploded"))
    assert_that(output, contains_substring("testingkit steps"))
    assert_that(output, contains_substring("given a broken cart"))
    assert_that(output, contains_substring("testingkit failed expectations"))


def test_given_two_tests_when_both_run_then_each_has_its_own_step_log(
    project: pytest.Pytester,
) -> None:
    given("two tests, the second failing")
    project.makepyfile(
        """
        from testingkit import assert_that, eq, given, then

        def test_first():
            given("the first scenario")
            then("it passes")
            assert_that(1, eq(1))

        def test_second():
            given("the second scenario")
            then("it fails")
            assert_that(1, eq(2))
        """
    )
    when("pytest runs them")
    output = project.runpytest().stdout.str()
    then("the failure lists only the second test's steps")
    assert_that(output, contains_substring("given the second scenario"))
    assert_that(output, not_(contains_substring("given the first scenario")))


def test_given_unmet_mock_when_the_test_ends_then_the_plugin_fails_it(
    project: pytest.Pytester,
) -> None:
    given("a test that never makes its expected call")
    project.makepyfile(
        """
        from testingkit import Mock

        def test_forgets_to_charge(mock_factory):
            gateway = mock_factory("gateway")
            gateway.expect_call("charge").with_args(270)
        """
    )
    when("pytest runs it")
    result = project.runpytest()
    then("it fails naming the expectation")
    assert_that(result.parseoutcomes(), contains_entry("failed", 1))
    assert_that(
        result.stdout.str(),
        contains_substring(
            "expected gateway.charge(270) to be called 1 time, it was called 0 times"
        ),
    )


def test_given_plugin_named_with_p_when_conftest_also_loads_it_then_it_runs_once(
    project: pytest.Pytester,
) -> None:
    given("a test counting the kit's plugin registrations")
    project.makepyfile(
        """
        import sys

        def test_count(pytestconfig, scenario):
            module = sys.modules["testingkit.plugin"]
            copies = [p for p in pytestconfig.pluginmanager.get_plugins() if p is module]
            if len(copies) != 1:
                raise AssertionError(f"registered {len(copies)} times")
        """
    )
    when("pytest runs it plain and with -p testingkit, the plugin's entry-point name")
    plain = project.runpytest()
    explicit = project.runpytest("-p", "testingkit")
    then("both runs see the plugin exactly once")
    assert_that(plain.parseoutcomes(), contains_entry("passed", 1))
    assert_that(explicit.parseoutcomes(), contains_entry("passed", 1))


def test_given_plugin_disabled_when_tests_run_then_conftest_does_not_load_it(
    project: pytest.Pytester,
) -> None:
    given("a test that needs the kit's fixtures")
    project.makepyfile(
        """
        def test_needs_scenario(scenario):
            pass
        """
    )
    when("pytest runs it with -p no:testingkit")
    result = project.runpytest("-p", "no:testingkit")
    then("the fixture is missing, because the plugin stayed off")
    assert_that(result.stdout.str(), contains_substring("fixture 'scenario' not found"))


def test_when_the_plugins_of_this_run_are_listed_then_the_kit_appears_once(
    pytestconfig: pytest.Config,
) -> None:
    when("the plugins of this very run are listed")
    module = sys.modules["testingkit.plugin"]
    copies = [plugin for plugin in pytestconfig.pluginmanager.get_plugins() if plugin is module]
    then("the kit's plugin is among them exactly once")
    assert_that(copies, has_len(1))
    assert_that(copies, eq([module]))
