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
from tkit_scaffold.model import Assertion, FrontendOptions, Language, TestFile
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


_FORMS: dict[str, _Form] = {
    "Equal": _Form(2, 1, "eq", (0,)),
    "EqualValues": _Form(2, 1, "eq", (0,)),
    "NotEqual": _Form(2, 1, "ne", (0,)),
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
    "Contains": _Form(2, 0, "contains", (1,)),
    "NotContains": _Form(2, 0, "contains", (1,), negated=True),
    "Greater": _Form(2, 0, "gt", (1,)),
    "GreaterOrEqual": _Form(2, 0, "ge", (1,)),
    "Less": _Form(2, 0, "lt", (1,)),
    "LessOrEqual": _Form(2, 0, "le", (1,)),
    "InDelta": _Form(3, 1, "near", (0, 2)),
}


def convert(file: TestFile, assertion: Assertion) -> Fix | None:
    name = assertion.form.rpartition(".")[2]
    formatted = name.endswith("f") and name[:-1] in _FORMS
    form = _FORMS.get(name[:-1] if formatted else name)
    if form is None or len(assertion.args) < form.arity:
        return None
    if _in_kit_package(file.source):
        return None  # the kit's own package calls its names unqualified
    t = _t_argument(file, assertion)
    if t is None:
        return None
    args = [arg.text for arg in assertion.args]
    matcher = Matcher(form.matcher, tuple(args[i] for i in form.matcher_args), form.negated)
    conversion = Conversion(args[form.actual], matcher, form.safe)
    extra = args[form.arity :]
    message = ", ".join(extra) if extra else None
    alias = go_kit_alias(file.source, _KIT_PACKAGES) or GO_KIT_ALIAS
    prefix = "" if alias == "." else f"{alias}."
    call = f"{prefix}{spell(matcher.name, Language.GO)}({', '.join(matcher.args)})"
    if matcher.negated:
        call = f"{prefix}{spell('not', Language.GO)}({call})"
    check = "ExpectThat" if assertion.soft else "AssertThat"
    replacement = f"{prefix}{check}({t}, {conversion.actual}, {call})"
    names = ("expect_that" if assertion.soft else "assert_that", *matcher.names)
    return make_fix(file, assertion.span, replacement, conversion, names=names, message=message)


_KIT_PACKAGE_LINE = re.compile(rf"^package\s+(?:{'|'.join(_KIT_PACKAGES)})\s*$", re.MULTILINE)


@lru_cache(maxsize=8)
def _in_kit_package(source: str) -> bool:
    """Whether the file belongs to the kit's own package; remembered for the last few
    texts, since a file's fixes ask once per assertion."""
    return _KIT_PACKAGE_LINE.search(source) is not None


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
