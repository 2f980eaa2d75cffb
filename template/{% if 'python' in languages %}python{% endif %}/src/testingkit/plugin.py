"""The pytest side of the kit: a scenario per test, its fixtures and its failure report.

Loaded through the ``pytest11`` entry point when the project is installed, or by
``tests/conftest.py`` (via :func:`ensure_registered`) when it runs from a checkout; the
guard makes sure it is registered once either way. With ``TKIT_REPORT_DIR`` set, it also
writes the result stream (:mod:`testingkit.report`): one line per test that ran.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from testingkit.assertions import Mismatch, MismatchError, checks_failed
from testingkit.bdd import Scenario, current_scenario, scenario_scope
from testingkit.fixtures import temporary_workdir
from testingkit.golden import golden_dir_for
from testingkit.mock import Mock
from testingkit.report import Failure, FinishedTest, ResultStream, scenario_id

PLUGIN_NAME = "testingkit"
STEPS_SECTION = "testingkit steps"
PENDING_SECTION = "testingkit failed expectations"


@dataclass(slots=True)
class _Outcome:
    """A test's setup, call and teardown so far, folded into one stream line."""

    started_at: float
    duration: float = 0.0
    status: str = "passed"
    failure: Failure | None = None


STREAM_KEY = pytest.StashKey[ResultStream]()
OUTCOME_KEY = pytest.StashKey[_Outcome]()


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
            item.add_report_section("call", PENDING_SECTION, checks_failed(pending))
        raise
    scenario = current_scenario()
    pending = scenario.pending_failures()
    if pending and scenario.soft_mismatches:
        raise MismatchError(checks_failed(pending), Mismatch(*scenario.soft_mismatches[0]))
    if pending:
        raise AssertionError(checks_failed(pending))
    return outcome


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    scenario = current_scenario()
    step_log = scenario.step_log()
    if report.failed and step_log:
        report.sections.append((STEPS_SECTION, step_log))
    stream = item.config.stash.get(STREAM_KEY, None)
    if stream is not None:
        _record_phase(stream, item, call, report, scenario)
    return report


def pytest_configure(config: pytest.Config) -> None:
    stream = ResultStream.from_environment()
    if stream is not None:
        config.stash[STREAM_KEY] = stream


def pytest_unconfigure(config: pytest.Config) -> None:
    stream = config.stash.get(STREAM_KEY, None)
    if stream is not None:
        stream.close()


def _record_phase(
    stream: ResultStream,
    item: pytest.Item,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    scenario: Scenario,
) -> None:
    """Fold one phase into the test's outcome; after teardown, write its line."""
    outcome = item.stash.setdefault(OUTCOME_KEY, _Outcome(started_at=call.start))
    outcome.duration += call.duration
    if report.failed and outcome.status != "failed":
        outcome.status = "failed"
        outcome.failure = _failure_of(call, report)
    elif report.skipped and outcome.status == "passed":
        outcome.status = "skipped"
    if report.when != "teardown":
        return
    file_part, _, test = item.nodeid.partition("::")
    stream.write(
        FinishedTest(
            file=_relative_file(item, file_part),
            test=test or item.name,
            scenario=_scenario_of(item),
            status=outcome.status,
            duration_ms=outcome.duration * 1000,
            started_at=outcome.started_at,
            steps=tuple(scenario.steps),
            failure=outcome.failure,
        )
    )


def _failure_of(call: pytest.CallInfo[None], report: pytest.TestReport) -> Failure:
    excinfo = call.excinfo
    if excinfo is None:  # e.g. a strict xfail that passed
        return Failure(report.longreprtext or f"{report.when} failed")
    error = excinfo.value
    if isinstance(error, AssertionError) and str(error):
        message = str(error)
    else:
        message = excinfo.exconly() or report.longreprtext or type(error).__name__
    if isinstance(error, MismatchError):
        return Failure(message, error.mismatch.expected, error.mismatch.actual)
    return Failure(message)


def _relative_file(item: pytest.Item, nodeid_file: str) -> str:
    try:
        return Path(item.path).relative_to(item.config.rootpath).as_posix()
    except ValueError:
        return nodeid_file or Path(item.path).as_posix()


def _scenario_of(item: pytest.Item) -> str | None:
    name = getattr(item, "originalname", None)
    return scenario_id(name) if isinstance(name, str) else None


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
