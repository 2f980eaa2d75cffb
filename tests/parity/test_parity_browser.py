"""The HTML parity report opened in a real browser: headless Chromium lays the page out,
its DOM holds the matrix tables with the expected rows, and its screenshot is a picture of
the requested size, not a blank page.

The page is compared with the terminal report of the same run; a fresh render is at 100%
in every language, so every cell of every matrix is a check mark.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.cli import run_tkit
from tkit_scaffold.parity.conformance import load_cases

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import support_browser

LANGUAGES = ["python", "rust", "go"]
EVERY_KIT_HAS = ["step given", "assertion assert_that", "matcher eq", "matcher has_len"]
WIDTH, HEIGHT = 1280, 900


def _parity(project: Path, page: Path, *options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = run_tkit(["parity", str(project), "--html", str(page), *options], out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    assert page.is_file(), err.getvalue()
    return out.getvalue()


def _check_page(
    page: Path, text: str, sections: list[str], tmp_path: Path
) -> dict[str, list[list[str]]]:
    """What every report page must show in the browser; returns its tables by id."""
    dom = support_browser.dump_dom(page)
    assert "<title>Parity report</title>" in dom
    found = support_browser.tables(dom)
    assert sorted(found) == sorted(["summary", *sections])

    # The summary: one row per language, the same tallies as the terminal report.
    summary = found["summary"]
    assert summary[0] == ["language", *sections, "parity"]
    assert [row[0] for row in summary[1:]] == LANGUAGES
    for row in summary[1:]:
        assert all(re.fullmatch(r"\d+/\d+", cell) for cell in row[1:-1]), row
        done = sum(int(cell.split("/")[0]) for cell in row[1:-1])
        total = sum(int(cell.split("/")[1]) for cell in row[1:-1])
        assert f"  {row[0]}: {done}/{total} ({row[-1]})" in text

    # Each matrix: a header naming the languages and as many rows as the terminal counted.
    for section in sections:
        rows = found[section]
        assert rows[0] == [section, *LANGUAGES]
        counted = re.search(rf"^{section} \((\d+)\)$", text, re.MULTILINE)
        assert counted is not None, text[:2000]
        assert len(rows) - 1 == int(counted.group(1))
        assert all(len(row) == 1 + len(LANGUAGES) for row in rows[1:])
        assert all(mark in "✓✗~-" for row in rows[1:] for mark in row[1:])
    vocabulary = {row[0]: row[1:] for row in found["vocabulary"][1:]}
    for label in EVERY_KIT_HAS:
        assert vocabulary[label] == ["✓", "✓", "✓"], label
    for section in sections:
        gaps = [row for row in found[section][1:] if row[1:] != ["✓"] * len(LANGUAGES)]
        assert gaps == [], f"{section}: {gaps[:5]}"
    assert [row[-1] for row in found["summary"][1:]] == ["100.0%"] * len(LANGUAGES)
    scenarios = found["scenarios"][1:]
    assert any(row[0].startswith("cart: ") and row[1:] == ["✓"] * 3 for row in scenarios)

    shot = support_browser.screenshot(page, tmp_path / "parity.png", WIDTH, HEIGHT)
    image = support_browser.check_png(shot, WIDTH, HEIGHT)
    assert image.distinct_pixels >= 16, image  # text and coloured cells, not a flat page
    return found


def test_report_without_conformance_renders_in_chromium(pristine: Path, tmp_path: Path) -> None:
    support_browser.chromium()
    page = tmp_path / "parity.html"
    text = _parity(pristine, page, "--no-conformance")
    _check_page(page, text, ["vocabulary", "scenarios"], tmp_path)


@pytest.mark.slow
def test_full_report_with_cases_renders_in_chromium(
    project: Path,
    tmp_path: Path,
    toolchains: Callable[..., None],
    cargo_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    support_browser.chromium()
    toolchains("cargo", "go")
    for key, value in cargo_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TKIT_UPDATE_GOLDEN", raising=False)
    page = tmp_path / "parity.html"
    text = _parity(project, page)
    found = _check_page(page, text, ["vocabulary", "scenarios", "cases"], tmp_path)
    cases = {row[0] for row in found["cases"][1:]}
    expected = {case.case_id for case in load_cases(project / "crosslang" / "cases")}
    assert expected and cases == expected
