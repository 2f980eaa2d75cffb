"""How the suite is spread over pytest-xdist's workers (``-n auto`` in ``pyproject.toml``):
the slowest tests start first, and the tests of a module that share a module-scoped
fixture go to one worker as one unit, so that fixture is built once.

The order comes from ``tests/durations.json``, the measured seconds (setup, call and
teardown) of every test that takes half a second or more. Refresh it after adding slow
tests with ``python3 -m pytest --store-durations`` (a partial run updates the tests it
ran). A test it does not list counts as ``UNKNOWN_SLOW`` seconds when marked ``slow``,
else as ``UNKNOWN_FAST``; ties keep the collection order.

The units are handed out by a scheduler of our own (xdist's ``loadgroup`` cannot group
under pytest 9.2: it renames node ids through an attribute pytest no longer reads). Only
the workers collect, so each writes the units it found to a file the controller names
in ``TKIT_TEST_UNITS_FILE``; the controller reads it once every worker has collected.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

DURATIONS_FILE = Path(__file__).with_name("durations.json")
STORED_FROM = 0.5  # seconds: faster tests are not worth a line in the file
UNKNOWN_SLOW = 5.0
UNKNOWN_FAST = 0.05
SHARED_SCOPES = frozenset({"module", "class", "package"})
UNITS_VARIABLE = "TKIT_TEST_UNITS_FILE"


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


@pytest.hookimpl(tryfirst=True)  # order first; other hooks may still deselect
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = _known_durations()
    units: dict[str, list[pytest.Item]] = defaultdict(list)
    for item in items:
        shared = _shares_a_module_fixture(item)
        units[item.nodeid.split("::", 1)[0] if shared else item.nodeid].append(item)

    def seconds(item: pytest.Item) -> float:
        default = UNKNOWN_SLOW if item.get_closest_marker("slow") else UNKNOWN_FAST
        return known.get(_key(item.location), default)

    ordered = sorted(units.items(), key=lambda unit: -sum(seconds(item) for item in unit[1]))
    items[:] = [item for _, unit in ordered for item in unit]
    if hasattr(config, "workerinput") and UNITS_VARIABLE in os.environ:
        _write_units({item.nodeid: name for name, unit in ordered for item in unit})


def _write_units(units: dict[str, str]) -> None:
    """Every worker writes the same map; each through a file of its own, renamed."""
    target = Path(os.environ[UNITS_VARIABLE])
    temporary = target.with_name(f"{target.name}.{os.getpid()}")
    temporary.write_text(json.dumps(units), encoding="utf-8")
    temporary.replace(target)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """For the default ``--dist load``: xdist's scope scheduler, with our units as scopes,
    handed out in the order the workers collected them (slowest first)."""
    if config.getvalue("dist") != "load" or UNITS_VARIABLE not in os.environ:
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):  # type: ignore[misc]
        units: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.units is None:
                try:
                    text = Path(os.environ[UNITS_VARIABLE]).read_text(encoding="utf-8")
                except OSError:  # no worker wrote it: every test is a unit of its own
                    text = "{}"
                self.units = json.loads(text)
            return self.units.get(nodeid, nodeid)

    config.option.loadscopereorder = False  # keep the slowest-first order
    return UnitScheduling(config, log)


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
    if hasattr(config, "workerinput"):
        return
    if config.getoption("--store-durations"):
        config.pluginmanager.register(DurationRecorder(), "tkit-duration-recorder")
    if getattr(config.option, "numprocesses", None):
        # The workers start after this and inherit the variable.
        folder = tempfile.mkdtemp(prefix="tkit-test-units-")
        os.environ[UNITS_VARIABLE] = str(Path(folder) / "units.json")
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.add_cleanup(lambda: os.environ.pop(UNITS_VARIABLE, None))
