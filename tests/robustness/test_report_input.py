"""`tkit report` skips a bad stream line with a FILE:LINE warning and reads its history
back with checks: one bad line or row never ends the whole report."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from .conftest import STREAM_LINE, run_module

GOOD = STREAM_LINE


def report(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_module("tkit_scaffold.reporting", cwd, *args)


BAD_LINES = {
    "lone surrogate": json.dumps({**GOOD, "test": "PLACEHOLDER"}).replace("PLACEHOLDER", "\\udcff"),
    "deep JSON": "[" * 990 + "]" * 990,
    "year 1 with an offset": json.dumps({**GOOD, "started_at": "0001-01-01T00:00:00+05:00"}),
    "year 9999 with an offset": json.dumps({**GOOD, "started_at": "9999-12-31T23:59:59-05:00"}),
    "400-digit duration": json.dumps(GOOD).replace(
        '"duration_ms": 1.0', '"duration_ms": ' + "9" * 400
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_bad_line_is_skipped_with_its_place_and_the_report_goes_on(
    tmp_path: Path, case: str
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    stream = run / "python-1-0123abcd.jsonl"
    stream.write_text(json.dumps(GOOD) + "\n" + BAD_LINES[case] + "\n", encoding="utf-8")
    result = report(tmp_path, str(run), "--history", str(tmp_path / "history.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"{stream}:2" in result.stderr
    assert "line skipped" in result.stderr


def test_a_history_row_of_the_wrong_type_is_left_out_with_a_note(tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    for name in ("one", "two"):
        run = tmp_path / name
        run.mkdir()
        line = {**GOOD, "commit": ("a" if name == "one" else "b") * 40}
        (run / "python-1-0123abcd.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert report(tmp_path, str(tmp_path / "one"), "--history", str(history)).returncode == 0
    with sqlite3.connect(history) as db:
        db.execute("UPDATE results SET duration_ms = 'slow', status = 42")
    db.close()
    result = report(tmp_path, str(tmp_path / "two"), "--history", str(history))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 stored result(s) of unexpected types were left out" in result.stderr + result.stdout
