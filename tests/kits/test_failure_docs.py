"""The template's docs/failure-output.md is the page its generator writes from the
shared cases (the rendered Python kit checks the same in every project)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[2] / "template"


def test_failure_output_page_is_generated_from_the_current_cases() -> None:
    spec = importlib.util.spec_from_file_location(
        "failure_docs", TEMPLATE / "crosslang" / "failure_docs.py"
    )
    if spec is None or spec.loader is None:
        pytest.fail("cannot load template/crosslang/failure_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (TEMPLATE / "docs" / "failure-output.md").read_text(encoding="utf-8")
    assert page == module.page(), "run python3 template/crosslang/failure_docs.py"
