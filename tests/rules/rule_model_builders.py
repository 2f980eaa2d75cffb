"""Builders for hand-made model objects, so rule logic is tested without any frontend."""

from __future__ import annotations

from collections.abc import Sequence

from tkit_scaffold.diagnostics import Applicability, Fix
from tkit_scaffold.model import (
    Assertion,
    AssertionKind,
    Expr,
    ExprKind,
    Language,
    LineIndex,
    MatcherCall,
    Span,
    Step,
    StepKind,
    TestCase,
    TestFile,
)
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.vocabulary import load_vocabulary


class Source:
    """A source text whose spans are found by the text they cover."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = LineIndex(text)

    def span(self, needle: str, nth: int = 0, after: int = 0) -> Span:
        start = after - 1
        for _ in range(nth + 1):
            start = self.text.index(needle, start + 1)
        return self.index.span(start, start + len(needle))

    def expr(
        self,
        kind: ExprKind,
        text: str,
        value: bool | int | float | str | None = None,
        *,
        nth: int = 0,
        operator: str | None = None,
        operands: tuple[Expr, ...] = (),
    ) -> Expr:
        return Expr(kind, text, self.span(text, nth), value, operator, operands)

    def matcher(
        self, call: str, name: str, args: tuple[Expr, ...] = (), nth: int = 0
    ) -> MatcherCall:
        """``call`` is the matcher call as written, e.g. ``tk.Eq(3)``."""
        span = self.span(call, nth)
        open_paren = call.index("(")
        identifier_start = max(call.rfind(".", 0, open_paren), call.rfind(":", 0, open_paren)) + 1
        name_span = self.index.span(span.start + identifier_start, span.start + open_paren)
        args_span = self.index.span(span.start + open_paren + 1, span.end - 1)
        return MatcherCall(name, args, span, name_span, args_span)

    def kit(self, call: str, actual: Expr, matcher: MatcherCall | None, nth: int = 0) -> Assertion:
        return Assertion(
            AssertionKind.KIT, self.span(call, nth), "assert_that", actual=actual, matcher=matcher
        )

    def step(self, call: str, kind: StepKind, description: str | None, nth: int = 0) -> Step:
        span = self.span(call, nth)
        description_span = None
        if description is not None:
            quoted = f'"{description}"'
            start = self.text.index(quoted, span.start)
            description_span = self.index.span(start, start + len(quoted))
        return Step(kind, span, description, description_span)

    def test(
        self, name: str, scenario_id: str | None = None, nth: int = 0, **fields: object
    ) -> TestCase:
        name_span = self.span(name, nth)
        return TestCase(
            name=name,
            scenario_id=scenario_id if scenario_id is not None else name.removeprefix("test_"),
            span=name_span,
            name_span=name_span,
            **fields,  # type: ignore[arg-type]
        )

    def file(self, language: Language, tests: Sequence[TestCase], **fields: object) -> TestFile:
        return TestFile(
            path=f"example.{ {'python': 'py', 'rust': 'rs', 'go': 'go'}[language.value] }",
            language=language,
            source=self.text,
            tests=tuple(tests),
            uses_kit=True,
            **fields,  # type: ignore[arg-type]
        )


def run(rule: Rule, file: TestFile, naming_style: str = "given-when-then") -> list[Violation]:
    return list(rule.check(file, RuleContext(naming_style, load_vocabulary())))


def apply_fix(source: str, fix: Fix | None) -> str:
    assert fix is not None, "expected a fix"
    assert fix.applicability is Applicability.SAFE
    for edit in sorted(fix.edits, key=lambda edit: edit.start, reverse=True):
        source = source[: edit.start] + edit.replacement + source[edit.end :]
    return source
