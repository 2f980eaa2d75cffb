"""JUnit XML: one ``<testsuite>`` per language, one ``<testcase>`` per test of the
current runs (classname = the test's file, name = the test), times in seconds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tkit_scaffold.reporting.analysis import Analysis, Verdict
from tkit_scaffold.reporting.model import CaseResult
from tkit_scaffold.reporting.streams import normalise_time

# Characters XML 1.0 forbids, even escaped (test output may hold any of them).
_FORBIDDEN = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def _clean(text: str) -> str:
    return text.translate(_FORBIDDEN)


def _seconds(milliseconds: float) -> str:
    return f"{milliseconds / 1000:.3f}"


def failure_text(result: CaseResult) -> str:
    """The failure's full text, its expected/actual and the steps reached."""
    failure = result.failure
    lines = [failure.message if failure else "failed"]
    if failure and (failure.expected is not None or failure.actual is not None):
        sides = [f"expected: {failure.expected}", f"  actual: {failure.actual}"]
        if "\n".join(sides) not in failure.message:  # the kits' messages already hold them
            lines += ["", *sides]
    if result.steps and not (failure and failure.message.startswith("steps:")):
        lines += ["", "steps reached:"]
        lines += [f"  {step.keyword} {step.text}" for step in result.steps]
    return "\n".join(lines)


def _case(parent: ET.Element, verdict: Verdict) -> None:
    result = verdict.final
    case = ET.SubElement(
        parent,
        "testcase",
        classname=_clean(result.file),
        name=_clean(result.test),
        time=_seconds(result.duration_ms),
    )
    if result.status == "failed":
        failure = result.failure
        element = ET.SubElement(
            case,
            "failure",
            message=_clean((failure.headline if failure else "") or "failed"),
            type="mismatch" if failure and failure.expected is not None else "failure",
        )
        element.text = _clean(failure_text(result))
    elif result.status == "skipped":
        ET.SubElement(case, "skipped")
    notes = []
    if result.scenario:
        notes.append(f"scenario: {result.scenario}")
    if verdict.flaky_failure is not None:
        earlier = verdict.flaky_failure.failure
        notes.append(
            "flaky: failed in an earlier run of this commit, then passed"
            + (f" (first failure: {earlier.headline})" if earlier and earlier.headline else "")
        )
    if notes:
        ET.SubElement(case, "system-out").text = _clean("\n".join(notes))


def format_junit(analysis: Analysis) -> str:
    verdicts = analysis.verdicts
    root = ET.Element("testsuites", name="tkit report")
    totals = analysis.grand_total()
    root.set("tests", str(totals.total))
    root.set("failures", str(totals.failed))
    root.set("errors", "0")
    root.set("skipped", str(totals.skipped))
    root.set("time", _seconds(totals.duration_ms))
    for row in analysis.totals():
        mine: Sequence[Verdict] = [v for v in verdicts if v.final.language == row.language]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=row.language,
            tests=str(row.total),
            failures=str(row.failed),
            errors="0",
            skipped=str(row.skipped),
            time=_seconds(row.duration_ms),
        )
        starts = sorted(normalise_time(v.final.started_at) for v in mine if v.final.started_at)
        if starts:  # JUnit's timestamp: ISO 8601 without a zone or fraction (UTC here)
            suite.set("timestamp", starts[0].removesuffix("Z"))
        for verdict in mine:
            _case(suite, verdict)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
