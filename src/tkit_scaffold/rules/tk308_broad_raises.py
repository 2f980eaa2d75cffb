"""TK308 broad-raises: a check that code fails which accepts any failure."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import Language, RaisesCheck, Span, TestCase, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import matcher_call, walk_matchers

_BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})


class BroadRaises(Rule):
    code = "TK308"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            negated = _negated_spans(test)
            for check in test.raises:
                if check.has_message_check or _inside(check, negated):
                    continue
                advice = _advice(file.language, check, context)
                if advice is None:
                    continue
                yield Violation(
                    check.span,
                    f"test `{test.name}` accepts any failure with `{check.form}`, so it also "
                    f"passes when the code fails for another reason: {advice}",
                )


def _advice(language: Language, check: RaisesCheck, context: RuleContext) -> str | None:
    """What to write instead, or None when the check is specific enough."""
    form = check.form.rsplit(".", 1)[-1].rsplit("::", 1)[-1]
    if form in ("fails", "Fails"):
        fails_with = matcher_call(context, language, "fails_with", '"..."')
        return f"use `{fails_with}` with a part of the expected message"
    if language is Language.RUST and "should_panic" in form:
        return 'add the expected message: `#[should_panic(expected = "...")]`'
    if language is Language.GO and form == "Panics":
        return 'use the kit: `tk.AssertThat(t, func() { ... }, tk.FailsWith("..."))`'
    if language is Language.PYTHON and _is_broad_exception(check.exception):
        return 'name the exception the code raises, or add `match="..."`'
    return None


def _is_broad_exception(exception: str | None) -> bool:
    # A tuple such as `(ValueError, Exception)` is as broad as its broadest member. Only
    # the builtins are broad: `pytest.fail.Exception` (pytest's `Failed`) and
    # `pytest.skip.Exception` are specific classes that happen to be named so.
    if exception is None:
        return False
    names = exception.strip("() ").split(",")
    return any(name.strip().removeprefix("builtins.") in _BROAD_EXCEPTIONS for name in names)


def _negated_spans(test: TestCase) -> list[Span]:
    """Spans of `not(...)` matchers: `not(fails())` accepts no failure at all, the
    opposite of a broad check."""
    return [
        matcher.span
        for assertion in test.assertions
        for matcher in walk_matchers(assertion.matcher)
        if matcher.name == "not"
    ]


def _inside(check: RaisesCheck, spans: list[Span]) -> bool:
    return any(span.start <= check.span.start and check.span.end <= span.end for span in spans)
