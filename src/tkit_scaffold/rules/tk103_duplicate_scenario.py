"""TK103 duplicate-scenario: two tests of one scope with the same scenario id."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestCase, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation


class DuplicateScenario(Rule):
    code = "TK103"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        # A test's identity is where its runner places it: `TestCart::test_x` and
        # `TestCheckout::test_x` are two tests to pytest, as `a::x` and `b::x` are to cargo.
        seen: dict[tuple[str, str], list[TestCase]] = {}
        for test in sorted(file.tests, key=lambda test: test.span.start):
            if test.generated:
                continue  # one definition, one name per invocation of the macro
            earlier = seen.setdefault((test.scope, test.scenario_id), [])
            first = next(
                (other for other in earlier if _clash(other, test) and not _exclusive(other, test)),
                None,
            )
            earlier.append(test)
            if first is None:
                continue
            if first.name == test.name:
                clash = f"test `{test.name}` is already defined on line {first.name_span.line}"
            else:
                clash = (
                    f"test `{test.name}` has the scenario id `{test.scenario_id}`, as "
                    f"`{first.name}` on line {first.name_span.line} does"
                )
            where = f" in `{test.scope}`" if test.scope else ""
            yield Violation(test.name_span, f"{clash}{where}: give each scenario its own name")


def _clash(first: TestCase, second: TestCase) -> bool:
    """Tests named by identifiers clash by scenario id (`TestCartTotal` and
    `TestCart_Total`); a Ginkgo spec, named by its text, clashes only with the same text:
    its id is derived from the text and may merge texts that differ in punctuation
    (`--help` and `-help`)."""
    if first.name.isidentifier() and second.name.isidentifier():
        return True
    return first.name == second.name


def _exclusive(first: TestCase, second: TestCase) -> bool:
    """Whether two tests can never be built together: each is under its own `cfg`
    (`#[cfg(unix)]` and `#[cfg(windows)]`). Whether two different conditions overlap is
    not decided here, so the rule says nothing rather than guess."""
    first_conditions = _conditions(first)
    second_conditions = _conditions(second)
    return bool(first_conditions and second_conditions) and first_conditions != second_conditions


def _conditions(test: TestCase) -> frozenset[str]:
    return frozenset(
        "".join(attribute.split())
        for attribute in test.attributes
        if "".join(attribute.split()).startswith("#[cfg(")
    )
