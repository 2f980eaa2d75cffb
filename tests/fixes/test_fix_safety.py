"""What makes a fix safe: no name in scope resolves differently after it (TK102's rename,
TK301's kit names, both in one pass), the kit's matcher checks what the foreign
assertion checked, the file still compiles, and its formatter has nothing to say."""

from __future__ import annotations

from pathlib import Path

import pytest

from tkit_scaffold.config import Config
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.engine import RuleSet, fix_text, lint_source
from tkit_scaffold.fixes.plan import plan_pass
from tkit_scaffold.model import Language, Span

RUST_RULES = RuleSet(Config.from_table({"select": ["TK102", "TK301"]}))
CARGO = (
    '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2024"\n\n'
    '[dev-dependencies]\ntestingkit = { path = "../testingkit" }\n'
)


def tk102_advice(source: str) -> list[str]:
    found = lint_source("tests/cart.rs", source, Config(select=("TK102",)))
    return [d.message.split("already says: ")[1] + (" [fix]" if d.fix else "") for d in found]


@pytest.mark.parametrize(
    ("prelude", "why"),
    [
        # an explicit import of the name, in a group or renamed
        ("use common::{decimal_length9, log10};\n", "is already defined or imported"),
        ("use common::other as decimal_length9;\n", "is already defined or imported"),
        # another item of the module
        ("const decimal_length9: u32 = 1;\n", "is already defined or imported"),
        ("macro_rules! m { () => {} }\nfn decimal_length9() {}\n", "is already defined"),
        # a glob that may hold it, used in the file: the test would shadow it
        ("use crate::util::*;\nfn f() { decimal_length9(); }\n", "is used elsewhere in the file"),
    ],
)
def test_tk102_withholds_a_rename_into_a_name_in_scope(prelude: str, why: str) -> None:
    source = f"{prelude}\n#[test]\nfn test_decimal_length9() {{}}\n"
    [advice] = tk102_advice(source)
    assert why in advice and "[fix]" not in advice


def test_tk102_renames_when_only_paths_methods_and_macros_share_the_name() -> None:
    source = (
        "use crate::util::*;\n\n#[test]\nfn test_parse() {\n"
        '    let v = Version::parse("1.0.0");\n    v.parse();\n    parse!(x);\n}\n'
    )
    assert tk102_advice(source) == ["rename it to `parse` [fix]"]


def test_tk102_refuses_a_kit_name_while_the_kit_is_imported() -> None:
    source = "use testingkit::*;\n\n#[test]\nfn test_eq() {}\n"
    [advice] = tk102_advice(source)
    assert "is a name of the kit" in advice and "[fix]" not in advice


def test_tk102_sees_names_that_use_super_brings_into_a_test_module() -> None:
    source = (
        "fn helper() {}\n\nmod tests {\n    use super::*;\n\n"
        "    #[test]\n    fn test_helper() {}\n}\n"
    )
    [advice] = tk102_advice(source)
    assert "is already defined or imported" in advice


def test_plan_defers_a_rename_into_a_name_the_pass_imports() -> None:
    span = Span(0, 1, 1, 1, 1, 2)

    def finding(code: str, fix: Fix) -> Diagnostic:
        return Diagnostic(code, code, "", "x.rs", Language.RUST, span, fix)

    rename = finding("TK102", Fix(Applicability.SAFE, (Edit(10, 17, "eq"),), "Rename"))
    other = finding("TK102", Fix(Applicability.SAFE, (Edit(30, 40, "checkout"),), "Rename"))
    convert = finding(
        "TK301",
        Fix(
            Applicability.SAFE,
            (Edit(50, 60, "assert_that!(x, gt(1))"),),
            "Replace",
            requires_imports=("assert_that", "gt"),
        ),
    )
    planned = plan_pass(Language.RUST, [rename, other, convert], unsafe=False)
    # `eq` comes with the kit's glob, which the conversion imports: the rename waits.
    assert [d.fix is not None for d in planned] == [False, True, True]


def _crate(tmp_path: Path) -> Path:
    (tmp_path / "Cargo.toml").write_text(CARGO)
    (tmp_path / "tests").mkdir()
    return tmp_path / "tests" / "cart.rs"


def test_rename_and_kit_import_of_one_pass_do_not_collide(tmp_path: Path) -> None:
    path = _crate(tmp_path)
    source = (
        "#[test]\nfn test_eq() {\n    assert!(true);\n}\n\n"
        "#[test]\nfn total() {\n    assert_eq!(cart_total(), 250);\n}\n"
    )
    path.write_text(source)
    text, _, remaining, _ = fix_text(str(path), source, RUST_RULES, False)
    assert "use testingkit::*;" in text and "assert_that!(cart_total(), eq(250));" in text
    assert "fn test_eq()" in text  # renaming it would shadow the kit's `eq`
    assert [d.code for d in remaining if d.fix is not None] == []


def test_rust_conversion_is_not_offered_where_a_local_name_shadows_the_kit(tmp_path: Path) -> None:
    path = _crate(tmp_path)
    source = "fn eq() {}\n\n#[test]\nfn total() {\n    assert_eq!(cart_total(), 250);\n}\n"
    path.write_text(source)
    assert fix_text(str(path), source, RUST_RULES, True)[:2] == (source, 0)


def test_rust_imports_names_one_by_one_next_to_another_crates_glob(tmp_path: Path) -> None:
    path = _crate(tmp_path)
    source = "use crate::util::*;\n\n#[test]\nfn total() {\n    assert_eq!(cart_total(), 250);\n}\n"
    path.write_text(source)
    text, applied, _, _ = fix_text(str(path), source, RUST_RULES, False)
    assert applied == 1
    assert text.startswith("use crate::util::*;\nuse testingkit::{assert_that, eq};\n")


@pytest.mark.parametrize(
    ("line", "safety"),
    [
        # assert_eq! asks for Debug as the kit does; a value made on the spot is not moved
        ("assert_eq!(token(), Token::Ident);", "safe"),
        ("assert_eq!(v, Version { major: 1 });", "safe"),
        ("assert_eq!(v, Some(vec![1]));", "safe"),
        ('assert_eq!(v, "1.0".to_string(), "version {}", n);', "safe"),
        ("assert_eq!(v, expected_version);", "unsafe"),  # moved into the matcher
        ("assert_eq!(v, other.version);", "unsafe"),
        # assert! does not ask for Debug: the crate's own type may lack it
        ("assert!(token() == Token::Ident);", None),
    ],
)
def test_rust_equality_conversions_follow_what_the_kit_needs(line: str, safety: str | None) -> None:
    source = f"#[test]\nfn total() {{\n    {line}\n}}\n"
    found = lint_source("tests/cart.rs", source, Config(select=("TK301",)))
    assert [d.fix.applicability.value if d.fix else None for d in found] == [safety]


def test_rust_fixes_are_unsafe_where_loading_the_kit_can_break_inference() -> None:
    source = (
        "#[test]\nfn total() {\n    assert_eq!(cart_total(), 250);\n"
        '    assert_eq!(2.5, "2.5".parse().unwrap());\n}\n'
    )
    found = lint_source("tests/cart.rs", source, Config(select=("TK301",)))
    assert [d.fix.applicability.value if d.fix else None for d in found] == ["unsafe", "unsafe"]


GO_HEAD = (
    'package cart_test\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n)\n\n'
    "func TestTotal(t *testing.T) {\n"
)


@pytest.mark.parametrize(
    ("line", "safety"),
    [
        ("assert.Equal(t, 250, total)", "safe"),
        ("assert.Equal(t, int64(250), total)", "safe"),
        ('assert.Equal(t, "apple", name)', "safe"),
        ("assert.Equal(t, errNotFound, err)", "unsafe"),  # errors.Is would pass a wrapped one
        ("assert.Equal(t, want, got)", "unsafe"),
        ("assert.NotEqual(t, nil, err)", "unsafe"),
        ('assert.Contains(t, names, "apple")', "safe"),
        ("assert.Contains(t, errs, errNotFound)", "unsafe"),
        ("if assert.Equal(t, 250, total) {\n\t}", None),  # the result is used
        ("ok := assert.Equal(t, 250, total)\n\t_ = ok", None),
        ("assert := assert.New(t)\n\tassert.Equal(250, total)", None),  # no `t` argument
        ("assert.Equal(t, 3, len(names))", "unsafe"),  # HasLen counts a string's characters
    ],
)
def test_go_equality_is_safe_only_on_basic_literals(line: str, safety: str | None) -> None:
    found = lint_source("cart_test.go", f"{GO_HEAD}\t{line}\n}}\n", Config(select=("TK301",)))
    assert [d.fix.applicability.value if d.fix else None for d in found] == [safety]


def fixed_by_tk301(path: Path, source: str) -> tuple[str, int]:
    """The file written at ``path`` and fixed with TK301's safe fixes."""
    path.write_text(source)
    text, applied, _, _ = fix_text(str(path), source, TK301_RULES, False)
    return text, applied


TK301_RULES = RuleSet(Config.from_table({"select": ["TK301"]}))


def test_python_fix_follows_the_projects_formatter_and_import_order(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n')
    (tmp_path / "src" / "shop").mkdir(parents=True)
    (tmp_path / "src" / "shop" / "__init__.py").write_text("")
    path = tmp_path / "tests" / "test_cart.py"
    path.parent.mkdir()
    source = (
        "import unittest\n\nimport shop\n\n\nclass TestCart(unittest.TestCase):\n"
        "    def test_total(self):\n"
        "        self.assertEqual(\n"
        '            "a long expected value that keeps the call on several lines",\n'
        "            shop.describe_the_cart_in_words(),\n"
        "        )\n"
        "        self.assertEqual(2, len(shop.items()))\n"
    )
    text, applied = fixed_by_tk301(path, source)
    assert applied == 2
    assert text == (
        "import unittest\n\nfrom testingkit import assert_that, eq, has_len\n\nimport shop\n\n\n"
        "class TestCart(unittest.TestCase):\n"
        "    def test_total(self):\n"
        "        assert_that(\n"
        "            shop.describe_the_cart_in_words(),\n"
        '            eq("a long expected value that keeps the call on several lines"),\n'
        "        )\n"
        "        assert_that(shop.items(), has_len(2))\n"
    )


def test_go_kit_import_is_placed_as_gofmt_orders_it(tmp_path: Path, toolchain) -> None:  # type: ignore[no-untyped-def]
    toolchain("gofmt")
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.24\n")
    (tmp_path / "testingkit").mkdir()
    (tmp_path / "testingkit" / "bdd.go").write_text("package testingkit\n")
    path = tmp_path / "cart" / "cart_test.go"
    path.parent.mkdir()
    source = (
        'package cart_test\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n'
        '\t"golang.org/x/text"\n)\n\nfunc TestTotal(t *testing.T) {\n'
        "\tassert.Equal(t, 250, text.Total())\n}\n"
    )
    text, applied = fixed_by_tk301(path, source)
    assert applied == 1
    assert '\t"testing"\n\n\ttk "example.com/shop/testingkit"\n\t"golang.org/x/text"\n)' in text


@pytest.mark.parametrize(
    ("filename", "source", "replacements"),
    [
        (
            "cart_test.go",
            f"{GO_HEAD}\tassert.Equal(t, true, ok)\n\tassert.NotEqual(t, false, ok)\n}}\n",
            ["tk.ExpectThat(t, ok, tk.IsTrue())", "tk.ExpectThat(t, ok, tk.Not(tk.IsFalse()))"],
        ),
        (
            "tests/cart.rs",
            "#[test]\nfn paid() {\n    assert_eq!(paid(), true);\n"
            "    assert_ne!(paid(), true);\n}\n",
            ["assert_that!(paid(), is_true())", "assert_that!(paid(), is_false())"],
        ),
    ],
)
def test_equality_with_a_bool_literal_becomes_is_true_or_is_false(
    filename: str, source: str, replacements: list[str]
) -> None:
    """No TK303 (`eq(true)`) after the fix."""
    found = lint_source(filename, source, Config(select=("TK301",)))
    assert [d.fix.edits[-1].replacement for d in found if d.fix] == replacements


def test_rust_2015_crates_declare_the_kit_crate(tmp_path: Path) -> None:
    # Without an edition, Cargo builds Rust 2015, whose `use` paths need the crate
    # declared with `extern crate`.
    (tmp_path / "Cargo.toml").write_text(CARGO.replace('edition = "2024"\n', ""))
    (tmp_path / "tests").mkdir()
    path = tmp_path / "tests" / "lib.rs"
    source = (
        "extern crate strsim;\n\nuse strsim::hamming;\n\n"
        '#[test]\nfn hamming_works() {\n    assert_eq!(hamming("a", "b"), Ok(1));\n}\n'
    )
    path.write_text(source)
    text, applied, _, _ = fix_text(str(path), source, RUST_RULES, False)
    assert applied == 1
    assert text.startswith(
        "extern crate strsim;\nextern crate testingkit;\n\n"
        "use strsim::hamming;\nuse testingkit::*;\n"
    )
