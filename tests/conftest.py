"""How the suite is spread over pytest-xdist's workers (``-n auto --dist loadgroup`` in
``pyproject.toml``): the slowest tests start first, and the tests of a module that share
a module-scoped fixture stay on one worker, so that fixture is built once.

The order comes from ``tests/durations.json``, the measured seconds (setup, call and
teardown) of every test that takes half a second or more. Refresh it after adding slow
tests with ``python3 -m pytest --store-durations`` (a partial run updates the tests it
ran). A test it does not list counts as ``UNKNOWN_SLOW`` seconds when marked ``slow``,
else as ``UNKNOWN_FAST``; ties keep the collection order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

DURATIONS_FILE = Path(__file__).with_name("durations.json")
STORED_FROM = 0.5  # seconds: faster tests are not worth a line in the file
UNKNOWN_SLOW = 5.0
UNKNOWN_FAST = 0.05
SHARED_SCOPES = frozenset({"module", "class", "package"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store-durations",
        action="store_true",
        help=f"write the measured duration of each test to {DURATIONS_FILE.name}, "
        "which orders the next runs slowest first",
    )


def _key(location: tuple[str, int | None, str]) -> str:
    """A test's name as ``path::name[params]``, the same on the workers and in the
    controller, whatever suffix ``--dist loadgroup`` adds to the node id."""
    path, _, name = location
    return f"{Path(path).as_posix()}::{name}"


def _shares_a_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definitions[-1].scope in SHARED_SCOPES
        for definitions in info.name2fixturedefs.values()
        if definitions
    )


def _known_durations() -> dict[str, float]:
    try:
        loaded = json.loads(DURATIONS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(key): float(value) for key, value in loaded.items()}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = _known_durations()
    units: dict[str, list[pytest.Item]] = defaultdict(list)
    for item in items:
        if _shares_a_module_fixture(item):
            group = item.nodeid.split("::", 1)[0]
            item.add_marker(pytest.mark.xdist_group(group))
            units[group].append(item)
        else:
            units[item.nodeid].append(item)

    def seconds(item: pytest.Item) -> float:
        default = UNKNOWN_SLOW if item.get_closest_marker("slow") else UNKNOWN_FAST
        return known.get(_key(item.location), default)

    ordered = sorted(units.values(), key=lambda unit: -sum(seconds(item) for item in unit))
    items[:] = [item for unit in ordered for item in unit]


class DurationRecorder:
    """Adds up each test's phases as their reports reach this process (with xdist, the
    controller) and merges them into the durations file at the end."""

    def __init__(self) -> None:
        self.measured: dict[str, float] = defaultdict(float)
        self.skipped: set[str] = set()  # a skip measures nothing: its entry stays

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        key = _key(report.location)
        self.measured[key] += report.duration
        if report.skipped:
            self.skipped.add(key)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        merged = _known_durations()
        for key, duration in self.measured.items():
            if key in self.skipped:
                continue
            if duration >= STORED_FROM:
                merged[key] = round(duration, 1)
            else:
                merged.pop(key, None)
        text = json.dumps(dict(sorted(merged.items())), indent=1) + "\n"
        temporary = DURATIONS_FILE.with_suffix(".json.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(DURATIONS_FILE)


def pytest_configure(config: pytest.Config) -> None:
    is_worker = hasattr(config, "workerinput")
    if config.getoption("--store-durations") and not is_worker:
        config.pluginmanager.register(DurationRecorder(), "tkit-duration-recorder")
