"""The HTML page in headless Chromium: the matrix and the folded single-language
scenarios are in the rendered DOM, and a screenshot of the page is a real, non-blank
image."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests folder
import support_browser

from tkit_scaffold.reporting import format_html


def test_given_the_html_report_when_opened_in_chromium_then_the_matrix_renders(
    sample_report: Any, tmp_path: Path
) -> None:
    support_browser.chromium()
    page = tmp_path / "report.html"
    page.write_text(format_html(sample_report), encoding="utf-8")

    dom = support_browser.dump_dom(page)
    tables = support_browser.tables(dom)
    matrix = tables["matrix"]
    assert matrix[0] == ["scenario", "rust", "python", "go"]
    rows = {row[0]: row[1:] for row in matrix[1:]}
    assert rows == {
        "cart_rejects_negative_quantities": ["failed", "failed", "missing"],
        "cart_total_sums_lines": ["passed", "passed", "skipped"],
    }
    assert tables["single-language-scenarios"] == [
        ["scenario", "language", "status"],
        ["checkout_applies_discounts", "go", "flaky"],
    ]
    folded = dom.split('<details id="single-language"', 1)[1].split(">", 1)[0]
    assert "open" not in folded  # collapsed until the reader opens it
    assert tables["totals"][-1][:5] == ["total", "7", "4", "2", "1"]
    assert {"slowest", "history", "coverage", "flaky"} <= set(tables)

    shot = support_browser.screenshot(page, tmp_path / "report.png", 1200, 900)
    image = support_browser.check_png(shot, 1200, 900)
    assert image.distinct_pixels > 20  # text, table fills and chart colours, not a blank page
