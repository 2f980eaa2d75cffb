"""A fix is shown as fixable only when --fix can apply it: a Rust or Go conversion whose
kit import cannot be added (no kit dependency, no go.mod) is reported without a fix, and
adding the dependency later shows the fix again, cache or not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

RUST_TEST = """\
#[test]
fn given_two_when_added_then_four() {
    assert_eq!(2 + 2, 4);
}
"""
GO_TEST = """\
package cart

import (
\t"testing"

\t"github.com/stretchr/testify/assert"
)

func TestGivenTwoWhenAddedThenFour(t *testing.T) {
\tassert.Equal(t, 4, 2+2)
}
"""
CONFIG = """\
select = ["TK301"]

[kit]
rust-crates = ["shop"]
"""


def _fixes(run: Callable[..., Any], *args: str) -> list[bool]:
    result = run("--format", "json", *args, ".")
    findings = json.loads(result.stdout)
    assert all(finding["code"] == "TK301" for finding in findings), findings
    return [finding["fix"] is not None for finding in findings]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_rust_fix_needs_the_kit_dependency(
    tkit_lint: Callable[..., Any], tmp_path: Path, cache: bool
) -> None:
    (tmp_path / "tkit.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "sum.rs").write_text(RUST_TEST, encoding="utf-8")
    options = () if cache else ("--no-cache",)

    assert _fixes(tkit_lint, *options) == [False]  # no Cargo.toml: no import can be added
    text = tkit_lint("--fix", *options, ".").stdout
    assert "fixable" not in text
    assert (tmp_path / "tests" / "sum.rs").read_text(encoding="utf-8") == RUST_TEST

    (tmp_path / "Cargo.toml").write_text(
        '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\n', encoding="utf-8"
    )
    assert _fixes(tkit_lint, *options) == [True]
    tkit_lint("--fix", *options, ".")
    fixed = (tmp_path / "tests" / "sum.rs").read_text(encoding="utf-8")
    assert "use shop::*;" in fixed and "assert_that!(2 + 2, eq(4));" in fixed


def test_go_fix_needs_a_module(tkit_lint: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "tkit.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "cart_test.go").write_text(GO_TEST, encoding="utf-8")

    assert _fixes(tkit_lint) == [False]  # no go.mod: the kit's import path is unknown
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "testingkit").mkdir()
    assert _fixes(tkit_lint) == [False]  # the kit's folder holds no package yet
    (tmp_path / "testingkit" / "bdd.go").write_text("package testingkit\n", encoding="utf-8")
    assert _fixes(tkit_lint) == [True]
