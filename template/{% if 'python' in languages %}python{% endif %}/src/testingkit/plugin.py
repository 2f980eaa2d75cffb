"""The pytest side of the kit: a scenario per test, its fixtures and its failure report.

Loaded through the ``pytest11`` entry point when the project is installed, or by
``tests/conftest.py`` (via :func:`ensure_registered`) when it runs from a checkout; the
guard makes sure it is registered once either way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

from testingkit.bdd import Scenario, current_scenario, scenario_scope
from testingkit.fixtures import temporary_workdir
from testingkit.golden import golden_dir_for
from testingkit.mock import Mock

PLUGIN_NAME = "testingkit"
STEPS_SECTION = "testingkit steps"
PENDING_SECTION = "testingkit failed expectations"


def ensure_registered(config: pytest.Config) -> None:
    """Register this plugin unless it is loaded already or disabled (``-p no:testingkit``)."""
    manager = config.pluginmanager
    this_module = sys.modules[__name__]
    if manager.is_registered(this_module) or manager.is_blocked(PLUGIN_NAME):
        return
    # ``-p testingkit`` registers the package itself under the plugin's name; the hooks
    # live in this module, which then takes its module name instead.
    name = PLUGIN_NAME if manager.get_plugin(PLUGIN_NAME) is None else __name__
    manager.register(this_module, name)


def summarize(failures: list[str]) -> str:
    count = len(failures)
    header = f"{count} failed expectation{'s' if count != 1 else ''}:"
    return "\n\n".join([header, *failures])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    with scenario_scope(item.nodeid, Path(item.path)):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    __tracebackhide__ = True
    try:
        outcome = yield
    except BaseException:
        # The test already failed; what expect_that and the mocks found still belongs
        # in the report, next to the error that stopped the test.
        pending = current_scenario().pending_failures()
        if pending:
            item.add_report_section("call", PENDING_SECTION, summarize(pending))
        raise
    pending = current_scenario().pending_failures()
    if pending:
        raise AssertionError(summarize(pending))
    return outcome


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    step_log = current_scenario().step_log()
    if report.failed and step_log:
        report.sections.append((STEPS_SECTION, step_log))
    return report


@pytest.fixture
def scenario() -> Scenario:
    """The running test's scenario: its steps, soft failures and mocks."""
    return current_scenario()


@pytest.fixture
def mock_factory() -> Callable[[str], Mock]:
    """Makes named mocks; each one is verified when the test ends."""
    return Mock


@pytest.fixture
def mock() -> Mock:
    """One mock named ``mock``, verified when the test ends."""
    return Mock("mock")


@pytest.fixture
def golden_dir(request: pytest.FixtureRequest) -> Path:
    """The folder holding this test's golden files."""
    return golden_dir_for(Path(request.path))


@pytest.fixture
def tmp_workdir() -> Iterator[Path]:
    """Run the test inside a fresh empty directory, deleted afterwards."""
    with temporary_workdir() as folder:
        yield folder
