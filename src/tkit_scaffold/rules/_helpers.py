"""What several convention rules share: spelling kit calls for messages, walking nested
matchers, and deciding whether a fix may rename a matcher."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.diagnostics import Applicability, Edit, Fix
from tkit_scaffold.model import Language, MatcherCall, StepKind, TestFile
from tkit_scaffold.rules._base import RuleContext
from tkit_scaffold.vocabulary import spell

# A glob import brings every kit name into scope, so a renamed matcher still resolves.
_GLOB_IMPORT = {
    Language.PYTHON: re.compile(r"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+\*", re.MULTILINE),
    Language.RUST: re.compile(r"^[ \t]*(?:pub[ \t]+)?use[ \t]+[\w:]+::\*[ \t]*;", re.MULTILINE),
    Language.GO: re.compile(r"^[ \t]*(?:import[ \t]+)?\.[ \t]+\"", re.MULTILINE),
}
_QUALIFIER = {Language.PYTHON: ".", Language.RUST: "::", Language.GO: "."}


def spelled(context: RuleContext, name: str, language: Language) -> str:
    """How ``language`` spells the canonical kit name ``name``."""
    entry = context.vocabulary.entry(name)
    return entry.spelling(language) if entry else spell(name, language)


def matcher_call(context: RuleContext, language: Language, name: str, args: str = "") -> str:
    """A matcher call as a user of ``language`` writes it: ``eq(3)``, ``tk.Eq(3)``."""
    prefix = "tk." if language is Language.GO else ""
    return f"{prefix}{spelled(context, name, language)}({args})"


def assert_call(language: Language, actual: str = "actual", matcher: str = "matcher") -> str:
    """The kit's hard assertion with the given operands, in ``language``."""
    if language is Language.RUST:
        return f"assert_that!({actual}, {matcher})"
    if language is Language.GO:
        return f"tk.AssertThat(t, {actual}, {matcher})"
    return f"assert_that({actual}, {matcher})"


def step_call(context: RuleContext, language: Language, kind: StepKind) -> str:
    """A step marker in ``language``: ``then("…")``, ``then!("…")``, ``tk.Then(t, "…")``."""
    name = spelled(context, kind.value, language)
    if language is Language.RUST:
        return f'{name}!("…")'
    if language is Language.GO:
        return f'tk.{name}(t, "…")'
    return f'{name}("…")'


def walk_matchers(matcher: MatcherCall | None) -> Iterator[MatcherCall]:
    """The matcher and every matcher nested in it, outermost first."""
    if matcher is None:
        return
    yield matcher
    for inner in matcher.inner:
        yield from walk_matchers(inner)


def can_rename_matcher(file: TestFile, matcher: MatcherCall) -> bool:
    """Whether a fix may replace the matcher's name by another kit name.

    The new name resolves when the call is qualified (``tk.eq``, ``testingkit::eq``) or
    the file glob-imports a module; a matcher imported by name (``from testingkit import
    eq``) would leave the new name undefined.
    """
    start = matcher.name_span.start
    before = file.source[max(0, start - 80) : start].rstrip()
    if before.endswith(_QUALIFIER[file.language]):
        return True
    return bool(_GLOB_IMPORT[file.language].search(file.source))


def safe_fix(description: str, *edits: Edit) -> Fix:
    return Fix(Applicability.SAFE, tuple(sorted(edits, key=lambda edit: edit.start)), description)


def shorten(text: str, limit: int = 40) -> str:
    """Source text fit for a one-line message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
