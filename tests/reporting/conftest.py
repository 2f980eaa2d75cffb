"""Fixtures for the report tests: stream lines that follow the contract, run folders."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA = REPO_ROOT / "template" / "crosslang" / "report-stream.schema.json"

LineFn = Callable[..., dict[str, Any]]
RunFn = Callable[..., Path]

LANGUAGE_FILES = {
    "python": "tests/test_cart.py",
    "rust": "tests/cart.rs",
    "go": "cart/cart_test.go",
}


def _line(
    language: str = "python",
    scenario: str | None = "cart_total_sums_lines",
    status: str = "passed",
    *,
    test: str | None = None,
    file: str | None = None,
    duration_ms: float = 12.5,
    commit: str | None = "c0ffee0000000000000000000000000000000001",
    started_at: str = "2026-12-02T05:00:00.123Z",
    steps: Sequence[tuple[str, str]] = (("given", "a cart with two apples"),),
    expected: str | None = None,
    actual: str | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    name = (
        test
        or {
            "python": f"test_{scenario or 'plain'}",
            "rust": f"cart::{scenario or 'plain'}",
            "go": f"Test{''.join(part.title() for part in (scenario or 'plain').split('_'))}",
        }[language]
    )
    failure = None
    if status == "failed":
        text = message or (f"expected: {expected}\n  actual: {actual}" if expected else "boom")
        failure = {"message": text, "expected": expected, "actual": actual}
    return {
        "schema": 1,
        "language": language,
        "file": file or LANGUAGE_FILES[language],
        "test": name,
        "scenario": scenario,
        "status": status,
        "duration_ms": duration_ms,
        "started_at": started_at,
        "commit": commit,
        "steps": [{"keyword": keyword, "text": text} for keyword, text in steps],
        "failure": failure,
    }


@pytest.fixture
def line() -> LineFn:
    """One stream line (a dict) following the contract; keywords override fields."""
    return _line


@pytest.fixture
def write_run(tmp_path: Path) -> RunFn:
    """Write a run folder: ``write_run("run1", [line, ...])`` or a mapping of stream file
    names to lines (dicts, or raw text for malformed ones)."""

    def write(
        name: str, lines: Sequence[Mapping[str, Any] | str] | Mapping[str, Sequence[Any]]
    ) -> Path:
        folder = tmp_path / "runs" / name
        folder.mkdir(parents=True, exist_ok=True)
        streams: Mapping[str, Sequence[Any]]
        if isinstance(lines, Mapping):
            streams = lines
        else:
            by_language: dict[str, list[Any]] = {}
            for item in lines:
                language = item["language"] if isinstance(item, Mapping) else "python"
                by_language.setdefault(f"{language}-100-0123abcd.jsonl", []).append(item)
            streams = by_language
        for file_name, items in streams.items():
            text = "".join(
                (item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items
            )
            (folder / file_name).write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture(scope="session")
def stream_schema() -> dict[str, Any]:
    if not SCHEMA.is_file():
        pytest.skip("the stream's JSON Schema (template/crosslang) is not there yet")
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


LCOV = """SF:/src/shop/rust/src/lib.rs
DA:1,1
DA:2,1
DA:3,0
end_of_record
"""


@pytest.fixture
def sample_report(line: LineFn, write_run: RunFn, tmp_path: Path) -> Any:
    """A report over two runs of one commit: a real failure, a flaky test, a skipped test,
    three languages, a scenario missing in one language, coverage for Rust."""
    from tkit_scaffold.reporting import ReportOptions, build_report

    first = write_run(
        "run1",
        [
            line("python", "cart_total_sums_lines", duration_ms=30),
            line("python", "cart_rejects_negative_quantities", "failed",
                 expected="equal to 5", actual="4",
                 steps=(("given", "a cart"), ("when", "adding -1 apples"), ("then", "refused"))),
            line("rust", "cart_total_sums_lines", duration_ms=2.5),
            line("rust", "cart_rejects_negative_quantities", "failed", message="panicked: <oops>"),
            line("go", "cart_total_sums_lines", "skipped", duration_ms=0),
            line("go", "checkout_applies_discounts", "failed", message="timeout", duration_ms=900),
            line("go", None, test="TestHelperRuns", duration_ms=1.0),
        ],
    )  # fmt: skip
    rerun = write_run(
        "run2",
        [
            line("go", "checkout_applies_discounts", duration_ms=850),
            line("python", "cart_rejects_negative_quantities", "failed",
                 expected="equal to 5", actual="4",
                 steps=(("given", "a cart"), ("when", "adding -1 apples"), ("then", "refused"))),
        ],
    )  # fmt: skip
    lcov = tmp_path / "lcov.info"
    lcov.write_text(LCOV, encoding="utf-8")
    return build_report(
        [first, rerun],
        ReportOptions(history=tmp_path / "history.sqlite", coverage=(lcov,), fail_under=50),
    )
