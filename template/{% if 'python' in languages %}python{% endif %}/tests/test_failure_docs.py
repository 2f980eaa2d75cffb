"""docs/failure-output.md is generated from the shared cases and kept current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from testingkit import assert_that, eq, given, then, when

PROJECT = Path(__file__).resolve().parents[2]
GENERATOR = PROJECT / "crosslang" / "failure_docs.py"
PAGE = PROJECT / "docs" / "failure-output.md"


@pytest.mark.skipif(
    not GENERATOR.is_file() or not PAGE.is_file(),
    reason="the failure-output page and its generator live beside the kits in a project",
)
def test_given_shared_cases_when_the_page_is_generated_then_it_is_the_committed_one() -> None:
    given("the generator of docs/failure-output.md")
    spec = importlib.util.spec_from_file_location("failure_docs", GENERATOR)
    if spec is None or spec.loader is None:
        pytest.fail(f"cannot load {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    when("it writes the page from the shared cases")
    generated = module.page()
    then("the page in docs/ is that text: run python3 crosslang/failure_docs.py if not")
    assert_that(PAGE.read_text(encoding="utf-8"), eq(generated))
