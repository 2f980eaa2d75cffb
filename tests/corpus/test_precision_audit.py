"""The precision audit's committed data and its sampling (benchmarks/precision_audit.py).

The audit itself downloads real projects and is run by hand; these tests check what it
left in the repository: every judgment readable, the published table fully judged and at
the bar the project holds every rule to, and a sample that does not depend on order."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import precision_audit  # noqa: E402

KEY = re.compile(r"^[\w.-]+/[\w.+-]+/[^:]+:[1-9][0-9]*:TK[0-9]{3}$")
PRECISION_BAR = 0.9


def test_every_judgment_is_readable_and_says_why() -> None:
    data = tomllib.loads(precision_audit.JUDGMENTS.read_text(encoding="utf-8"))
    keys = [entry["key"] for entry in data["judgment"]]
    assert len(keys) == len(set(keys)), "a finding is judged twice"
    for entry in data["judgment"]:
        assert KEY.match(entry["key"]), entry["key"]
        assert entry["verdict"] in ("true-positive", "false-positive"), entry
        assert len(entry["reason"].split()) >= 3, entry
    assert precision_audit.load_judgments()  # the audit reads the same file


def test_the_published_table_is_fully_judged_and_at_the_bar() -> None:
    summary = tomllib.loads(precision_audit.SUMMARY.read_text(encoding="utf-8"))
    projects = summary["projects"]
    assert all(len(projects[language]) >= 3 for language in ("python", "rust", "go"))
    for row in summary["rule"]:
        sample = min(precision_audit.SAMPLE_SIZE, row["findings"])
        assert row["judged"] == sample, row
        assert row["true_positives"] / row["judged"] >= PRECISION_BAR, row


def _finding(project: precision_audit.Project, line: int, code: str) -> precision_audit.Finding:
    return precision_audit.Finding(project, "tests/test_x.py", line, code, "message")


def test_the_sample_is_fixed_and_does_not_depend_on_the_order_of_findings() -> None:
    python, rust = (
        next(p for p in precision_audit.PROJECTS if p.language == language)
        for language in ("python", "rust")
    )
    findings = [_finding(python, line, "TK201") for line in range(1, 41)]
    findings += [_finding(rust, line, "TK201") for line in range(1, 4)]
    drawn = precision_audit.sample(findings)
    assert len(drawn[("TK201", "python")]) == precision_audit.SAMPLE_SIZE
    assert len(drawn[("TK201", "rust")]) == 3  # fewer than the sample size: all of them
    assert precision_audit.sample(list(reversed(findings))) == drawn
    # A finding that goes away changes the draw of its own group only.
    fewer = [item for item in findings if not (item.project is rust and item.line == 1)]
    assert precision_audit.sample(fewer)[("TK201", "python")] == drawn[("TK201", "python")]
