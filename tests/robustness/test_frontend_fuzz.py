"""Generated and mutated sources of all three languages: every file yields findings or
TK000, never an exception and never an internal error."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tkit_scaffold.config import Config
from tkit_scaffold.engine import RuleSet, lint_file_text

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template"
RULES = RuleSet(Config())


def _seed(pattern: str) -> str:
    (path,) = TEMPLATE.glob(pattern)
    text = path.read_text(encoding="utf-8")
    # The template's few Jinja expressions become plain names; the rest is real code.
    text = re.sub(r"\{%-?\s*(raw|endraw)\s*-?%\}", "", text)
    return re.sub(r"\{\{[^}]*\}\}", "demo_shop", text)


SEEDS = {
    "tests/test_cart.py": _seed("*python*/tests/test_cart.py.jinja"),
    "tests/cart.rs": _seed("*rust*/tests/cart.rs.jinja"),
    "cart/cart_test.go": _seed("*go*/cart/cart_test.go.jinja"),
}

NOISE = st.sampled_from(
    ["(", ")", "[", "]", "{", "}", '"', "'", "`", "\\", "\x00", "\ufeff", "\r", "\t", "#",
     "//", "/*", "*/", "r#\"", "é", "\U0001f600", "\n" * 3, "fn ", "def ", "func ", "!"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[path]
    for _ in range(draw(st.integers(1, 6))):
        operation = draw(st.sampled_from(["truncate", "insert", "delete", "crlf", "tabs", "bom"]))
        cut = draw(st.integers(0, len(text)))
        if operation == "truncate":
            text = text[:cut]
        elif operation == "insert":
            text = text[:cut] + draw(NOISE | st.text(max_size=8)) + text[cut:]
        elif operation == "delete":
            text = text[:cut] + text[cut + draw(st.integers(1, 40)) :]
        elif operation == "crlf":
            text = text.replace("\n", "\r\n")
        elif operation == "tabs":
            text = text.replace("    ", "\t")
        else:
            text = "\ufeff" + text
    return path, text


@st.composite
def nested(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(sorted(SEEDS)))
    opener, closer = draw(st.sampled_from([("(", ")"), ("[", "]"), ("{", "}")]))
    depth = draw(st.integers(1, 1200))
    balanced = draw(st.booleans())
    expression = opener * depth + "1" + (closer * depth if balanced else "")
    lines = {
        "tests/test_cart.py": f"def test_x():\n    x = {expression}\n",
        "tests/cart.rs": f"#[test]\nfn x() {{\n    let x = {expression};\n}}\n",
        "cart/cart_test.go": f"package c\n\nfunc TestX(t *testing.T) {{\n\tx := {expression}\n}}\n",
    }
    return path, lines[path] + "x" * draw(st.integers(0, 20_000))


def check(path: str, text: str) -> None:
    file, diagnostics, errors = lint_file_text(path, text, RULES)
    assert errors == [], errors
    if file.parse_error is not None:
        assert any(diagnostic.code == "TK000" for diagnostic in diagnostics)
    for diagnostic in diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_sources_never_raise(case: tuple[str, str]) -> None:
    check(*case)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested())
def test_deep_nesting_and_long_lines_never_raise(case: tuple[str, str]) -> None:
    check(*case)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(SEEDS)), st.binary(max_size=2000))
def test_random_bytes_never_raise(path: str, data: bytes) -> None:
    check(path, data.decode("utf-8", errors="replace"))
