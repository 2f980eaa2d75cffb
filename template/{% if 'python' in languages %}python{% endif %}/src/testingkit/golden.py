"""Golden files: compare a value's string form with ``testdata/golden/<name>.golden``.

The folder is relative to the project's ``tests/`` directory (the nearest ``tests``
folder above the running test file). ``TKIT_UPDATE_GOLDEN=1`` rewrites the file instead
of comparing, which is how a golden file is created or accepted after a deliberate change.
"""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path
from typing import Any

from testingkit.bdd import current_scenario
from testingkit.difference import text_difference

UPDATE_VARIABLE = "TKIT_UPDATE_GOLDEN"
_GOLDEN_SUBDIR = Path("testdata") / "golden"
_VALID_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def golden_dir_for(test_file: Path) -> Path:
    """The golden folder for a test file: under the nearest ``tests`` folder above it."""
    for folder in test_file.resolve().parents:
        if folder.name == "tests":
            return folder / _GOLDEN_SUBDIR
    return test_file.resolve().parent / _GOLDEN_SUBDIR


def _calling_test_file() -> Path:
    scenario_path = current_scenario().test_path
    if scenario_path is not None:
        return scenario_path
    # Outside pytest, the file that called golden() stands in for the test file.
    frame = inspect.stack()[2]
    return Path(frame.filename)


def golden(name: str, value: Any, *, directory: Path | None = None) -> None:
    """Compare ``str(value)`` with the golden file ``name``; rewrite it when updating."""
    __tracebackhide__ = True
    if not _VALID_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"a golden name is letters, digits, '_', '-' and '.': got {name!r}")
    folder = directory if directory is not None else golden_dir_for(_calling_test_file())
    path = folder / f"{name}.golden"
    text = str(value)
    if os.environ.get(UPDATE_VARIABLE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    shown = f"{_GOLDEN_SUBDIR.as_posix()}/{name}.golden"
    if not path.is_file():
        problem = (
            f"golden file {shown} does not exist; "
            f"run the tests with {UPDATE_VARIABLE}=1 to create it"
        )
        raise AssertionError(current_scenario().with_steps(problem))
    # A checkout may turn line ends into CRLF; the golden content is the text, not the bytes.
    recorded = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    problem = golden_mismatch(name, recorded, text)
    if problem is not None:
        raise AssertionError(current_scenario().with_steps(problem))


def golden_mismatch(name: str, expected: str, actual: str) -> str | None:
    """The failure message of the golden file ``name`` holding ``expected`` when the value
    is ``actual``: the same words and the same diff in every kit; None when equal."""
    difference = text_difference(expected, actual)
    if difference is None:
        return None
    shown = f"{_GOLDEN_SUBDIR.as_posix()}/{name}.golden"
    return (
        f"golden file {shown} differs; "
        f"run the tests with {UPDATE_VARIABLE}=1 to accept the new value\n{difference}"
    )
