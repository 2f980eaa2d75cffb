"""Each rule's decisions on hand-built models: no frontend involved, so a failure here is
the rule's own."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tkit_scaffold.diagnostics import Applicability, Fix
from tkit_scaffold.model import (
    Assertion,
    AssertionKind,
    Expr,
    ExprKind,
    Focus,
    Language,
    LineIndex,
    MatcherCall,
    RaisesCheck,
    Skip,
    Sleep,
    Span,
    Step,
    StepKind,
    TestCase,
    TestFile,
)
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules.tk101_scenario_name_style import ScenarioNameStyle
from tkit_scaffold.rules.tk102_redundant_test_prefix import RedundantTestPrefix
from tkit_scaffold.rules.tk103_duplicate_scenario import DuplicateScenario
from tkit_scaffold.rules.tk201_assertion_free_test import AssertionFreeTest
from tkit_scaffold.rules.tk202_missing_then import MissingThen
from tkit_scaffold.rules.tk203_step_order import StepOrder
from tkit_scaffold.rules.tk204_assertion_before_then import AssertionBeforeThen
from tkit_scaffold.rules.tk205_empty_step_description import EmptyStepDescription
from tkit_scaffold.rules.tk301_foreign_assertion import ForeignAssertion
from tkit_scaffold.rules.tk302_expected_actual_order import ExpectedActualOrder
from tkit_scaffold.rules.tk303_bool_literal_matcher import BoolLiteralMatcher
from tkit_scaffold.rules.tk304_len_in_actual import LenInActual
from tkit_scaffold.rules.tk305_comparison_in_actual import ComparisonInActual
from tkit_scaffold.rules.tk306_constant_assertion import ConstantAssertion
from tkit_scaffold.rules.tk307_float_equality import FloatEquality
from tkit_scaffold.rules.tk308_broad_raises import BroadRaises
from tkit_scaffold.rules.tk401_sleep_in_test import SleepInTest
from tkit_scaffold.rules.tk402_skip_without_reason import SkipWithoutReason
from tkit_scaffold.rules.tk403_focused_test import FocusedTest
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
        after: int = 0,
        operator: str | None = None,
        operands: tuple[Expr, ...] = (),
    ) -> Expr:
        return Expr(kind, text, self.span(text, nth, after), value, operator, operands)

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


def apply_fix(
    source: str, fix: Fix | None, applicability: Applicability = Applicability.SAFE
) -> str:
    assert fix is not None, "expected a fix"
    assert fix.applicability is applicability
    for edit in sorted(fix.edits, key=lambda edit: edit.start, reverse=True):
        source = source[: edit.start] + edit.replacement + source[edit.end :]
    return source


# ------------------------------------------------------------------------ TK101


@pytest.mark.parametrize(
    ("scenario_id", "style", "flagged"),
    [
        ("given_cart_when_item_added_then_total_grows", "given-when-then", False),
        ("when_item_added_then_total_grows", "given-when-then", False),
        ("cart_total", "given-when-then", True),
        ("given_cart_then_total_is_zero", "given-when-then", True),
        ("when_then_x", "given-when-then", True),  # empty action
        ("given__when_x_then_y", "given-when-then", True),  # empty context
        ("cart_should_start_empty", "should", False),
        ("should_start_empty", "should", False),
        ("cart_starts_empty", "should", True),
        ("shoulder_width", "should", True),
        ("anything_goes", "none", False),
    ],
)
def test_scenario_name_style_follows_the_configured_style(
    scenario_id: str, style: str, flagged: bool
) -> None:
    source = Source(f"def test_{scenario_id}():\n    pass\n")
    file = source.file(Language.PYTHON, [source.test(f"test_{scenario_id}")])
    violations = run(ScenarioNameStyle(), file, style)
    assert [v.span.line for v in violations] == ([1] if flagged else [])
    if flagged:
        assert f"test_{scenario_id}" in violations[0].message
        assert violations[0].span == file.tests[0].name_span


# ------------------------------------------------------------------------ TK102


def test_redundant_test_prefix_is_renamed_by_a_safe_fix() -> None:
    source = Source("#[test]\nfn test_when_added_then_counted() {}\n")
    file = source.file(Language.RUST, [source.test("test_when_added_then_counted")])
    [violation] = run(RedundantTestPrefix(), file)
    assert "`when_added_then_counted`" in violation.message
    assert apply_fix(source.text, violation.fix) == "#[test]\nfn when_added_then_counted() {}\n"


@pytest.mark.parametrize(
    "name",
    ["test_", "test_1st_case", "test_fn", "test_total"],  # empty, digit, keyword, taken
)
def test_redundant_test_prefix_has_no_fix_when_the_new_name_is_unusable(name: str) -> None:
    source = Source(f"fn total() -> i64 {{ 0 }}\n#[test]\nfn {name}() {{}}\n")
    file = source.file(Language.RUST, [source.test(name)])
    [violation] = run(RedundantTestPrefix(), file)
    assert violation.fix is None


def test_redundant_test_prefix_leaves_other_names_alone() -> None:
    source = Source("#[test]\nfn testing_cart() {}\n")
    file = source.file(Language.RUST, [source.test("testing_cart")])
    assert run(RedundantTestPrefix(), file) == []
    assert RedundantTestPrefix.languages == frozenset({Language.RUST})


# ------------------------------------------------------------------------ TK103


def test_duplicate_scenario_reports_every_later_test_naming_the_first() -> None:
    source = Source(
        "func TestCartTotal(t *testing.T) {}\n"
        "func TestCart_Total(t *testing.T) {}\n"
        "func TestCartTotalX(t *testing.T) {}\n"
        "func Test_cartTotal(t *testing.T) {}\n"
    )
    tests = [
        source.test("TestCartTotal", "cart_total"),
        source.test("TestCart_Total", "cart_total"),
        source.test("TestCartTotalX", "cart_total_x"),
        source.test("Test_cartTotal", "cart_total"),
    ]
    violations = run(DuplicateScenario(), source.file(Language.GO, tests))
    assert [v.span.line for v in violations] == [2, 4]
    assert all("`TestCartTotal` on line 1" in v.message for v in violations)


def test_duplicate_scenario_says_when_the_same_function_is_defined_twice() -> None:
    source = Source("def test_when_a_then_b(): ...\ndef test_when_a_then_b(): ...\n")
    tests = [source.test("test_when_a_then_b"), source.test("test_when_a_then_b", nth=1)]
    [violation] = run(DuplicateScenario(), source.file(Language.PYTHON, tests))
    assert violation.span.line == 2
    assert "is already defined on line 1" in violation.message


# ------------------------------------------------------------------------ TK201


def test_assertion_free_test_counts_every_kind_of_check() -> None:
    source = Source("def test_a(): ...\ndef test_b(): ...\ndef test_c(): ...\ndef test_d(): ...\n")
    span = source.span("...")
    helper = Assertion(AssertionKind.HELPER, span, "t.Errorf")
    raises = RaisesCheck(span, "pytest.raises", "ValueError", False)
    tests = [
        source.test("test_a"),
        source.test("test_b", assertions=(helper,)),
        source.test("test_c", raises=(raises,)),
        source.test("test_d", assertions=(Assertion(AssertionKind.FOREIGN, span, "assert"),)),
    ]
    violations = run(AssertionFreeTest(), source.file(Language.PYTHON, tests))
    assert [v.span.line for v in violations] == [1]
    assert "assert_that(actual, matcher)" in violations[0].message


# ------------------------------------------------------------------------ TK202


@pytest.mark.parametrize(
    ("language", "then"),
    [
        (Language.PYTHON, 'then("…")'),
        (Language.RUST, 'then!("…")'),
        (Language.GO, 'tk.Then(t, "…")'),
    ],
)
def test_missing_then_names_the_step_to_add(language: Language, then: str) -> None:
    source = Source('x\ngiven("a")\nwhen("b")\n')
    steps = (
        source.step('given("a")', StepKind.GIVEN, "a"),
        source.step('when("b")', StepKind.WHEN, "b"),
    )
    file = source.file(language, [source.test("x", steps=steps)])
    [violation] = run(MissingThen(), file)
    assert then in violation.message


def test_missing_then_ignores_tests_without_steps_and_tests_with_then() -> None:
    source = Source('x\ny\nthen("c")\n')
    with_then = source.test("y", steps=(source.step('then("c")', StepKind.THEN, "c"),))
    file = source.file(Language.PYTHON, [source.test("x"), with_then])
    assert run(MissingThen(), file) == []


# ------------------------------------------------------------------------ TK203


def _stepped(kinds: str) -> tuple[Source, list[int]]:
    """A test whose steps are one letter per kind (g, w, t, a), one per line."""
    names = {"g": StepKind.GIVEN, "w": StepKind.WHEN, "t": StepKind.THEN, "a": StepKind.AND}
    source = Source("x\n" + "".join(f'{names[k].value}("s{i}")\n' for i, k in enumerate(kinds)))
    steps = tuple(
        source.step(f'{names[k].value}("s{i}")', names[k], f"s{i}") for i, k in enumerate(kinds)
    )
    file = source.file(Language.PYTHON, [source.test("x", steps=steps)])
    return source, [v.span.line for v in run(StepOrder(), file)]


@pytest.mark.parametrize(
    ("kinds", "flagged_lines"),
    [
        ("gwt", []),
        ("gawtat", []),
        ("wt", []),
        ("gwwtt", []),
        ("wgt", [3]),  # given after when
        ("gtwt", [4]),  # when after then
        ("gtgw", [4, 5]),  # each offending step
        ("awt", [2]),  # `and` first
        ("tg", [3]),
    ],
)
def test_step_order_reports_each_step_out_of_order(kinds: str, flagged_lines: list[int]) -> None:
    assert _stepped(kinds)[1] == flagged_lines


# ------------------------------------------------------------------------ TK204


def test_assertion_before_then_flags_kit_and_foreign_checks_outside_then() -> None:
    source = Source(
        "x\n"
        'given("a")\n'
        "assert_that(a, eq(1))\n"
        'when("b")\n'
        "assert b\n"
        "t.Fatal(err)\n"
        'then("c")\n'
        "assert_that(c, eq(2))\n"
    )
    steps = (
        source.step('given("a")', StepKind.GIVEN, "a"),
        source.step('when("b")', StepKind.WHEN, "b"),
        source.step('then("c")', StepKind.THEN, "c"),
    )
    assertions = (
        Assertion(AssertionKind.KIT, source.span("assert_that(a, eq(1))"), "assert_that"),
        Assertion(AssertionKind.FOREIGN, source.span("assert b"), "assert"),
        Assertion(AssertionKind.HELPER, source.span("t.Fatal(err)"), "t.Fatal"),
        Assertion(AssertionKind.KIT, source.span("assert_that(c, eq(2))"), "assert_that"),
    )
    file = source.file(Language.PYTHON, [source.test("x", steps=steps, assertions=assertions)])
    violations = run(AssertionBeforeThen(), file)
    assert [v.span.line for v in violations] == [3, 5]
    assert "`given` phase" in violations[0].message
    assert "`when` phase" in violations[1].message


def test_assertion_before_then_flags_a_check_before_the_first_step() -> None:
    source = Source('x\nassert_that(a, eq(1))\nwhen("b")\nthen("c")\n')
    steps = (
        source.step('when("b")', StepKind.WHEN, "b"),
        source.step('then("c")', StepKind.THEN, "c"),
    )
    assertion = Assertion(AssertionKind.KIT, source.span("assert_that(a, eq(1))"), "assert_that")
    file = source.file(Language.PYTHON, [source.test("x", steps=steps, assertions=(assertion,))])
    assert [v.span.line for v in run(AssertionBeforeThen(), file)] == [2]


def test_assertion_before_then_ignores_tests_without_steps() -> None:
    source = Source("x\nassert_that(a, eq(1))\n")
    assertion = Assertion(AssertionKind.KIT, source.span("assert_that(a, eq(1))"), "assert_that")
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    assert run(AssertionBeforeThen(), file) == []


def test_assertion_before_then_leaves_tests_without_then_to_missing_then() -> None:
    source = Source('x\nwhen("b")\nassert_that(a, eq(1))\n')
    steps = (source.step('when("b")', StepKind.WHEN, "b"),)
    assertion = Assertion(AssertionKind.KIT, source.span("assert_that(a, eq(1))"), "assert_that")
    file = source.file(Language.PYTHON, [source.test("x", steps=steps, assertions=(assertion,))])
    assert run(AssertionBeforeThen(), file) == []
    assert len(run(MissingThen(), file)) == 1


# ------------------------------------------------------------------------ TK205


def test_empty_step_description_flags_blank_literals_only() -> None:
    source = Source('x\ngiven("")\nwhen("  ")\nthen(label)\nand_("ok")\n')
    steps = (
        source.step('given("")', StepKind.GIVEN, ""),
        source.step('when("  ")', StepKind.WHEN, "  "),
        source.step("then(label)", StepKind.THEN, None),
        source.step('and_("ok")', StepKind.AND, "ok"),
    )
    file = source.file(Language.PYTHON, [source.test("x", steps=steps)])
    violations = run(EmptyStepDescription(), file)
    assert [(v.span.line, v.span.column) for v in violations] == [(2, 7), (3, 6)]


# ------------------------------------------------------------------------ TK301


@pytest.mark.parametrize(
    ("language", "replacement"),
    [
        (Language.PYTHON, "assert_that(actual, matcher)"),
        (Language.RUST, "assert_that!(actual, matcher)"),
        (Language.GO, "tk.AssertThat(t, actual, matcher)"),
    ],
)
def test_foreign_assertion_names_the_form_and_the_kit_replacement(
    language: Language, replacement: str
) -> None:
    source = Source("x\nassert_eq!(a, b);\nassert_that!(a, eq(b));\n")
    assertions = (
        Assertion(AssertionKind.FOREIGN, source.span("assert_eq!(a, b)"), "assert_eq!"),
        Assertion(AssertionKind.KIT, source.span("assert_that!(a, eq(b))"), "assert_that!"),
    )
    file = source.file(language, [source.test("x", assertions=assertions)])
    [violation] = run(ForeignAssertion(), file)
    assert violation.span.line == 2
    assert "`assert_eq!`" in violation.message and replacement in violation.message


# ------------------------------------------------------------------------ TK302 / TK306


def _one_assertion(
    line: str, actual_kind: ExprKind, actual: str, arg_kind: ExprKind | None, arg: str = ""
) -> tuple[Source, list[int], list[int]]:
    source = Source(f"x\n{line}\n")
    args = () if arg_kind is None else (source.expr(arg_kind, arg, nth=0),)
    matcher_text = line[line.index(", ") + 2 : -1]
    matcher = source.matcher(matcher_text, "eq" if args else "is_true", args)
    assertion = source.kit(line, source.expr(actual_kind, actual), matcher)
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    tk302 = [v.span.line for v in run(ExpectedActualOrder(), file)]
    tk306 = [v.span.line for v in run(ConstantAssertion(), file)]
    return source, tk302, tk306


@pytest.mark.parametrize(
    ("line", "actual_kind", "actual", "arg_kind", "arg", "tk302", "tk306"),
    [
        ("assert_that(5, eq(total))", ExprKind.INT, "5", ExprKind.NAME, "total", [2], []),
        (
            "assert_that(expected, eq(total))",
            ExprKind.NAME,
            "expected",
            ExprKind.NAME,
            "total",
            [2],
            [],
        ),
        ("assert_that(want, eq(got))", ExprKind.NAME, "want", ExprKind.NAME, "got", [2], []),
        (
            "assert_that(expected_total, eq(t))",
            ExprKind.NAME,
            "expected_total",
            ExprKind.NAME,
            "t",
            [2],
            [],
        ),
        (
            "assert_that(wantTotal, eq(got))",
            ExprKind.NAME,
            "wantTotal",
            ExprKind.NAME,
            "got",
            [2],
            [],
        ),
        ("assert_that(expiry, eq(date))", ExprKind.NAME, "expiry", ExprKind.NAME, "date", [], []),
        (
            "assert_that(total, eq(expected))",
            ExprKind.NAME,
            "total",
            ExprKind.NAME,
            "expected",
            [],
            [],
        ),
        ("assert_that(5, eq(5))", ExprKind.INT, "5", ExprKind.INT, "5", [], [2]),
        ("assert_that(True, is_true())", ExprKind.BOOL, "True", None, "", [], [2]),
        ("assert_that(expected, eq(5))", ExprKind.NAME, "expected", ExprKind.INT, "5", [], []),
        ("assert_that(total, eq(5))", ExprKind.NAME, "total", ExprKind.INT, "5", [], []),
    ],
)
def test_literal_actuals_are_a_swap_or_a_constant(
    line: str,
    actual_kind: ExprKind,
    actual: str,
    arg_kind: ExprKind | None,
    arg: str,
    tk302: list[int],
    tk306: list[int],
) -> None:
    _, got302, got306 = _one_assertion(line, actual_kind, actual, arg_kind, arg)
    assert (got302, got306) == (tk302, tk306)


def test_expected_actual_order_suggests_the_swapped_assertion() -> None:
    source = Source("x\nassert_that(5, eq(e))\n")
    expected = source.expr(ExprKind.NAME, "e", after=source.span("eq(e)").start + 3)
    matcher = source.matcher("eq(e)", "eq", (expected,))
    assertion = source.kit("assert_that(5, eq(e))", source.expr(ExprKind.INT, "5"), matcher)
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    [violation] = run(ExpectedActualOrder(), file)
    assert "`assert_that(e, eq(5))`" in violation.message


# ------------------------------------------------------------------------ TK303


@pytest.mark.parametrize(
    ("language", "before", "call", "name", "value", "after"),
    [
        (Language.PYTHON, "tk.eq(True)", "tk.eq(True)", "eq", True, "tk.is_true()"),
        (Language.PYTHON, "tk.ne(True)", "tk.ne(True)", "ne", True, "tk.is_false()"),
        (Language.RUST, "eq(false)", "eq(false)", "eq", False, "is_false()"),
        (Language.GO, "tk.Eq(true)", "tk.Eq(true)", "eq", True, "tk.IsTrue()"),
        (Language.GO, "tk.Ne(false)", "tk.Ne(false)", "ne", False, "tk.IsTrue()"),
    ],
)
def test_bool_literal_matcher_fix_names_the_bool_matcher(
    language: Language, before: str, call: str, name: str, value: bool, after: str
) -> None:
    prelude = "use shop::*;\n" if language is Language.RUST else ""
    source = Source(f"{prelude}x\nassert_that(ok, {before})\n")
    literal = call[call.index("(") + 1 : -1]
    matcher = source.matcher(call, name, (source.expr(ExprKind.BOOL, literal, value),))
    assertion = source.kit(f"assert_that(ok, {before})", source.expr(ExprKind.NAME, "ok"), matcher)
    file = source.file(language, [source.test("x", assertions=(assertion,))])
    [violation] = run(BoolLiteralMatcher(), file)
    assert apply_fix(source.text, violation.fix) == f"{prelude}x\nassert_that(ok, {after})\n"


def test_bool_literal_matcher_has_no_fix_for_a_matcher_imported_by_name() -> None:
    source = Source("from testingkit import eq\nx\nassert_that(ok, eq(True))\n")
    matcher = source.matcher("eq(True)", "eq", (source.expr(ExprKind.BOOL, "True", True),))
    assertion = source.kit("assert_that(ok, eq(True))", source.expr(ExprKind.NAME, "ok"), matcher)
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    [violation] = run(BoolLiteralMatcher(), file)
    assert violation.fix is None
    assert "`is_true()`" in violation.message


def test_bool_literal_matcher_looks_inside_nested_matchers() -> None:
    source = Source("x\nassert_that(flags, tk.each(tk.eq(False)))\n")
    inner = source.matcher("tk.eq(False)", "eq", (source.expr(ExprKind.BOOL, "False", False),))
    outer = source.matcher("tk.each(tk.eq(False))", "each", ())
    outer = MatcherCall(
        outer.name, outer.args, outer.span, outer.name_span, outer.args_span, (inner,)
    )
    assertion = source.kit(
        "assert_that(flags, tk.each(tk.eq(False)))", source.expr(ExprKind.NAME, "flags"), outer
    )
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    [violation] = run(BoolLiteralMatcher(), file)
    assert (
        apply_fix(source.text, violation.fix) == "x\nassert_that(flags, tk.each(tk.is_false()))\n"
    )


# ------------------------------------------------------------------------ TK304


@pytest.mark.parametrize(
    ("language", "line", "len_text", "operand", "call", "length", "fixed"),
    [
        (
            Language.PYTHON,
            "assert_that(len(items), tk.eq(2))",
            "len(items)",
            "items",
            "tk.eq(2)",
            "2",
            "assert_that(items, tk.has_len(2))",
        ),
        (
            Language.PYTHON,
            "assert_that(len(items), tk.eq(0))",
            "len(items)",
            "items",
            "tk.eq(0)",
            "0",
            "assert_that(items, tk.is_empty())",
        ),
        (
            Language.RUST,
            "assert_that!(items.len(), eq(3))",
            "items.len()",
            "items",
            "eq(3)",
            "3",
            "assert_that!(items, has_len(3))",
        ),
        (
            Language.GO,
            "tk.AssertThat(t, len(items), tk.Eq(0))",
            "len(items)",
            "items",
            "tk.Eq(0)",
            "0",
            "tk.AssertThat(t, items, tk.IsEmpty())",
        ),
    ],
)
def test_len_in_actual_fix_moves_the_length_into_the_matcher(
    language: Language, line: str, len_text: str, operand: str, call: str, length: str, fixed: str
) -> None:
    prelude = "use shop::*;\n" if language is Language.RUST else ""
    source = Source(f"{prelude}x\n{line}\n")
    actual = source.expr(ExprKind.LEN, len_text, operands=(source.expr(ExprKind.NAME, operand),))
    length_expr = source.expr(ExprKind.INT, length, int(length), after=source.span(call).start)
    matcher = source.matcher(call, "eq", (length_expr,))
    assertion = source.kit(line, actual, matcher)
    file = source.file(language, [source.test("x", assertions=(assertion,))])
    [violation] = run(LenInActual(), file)
    # Rust and Go count a string's bytes, has_len its characters: only is_empty is safe there.
    safe = language is Language.PYTHON or length == "0"
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    assert apply_fix(source.text, violation.fix, applicability) == f"{prelude}x\n{fixed}\n"


def test_len_in_actual_ignores_other_matchers() -> None:
    source = Source("x\nassert_that(len(items), tk.gt(2))\n")
    actual = source.expr(
        ExprKind.LEN, "len(items)", operands=(source.expr(ExprKind.NAME, "items"),)
    )
    matcher = source.matcher("tk.gt(2)", "gt", (source.expr(ExprKind.INT, "2", 2),))
    assertion = source.kit("assert_that(len(items), tk.gt(2))", actual, matcher)
    file = source.file(Language.PYTHON, [source.test("x", assertions=(assertion,))])
    assert run(LenInActual(), file) == []


# ------------------------------------------------------------------------ TK305


@pytest.mark.parametrize(
    ("operator", "matcher_name", "fixed"),
    [
        ("==", "is_true", "tk.eq(b)"),
        ("!=", "is_true", "tk.ne(b)"),
        ("==", "is_false", "tk.ne(b)"),
        ("!=", "is_false", "tk.eq(b)"),
    ],
)
def test_comparison_in_actual_fix_turns_equality_into_a_matcher(
    operator: str, matcher_name: str, fixed: str
) -> None:
    line = f"assert_that(a {operator} b, tk.{matcher_name}())"
    source = Source(f"x\n{line}\n")
    operands = (source.expr(ExprKind.NAME, "a"), source.expr(ExprKind.NAME, "b"))
    actual = source.expr(
        ExprKind.COMPARISON, f"a {operator} b", operator=operator, operands=operands
    )
    matcher = source.matcher(f"tk.{matcher_name}()", matcher_name)
    file = source.file(
        Language.PYTHON, [source.test("x", assertions=(source.kit(line, actual, matcher),))]
    )
    [violation] = run(ComparisonInActual(), file)
    assert apply_fix(source.text, violation.fix) == f"x\nassert_that(a, {fixed})\n"


@pytest.mark.parametrize(
    ("operator", "matcher_name", "suggested"),
    [("<", "is_true", "tk.Lt(b)"), ("<", "is_false", "tk.Ge(b)"), (">=", "is_true", "tk.Ge(b)")],
)
def test_comparison_in_actual_suggests_an_order_matcher_without_a_fix(
    operator: str, matcher_name: str, suggested: str
) -> None:
    go_name = "IsTrue" if matcher_name == "is_true" else "IsFalse"
    line = f"tk.AssertThat(t, a {operator} b, tk.{go_name}())"
    source = Source(f"x\n{line}\n")
    operands = (source.expr(ExprKind.NAME, "a"), source.expr(ExprKind.NAME, "b"))
    actual = source.expr(
        ExprKind.COMPARISON, f"a {operator} b", operator=operator, operands=operands
    )
    matcher = source.matcher(f"tk.{go_name}()", matcher_name)
    file = source.file(
        Language.GO, [source.test("x", assertions=(source.kit(line, actual, matcher),))]
    )
    [violation] = run(ComparisonInActual(), file)
    assert violation.fix is None
    assert f"tk.AssertThat(t, a, {suggested})" in violation.message


# ------------------------------------------------------------------------ TK307


def test_float_equality_flags_eq_and_ne_of_a_float_literal() -> None:
    source = Source("x\nassert_that(r, eq(0.1))\nassert_that(r, ne(0.5))\nassert_that(r, eq(1))\n")
    assertions = []
    for line, name, literal, kind in [
        ("assert_that(r, eq(0.1))", "eq", "0.1", ExprKind.FLOAT),
        ("assert_that(r, ne(0.5))", "ne", "0.5", ExprKind.FLOAT),
        ("assert_that(r, eq(1))", "eq", "1", ExprKind.INT),
    ]:
        call = f"{name}({literal})"
        matcher = source.matcher(call, name, (source.expr(kind, literal),))
        assertions.append(source.kit(line, source.expr(ExprKind.NAME, "r"), matcher))
    file = source.file(Language.PYTHON, [source.test("x", assertions=tuple(assertions))])
    violations = run(FloatEquality(), file)
    assert [v.span.line for v in violations] == [2, 3]
    assert "`near(0.1, tolerance)`" in violations[0].message
    assert "`not_(near(0.5, tolerance))`" in violations[1].message


# ------------------------------------------------------------------------ TK308


@pytest.mark.parametrize(
    ("language", "form", "exception", "has_message_check", "flagged"),
    [
        (Language.PYTHON, "pytest.raises", "Exception", False, True),
        (Language.PYTHON, "pytest.raises", "builtins.BaseException", False, True),
        (Language.PYTHON, "pytest.raises", "(ValueError, Exception)", False, True),
        (Language.PYTHON, "pytest.raises", "Exception", True, False),
        (Language.PYTHON, "pytest.raises", "ValueError", False, False),
        (Language.PYTHON, "fails", None, False, True),
        (Language.PYTHON, "fails_with", None, True, False),
        (Language.RUST, "#[should_panic]", None, False, True),
        (Language.RUST, "#[should_panic]", None, True, False),
        (Language.RUST, "fails", None, False, True),
        (Language.GO, "assert.Panics", None, False, True),
        (Language.GO, "tk.Fails", None, False, True),
        (Language.GO, "assert.PanicsWithError", None, True, False),
    ],
)
def test_broad_raises_flags_checks_that_accept_any_failure(
    language: Language, form: str, exception: str | None, has_message_check: bool, flagged: bool
) -> None:
    source = Source("x\ncheck\n")
    check = RaisesCheck(source.span("check"), form, exception, has_message_check)
    file = source.file(language, [source.test("x", raises=(check,))])
    violations = run(BroadRaises(), file)
    assert len(violations) == int(flagged)
    if flagged:
        assert form in violations[0].message


# ------------------------------------------------------------------------ TK401 / 402 / 403


def test_sleep_skip_and_focus_rules_report_what_they_find() -> None:
    source = Source('x\ntime.sleep(1)\nt.Skip()\nt.Skip("flaky")\nFIt("x")\n')
    test = source.test(
        "x",
        sleeps=(Sleep(source.span("time.sleep(1)"), "time.sleep"),),
        skips=(
            Skip(source.span("t.Skip()"), "t.Skip", False),
            Skip(source.span('t.Skip("flaky")'), "t.Skip", True),
        ),
    )
    file = source.file(Language.GO, [test], focused=(Focus(source.span('FIt("x")'), "FIt"),))
    assert [v.span.line for v in run(SleepInTest(), file)] == [2]
    assert [v.span.line for v in run(SkipWithoutReason(), file)] == [3]
    [focus] = run(FocusedTest(), file)
    assert focus.span.line == 5 and "use `It`" in focus.message
    assert FocusedTest.languages == frozenset({Language.GO})
