"""TK301's conversions of foreign assertions, through the engine's fix loop (imports
included), checked to the byte per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tkit_scaffold.config import Config
from tkit_scaffold.diagnostics import Applicability
from tkit_scaffold.engine import RuleSet, fix_text, lint_source

CONFIG = Config.from_table({"select": ["TK301"], "kit": {"rust-crates": ["shop"]}})
RULES = RuleSet(CONFIG)


def fixed(path: Path, source: str, *, unsafe: bool = False) -> tuple[str, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    text, applied, _, _ = fix_text(str(path), source, RULES, unsafe)
    # A second run finds nothing more to fix.
    again, more, _, _ = fix_text(str(path), text, RULES, unsafe)
    assert (again, more) == (text, 0)
    return text, applied


def applicability(source: str, filename: str = "test_x.py") -> list[str | None]:
    diagnostics = lint_source(filename, source, Config(select=("TK301",)))
    return [d.fix.applicability.value if d.fix else None for d in diagnostics]


# ---------------------------------------------------------------- Python

PY_HEAD = "from shop import Cart\n\n\ndef test_x():\n    cart = Cart()\n"


@pytest.mark.parametrize(
    ("line", "expected", "safety"),
    [
        ("assert cart.total() == 250", "assert_that(cart.total(), eq(250))", "safe"),
        ("assert cart.total() != 7", "assert_that(cart.total(), ne(7))", "safe"),
        # a bool equals 0 and 1 in Python, never in the kit's eq
        ("assert cart.total() != 0", "assert_that(cart.total(), ne(0))", "unsafe"),
        ("assert cart.total() == total", "assert_that(cart.total(), eq(total))", "unsafe"),
        ("assert cart.name == 'x'", "assert_that(cart.name, eq('x'))", "safe"),
        ("assert cart.items == [a, b]", "assert_that(cart.items, eq([a, b]))", "safe"),
        ("assert 250 == cart.total()", "assert_that(cart.total(), eq(250))", "safe"),
        ("assert expected == cart.total()", "assert_that(cart.total(), eq(expected))", "unsafe"),
        ("assert 3 < cart.total()", "assert_that(cart.total(), gt(3))", "safe"),
        ("assert cart.total() == (a + b)", "assert_that(cart.total(), eq(a + b))", "unsafe"),
        ("assert cart.pair == (a, b)", "assert_that(cart.pair, eq((a, b)))", "safe"),
        ("assert cart.coupon is None", "assert_that(cart.coupon, is_none())", "safe"),
        ("assert cart.coupon is not None", "assert_that(cart.coupon, is_not_none())", "safe"),
        ("assert cart.total() < 3", "assert_that(cart.total(), lt(3))", "safe"),
        ("assert cart.total() >= 3", "assert_that(cart.total(), ge(3))", "safe"),
        ("assert len(cart.items) == 2", "assert_that(cart.items, has_len(2))", "safe"),
        ("assert len(cart.items) == 0", "assert_that(cart.items, is_empty())", "safe"),
        ("assert len(cart.items) > 0", "assert_that(cart.items, is_not_empty())", "safe"),
        ("assert cart.size in (1, 2)", "assert_that(cart.size, is_in((1, 2)))", "unsafe"),
        ("assert cart.size in (2, 3)", "assert_that(cart.size, is_in((2, 3)))", "safe"),
        ("assert cart.items", "assert_that(bool(cart.items), is_true())", "safe"),
        ("assert not cart.items", "assert_that(bool(cart.items), is_false())", "safe"),
        ("assert all(cart.items)", "assert_that(all(cart.items), is_true())", "safe"),
        ("assert not cart.size == 2", "assert_that(cart.size, not_(eq(2)))", "safe"),
        ("assert cart.done is True", "assert_that(cart.done, is_true())", "safe"),
        ("assert cart.done == True", "assert_that(cart.done, is_true())", "unsafe"),
        ("assert cart.done != True", "assert_that(cart.done, is_false())", "unsafe"),
        ("assert 'apple' in cart.items", "assert_that(cart.items, contains('apple'))", "unsafe"),
        (
            "assert 'apple' not in cart.text",
            "assert_that(cart.text, not_(contains_substring('apple')))",
            "unsafe",
        ),
        ("assert x in cart.items", "assert_that(cart.items, contains(x))", "unsafe"),
        ("assert 1 < cart.size < 3", "assert_that(bool(1 < cart.size < 3), is_true())", "safe"),
    ],
)
def test_python_bare_assert(tmp_path: Path, line: str, expected: str, safety: str) -> None:
    source = f"{PY_HEAD}    {line}\n"
    assert applicability(source) == [safety]
    text, applied = fixed(tmp_path / "test_x.py", source, unsafe=True)
    assert applied == 1
    body = text.split("def test_x():\n    cart = Cart()\n")[1]
    assert body == f"    {expected}\n"


@pytest.mark.parametrize(
    "line",
    [
        "assert isinstance(cart, Cart)",  # no isinstance matcher in the kit
        "assert False",  # unreachable-code marker, not a check
        "assert cart is other",
        "assert (\n        cart.size == 2  # why\n    )",  # the comment would be lost
    ],
)
def test_python_forms_without_a_fix(line: str) -> None:
    assert applicability(f"{PY_HEAD}    {line}\n") == [None]


def test_python_unittest_methods_and_one_import(tmp_path: Path) -> None:
    source = (
        "import unittest\n\nfrom testingkit import given\n\n\n"
        "class TestCart(unittest.TestCase):\n"
        "    def test_x(self):\n"
        "        given('a cart')\n"
        "        self.assertEqual(self.cart.total(), 250)\n"
        "        self.assertIsNone(self.cart.coupon)\n"
        "        self.assertIn('apple', self.cart.names())\n"
        "        self.assertGreater(self.cart.total(), 0)\n"
        "        self.assertTrue(self.cart.names(), msg='has items')\n"
        "        self.assertAlmostEqual(self.cart.mean(), 2.5, delta=0.1)\n"
    )
    text, applied = fixed(tmp_path / "test_cart.py", source, unsafe=True)
    assert applied == 6
    assert text == (
        "import unittest\n\n"
        "from testingkit import assert_that, contains, eq, given, gt, is_none, is_true, near\n"
        "\n\n"
        "class TestCart(unittest.TestCase):\n"
        "    def test_x(self):\n"
        "        given('a cart')\n"
        "        assert_that(self.cart.total(), eq(250))\n"
        "        assert_that(self.cart.coupon, is_none())\n"
        "        assert_that(self.cart.names(), contains('apple'))\n"
        "        assert_that(self.cart.total(), gt(0))\n"
        "        assert_that(bool(self.cart.names()), is_true(), 'has items')\n"
        "        assert_that(self.cart.mean(), near(2.5, 0.1))\n"
    )


def test_python_safe_only_leaves_unsafe_forms(tmp_path: Path) -> None:
    source = f"{PY_HEAD}    assert cart.total() == 250, why\n    assert cart.size == 2\n"
    text, applied = fixed(tmp_path / "test_x.py", source)
    assert applied == 1
    assert text.startswith("from shop import Cart\nfrom testingkit import assert_that, eq\n")
    assert "    assert cart.total() == 250, why\n    assert_that(cart.size, eq(2))\n" in text


def test_python_name_clash_gets_no_fix() -> None:
    source = f"{PY_HEAD}    eq = 3\n    assert cart.size == eq\n"
    assert applicability(source) == [None]


def test_python_keeps_crlf_line_endings(tmp_path: Path) -> None:
    source = "import os\r\n\r\n\r\ndef test_x():\r\n    assert os.sep == '/'\r\n"
    text, applied = fixed(tmp_path / "test_x.py", source)
    assert applied == 1
    assert text == (
        "import os\r\nfrom testingkit import assert_that, eq\r\n\r\n\r\n"
        "def test_x():\r\n    assert_that(os.sep, eq('/'))\r\n"
    )


# ---------------------------------------------------------------- Rust

CARGO = '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2024"\n'


@pytest.mark.parametrize(
    ("line", "expected", "safety"),
    [
        ("assert_eq!(cart.total(), 250);", "assert_that!(cart.total(), eq(250));", "safe"),
        ("assert_eq!(250, cart.total());", "assert_that!(cart.total(), eq(250));", "safe"),
        ("assert_ne!(cart.total(), 0);", "assert_that!(cart.total(), ne(0));", "safe"),
        ("assert!(cart.paid);", "assert_that!(cart.paid, is_true());", "safe"),
        ("assert!(!cart.paid);", "assert_that!(cart.paid, is_false());", "safe"),
        ("assert!(cart.total() < 300);", "assert_that!(cart.total(), lt(300));", "safe"),
        ("assert!(cart.total() == 250);", "assert_that!(cart.total(), eq(250));", "safe"),
        (
            "assert_eq!(cart.total(), expected);",
            "assert_that!(cart.total(), eq(expected));",
            "unsafe",
        ),
        ("assert!(cart.items.is_empty());", "assert_that!(cart.items, is_empty());", "unsafe"),
        ("assert!(!cart.items.is_empty());", "assert_that!(cart.items, is_not_empty());", "unsafe"),
        (
            "assert!(cart.items.contains(&item));",
            "assert_that!(cart.items, contains(item));",
            "unsafe",
        ),
        (
            'assert!(cart.receipt().contains("apple"));',
            'assert_that!(cart.receipt(), contains_substring("apple"));',
            "unsafe",
        ),
        ("assert_eq!(cart.items.len(), 2);", "assert_that!(cart.items, has_len(2));", "unsafe"),
        ("assert!(added.is_ok());", "assert_that!(added, is_ok());", "unsafe"),
        (
            'assert_eq!(cart.total(), 250, "total of {}", n);',
            'assert_that!(cart.total(), eq(250), "total of {}", n);',
            "safe",
        ),
    ],
)
def test_rust_macros(tmp_path: Path, line: str, expected: str, safety: str) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO)
    source = f"use std::fmt;\n\n#[test]\nfn total() {{\n    {line}\n}}\n"
    assert applicability(source, "tests/cart.rs") == [safety]
    text, applied = fixed(tmp_path / "tests" / "cart.rs", source, unsafe=True)
    assert applied == 1
    assert text == f"use shop::*;\nuse std::fmt;\n\n#[test]\nfn total() {{\n    {expected}\n}}\n"


def test_rust_needs_the_kit_crate_in_cargo_toml(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO.replace('"shop"', '"other"'))
    source = "#[test]\nfn total() {\n    assert_eq!(cart.total(), 250);\n}\n"
    config_rules = RULES
    path = tmp_path / "tests" / "cart.rs"
    path.parent.mkdir()
    path.write_text(source)
    assert fix_text(str(path), source, config_rules, False)[:2] == (source, 0)


def test_rust_tests_in_a_module_get_no_fix() -> None:
    source = (
        "#[cfg(test)]\nmod tests {\n    #[test]\n    fn total() {\n        assert!(ok);\n    }\n}\n"
    )
    assert applicability(source, "src/lib.rs") == [None]


def test_rust_extends_a_braced_kit_import(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO)
    source = "use shop::{assert_that, ne};\n\n#[test]\nfn total() {\n    assert_eq!(t, 2);\n}\n"
    text, _ = fixed(tmp_path / "tests" / "cart.rs", source)
    assert text.startswith("use shop::{assert_that, eq, ne};\n")


# ---------------------------------------------------------------- Go

GO_MOD = "module example.com/shop\n\ngo 1.24\n"
GO_KIT = "package testingkit\n"


def go_file(body: str, imports: str) -> str:
    return (
        f"package cart_test\n\nimport (\n{imports})\n\nfunc TestTotal(t *testing.T) {{\n{body}}}\n"
    )


TESTIFY = (
    '\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n'
    '\t"github.com/stretchr/testify/require"\n'
)


@pytest.mark.parametrize(
    ("line", "expected", "safety"),
    [
        ("assert.Equal(t, 250, c.Total())", "tk.ExpectThat(t, c.Total(), tk.Eq(250))", "safe"),
        ("require.Equal(t, 250, c.Total())", "tk.AssertThat(t, c.Total(), tk.Eq(250))", "safe"),
        ("assert.NotEqual(t, 0, c.Total())", "tk.ExpectThat(t, c.Total(), tk.Ne(0))", "safe"),
        ("assert.True(t, c.Paid())", "tk.ExpectThat(t, c.Paid(), tk.IsTrue())", "safe"),
        ("assert.False(t, c.Paid())", "tk.ExpectThat(t, c.Paid(), tk.IsFalse())", "safe"),
        ("require.NoError(t, err)", "tk.AssertThat(t, err, tk.IsOk())", "safe"),
        ("assert.Error(t, err)", "tk.ExpectThat(t, err, tk.IsError())", "safe"),
        (
            'require.ErrorContains(t, err, "empty")',
            'tk.AssertThat(t, err, tk.ErrorContains("empty"))',
            "safe",
        ),
        (
            'assert.Contains(t, c.Names(), "apple")',
            'tk.ExpectThat(t, c.Names(), tk.Contains("apple"))',
            "safe",
        ),
        (
            'assert.NotContains(t, c.Names(), "pear")',
            'tk.ExpectThat(t, c.Names(), tk.Not(tk.Contains("pear")))',
            "safe",
        ),
        ("assert.Greater(t, c.Total(), 100)", "tk.ExpectThat(t, c.Total(), tk.Gt(100))", "safe"),
        (
            "assert.LessOrEqual(t, c.Total(), 900)",
            "tk.ExpectThat(t, c.Total(), tk.Le(900))",
            "safe",
        ),
        (
            "assert.InDelta(t, 2.5, c.Mean(), 0.01)",
            "tk.ExpectThat(t, c.Mean(), tk.Near(2.5, 0.01))",
            "safe",
        ),
        ("assert.Nil(t, c.Coupon())", "tk.ExpectThat(t, c.Coupon(), tk.IsNone())", "unsafe"),
        ("assert.NotNil(t, c)", "tk.ExpectThat(t, c, tk.IsNotNone())", "unsafe"),
        ("assert.Len(t, c.Names(), 2)", "tk.ExpectThat(t, c.Names(), tk.HasLen(2))", "unsafe"),
        ("assert.Empty(t, c.Names())", "tk.ExpectThat(t, c.Names(), tk.IsEmpty())", "unsafe"),
        ("assert.NotEmpty(t, c.Names())", "tk.ExpectThat(t, c.Names(), tk.IsNotEmpty())", "unsafe"),
        (
            'assert.Equalf(t, 250, c.Total(), "total of %d", n)',
            'tk.ExpectThat(t, c.Total(), tk.Eq(250), "total of %d", n)',
            "safe",
        ),
    ],
)
def test_go_testify(tmp_path: Path, line: str, expected: str, safety: str) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "testingkit").mkdir()
    (tmp_path / "testingkit" / "bdd.go").write_text(GO_KIT)
    source = go_file(f"\t{line}\n", TESTIFY)
    assert applicability(source, "cart_test.go") == [safety]
    text, applied = fixed(tmp_path / "cart" / "cart_test.go", source, unsafe=True)
    assert applied == 1
    assert text == go_file(f"\t{expected}\n", '\t"testing"\n\n\ttk "example.com/shop/testingkit"\n')


def test_go_keeps_testify_while_it_is_used(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "testingkit").mkdir()
    (tmp_path / "testingkit" / "bdd.go").write_text(GO_KIT)
    source = go_file("\tassert.Equal(t, 1, n)\n\tassert.Nil(t, p)\n", TESTIFY)
    text, applied = fixed(tmp_path / "cart_test.go", source)
    assert applied == 1
    assert '\t"github.com/stretchr/testify/assert"\n' in text
    assert '"github.com/stretchr/testify/require"' not in text
    assert '\ttk "example.com/shop/testingkit"\n' in text


def test_go_uses_an_existing_kit_alias_and_needs_go_mod(tmp_path: Path) -> None:
    imports = (
        '\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n'
        '\tkit "example.com/shop/testingkit"\n'
    )
    source = go_file("\tassert.Equal(t, 1, n)\n", imports)
    text, applied = fixed(tmp_path / "cart_test.go", source)  # no go.mod: the kit is imported
    assert applied == 1
    assert "\tkit.ExpectThat(t, n, kit.Eq(1))\n" in text
    assert "testify" not in text
    bare = go_file("\tassert.Equal(t, 1, n)\n", TESTIFY)
    assert fixed(tmp_path / "other" / "cart_test.go", bare)[1] == 0  # no go.mod: no fix


def test_fix_requires_imports_are_listed() -> None:
    diagnostics = lint_source("test_x.py", f"{PY_HEAD}    assert cart.size != 2\n")
    (fix,) = [d.fix for d in diagnostics if d.code == "TK301" and d.fix]
    assert fix.applicability is Applicability.SAFE
    assert fix.requires_imports == ("assert_that", "ne")
