"""The report's outputs: JUnit XML read back by a standard parser, the HTML page's
self-containedness and content, the Markdown summary."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

from tkit_scaffold.reporting import format_html, format_junit, format_markdown, format_text


def test_given_a_report_when_written_as_junit_then_a_standard_parser_reads_every_case(
    sample_report: Any,
) -> None:
    root = ET.fromstring(format_junit(sample_report.analysis).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["rust", "python", "go"]
    go = suites["go"]
    assert go.get("timestamp") == "2026-12-02T05:00:00"
    assert (go.get("tests"), go.get("failures"), go.get("skipped")) == ("3", "0", "1")
    cases = {case.get("name"): case for case in go.iter("testcase")}
    assert cases["TestCheckoutAppliesDiscounts"].get("time") == "0.850"
    assert cases["TestCheckoutAppliesDiscounts"].get("classname") == "cart/cart_test.go"
    assert cases["TestCheckoutAppliesDiscounts"].find("failure") is None
    system_out = cases["TestCheckoutAppliesDiscounts"].findtext("system-out") or ""
    assert "flaky" in system_out and "timeout" in system_out
    assert cases["TestCartTotalSumsLines"].find("skipped") is not None
    python_failure = next(suites["python"].iter("failure"))
    assert python_failure.get("message") == "expected: equal to 5"
    assert python_failure.get("type") == "mismatch"
    assert "  actual: 4" in (python_failure.text or "")
    rust_failure = next(suites["rust"].iter("failure"))
    assert rust_failure.get("message") == "panicked: <oops>"
    assert root.get("tests") == "7" and root.get("failures") == "2"


def test_given_control_characters_in_output_when_written_as_junit_then_it_still_parses(
    line: Any, write_run: Any
) -> None:
    from tkit_scaffold.reporting import analyse, read_run

    run = read_run(write_run("r", [line("go", "a", "failed", message="bad \x1b[31mred\x00")])).run
    root = ET.fromstring(format_junit(analyse([run])))
    assert (root.findtext(".//failure") or "").startswith("bad [31mred")


KIT_MESSAGE = (
    "steps:\n  given a cart worth 4\n  then its total is 5\nexpected: equal to 5\n  actual: 4"
)


def test_given_kit_failure_messages_when_shown_on_one_line_then_the_step_log_is_skipped(
    line: Any, write_run: Any
) -> None:
    from tkit_scaffold.reporting import ReportOptions, build_report
    from tkit_scaffold.reporting.model import Failure

    mismatch = {"message": KIT_MESSAGE, "expected": "equal to 5", "actual": "4"}
    first = write_run(
        "r1", [line("go", "a", "failed", **mismatch), line("go", "b", "failed", **mismatch)]
    )
    rerun = write_run("r2", [line("go", "b")])
    report = build_report([first, rerun], ReportOptions())
    root = ET.fromstring(format_junit(report.analysis))
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert [f.get("message") for f in root.iter("failure")] == ["expected: equal to 5"]
    notes = cases["TestB"].findtext("system-out") or ""
    assert "(first failure: expected: equal to 5)" in notes
    assert "<td>expected: equal to 5</td></tr>" in format_html(report)  # the flaky table
    assert "TestA: expected equal to 5, actual 4" in format_text(report)
    panic = "steps:\n  given a cart\n\npanicked at src/lib.rs:3:5"
    assert Failure(panic).headline == "panicked at src/lib.rs:3:5"
    assert Failure("steps:\n  given a cart\n").headline == "steps:"  # nothing after the log
    assert Failure("timeout\nafter 5 s").headline == "timeout"
    assert Failure(" ").headline == ""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.references: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                self.references.append(value or "")
            if name == "id" and value:
                self.ids.append(value)


def test_given_a_report_when_written_as_html_then_the_page_needs_nothing_from_outside(
    sample_report: Any,
) -> None:
    page = format_html(sample_report)
    parser = _Links()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert parser.references == []
    assert not re.search(r"url\(|@import", page)
    without_namespaces = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"https?://", without_namespaces)
    assert {"totals", "matrix", "failures", "flaky", "slowest", "duration-chart", "coverage",
            "history", "history-chart"} <= set(parser.ids)  # fmt: skip


def test_given_a_report_when_written_as_html_then_matrix_failures_and_flaky_show(
    sample_report: Any,
) -> None:
    page = format_html(sample_report)
    matrix = page.split('<table id="matrix">')[1].split("</table>")[0]
    row = matrix.split('data-scenario="cart_rejects_negative_quantities"')[1].split("</tr>")[0]
    assert '<td class="failed" data-language="rust">failed</td>' in row
    assert '<td class="missing" data-language="go">missing</td>' in row
    assert 'data-scenario="checkout_applies_discounts"' not in matrix  # Go alone declares it
    single = page.split('<details id="single-language"')[1].split("</details>")[0]
    discounts = single.split('data-scenario="checkout_applies_discounts"')[1].split("</tr>")[0]
    assert '<td class="flaky">flaky</td>' in discounts
    failures = page.split('<section id="failures"')[1].split("</section>")[0]
    assert "panicked: &lt;oops&gt;" in failures and "<oops>" not in failures
    assert "<strong>when</strong> adding -1 apples" in failures
    assert "<th>expected</th><td><code>equal to 5</code>" in failures
    assert 'id="verdict" class="verdict failed"' in page
    assert "1 test(s) declare no scenario id" in page


def test_given_a_report_when_summarised_then_text_and_markdown_agree(sample_report: Any) -> None:
    text = format_text(sample_report)
    markdown = format_markdown(sample_report)
    assert "Failures (2):" in text and "### Failures (2)" in markdown
    assert "Flaky (1)" in text and "### Flaky (1)" in markdown
    assert "| go | 2 | 0 | 1 | 1 |" in markdown
    assert "Coverage: 66.7% (rust 66.7%)" in text
    assert "| rust | 3 | 2 | 66.7% |" in markdown
    assert sample_report.ok is False


def test_given_failed_and_flaky_scenarios_when_written_as_html_then_they_lead_the_matrix(
    sample_report: Any,
) -> None:
    matrix = format_html(sample_report).split('<table id="matrix">')[1].split("</table>")[0]
    order = re.findall(r'<tr data-scenario="([^"]+)"', matrix)
    assert order == ["cart_rejects_negative_quantities", "cart_total_sums_lines"]
