"""Go: testify's `assert.*` and `require.*` become `tk.ExpectThat` and `tk.AssertThat`.

testify puts the expected value first (`assert.Equal(t, want, got)`); the kit puts the
actual value first, so the arguments are swapped. `assert.*` goes on after a failure like
the kit's `ExpectThat`; `require.*` stops the test like `AssertThat`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.fixes._common import Conversion, Matcher, make_fix
from tkit_scaffold.fixes.imports import GO_KIT_ALIAS, go_kit_alias
from tkit_scaffold.model import (
    Assertion,
    ExprKind,
    FrontendOptions,
    Language,
    TestCase,
    TestFile,
)
from tkit_scaffold.vocabulary import spell

_KIT_PACKAGES = FrontendOptions().go_kit_packages


@dataclass(frozen=True, slots=True)
class _Form:
    """A testify function: how many arguments it checks (after `t`), which one is the
    actual value, the kit matcher, which arguments the matcher takes, and whether the
    kit's check agrees with testify's on values of one type."""

    arity: int
    actual: int
    matcher: str
    matcher_args: tuple[int, ...] = ()
    negated: bool = False
    safe: bool = True
    # Compares values as testify's ObjectsAreEqual does (reflect.DeepEqual): safe only
    # where the expected value is a literal of a basic type (see `_basic_literal`).
    compares: bool = False


_FORMS: dict[str, _Form] = {
    "Equal": _Form(2, 1, "eq", (0,), compares=True),
    "EqualValues": _Form(2, 1, "eq", (0,), compares=True),
    "NotEqual": _Form(2, 1, "ne", (0,), compares=True),
    "True": _Form(1, 0, "is_true"),
    "False": _Form(1, 0, "is_false"),
    # testify's Nil also takes a nil slice or map; the kit counts those as empty, not null.
    "Nil": _Form(1, 0, "is_none", safe=False),
    "NotNil": _Form(1, 0, "is_not_none", safe=False),
    "NoError": _Form(1, 0, "is_ok"),
    "Error": _Form(1, 0, "is_error"),
    "ErrorContains": _Form(2, 0, "error_contains", (1,)),
    # testify's Len counts a string's bytes, the kit its characters.
    "Len": _Form(2, 0, "has_len", (1,), safe=False),
    # testify's Empty also takes 0, false and nil pointers; the kit only collections.
    "Empty": _Form(1, 0, "is_empty", safe=False),
    "NotEmpty": _Form(1, 0, "is_not_empty", safe=False),
    "Contains": _Form(2, 0, "contains", (1,), compares=True),
    "NotContains": _Form(2, 0, "contains", (1,), negated=True, compares=True),
    "Greater": _Form(2, 0, "gt", (1,)),
    "GreaterOrEqual": _Form(2, 0, "ge", (1,)),
    "Less": _Form(2, 0, "lt", (1,)),
    "LessOrEqual": _Form(2, 0, "le", (1,)),
    "InDelta": _Form(3, 1, "near", (0, 2)),
}


def convert(file: TestFile, test: TestCase, assertion: Assertion) -> Fix | None:
    name = assertion.form.rpartition(".")[2]
    formatted = name.endswith("f") and name[:-1] in _FORMS
    form = _FORMS.get(name[:-1] if formatted else name)
    if form is None or len(assertion.args) < form.arity:
        return None
    if _in_kit_package(file.source):
        return None  # the kit's own package calls its names unqualified
    if not _is_statement(file.source, assertion.span.start, assertion.span.end):
        return None  # `if assert.Equal(…) {`: the kit's checks return nothing to test
    body = file.source[test.span.start : test.span.end]
    if _rebinds(body, assertion.form.partition(".")[0]):
        return None  # `assert := assert.New(t)`: its methods take no `t`
    t = _t_argument(file, assertion)
    if t is None:
        return None
    args = [arg.text for arg in assertion.args]
    matcher = Matcher(form.matcher, tuple(args[i] for i in form.matcher_args), form.negated)
    if form.matcher in ("eq", "ne") and args[0] in ("true", "false"):
        # `assert.Equal(t, true, ok)`: the kit says it with IsTrue() (no TK303 afterwards);
        # both accept the bool true alone, and NotEqual anything else, as Not(IsTrue()).
        name = "is_true" if args[0] == "true" else "is_false"
        matcher = Matcher(name, negated=form.matcher == "ne")
    safe = form.safe and not (form.compares and not _basic_literal(args[form.matcher_args[0]]))
    conversion = Conversion(args[form.actual], matcher, safe)
    length = assertion.args[form.actual]
    if form.matcher in ("eq", "ne") and length.kind is ExprKind.LEN and len(length.operands) == 1:
        # `assert.Equal(t, 3, len(x))`: the kit says it with HasLen (an Eq on a length
        # draws TK304), which counts a string's characters where len counts its bytes:
        # unsafe, as testify's own Len is.
        conversion = Conversion(
            length.operands[0].text,
            Matcher("has_len", (args[form.matcher_args[0]],), negated=form.matcher == "ne"),
            safe=False,
        )
        matcher = conversion.matcher
    # testify's trailing msgAndArgs (a format and its arguments, or values) becomes the
    # kit's context, which reads them the same way and prints them above the failure.
    context = "".join(f", {arg}" for arg in args[form.arity :])
    alias = go_kit_alias(file.source, _KIT_PACKAGES) or GO_KIT_ALIAS
    prefix = "" if alias == "." else f"{alias}."
    call = f"{prefix}{spell(matcher.name, Language.GO)}({', '.join(matcher.args)})"
    if matcher.negated:
        call = f"{prefix}{spell('not', Language.GO)}({call})"
    check = "ExpectThat" if assertion.soft else "AssertThat"
    replacement = f"{prefix}{check}({t}, {conversion.actual}, {call}{context})"
    names = ("expect_that" if assertion.soft else "assert_that", *matcher.names)
    return make_fix(file, assertion.span, replacement, conversion, names=names)


# A number, string, rune or bool literal, alone or converted to a basic type: `250`,
# `"apple"`, `int64(250)`, `-1.5`.
_BASIC_TYPES = (
    "int|int8|int16|int32|int64|uint|uint8|uint16|uint32|uint64|uintptr|float32|float64"
    "|string|byte|rune|bool"
)
_BASIC_LITERAL = re.compile(
    rf"""^(?:(?:{_BASIC_TYPES})\((?P<inner>[^()]*)\)|(?P<bare>.*))$""", re.DOTALL
)
_LITERAL_VALUE = re.compile(
    r"""^-?(?:0[xXoObB][\w]+|[\d_]*\.?[\d_]+(?:[eE][+-]?\d+)?)$"""
    r"""|^"(?:[^"\\\n]|\\.)*"$|^`[^`]*`$|^'(?:[^'\\]|\\.)+'$|^(?:true|false)$"""
)


def _basic_literal(text: str) -> bool:
    """Whether ``text`` is a literal of a basic type. testify compares with
    ObjectsAreEqual (the same type and reflect.DeepEqual), the kit's Eq by value, and an
    error also by `errors.Is` or its message: where the expected value is such a literal,
    no error is involved and a check that passed compares the same values the same way.
    Anything else (a variable, a call, a struct, nil) may be an error or a value of
    another type: the fix is unsafe."""
    match = _BASIC_LITERAL.match(text.strip())
    if match is None:
        return False
    value = match.group("inner") if match.group("inner") is not None else match.group("bare")
    return _LITERAL_VALUE.match(value.strip()) is not None


_KIT_PACKAGE_LINE = re.compile(rf"^package\s+(?:{'|'.join(_KIT_PACKAGES)})\s*$", re.MULTILINE)


@lru_cache(maxsize=8)
def _in_kit_package(source: str) -> bool:
    """Whether the file belongs to the kit's own package; remembered for the last few
    texts, since a file's fixes ask once per assertion."""
    return _KIT_PACKAGE_LINE.search(source) is not None


@lru_cache(maxsize=32)
def _rebinds(source: str, name: str) -> bool:
    """Whether the test's text binds ``name`` (the package's name, `assert` or
    `require`) to a variable, as `assert := assert.New(t)` does: calls through it have no
    `t` argument, and the arguments would be read one place off."""
    return (
        re.search(
            rf"(?:\b{re.escape(name)}\s*(?:,\s*\w+\s*)*:?=[^=]|\bvar\s+{re.escape(name)}\b)", source
        )
        is not None
    )


# What may end the code before a statement: a block's brace, a statement's end.
_CONTINUES_EXPRESSION = frozenset("=,(&|!+-*/<>:%^[.")


def _is_statement(source: str, start: int, end: int) -> bool:
    """Whether the call at ``start:end`` stands alone as a statement, its result unused:
    alone on its line (but for a comment after it) and not continuing an expression
    from the line before (`ok :=`, `return`, an argument list)."""
    line_start = source.rfind("\n", 0, start) + 1
    if source[line_start:start].strip():
        return False
    line_end = source.find("\n", end)
    rest = source[end : len(source) if line_end < 0 else line_end].strip()
    if rest and not rest.startswith("//"):
        return False
    before = _previous_code_line(source, line_start)
    return not before or (
        before[-1] not in _CONTINUES_EXPRESSION and not re.search(r"\breturn$", before)
    )


def _previous_code_line(source: str, end: int) -> str:
    """The last line before ``end`` that holds code, without a comment ending it; only
    that far back is read (the file's start is not sliced for every assertion)."""
    while end > 0:
        start = source.rfind("\n", 0, end - 1) + 1
        line = source[start:end]
        comment = line.find("//")
        code = (line[:comment] if comment >= 0 else line).strip()
        if code:
            return code
        end = start
    return ""


def _t_argument(file: TestFile, assertion: Assertion) -> str | None:
    """The text of the `t` argument: between the call's "(" and its second argument."""
    if not assertion.args:
        return None
    source = file.source
    open_paren = source.find("(", assertion.span.start, assertion.args[0].span.start)
    if open_paren < 0:
        return None
    text = source[open_paren + 1 : assertion.args[0].span.start].strip()
    if not text.endswith(","):
        return None
    text = text[:-1].strip()
    return text if text and "\n" not in text and "//" not in text else None
