"""The progress line: on a terminal only, after a second, wiped at the end."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import tkit_scaffold.progress as progress_module
from tkit_scaffold.cli import run_lint
from tkit_scaffold.progress import Progress, wanted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_drawn_in_the_first_second() -> None:
    stream, clock = FakeTerminal(), Clock()
    progress = Progress(stream, clock=clock)
    clock.now += 0.5
    progress.update(3, 10)
    progress.close()
    assert stream.getvalue() == ""


def test_after_a_second_the_line_shows_done_and_total_and_is_wiped_at_the_end() -> None:
    stream, clock = FakeTerminal(), Clock()
    progress = Progress(stream, clock=clock)
    clock.now += 1.5
    progress.update(3, 10)
    assert stream.getvalue() == "\rtkit-lint: 3/10 files"
    clock.now += 0.01
    progress.update(4, 10)  # too soon to redraw
    clock.now += 0.5
    progress.update(10, 10)
    assert stream.getvalue().endswith("\rtkit-lint: 10/10 files")
    progress.close()
    assert stream.getvalue().endswith("\r" + " " * len("tkit-lint: 10/10 files") + "\r")


@pytest.mark.parametrize(
    ("tty", "quiet", "environ", "expected"),
    [
        (True, False, {}, True),
        (False, False, {}, False),
        (True, True, {}, False),
        (True, False, {"CI": "true"}, False),
        (True, False, {"CI": "1"}, False),
        (True, False, {"CI": ""}, True),
    ],
)
def test_wanted_only_on_a_terminal_outside_ci_and_not_quiet(
    tty: bool, quiet: bool, environ: dict[str, str], expected: bool
) -> None:
    stream = FakeTerminal() if tty else io.StringIO()
    assert wanted(stream, quiet=quiet, environ=environ) is expected


def _suite(root: Path) -> None:
    (root / "tests").mkdir()
    for index in range(3):
        (root / "tests" / f"test_m{index}.py").write_text(
            "def test_when_run_then_passes():\n    pass\n", encoding="utf-8"
        )


def _lint_with_stderr_on_a_pty(root: Path, *flags: str) -> str:
    """Run the command with stderr on a pseudo-terminal; what the terminal received."""
    controller, terminal = os.openpty()
    try:
        with os.fdopen(terminal, "w", encoding="utf-8", closefd=False) as err:
            assert err.isatty()
            run_lint([*flags, "--no-cache", "--jobs", "1", str(root / "tests")], io.StringIO(), err)
        os.set_blocking(controller, False)
        received = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            received += chunk
        return received.decode("utf-8", "replace")
    finally:
        os.close(controller)
        os.close(terminal)


def test_a_terminal_sees_the_progress_line_then_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.setattr(progress_module, "INTERVAL", 0.0)
    monkeypatch.delenv("CI", raising=False)
    _suite(tmp_path)
    shown = _lint_with_stderr_on_a_pty(tmp_path)
    line = "tkit-lint: 3/3 files"
    assert line in shown
    wiped = "\r" + " " * len(line) + "\r"
    assert shown.split(line)[-1].startswith(wiped + "Found 3 problems")


@pytest.mark.parametrize(("flags", "ci"), [(("--quiet",), None), ((), "true")])
def test_no_progress_line_in_ci_or_when_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: tuple[str, ...], ci: str | None
) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    _suite(tmp_path)
    assert "tkit-lint:" not in _lint_with_stderr_on_a_pty(tmp_path, *flags)


def test_no_progress_line_when_stderr_is_piped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    _suite(tmp_path)
    err = io.StringIO()
    run_lint(["--no-cache", "--jobs", "1", str(tmp_path / "tests")], io.StringIO(), err)
    assert "tkit-lint:" not in err.getvalue()
    assert "Found 3 problems" in err.getvalue()
