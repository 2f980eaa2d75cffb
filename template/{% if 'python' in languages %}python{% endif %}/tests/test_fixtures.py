"""The plugin's fixtures and the helpers behind them."""

from __future__ import annotations

from pathlib import Path

from testingkit import (
    assert_that,
    contains,
    eq,
    given,
    is_false,
    is_true,
    then,
    when,
)
from testingkit.bdd import Scenario, current_scenario
from testingkit.fixtures import temporary_workdir
from testingkit.mock import Mock


def test_when_temporary_workdir_ends_then_the_folder_is_gone_and_cwd_is_back() -> None:
    given("the current directory")
    before = Path.cwd()
    when("a block runs in a temporary working directory that gets a file")
    with temporary_workdir() as folder:
        Path("note.txt").write_text("x", encoding="utf-8")
        inside = Path.cwd()
    then("the block ran there, and afterwards the folder is deleted and cwd restored")
    assert_that(inside, eq(folder))
    assert_that(folder.exists(), is_false())
    assert_that(Path.cwd(), eq(before))


def test_given_tmp_workdir_fixture_when_the_test_runs_then_it_runs_inside_it(
    tmp_workdir: Path,
) -> None:
    when("the working directory is read")
    cwd = Path.cwd()
    then("it is the fixture's folder, which exists")
    assert_that(cwd, eq(tmp_workdir))
    assert_that(tmp_workdir.is_dir(), is_true())


def test_given_scenario_fixture_when_steps_are_taken_then_it_records_them(
    scenario: Scenario,
) -> None:
    given("the scenario fixture")
    when("a step is taken")
    then("the fixture is the running scenario and holds the steps")
    assert_that(scenario, eq(current_scenario()))
    assert_that([step.kind for step in scenario.steps], eq(["given", "when", "then"]))


def test_given_mock_fixture_when_the_test_runs_then_the_scenario_will_verify_it(
    mock: Mock, scenario: Scenario
) -> None:
    when("the mock fixture is requested")
    verifiables = scenario.verifiables
    then("it is registered for verification at the end of the test")
    assert_that(verifiables, contains(mock))
