"""Fixes tried as a new user would: on a real suite, and on the template's own examples
rewritten in the foreign styles, whose tests must pass again after `--fix`."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from tkit_scaffold.scaffold import render_project

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

pytestmark = pytest.mark.slow
TESTIFY = "github.com/stretchr/testify@v1.10.0"


def _tkit_lint(run, cwd: Path, *args: str):  # type: ignore[no-untyped-def]
    completed = run([sys.executable, "-m", "tkit_scaffold", *args], cwd, check=False)
    assert completed.returncode in (0, 1), completed.stdout[-3000:] + completed.stderr[-3000:]
    return completed


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*.py")}


def test_pandas_suite_fixes_parse_and_settle(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    suite = tmp_path / "pandas"
    shutil.copytree(corpus.pandas_tests(), suite)
    before = _snapshot(suite)
    first = _tkit_lint(run, tmp_path, "--fix", "--unsafe-fixes", "--jobs", "2", "pandas")
    fixed = re.search(r"Fixed (\d+) problem\(s\) in (\d+) file", first.stderr)
    assert fixed is not None, first.stderr[-2000:]
    after = _snapshot(suite)
    changed = [path for path, data in after.items() if before.get(path) != data]
    failures = []
    for path in changed:
        try:
            ast.parse(after[path].decode("utf-8"), str(path))
        except SyntaxError as error:
            failures.append(f"{path}: {error}")
    counts = {"files": len(before), "changed": len(changed), "fixes": int(fixed.group(1))}
    print(f"pandas --fix --unsafe-fixes: {counts}, parse failures: {len(failures)}")
    assert not failures
    assert counts["fixes"] > 1000 and int(fixed.group(2)) == len(changed)
    # A second run changes nothing and leaves no fixable finding.
    second = _tkit_lint(run, tmp_path, "--fix", "--unsafe-fixes", "--jobs", "2", "pandas")
    assert "Fixed" not in second.stderr
    assert _snapshot(suite) == after
    report = _tkit_lint(run, tmp_path, "--format", "json", "--jobs", "2", "pandas")
    assert [d for d in json.loads(report.stdout) if d["fix"] is not None] == []


# ------------------------------------------------------------------ the template's examples

PY_FOREIGN = """import unittest

from shop.cart import Cart


def test_when_item_added_then_total_is_its_price():
    cart = Cart()
    cart.add("apple", 250, 1)
    assert cart.total() == 250
    assert cart.item_names() == ["apple"], "one item"
    assert len(cart.item_names()) == 1
    assert "apple" in cart.item_names()
    assert cart.total() > 0
    assert cart.item_names()
    assert not cart.total() == 0


class TestCart(unittest.TestCase):
    def test_when_item_added_then_it_is_listed(self):
        cart = Cart()
        cart.add("pear", 80, 2)
        self.assertEqual(cart.total(), 160)
        self.assertIn("pear", cart.item_names())
        self.assertTrue(cart.item_names())
        self.assertIsNotNone(cart)
        self.assertAlmostEqual(cart.total() / 3, 53.333333, places=5)
"""

RS_FOREIGN = """//! Tests written before the kit.

mod support;

use support::cart::Cart;

#[test]
fn when_item_added_then_total_is_its_price() {
    let mut cart = Cart::new();
    let added = cart.add("apple", 250, 1);
    assert!(added.is_ok());
    assert_eq!(cart.total(), 250);
    assert_ne!(cart.total(), 0, "the cart is not free");
    assert!(cart.total() > 100);
    assert!(!cart.item_names().is_empty());
    assert_eq!(cart.item_names().len(), 1);
}
"""

GO_FOREIGN = """package cart_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/shop/cart"
)

func TestWhenItemAddedThenTotalIsItsPrice(t *testing.T) {
	c := cart.New()
	err := c.Add("apple", 250, 1)
	require.NoError(t, err)
	assert.Equal(t, int64(250), c.Total(), "total of %d item", 1)
	assert.NotEqual(t, int64(0), c.Total())
	assert.Greater(t, c.Total(), int64(100))
	assert.True(t, c.Total() > 0)
	assert.Contains(t, c.Names(), "apple")
	assert.Len(t, c.Names(), 1)
	assert.InDelta(t, 250.0, float64(c.Total()), 0.5)
}
"""


def _mutate(project: Path) -> dict[Path, str]:
    """Rewrite the examples' kit assertions in the foreign styles; add foreign-only files."""
    python = project / "python" / "tests" / "test_cart.py"
    text = python.read_text()
    text = re.sub(r"assert_that\((.+), eq\((.+)\)\)\n", r"assert \1 == \2\n", text)
    text = re.sub(r"assert_that\((.+), is_zero\(\)\)\n", r"assert \1 == 0\n", text)
    python.write_text(text.replace("    eq,\n", ""))  # the fix must import eq again
    rust = project / "rust" / "tests" / "cart.rs"
    text = rust.read_text()
    text = re.sub(r"assert_that!\((.+), eq\((.+)\)\);\n", r"assert_eq!(\1, \2);\n", text)
    text = re.sub(r"assert_that!\((\w+), is_ok\(\)\);\n", r"assert!(\1.is_ok());\n", text)
    text = re.sub(r"assert_that!\((.+), is_empty\(\)\);\n", r"assert!(\1.is_empty());\n", text)
    rust.write_text(text)
    go = project / "go" / "cart" / "cart_test.go"
    text = go.read_text()
    text = re.sub(
        r"tk\.AssertThat\(t, (.+), tk\.Eq\((.+)\)\)\n", r"require.Equal(t, \2, \1)\n", text
    )
    text = re.sub(r"tk\.AssertThat\(t, err, tk\.IsOk\(\)\)\n", r"assert.NoError(t, err)\n", text)
    text = re.sub(
        r"tk\.AssertThat\(t, err, tk\.ErrorContains\((.+)\)\)\n",
        r"require.ErrorContains(t, err, \1)\n",
        text,
    )
    testify = '\t"github.com/stretchr/testify/assert"\n\t"github.com/stretchr/testify/require"\n'
    go.write_text(text.replace('import (\n\t"testing"\n', f'import (\n\t"testing"\n\n{testify}', 1))
    extra = {
        project / "python" / "tests" / "test_foreign.py": PY_FOREIGN,
        project / "rust" / "tests" / "foreign.rs": RS_FOREIGN,
        project / "go" / "cart" / "foreign_test.go": GO_FOREIGN,
    }
    for path, source in extra.items():
        path.write_text(source)
    return {path: path.read_text() for path in [python, rust, go, *extra]}


def test_foreign_styles_fixed_back_pass_their_tests(  # type: ignore[no-untyped-def]
    tmp_path: Path, run, toolchain, cargo_target_dir: Path
) -> None:
    go, cargo = toolchain("go"), toolchain("cargo")
    project = render_project(tmp_path / "shop", ["rust", "python", "go"], {"project_name": "Shop"})
    mutated = _mutate(project)
    run([go, "get", TESTIFY], project / "go")
    run([go, "mod", "tidy"], project / "go")
    run([go, "vet", "./cart/"], project / "go")  # the testify version compiles
    lint = _tkit_lint(run, project, "--select", "TK301", "--format", "json", ".")
    flagged = {d["path"] for d in json.loads(lint.stdout)}
    assert len(flagged) == len(mutated)

    _tkit_lint(run, project, "--fix", "--unsafe-fixes", ".")
    for path, before in mutated.items():
        assert path.read_text() != before, f"{path} was not fixed"
    left = _tkit_lint(run, project, "--select", "TK301", "--format", "json", ".")
    assert json.loads(left.stdout) == []
    go_text = (project / "go" / "cart" / "foreign_test.go").read_text()
    assert "testify" not in go_text and 'tk "' in go_text
    assert 'tk.ExpectThat(t, c.Total(), tk.Eq(int64(250)), "total of %d item", 1)' in go_text

    python = project / "python"
    run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], python)
    env = {"CARGO_TARGET_DIR": str(cargo_target_dir)}
    run([cargo, "test", "-q", "--test", "cart", "--test", "foreign"], project / "rust", env=env)
    run([go, "mod", "tidy"], project / "go")
    run([go, "vet", "./..."], project / "go")
    run([go, "test", "./..."], project / "go")
