from __future__ import annotations

import textwrap

import pytest

from tkit_scaffold.frontends.python import parse
from tkit_scaffold.model import (
    AssertionKind,
    ExprKind,
    FrontendOptions,
    Language,
    Span,
    StepKind,
    TestCase,
    TestFile,
)

KIT_IMPORTS = """\
from testingkit import given, when, then, and_, assert_that, expect_that
from testingkit import matchers as m
import testingkit as tk
"""


def read(source: str, options: FrontendOptions | None = None) -> TestFile:
    return parse("tests/test_cart.py", textwrap.dedent(source), options or FrontendOptions())


def only_test(source: str, options: FrontendOptions | None = None) -> TestCase:
    file = read(source, options)
    assert file.parse_error is None, file.parse_error
    assert len(file.tests) == 1, [test.name for test in file.tests]
    return file.tests[0]


def kit_test(body: str) -> TestCase:
    """A single test using the kit, with ``body`` as its (unindented) body."""
    indented = textwrap.indent(textwrap.dedent(body), "    ")
    return only_test(KIT_IMPORTS + "\n\ndef test_it(cart):\n" + indented)


def text_of(file: TestFile, span: Span | None) -> str:
    assert span is not None
    return file.source[span.start : span.end]


# ------------------------------------------------------------------------------ tests


def test_module_functions_sync_and_async_are_tests_with_scenario_ids() -> None:
    file = read(
        """
        import pytest

        @pytest.mark.slow
        def test_when_item_added_then_total_grows():
            pass

        async def testCheckout():
            pass

        def helper():
            pass

        def test_outer():
            def test_inner():
                pass
        """
    )
    assert [test.name for test in file.tests] == [
        "test_when_item_added_then_total_grows",
        "testCheckout",
        "test_outer",
    ]
    assert [test.scenario_id for test in file.tests] == [
        "when_item_added_then_total_grows",
        "checkout",
        "outer",
    ]
    first = file.tests[0]
    assert first.attributes == ("@pytest.mark.slow",)
    assert text_of(file, first.span).startswith("@pytest.mark.slow\ndef test_when")
    assert text_of(file, first.span).endswith("pass")
    assert text_of(file, first.name_span) == "test_when_item_added_then_total_grows"
    assert first.scope == ""
    assert file.language is Language.PYTHON


def test_classes_named_test_or_deriving_from_testcase_hold_tests() -> None:
    file = read(
        """
        import unittest
        from unittest import TestCase as Base

        class TestCart:
            def test_total(self):
                pass

            def helper(self):
                pass

            class TestNested:
                def test_deep(self):
                    pass

        class CartCase(unittest.TestCase):
            def test_a(self):
                pass

        class Aliased(Base):
            def test_b(self):
                pass

        class Derived(CartCase):
            def test_c(self):
                pass

        class AsyncCase(unittest.IsolatedAsyncioTestCase):
            async def test_d(self):
                pass

        class Helper:
            def test_not_collected(self):
                pass

        class FromPlainTestClass(TestCart):
            def test_not_collected_either(self):
                pass
        """
    )
    assert [(test.scope, test.name) for test in file.tests] == [
        ("TestCart", "test_total"),
        ("TestCart.TestNested", "test_deep"),
        ("CartCase", "test_a"),
        ("Aliased", "test_b"),
        ("Derived", "test_c"),
        ("AsyncCase", "test_d"),
    ]


def test_tests_inside_module_level_if_and_try_blocks_are_found() -> None:
    file = read(
        """
        import sys

        if sys.version_info >= (3, 11):
            def test_new():
                pass
        else:
            def test_old():
                pass
        """
    )
    assert [test.name for test in file.tests] == ["test_new", "test_old"]


# ------------------------------------------------------------------------------ kit names


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ("from testingkit import given", 'given("x")'),
        ("from testingkit.bdd import given as arrange", 'arrange("x")'),
        ("import testingkit as tk", 'tk.given("x")'),
        ("import testingkit", 'testingkit.bdd.given("x")'),
        ("import testingkit.bdd", 'testingkit.bdd.given("x")'),
        ("from testingkit import bdd as b", 'b.given("x")'),
        ("from testingkit import *", 'given("x")'),
    ],
)
def test_kit_steps_are_recognised_by_what_their_names_resolve_to(imports: str, call: str) -> None:
    test = only_test(f"{imports}\n\ndef test_it():\n    {call}\n")
    assert [(step.kind, step.description) for step in test.steps] == [(StepKind.GIVEN, "x")]


def test_kit_matchers_resolve_through_module_and_submodule_aliases() -> None:
    test = only_test(
        """
        import testingkit
        from testingkit import matchers as m, assert_that

        def test_it():
            assert_that(1, testingkit.matchers.eq(1))
            assert_that(1, m.eq(1))
        """
    )
    assert [assertion.matcher and assertion.matcher.name for assertion in test.assertions] == [
        "eq",
        "eq",
    ]


def test_names_not_imported_from_the_kit_are_not_kit_names() -> None:
    file = read(
        """
        from other import then

        def given(text):
            pass

        def assert_that(actual, matcher):
            pass

        def test_it():
            given("a local helper")
            then("another library")
            assert_that(1, eq(1))
        """
    )
    (test,) = file.tests
    assert test.steps == ()
    assert [(assertion.kind, assertion.form) for assertion in test.assertions] == [
        (AssertionKind.HELPER, "assert_that")
    ]
    assert file.uses_kit is False


def test_a_module_level_def_shadows_an_earlier_kit_import() -> None:
    test = only_test(
        """
        from testingkit import given

        def given(text):
            pass

        def test_it():
            given("shadowed")
        """
    )
    assert test.steps == ()


def test_hypothesis_given_is_a_test_decorator_not_a_step() -> None:
    file = read(
        """
        from hypothesis import given, strategies as st
        from testingkit import when, then

        @given(st.integers())
        def test_when_added_then_counted(n):
            when("added")
            then("counted")
        """
    )
    (test,) = file.tests
    assert test.attributes == ("@given(st.integers())",)
    assert [step.kind for step in test.steps] == [StepKind.WHEN, StepKind.THEN]
    assert file.uses_kit is True


def test_kit_modules_come_from_the_options() -> None:
    source = "from shop.testing import given\n\ndef test_it():\n    given('x')\n"
    default = only_test(source)
    configured = only_test(source, FrontendOptions(python_kit_modules=("shop.testing",)))
    assert default.steps == ()
    assert [step.description for step in configured.steps] == ["x"]
    assert read(source, FrontendOptions(python_kit_modules=("shop.testing",))).uses_kit


def test_imports_inside_a_test_body_resolve_kit_names() -> None:
    test = only_test(
        """
        def test_it():
            from testingkit import then
            then("checked")
        """
    )
    assert [step.kind for step in test.steps] == [StepKind.THEN]


def test_a_test_parameter_shadows_a_kit_name() -> None:
    test = only_test(
        """
        from testingkit import given

        def test_it(given):
            given("a fixture, not the kit")
        """
    )
    assert test.steps == ()


# ------------------------------------------------------------------------------ steps


def test_steps_keep_kind_description_and_its_span() -> None:
    file = read(
        KIT_IMPORTS
        + """
def test_it(cart, name):
    given("an empty " 'cart')
    when(f"{name} is added")
    and_(name)
    then(description="the total is its price")
    x = then("not a statement, so not a step")
"""
    )
    (test,) = file.tests
    assert [(step.kind, step.description) for step in test.steps] == [
        (StepKind.GIVEN, "an empty cart"),
        (StepKind.WHEN, None),
        (StepKind.AND, None),
        (StepKind.THEN, "the total is its price"),
    ]
    assert [text_of(file, step.description_span) for step in test.steps] == [
        "\"an empty \" 'cart'",
        'f"{name} is added"',
        "name",
        '"the total is its price"',
    ]
    assert text_of(file, test.steps[0].span) == "given(\"an empty \" 'cart')"


def test_a_step_without_a_description_has_none() -> None:
    test = kit_test("when()\n")
    (step,) = test.steps
    assert step.description is None
    assert step.description_span is None


# ------------------------------------------------------------------------------ assertions


def test_kit_assertions_carry_actual_matcher_and_softness() -> None:
    file = read(
        KIT_IMPORTS
        + """
def test_it(cart):
    assert_that(cart.total(), m.eq(250))
    tk.expect_that(cart, tk.has_len( 2 ))
    assert_that(cart, custom_check())
"""
    )
    hard, soft, unknown = file.tests[0].assertions
    assert (hard.kind, hard.form, hard.soft) == (AssertionKind.KIT, "assert_that", False)
    assert (soft.kind, soft.form, soft.soft) == (AssertionKind.KIT, "expect_that", True)
    assert hard.actual is not None and hard.actual.text == "cart.total()"
    assert hard.matcher is not None
    assert hard.matcher.name == "eq"
    assert text_of(file, hard.matcher.name_span) == "eq"
    assert text_of(file, hard.matcher.span) == "m.eq(250)"
    assert text_of(file, hard.matcher.args_span) == "250"
    assert [(arg.kind, arg.value) for arg in hard.matcher.args] == [(ExprKind.INT, 250)]
    assert soft.matcher is not None and soft.matcher.name == "has_len"
    assert text_of(file, soft.matcher.args_span) == " 2 "
    assert unknown.matcher is None


def test_matchers_map_python_spellings_to_canonical_names_and_nest() -> None:
    file = read(
        KIT_IMPORTS
        + """
def test_it(items):
    assert_that(items, tk.not_(m.all_of(m.eq(1), tk.each(m.gt(0)))))
"""
    )
    (assertion,) = file.tests[0].assertions
    outer = assertion.matcher
    assert outer is not None
    assert outer.name == "not"
    assert text_of(file, outer.name_span) == "not_"
    (all_of,) = outer.inner
    assert all_of.name == "all_of"
    assert [inner.name for inner in all_of.inner] == ["eq", "each"]
    assert [inner.name for inner in all_of.inner[1].inner] == ["gt"]
    assert text_of(file, all_of.inner[1].inner[0].name_span) == "gt"


def test_bare_asserts_are_foreign_with_the_test_and_its_operands() -> None:
    test = only_test(
        """
        def test_it(total, cart):
            assert total == 250, "message"
            assert cart
        """
    )
    comparison, truthy = test.assertions
    assert (comparison.kind, comparison.form) == (AssertionKind.FOREIGN, "assert")
    assert [(arg.kind, arg.text) for arg in comparison.args] == [
        (ExprKind.COMPARISON, "total == 250"),
        (ExprKind.NAME, "total"),
        (ExprKind.INT, "250"),
    ]
    assert [(arg.kind, arg.text) for arg in truthy.args] == [(ExprKind.NAME, "cart")]


def test_unittest_self_checks_are_foreign_and_custom_self_helpers_are_not() -> None:
    test = only_test(
        """
        import unittest

        class CartCase(unittest.TestCase):
            def test_it(self):
                self.assertEqual(self.cart.total(), 250)
                self.fail("never")
                self.assert_cart_valid(self.cart)
                self.failure_count()
        """
    )
    assert [(assertion.kind, assertion.form) for assertion in test.assertions] == [
        (AssertionKind.FOREIGN, "self.assertEqual"),
        (AssertionKind.FOREIGN, "self.fail"),
        (AssertionKind.HELPER, "self.assert_cart_valid"),
    ]
    assert [arg.text for arg in test.assertions[0].args] == ["self.cart.total()", "250"]


def test_other_checks_count_as_helper_assertions() -> None:
    test = only_test(
        """
        import numpy as np
        import pandas._testing as tm
        import pytest

        def test_it(frame, mock):
            tm.assert_frame_equal(frame, frame)
            np.testing.assert_allclose(1.0, 1.0)
            with pytest.warns(UserWarning):
                pass
            pytest.fail("unreachable")
            mock.charge.assert_called_once_with(250)
            frame.sum()
        """
    )
    assert [(assertion.kind, assertion.form) for assertion in test.assertions] == [
        (AssertionKind.HELPER, "tm.assert_frame_equal"),
        (AssertionKind.HELPER, "np.testing.assert_allclose"),
        (AssertionKind.HELPER, "pytest.warns"),
        (AssertionKind.HELPER, "pytest.fail"),
        (AssertionKind.HELPER, "mock.charge.assert_called_once_with"),
    ]


# ------------------------------------------------------------------------------ expressions


@pytest.mark.parametrize(
    ("expression", "kind", "value"),
    [
        ("3", ExprKind.INT, 3),
        ("0x10", ExprKind.INT, 16),
        ("2.5", ExprKind.FLOAT, 2.5),
        ("-3", ExprKind.INT, -3),
        ("-2.5", ExprKind.FLOAT, -2.5),
        ("'it''s'", ExprKind.STRING, "its"),
        ('"a\\tb"', ExprKind.STRING, "a\tb"),
        ('"\\d+"', ExprKind.STRING, "\\d+"),
        ('f"{x}"', ExprKind.STRING, None),
        ('b"raw"', ExprKind.STRING, None),
        ("True", ExprKind.BOOL, True),
        ("False", ExprKind.BOOL, False),
        ("None", ExprKind.NONE, None),
        ("expected", ExprKind.NAME, None),
        ("cart.total()", ExprKind.OTHER, None),
        ("-x", ExprKind.OTHER, None),
        ("[1, 2]", ExprKind.OTHER, None),
        ("1 < x < 3", ExprKind.OTHER, None),
        ("1j", ExprKind.OTHER, None),
    ],
)
def test_actual_values_are_classified(expression: str, kind: ExprKind, value: object) -> None:
    test = kit_test(f"assert_that({expression}, m.anything())\n")
    actual = test.assertions[0].actual
    assert actual is not None
    assert (actual.kind, actual.value, actual.text) == (kind, value, expression)


def test_len_of_a_value_keeps_the_value_as_its_operand() -> None:
    test = kit_test("assert_that(len(cart.items), m.eq(2))\n")
    actual = test.assertions[0].actual
    assert actual is not None and actual.kind is ExprKind.LEN
    assert [operand.text for operand in actual.operands] == ["cart.items"]


@pytest.mark.parametrize(
    ("expression", "operator", "left", "right"),
    [
        ("cart.total() == 250", "==", ExprKind.OTHER, ExprKind.INT),
        ("a != b", "!=", ExprKind.NAME, ExprKind.NAME),
        ("(x >= 1.5)", ">=", ExprKind.NAME, ExprKind.FLOAT),
        ("x is not None", "is not", ExprKind.NAME, ExprKind.NONE),
        ("'a' not in s", "not in", ExprKind.STRING, ExprKind.NAME),
    ],
)
def test_single_comparisons_keep_operator_and_operands(
    expression: str, operator: str, left: ExprKind, right: ExprKind
) -> None:
    test = kit_test(f"assert_that({expression}, m.is_true())\n")
    actual = test.assertions[0].actual
    assert actual is not None and actual.kind is ExprKind.COMPARISON
    assert actual.operator == operator
    assert [operand.kind for operand in actual.operands] == [left, right]


# ------------------------------------------------------------------ sleeps, skips, raises


def test_sleeps_are_found_whatever_the_import_spelling() -> None:
    test = only_test(
        """
        import asyncio
        import time
        import time as clock
        from time import sleep

        async def test_it(pause):
            time.sleep(1)
            clock.sleep(1)
            sleep(0.1)
            await asyncio.sleep(0)
            pause.sleep(1)
        """
    )
    assert [sleep.form for sleep in test.sleeps] == [
        "time.sleep",
        "time.sleep",
        "time.sleep",
        "asyncio.sleep",
    ]


@pytest.mark.parametrize(
    ("decorator", "form", "has_reason"),
    [
        ("@pytest.mark.skip", "pytest.mark.skip", False),
        ("@pytest.mark.skip()", "pytest.mark.skip", False),
        ("@pytest.mark.skip('flaky on CI')", "pytest.mark.skip", True),
        ("@pytest.mark.skip(reason='flaky on CI')", "pytest.mark.skip", True),
        ("@pytest.mark.skip(reason='  ')", "pytest.mark.skip", False),
        ("@pytest.mark.skipif(sys.platform == 'win32')", "pytest.mark.skipif", False),
        ("@pytest.mark.skipif(WIN, reason='no fork')", "pytest.mark.skipif", True),
        ("@mark.skip", "pytest.mark.skip", False),
        ("@unittest.skip('later')", "unittest.skip", True),
        ("@unittest.skipIf(WIN)", "unittest.skipIf", False),
    ],
)
def test_skip_decorators_record_whether_they_give_a_reason(
    decorator: str, form: str, has_reason: bool
) -> None:
    test = only_test(
        f"import sys\nimport unittest\nimport pytest\nfrom pytest import mark\n\n"
        f"{decorator}\ndef test_it():\n    pass\n"
    )
    assert [(skip.form, skip.has_reason) for skip in test.skips] == [(form, has_reason)]


def test_skips_in_the_body_record_whether_they_give_a_reason() -> None:
    file = read(
        """
        import pytest
        import unittest

        def test_pytest():
            pytest.skip()
            pytest.skip("no network")
            pytest.skip(reason="no network")

        class CartCase(unittest.TestCase):
            def test_unittest(self):
                self.skipTest("")
                self.skipTest(REASON)
        """
    )
    assert [[(skip.form, skip.has_reason) for skip in test.skips] for test in file.tests] == [
        [("pytest.skip", False), ("pytest.skip", True), ("pytest.skip", True)],
        [("self.skipTest", False), ("self.skipTest", True)],
    ]
    assert text_of(file, file.tests[0].skips[0].span) == "pytest.skip()"


def test_raises_checks_record_exception_and_message_check() -> None:
    file = read(
        KIT_IMPORTS
        + """
import pytest
import unittest

def test_pytest(cart):
    with pytest.raises(ValueError):
        cart.add("x", 1, 0)
    with pytest.raises((KeyError, IndexError), match="no item"):
        cart.remove("x")
    assert_that(lambda: cart.checkout(None), m.fails())
    assert_that(lambda: cart.checkout(None), tk.fails_with("empty cart"))
    assert_that(lambda: cart.checkout(None), tk.fails_matching("^empty"))

class CartCase(unittest.TestCase):
    def test_unittest(self):
        with self.assertRaises(ValueError):
            pass
        with self.assertRaisesRegex(ValueError, "positive"):
            pass
"""
    )
    checks = [
        (check.form, check.exception, check.has_message_check)
        for test in file.tests
        for check in test.raises
    ]
    assert checks == [
        ("pytest.raises", "ValueError", False),
        ("pytest.raises", "(KeyError, IndexError)", True),
        ("fails", None, False),
        ("fails_with", None, True),
        ("fails_matching", None, True),
        ("assertRaises", "ValueError", False),
        ("assertRaisesRegex", "ValueError", True),
    ]
    assert text_of(file, file.tests[0].raises[2].span) == "m.fails()"


# ------------------------------------------------------------------------------ comments


def test_every_comment_is_kept_with_its_position() -> None:
    file = read(
        """\
        # tkit: ignore-file[TK101]
        import pytest  # noqa

        def test_it():
            # tkit: ignore[TK301]
            assert True  # trailing
        """
    )
    assert [(c.line, c.column, c.text, c.own_line) for c in file.comments] == [
        (1, 1, "# tkit: ignore-file[TK101]", True),
        (2, 16, "# noqa", False),
        (5, 5, "# tkit: ignore[TK301]", True),
        (6, 18, "# trailing", False),
    ]


# ------------------------------------------------------------------------------ positions


def test_spans_count_characters_not_bytes() -> None:
    file = read(
        KIT_IMPORTS
        + """
def test_it():
    label = "prix € à payer"; assert_that(label, m.eq("€"))
"""
    )
    (assertion,) = file.tests[0].assertions
    assert text_of(file, assertion.span) == 'assert_that(label, m.eq("€"))'
    assert assertion.matcher is not None
    assert text_of(file, assertion.matcher.name_span) == "eq"
    line = file.source.splitlines()[assertion.span.line - 1]
    assert line[assertion.span.column - 1 :].startswith("assert_that")


def test_windows_line_endings_and_a_byte_order_mark_keep_spans_exact() -> None:
    source = "\ufeff" + KIT_IMPORTS.replace("\n", "\r\n") + "def test_it():\r\n    then('x')\r\n"
    file = parse("t.py", source, FrontendOptions())
    (step,) = file.tests[0].steps
    assert text_of(file, step.span) == "then('x')"
    assert (step.span.line, step.span.column) == (5, 5)


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ("x = 1\ndef f(:\n    pass\n", 2, 7),
        ("x = 1\ny = (1,\n", 2, 5),
        ("def test_it():\n    x = 1\n   y = 2\n", 3, 9),
        ("x = 'abc\n", 1, 5),
        ("é = 1\nü = (1, ü ü)\n", 2, 9),
    ],
)
def test_syntax_errors_become_parse_errors_with_their_position(
    source: str, line: int, column: int
) -> None:
    file = parse("t.py", source, FrontendOptions())
    assert file.parse_error is not None
    assert file.parse_error.message.startswith("syntax error")
    assert (file.parse_error.span.line, file.parse_error.span.column) == (line, column)
    assert file.tests == ()


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n",
        "x = " + "[" * 1000 + "]" * 1000 + "\n",
        "x = " + "f(" * 1000 + ")" * 1000 + "\n",
        "x = " + "-" * 1000 + "1\n",
        "def test_it():\n    assert_that(" + "-" * 1000 + "1, eq(1))\n",
    ],
    ids=["parentheses", "lists", "calls", "unary-minus", "unary-minus-in-a-test"],
)
def test_deeply_nested_code_is_a_parse_error_not_a_crash(source: str) -> None:
    file = parse("t.py", source, FrontendOptions())
    assert file.parse_error is not None
    assert file.parse_error.message


def test_a_null_byte_is_a_parse_error() -> None:
    file = parse("t.py", "x = 1\x00\n", FrontendOptions())
    assert file.parse_error is not None


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    source = 'PATTERN = "' + "(" * 300 + '"\n\ndef test_it():\n    pass\n'
    file = parse("t.py", source, FrontendOptions())
    assert file.parse_error is None
    assert [test.name for test in file.tests] == ["test_it"]


def test_kit_golden_counts_as_a_helper_assertion_but_a_foreign_golden_does_not() -> None:
    kit = read("from testingkit import golden\n\ndef test_x():\n    golden('receipt', 'x')\n")
    (test,) = kit.tests
    assert [(a.kind, a.form) for a in test.assertions] == [(AssertionKind.HELPER, "golden")]
    other = read("from snapshots import golden\n\ndef test_x():\n    golden('r', 'x')\n")
    assert other.tests[0].assertions == ()


@pytest.mark.parametrize(
    "call",
    [
        "self._check_comparison_ops(a, b)",
        "verify_result(x)",
        "super().test_setitem(data)",
        "_test(number)",
        "tm.assert_frame_equal(a, b)",
        "checkResult(x)",
    ],
)
def test_check_helpers_and_delegation_to_other_tests_count_as_helper_assertions(call: str) -> None:
    test = only_test(f"def test_x(self):\n    {call}\n")
    assert [a.kind for a in test.assertions] == [AssertionKind.HELPER]


@pytest.mark.parametrize("call", ["checkout(cart)", "self.verifying()", "contest(x)", "testify(x)"])
def test_names_that_only_start_like_a_check_are_not_assertions(call: str) -> None:
    assert only_test(f"def test_x(self):\n    {call}\n").assertions == ()


def test_helpers_that_check_given_as_parameters_count() -> None:
    from tkit_scaffold.frontends.python import parse as parse_python
    from tkit_scaffold.model import AssertionKind, FrontendOptions

    source = (
        "import pytest\n\n\n"
        "def _run_preload(pool):\n    assert pool.request().ok\n\n\n"
        '@pytest.mark.parametrize("method", [_run_preload])\n'
        "def test_when_large_then_read(method):\n    method(make_pool())\n"
    )
    (test,) = parse_python("test_x.py", source, FrontendOptions()).tests
    assert [(a.kind, a.form) for a in test.assertions] == [(AssertionKind.HELPER, "_run_preload")]
