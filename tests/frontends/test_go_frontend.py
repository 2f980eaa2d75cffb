from __future__ import annotations

import pickle
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tkit_scaffold.frontends import parse_file
from tkit_scaffold.frontends.go import parse, scenario_id
from tkit_scaffold.model import (
    Assertion,
    AssertionKind,
    ExprKind,
    FrontendOptions,
    Language,
    Span,
    StepKind,
    TestCase,
    TestFile,
)

KIT_IMPORT = 'import (\n\t"testing"\n\ttk "example.com/shop/testingkit"\n)\n'


def parse_go(source: str, options: FrontendOptions | None = None) -> TestFile:
    return parse("cart_test.go", textwrap.dedent(source), options or FrontendOptions())


def kit_file(body: str, imports: str = KIT_IMPORT) -> TestFile:
    """A file with one test whose body is ``body``; the body starts on line 9."""
    source = f"package cart_test\n\n{imports}\nfunc TestCart(t *testing.T) {{\n{body}\n}}\n"
    result = parse("cart_test.go", source, FrontendOptions())
    assert result.parse_error is None, result.parse_error
    return result


def kit_test(body: str, imports: str = KIT_IMPORT) -> TestCase:
    (test,) = kit_file(body, imports).tests
    return test


def text_at(result: TestFile, span: Span) -> str:
    return result.source[span.start : span.end]


def only_assertion(test: TestCase) -> Assertion:
    (assertion,) = test.assertions
    return assertion


# ------------------------------------------------------------------------ test detection


@pytest.mark.parametrize(
    ("declaration", "is_test"),
    [
        ("func TestCart(t *testing.T) {}", True),
        ("func Test(t *testing.T) {}", True),
        ("func Test_cart(t *testing.T) {}", True),
        ("func Test1Cart(t *testing.T) {}", True),
        ("func TestÉclair(t *testing.T) {}", True),
        ("func TestCart(*testing.T) {}", True),
        ("func Testcart(t *testing.T) {}", False),
        ("func TestCart(t *testing.B) {}", False),
        ("func TestCart(t testing.T) {}", False),
        ("func TestCart(t *testing.T, n int) {}", False),
        ("func TestCart(t, u *testing.T) {}", False),
        ("func TestCart(t *testing.T) error { return nil }", False),
        ("func TestCart() {}", False),
        ("func (s *Suite) TestCart(t *testing.T) {}", False),
        ("func BenchmarkCart(b *testing.B) {}", False),
        ("func helperCart(t *testing.T) {}", False),
    ],
)
def test_given_a_declaration_when_parsed_then_go_test_rules_decide_if_it_is_a_test(
    declaration: str, is_test: bool
) -> None:
    result = parse_go(f'package cart\n\nimport "testing"\n\n{declaration}\n')
    assert result.parse_error is None
    assert bool(result.tests) is is_test


def test_when_testing_is_aliased_then_the_alias_names_the_t_type() -> None:
    result = parse_go('package cart\n\nimport tst "testing"\n\nfunc TestCart(t *tst.T) {}\n')
    assert [test.name for test in result.tests] == ["TestCart"]


def test_when_testing_is_aliased_then_the_plain_name_is_not_testing() -> None:
    source = 'package cart\n\nimport tst "testing"\n\nfunc TestCart(t *testing.T) {}\n'
    assert parse_go(source).tests == ()


def test_when_testing_is_dot_imported_then_bare_t_is_the_t_type() -> None:
    result = parse_go('package cart\n\nimport . "testing"\n\nfunc TestCart(t *T) {}\n')
    assert [test.name for test in result.tests] == ["TestCart"]


def test_when_a_test_is_parsed_then_its_spans_and_defaults_are_filled() -> None:
    source = 'package cart\n\nimport "testing"\n\nfunc TestCartTotal(t *testing.T) {\n}\n'
    result = parse_go(source)
    (test,) = result.tests
    assert test.name == "TestCartTotal"
    assert test.scenario_id == "cart_total"
    assert text_at(result, test.span) == "func TestCartTotal(t *testing.T) {\n}"
    assert text_at(result, test.name_span) == "TestCartTotal"
    assert (test.name_span.line, test.name_span.column) == (5, 6)
    assert (test.scope, test.attributes) == ("", ())
    assert result.language is Language.GO


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TestCartTotal", "cart_total"),
        ("TestHTTPServer", "http_server"),
        ("TestServeHTTP", "serve_http"),
        ("TestCart_Total", "cart_total"),
        ("TestCart__Total", "cart_total"),
        ("Test_cart_total", "cart_total"),
        ("TestParseV2", "parse_v2"),
        ("TestHTTP2Server", "http2_server"),
        ("TestURLToID", "url_to_id"),
        ("TestA", "a"),
        ("Test", ""),
        (
            "TestGivenEmptyCartWhenItemAddedThenTotalIsItemPrice",
            "given_empty_cart_when_item_added_then_total_is_item_price",
        ),
        (
            "TestGivenPaymentMockWhenCheckingOutThenGatewayIsChargedOnce",
            "given_payment_mock_when_checking_out_then_gateway_is_charged_once",
        ),
    ],
)
def test_given_a_go_test_name_when_converted_then_the_scenario_id_is_snake_case(
    name: str, expected: str
) -> None:
    assert scenario_id(name) == expected


# --------------------------------------------------------------------------- kit import


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ('import (\n\t"testing"\n\ttk "example.com/shop/testingkit"\n)\n', "tk.Given"),
        ('import (\n\t"testing"\n\t"example.com/shop/testingkit"\n)\n', "testingkit.Given"),
        ('import (\n\t"testing"\n\t. "example.com/shop/testingkit"\n)\n', "Given"),
        ('import "testing"\nimport kit "example.com/shop/testingkit"\n', "kit.Given"),
    ],
)
def test_given_any_kit_import_form_when_parsed_then_steps_are_found_under_its_name(
    imports: str, call: str
) -> None:
    source = (
        f'package cart_test\n\n{imports}\nfunc TestCart(t *testing.T) {{\n\t{call}(t, "x")\n}}\n'
    )
    result = parse_go(source)
    assert result.uses_kit
    assert [step.kind for step in result.tests[0].steps] == [StepKind.GIVEN]


def test_when_the_kit_is_imported_under_an_alias_then_its_package_name_is_not_the_kit() -> None:
    test = kit_test('\ttestingkit.Given(t, "x")')
    assert test.steps == ()


def test_when_the_kit_is_not_imported_then_uses_kit_is_false_and_nothing_is_a_step() -> None:
    result = parse_go(
        'package cart\n\nimport "testing"\n\nfunc TestCart(t *testing.T) {\n\ttk.Given(t, "x")\n}\n'
    )
    assert not result.uses_kit
    assert result.tests[0].steps == ()


def test_when_the_kit_package_is_configured_then_that_import_is_the_kit() -> None:
    source = (
        'package cart\n\nimport (\n\t"testing"\n\tb "example.com/bdd"\n)\n\n'
        'func TestCart(t *testing.T) {\n\tb.When(t, "x")\n}\n'
    )
    assert not parse_go(source).uses_kit
    result = parse_go(source, FrontendOptions(go_kit_packages=("bdd",)))
    assert result.uses_kit
    assert [step.kind for step in result.tests[0].steps] == [StepKind.WHEN]


def test_when_the_file_is_in_the_kit_package_then_kit_names_are_unqualified() -> None:
    source = (
        'package testingkit\n\nimport "testing"\n\n'
        'func TestEq(t *testing.T) {\n\tThen(t, "x")\n\tAssertThat(t, got, Eq(1))\n}\n'
    )
    result = parse_go(source)
    assert result.uses_kit
    (test,) = result.tests
    assert [step.kind for step in test.steps] == [StepKind.THEN]
    assertion = only_assertion(test)
    assert assertion.kind is AssertionKind.KIT
    assert assertion.matcher is not None and assertion.matcher.name == "eq"


def test_when_the_kit_is_blank_imported_then_the_file_uses_the_kit() -> None:
    source = 'package cart\n\nimport _ "example.com/shop/testingkit"\n'
    assert parse_go(source).uses_kit


# -------------------------------------------------------------------------------- steps


def test_when_steps_are_called_then_each_kind_and_description_is_recorded() -> None:
    test = kit_test(
        '\ttk.Given(t, "an empty cart")\n'
        "\ttk.When(t, `an item is added`)\n"
        '\ttk.Then(t, "the total is \\"250\\"\\n")\n'
        "\ttk.And(t, description)\n"
        "\ttk.And(t)"
    )
    assert [(step.kind, step.description) for step in test.steps] == [
        (StepKind.GIVEN, "an empty cart"),
        (StepKind.WHEN, "an item is added"),
        (StepKind.THEN, 'the total is "250"\n'),
        (StepKind.AND, None),
        (StepKind.AND, None),
    ]
    assert test.steps[3].description_span is not None
    assert test.steps[4].description_span is None


def test_when_a_step_is_parsed_then_its_spans_cover_the_statement_and_the_literal() -> None:
    result = kit_file('\ttk.Given(t, "é cart")')
    (step,) = result.tests[0].steps
    assert text_at(result, step.span) == 'tk.Given(t, "é cart")'
    assert step.description_span is not None
    assert text_at(result, step.description_span) == '"é cart"'
    assert (step.description_span.line, step.description_span.column) == (9, 14)


def test_when_a_step_is_outside_a_test_then_no_test_gets_it() -> None:
    source = (
        f"package cart_test\n\n{KIT_IMPORT}\n"
        'func arrange(t *testing.T) {\n\ttk.Given(t, "a cart")\n}\n'
        "func TestCart(t *testing.T) {\n\tarrange(t)\n}\n"
    )
    (test,) = parse_go(source).tests
    assert test.steps == ()


def test_when_a_subtest_runs_then_its_steps_and_assertions_belong_to_the_enclosing_test() -> None:
    test = kit_test(
        '\ttk.Given(t, "a cart")\n'
        '\tt.Run("adding", func(st *testing.T) {\n'
        '\t\ttk.When(st, "an item is added")\n'
        '\t\ttk.Then(st, "the total grows")\n'
        "\t\ttk.AssertThat(st, cart.Total(), tk.Eq(250))\n"
        '\t\tst.Errorf("boom")\n'
        "\t})"
    )
    assert [step.kind for step in test.steps] == [StepKind.GIVEN, StepKind.WHEN, StepKind.THEN]
    assert [assertion.kind for assertion in test.assertions] == [
        AssertionKind.KIT,
        AssertionKind.HELPER,
    ]
    assert test.assertions[1].form == "st.Errorf"


# ---------------------------------------------------------------------- kit assertions


def test_when_assert_that_is_called_then_actual_and_matcher_are_recorded() -> None:
    source = (
        f"package cart_test\n\n{KIT_IMPORT}\n"
        "func TestCart(t *testing.T) {\n\ttk.AssertThat(t, total, tk.Eq(250))\n}\n"
    )
    result = parse_go(source)
    assertion = only_assertion(result.tests[0])
    assert assertion.kind is AssertionKind.KIT
    assert assertion.form == "tk.AssertThat"
    assert not assertion.soft
    assert text_at(result, assertion.span) == "tk.AssertThat(t, total, tk.Eq(250))"
    assert assertion.actual is not None
    assert (assertion.actual.kind, assertion.actual.text) == (ExprKind.NAME, "total")
    matcher = assertion.matcher
    assert matcher is not None
    assert matcher.name == "eq"
    assert text_at(result, matcher.span) == "tk.Eq(250)"
    assert text_at(result, matcher.name_span) == "Eq"
    assert matcher.args_span is not None
    assert text_at(result, matcher.args_span) == "250"
    assert [(arg.kind, arg.value) for arg in matcher.args] == [(ExprKind.INT, 250)]
    assert matcher.inner == ()


def test_when_expect_that_is_called_then_the_assertion_is_soft() -> None:
    assertion = only_assertion(kit_test("\ttk.ExpectThat(t, items, tk.HasLen(2))"))
    assert assertion.kind is AssertionKind.KIT
    assert assertion.soft
    assert assertion.form == "tk.ExpectThat"
    assert assertion.matcher is not None and assertion.matcher.name == "has_len"


def test_when_matchers_nest_then_inner_holds_the_matchers_passed_as_arguments() -> None:
    assertion = only_assertion(
        kit_test("\ttk.AssertThat(t, n, tk.AllOf(tk.Not(tk.Eq(1)), tk.Gt(0), helper))")
    )
    outer = assertion.matcher
    assert outer is not None and outer.name == "all_of"
    assert [inner.name for inner in outer.inner] == ["not", "gt"]
    assert [arg.text for arg in outer.args] == ["tk.Not(tk.Eq(1))", "tk.Gt(0)", "helper"]
    assert [inner.name for inner in outer.inner[0].inner] == ["eq"]


@pytest.mark.parametrize(
    ("matcher_text", "name", "args_text"),
    [
        ("tk.Eq[int](3)", "eq", "3"),
        ("tk.InRange[int](1, 2)", "in_range", "1, 2"),
        ("tk.IsEmpty[string]()", "is_empty", ""),
        ("tk.Each[[]int](tk.Gt(1))", "each", "tk.Gt(1)"),
    ],
)
def test_when_a_matcher_has_explicit_type_arguments_then_it_is_still_a_matcher(
    matcher_text: str, name: str, args_text: str
) -> None:
    result = kit_file(f"\ttk.AssertThat(t, x, {matcher_text})")
    matcher = only_assertion(result.tests[0]).matcher
    assert matcher is not None
    assert matcher.name == name
    assert text_at(result, matcher.span) == matcher_text
    assert matcher.args_span is not None
    assert text_at(result, matcher.args_span) == args_text
    assert text_at(result, matcher.name_span) == matcher_text[3 : matcher_text.index("[")]


def test_when_fails_with_has_type_arguments_then_it_is_a_raises_check() -> None:
    (raises,) = kit_test('\ttk.AssertThat(t, f, tk.FailsWith[string]("boom"))').raises
    assert (raises.form, raises.has_message_check) == ("fails_with", True)


def test_when_a_matcher_has_no_arguments_then_its_args_span_is_empty() -> None:
    result = kit_file("\ttk.AssertThat(t, s, tk.IsEmpty())")
    matcher = only_assertion(result.tests[0]).matcher
    assert matcher is not None and matcher.name == "is_empty"
    assert matcher.args_span is not None
    assert text_at(result, matcher.args_span) == ""
    assert matcher.args == ()


@pytest.mark.parametrize(
    "matcher_text",
    ["tk.Custom(1)", "want", "other.Eq(1)", "func() {}"],
)
def test_when_the_matcher_is_not_a_kit_matcher_call_then_it_is_none(matcher_text: str) -> None:
    assertion = only_assertion(kit_test(f"\ttk.AssertThat(t, x, {matcher_text})"))
    assert assertion.kind is AssertionKind.KIT
    assert assertion.matcher is None


def test_when_assert_that_lacks_arguments_then_actual_and_matcher_are_none() -> None:
    assertion = only_assertion(kit_test("\ttk.AssertThat(t)"))
    assert (assertion.actual, assertion.matcher) == (None, None)


# ------------------------------------------------------------------ foreign assertions

TESTIFY_IMPORT = (
    'import (\n\t"testing"\n\t"github.com/stretchr/testify/assert"\n'
    '\t"github.com/stretchr/testify/require"\n)\n'
)


def test_when_testify_is_used_then_assert_is_soft_and_require_is_hard() -> None:
    test = kit_test(
        "\tassert.Equal(t, 250, total)\n\trequire.NoError(t, err)", imports=TESTIFY_IMPORT
    )
    first, second = test.assertions
    assert (first.kind, first.form, first.soft) == (AssertionKind.FOREIGN, "assert.Equal", True)
    assert [(arg.kind, arg.text) for arg in first.args] == [
        (ExprKind.INT, "250"),
        (ExprKind.NAME, "total"),
    ]
    assert (second.kind, second.form, second.soft) == (
        AssertionKind.FOREIGN,
        "require.NoError",
        False,
    )
    assert [arg.text for arg in second.args] == ["err"]


def test_when_testify_is_aliased_then_the_alias_is_recognised() -> None:
    imports = (
        'import (\n\t"testing"\n\tis "github.com/stretchr/testify/assert"\n'
        '\tmust "github.com/stretchr/testify/require"\n)\n'
    )
    test = kit_test("\tis.True(t, ok)\n\tmust.Len(t, xs, 2)\n\tassert.Equal(t, 1, 1)", imports)
    assert [(a.form, a.soft) for a in test.assertions] == [("is.True", True), ("must.Len", False)]


def test_when_testify_is_dot_imported_then_calls_given_t_are_foreign() -> None:
    imports = 'import (\n\t"testing"\n\t. "github.com/stretchr/testify/assert"\n)\n'
    test = kit_test("\tEqual(t, 1, x)\n\tEqual(other, 1)", imports)
    assert [(a.kind, a.form) for a in test.assertions] == [(AssertionKind.FOREIGN, "Equal")]


def test_when_testify_constructs_an_object_then_that_is_not_an_assertion() -> None:
    test = kit_test("\ta := assert.New(t)\n\t_ = a", imports=TESTIFY_IMPORT)
    assert test.assertions == ()


def test_when_assert_is_not_testify_then_its_calls_are_not_foreign() -> None:
    test = kit_test("\tassert.Equal(t, 1, x)")
    assert all(assertion.kind is not AssertionKind.FOREIGN for assertion in test.assertions)


# ------------------------------------------------------------------- helper assertions


@pytest.mark.parametrize("method", ["Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow"])
def test_when_t_reports_a_failure_then_it_is_a_helper_assertion(method: str) -> None:
    assertion = only_assertion(kit_test(f'\tif got != want {{\n\t\tt.{method}("bad")\n\t}}'))
    assert (assertion.kind, assertion.form) == (AssertionKind.HELPER, f"t.{method}")


def test_when_the_t_parameter_has_another_name_then_that_name_is_the_receiver() -> None:
    result = parse_go(
        'package cart\n\nimport "testing"\n\nfunc TestCart(tt *testing.T) {\n'
        '\ttt.Errorf("x")\n\tt.Errorf("not the test t")\n}\n'
    )
    assert [a.form for a in result.tests[0].assertions] == ["tt.Errorf"]


def test_when_t_logs_then_that_is_no_assertion() -> None:
    assert kit_test('\tt.Log("x")\n\tt.Helper()').assertions == ()


@pytest.mark.parametrize(
    "call",
    [
        "assertEqual(t, 1, x)",
        "checkResult(t, got)",
        "expectNoError(err)",
        "requireValid(t, v)",
        "AssertTotal(t, cart)",
        "assert_ok(t)",
        "check(t, x)",
        "helpers.AssertTotal(t, cart)",
        "m.AssertExpectations(t)",
        "suite.checkTotal(t, cart)",
    ],
)
def test_when_a_helper_named_like_a_check_is_called_then_it_is_a_helper_assertion(
    call: str,
) -> None:
    imports = 'import (\n\t"testing"\n\t"example.com/shop/helpers"\n)\n'
    assertion = only_assertion(kit_test(f"\t{call}", imports))
    assert assertion.kind is AssertionKind.HELPER
    assert assertion.form == call.split("(")[0]


@pytest.mark.parametrize(
    "call",
    [
        "checkout(cart)",
        "cart.Checkout(gateway)",
        'gateway.ExpectCall("Charge")',
        "requiredFields()",
        "expectations()",
        "cart.Add(t)",
    ],
)
def test_when_a_call_only_looks_like_a_check_then_it_is_no_assertion(call: str) -> None:
    assert kit_test(f"\t{call}").assertions == ()


def test_when_cmp_diff_guards_an_if_then_only_the_t_call_is_an_assertion() -> None:
    imports = 'import (\n\t"testing"\n\t"github.com/google/go-cmp/cmp"\n)\n'
    test = kit_test(
        '\tif diff := cmp.Diff(want, got); diff != "" {\n\t\tt.Errorf("mismatch %s", diff)\n\t}',
        imports,
    )
    assert [a.form for a in test.assertions] == ["t.Errorf"]


def test_when_cmp_diff_is_alone_then_the_test_has_no_assertion() -> None:
    imports = 'import (\n\t"testing"\n\t"github.com/google/go-cmp/cmp"\n)\n'
    assert kit_test("\t_ = cmp.Diff(want, got)", imports).assertions == ()


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ('import (\n\t"testing"\n\t. "github.com/onsi/gomega"\n)\n', "Expect(x).To(Equal(1))"),
        ('import (\n\t"testing"\n\t. "github.com/onsi/gomega"\n)\n', "Ω(x).Should(Equal(1))"),
        (
            'import (\n\t"testing"\n\t"github.com/onsi/gomega"\n)\n',
            "gomega.Expect(x).To(gomega.BeNil())",
        ),
        (
            'import (\n\t"testing"\n\t"github.com/onsi/gomega"\n)\n',
            "g := gomega.NewWithT(t)\n\tg.Expect(x).To(gomega.BeNil())",
        ),
        (
            'import (\n\t"testing"\n\t. "github.com/onsi/gomega"\n)\n',
            "Eventually(f).Should(BeTrue())",
        ),
    ],
)
def test_when_gomega_checks_a_value_then_it_is_a_foreign_assertion(imports: str, call: str) -> None:
    # Gomega is an assertion library of its own: foreign to the kit, as testify is (TK301).
    assertion = only_assertion(kit_test(f"\t{call}", imports))
    assert assertion.kind is AssertionKind.FOREIGN
    last_line = call.splitlines()[-1].strip()
    assert assertion.span.end - assertion.span.start == len(last_line)  # the whole chain


def test_when_a_ginkgo_suite_is_run_then_its_runner_is_no_scenario() -> None:
    imports = 'import (\n\t"testing"\n\t. "github.com/onsi/ginkgo/v2"\n)\n'
    runner = 'func TestCart(t *testing.T) {\n\tRunSpecs(t, "Cart")\n}\n'
    source = f"package cart_test\n\n{imports}\n{runner}"
    assert parse_go(source).tests == ()
    # Without Ginkgo imported, RunSpecs is a function like any other (given t: a check).
    assert kit_test('\tRunSpecs(t, "Cart Suite")').assertions != ()


def test_when_omega_is_used_without_gomega_then_it_is_no_assertion() -> None:
    assert kit_test("\tΩ(x)").assertions == ()


def test_when_rapid_runs_a_property_then_the_checks_inside_are_the_assertions() -> None:
    imports = 'import (\n\t"testing"\n\t"pgregory.net/rapid"\n)\n'
    test = kit_test(
        '\trapid.Check(t, func(rt *rapid.T) {\n\t\tif bad {\n\t\t\trt.Fatalf("no")\n\t\t}\n\t})',
        imports,
    )
    assert [a.form for a in test.assertions] == ["rt.Fatalf"]


def test_when_the_kit_compares_with_a_golden_file_then_it_is_a_helper_assertion() -> None:
    assertion = only_assertion(kit_test('\ttk.Golden(t, "cart_receipt", receipt)'))
    assert (assertion.kind, assertion.form) == (AssertionKind.HELPER, "tk.Golden")
    assert [arg.text for arg in assertion.args] == ['"cart_receipt"', "receipt"]


def test_when_a_closure_takes_a_testing_tb_then_its_failures_are_assertions() -> None:
    test = kit_test('\tcheck := func(tb testing.TB) {\n\t\ttb.Fatal("x")\n\t}\n\tcheck(t)')
    assert [a.form for a in test.assertions] == ["tb.Fatal", "check"]


def test_when_kit_steps_run_inside_a_property_then_they_belong_to_the_test() -> None:
    imports = KIT_IMPORT.replace(")\n", '\t"pgregory.net/rapid"\n)\n')
    test = kit_test(
        "\trapid.Check(t, func(rt *rapid.T) {\n"
        '\t\ttk.When(rt, "items are added")\n'
        '\t\ttk.Then(rt, "the total is the sum")\n'
        "\t\ttk.AssertThat(rt, total, tk.Eq(sum))\n"
        "\t})",
        imports,
    )
    assert [step.kind for step in test.steps] == [StepKind.WHEN, StepKind.THEN]
    assert [a.kind for a in test.assertions] == [AssertionKind.KIT]


# --------------------------------------------------------------------- expressions


@pytest.mark.parametrize(
    ("actual", "kind", "value"),
    [
        ("5", ExprKind.INT, 5),
        ("-5", ExprKind.INT, -5),
        ("+5", ExprKind.INT, 5),
        ("0x1F", ExprKind.INT, 31),
        ("0b101", ExprKind.INT, 5),
        ("0o17", ExprKind.INT, 15),
        ("0755", ExprKind.INT, 493),
        ("1_000", ExprKind.INT, 1000),
        ("'a'", ExprKind.INT, 97),
        ("'\\n'", ExprKind.INT, 10),
        ("(5)", ExprKind.INT, 5),
        ("1.5", ExprKind.FLOAT, 1.5),
        ("-1.5", ExprKind.FLOAT, -1.5),
        ("1e3", ExprKind.FLOAT, 1000.0),
        (".5", ExprKind.FLOAT, 0.5),
        ("0x1p-2", ExprKind.FLOAT, 0.25),
        ('"a\\tb"', ExprKind.STRING, "a\tb"),
        ('"caf\\u00e9 \\x41\\101"', ExprKind.STRING, "café AA"),
        ('"\\xe2\\x82\\xac"', ExprKind.STRING, "€"),
        ('"\\xff"', ExprKind.STRING, None),
        ('"é"', ExprKind.STRING, "é"),
        ("`raw\\n`", ExprKind.STRING, "raw\\n"),
        ('""', ExprKind.STRING, ""),
        ("true", ExprKind.BOOL, True),
        ("false", ExprKind.BOOL, False),
        ("nil", ExprKind.NONE, None),
        ("total", ExprKind.NAME, None),
        ("cart.Total()", ExprKind.OTHER, None),
        ("a + b", ExprKind.OTHER, None),
        ("-x", ExprKind.OTHER, None),
        ("[]int{1, 2}", ExprKind.OTHER, None),
        ("1i", ExprKind.OTHER, None),
    ],
)
def test_given_an_actual_when_classified_then_kind_and_value_match(
    actual: str, kind: ExprKind, value: object
) -> None:
    expr = only_assertion(kit_test(f"\ttk.AssertThat(t, {actual}, tk.IsTrue())")).actual
    assert expr is not None
    assert (expr.kind, expr.value) == (kind, value)
    assert type(expr.value) is type(value)


def test_when_the_actual_is_len_then_its_operand_is_the_collection() -> None:
    expr = only_assertion(kit_test("\ttk.AssertThat(t, len(cart.Items()), tk.Eq(2))")).actual
    assert expr is not None
    assert expr.kind is ExprKind.LEN
    assert [(operand.kind, operand.text) for operand in expr.operands] == [
        (ExprKind.OTHER, "cart.Items()")
    ]


@pytest.mark.parametrize("operator", ["==", "!=", "<", "<=", ">", ">="])
def test_when_the_actual_is_a_comparison_then_operator_and_operands_are_kept(
    operator: str,
) -> None:
    expr = only_assertion(kit_test(f"\ttk.AssertThat(t, total {operator} 250, tk.IsTrue())")).actual
    assert expr is not None
    assert expr.kind is ExprKind.COMPARISON
    assert expr.operator == operator
    assert [(operand.kind, operand.text) for operand in expr.operands] == [
        (ExprKind.NAME, "total"),
        (ExprKind.INT, "250"),
    ]


def test_when_an_expression_is_classified_then_its_text_and_span_are_exact() -> None:
    result = kit_file('\ttk.AssertThat(t, "é" == name, tk.IsTrue())')
    expr = only_assertion(result.tests[0]).actual
    assert expr is not None
    assert text_at(result, expr.span) == expr.text == '"é" == name'
    left, right = expr.operands
    assert (left.span.column, left.span.end_column) == (19, 22)
    assert (right.span.line, right.span.column) == (9, 26)


# ------------------------------------------------------------------ sleeps and skips


@pytest.mark.parametrize(
    ("imports", "call", "form"),
    [
        ('import (\n\t"testing"\n\t"time"\n)\n', "time.Sleep(time.Second)", "time.Sleep"),
        ('import (\n\t"testing"\n\tclock "time"\n)\n', "clock.Sleep(10)", "clock.Sleep"),
        ('import (\n\t"testing"\n\t. "time"\n)\n', "Sleep(Second)", "Sleep"),
    ],
)
def test_when_a_test_sleeps_then_the_sleep_is_recorded(imports: str, call: str, form: str) -> None:
    (sleep,) = kit_test(f"\t{call}", imports).sleeps
    assert sleep.form == form


def test_when_sleep_is_not_from_time_then_it_is_no_sleep() -> None:
    assert kit_test("\tclock.Sleep(10)\n\ttime.Sleep(1)").sleeps == ()


@pytest.mark.parametrize(
    ("call", "form", "has_reason"),
    [
        ("t.Skip()", "t.Skip", False),
        ('t.Skip("")', "t.Skip", False),
        ('t.Skip("flaky on CI, see #12")', "t.Skip", True),
        ("t.Skip(reason)", "t.Skip", True),
        ('t.Skipf("needs %s", "docker")', "t.Skipf", True),
        ("t.SkipNow()", "t.SkipNow", False),
    ],
)
def test_when_a_test_skips_then_the_skip_and_its_reason_are_recorded(
    call: str, form: str, has_reason: bool
) -> None:
    (skip,) = kit_test(f"\t{call}").skips
    assert (skip.form, skip.has_reason) == (form, has_reason)


# -------------------------------------------------------------------- raises checks


@pytest.mark.parametrize(
    ("call", "form", "has_message_check"),
    [
        ("tk.AssertThat(t, f, tk.Fails())", "fails", False),
        ('tk.AssertThat(t, f, tk.FailsWith("quantity must be positive"))', "fails_with", True),
        ('tk.AssertThat(t, f, tk.FailsMatching("^quantity"))', "fails_matching", True),
        ("assert.Panics(t, f)", "assert.Panics", False),
        ('assert.PanicsWithValue(t, "boom", f)', "assert.PanicsWithValue", True),
        ('require.PanicsWithError(t, "boom", f)', "require.PanicsWithError", True),
    ],
)
def test_when_a_failure_is_checked_then_a_raises_check_is_recorded(
    call: str, form: str, has_message_check: bool
) -> None:
    imports = KIT_IMPORT.replace(
        ")\n",
        '\t"github.com/stretchr/testify/assert"\n\t"github.com/stretchr/testify/require"\n)\n',
    )
    (raises,) = kit_test(f"\t{call}", imports).raises
    assert (raises.form, raises.has_message_check, raises.exception) == (
        form,
        has_message_check,
        None,
    )


def test_when_not_panics_is_asserted_then_it_is_no_raises_check() -> None:
    assert kit_test("\tassert.NotPanics(t, f)", TESTIFY_IMPORT).raises == ()


# ---------------------------------------------------------------------------- focus


GINKGO_V2 = 'import (\n\t. "github.com/onsi/ginkgo/v2"\n)\n'


@pytest.mark.parametrize(
    ("imports", "spec", "forms"),
    [
        (GINKGO_V2, 'FIt("adds", func() {})', ["FIt"]),
        (GINKGO_V2, 'FDescribe("cart", func() {})', ["FDescribe"]),
        (GINKGO_V2, 'FContext("empty", func() {})', ["FContext"]),
        (GINKGO_V2, 'FWhen("empty", func() {})', ["FWhen"]),
        (GINKGO_V2, 'FSpecify("adds", func() {})', ["FSpecify"]),
        (GINKGO_V2, 'FDescribeTable("t", f, FEntry("a", 1))', ["FDescribeTable", "FEntry"]),
        (GINKGO_V2, 'It("adds", Focus, func() {})', ["Focus"]),
        ('import . "github.com/onsi/ginkgo"\n', 'FIt("adds", func() {})', ["FIt"]),
        ('import "github.com/onsi/ginkgo/v2"\n', 'ginkgo.FIt("adds", func() {})', ["ginkgo.FIt"]),
        ('import g "github.com/onsi/ginkgo/v2"\n', 'g.It("a", g.Focus, f)', ["g.Focus"]),
        (GINKGO_V2, 'It("adds", func() {})', []),
        ('import "fmt"\n', 'FIt("adds", func() {})', []),
        (GINKGO_V2, 'other.FIt("adds", func() {})', []),
    ],
)
def test_when_ginkgo_specs_are_declared_then_focused_ones_are_flagged_at_file_level(
    imports: str, spec: str, forms: list[str]
) -> None:
    source = (
        f"package cart_test\n\n{imports}\n"
        f'var _ = Describe("cart", func() {{\n\tBeforeEach(func() {{}})\n\t{spec}\n}})\n'
    )
    result = parse_go(source)
    assert result.parse_error is None
    assert [focus.form for focus in result.focused] == forms
    for focus in result.focused:
        assert text_at(result, focus.span).startswith(focus.form)


# ------------------------------------------------------------------------- comments


def test_when_a_file_has_comments_then_each_is_recorded_with_position_and_own_line() -> None:
    source = (
        "// Package cart tests.\n"
        "package cart\n\n"
        'import "testing" // for T\n\n'
        "func TestCart(t *testing.T) {\n"
        "\t/* a block\n\t   comment */\n"
        '\tx := "é" // tkit: ignore[TK301]\n'
        "}\n"
    )
    result = parse_go(source)
    assert [(c.line, c.column, c.text, c.own_line) for c in result.comments] == [
        (1, 1, "// Package cart tests.", True),
        (4, 18, "// for T", False),
        (7, 2, "/* a block\n\t   comment */", True),
        (9, 11, "// tkit: ignore[TK301]", False),
    ]


# ------------------------------------------------------------------ syntax errors


def test_when_the_file_has_a_syntax_error_then_its_first_position_is_reported() -> None:
    source = (
        'package cart\n\nimport "testing"\n\nfunc TestCart(t *testing.T) {\n'
        "\tx := := 1\n}\n\nfunc TestOther(t *testing.T) {\n\ty := )\n}\n"
    )
    result = parse_go(source)
    assert result.parse_error is not None
    assert result.parse_error.message.startswith("syntax error")
    assert (result.parse_error.span.line, result.parse_error.span.column) == (6, 7)


def test_when_a_brace_is_missing_then_the_error_is_reported_not_raised() -> None:
    result = parse_go('package cart\n\nimport "testing"\n\nfunc TestCart(t *testing.T) {\n')
    assert result.parse_error is not None
    assert result.parse_error.span.line == 5


def test_when_a_syntax_error_follows_non_ascii_text_then_its_column_counts_characters() -> None:
    result = parse_go('package cart\n\nvar s = "ééé" )\n')
    assert result.parse_error is not None
    assert (result.parse_error.span.line, result.parse_error.span.column) == (3, 15)


def test_when_the_text_has_no_utf8_form_then_a_parse_error_is_returned() -> None:
    result = parse_go('package cart\n\nvar s = "\ud800"\n')
    assert result.parse_error is not None
    assert result.parse_error.span.line == 3
    assert result.tests == ()


@pytest.mark.parametrize(
    "source",
    [
        "",
        "\x00\x01",
        "func",
        "package",
        "}}}}",
        "package x\nfunc Test(t *testing.T) { t.Run(",
        "é" * 100,
    ],
)
def test_given_garbage_when_parsed_then_a_result_is_returned(source: str) -> None:
    result = parse("x_test.go", source, FrontendOptions())
    assert isinstance(result, TestFile)


def test_when_a_clean_file_is_parsed_then_there_is_no_parse_error() -> None:
    assert kit_test('\ttk.Given(t, "x")') is not None


# ---------------------------------------------------------------------- deep nesting

DEPTH = 1000


def test_given_deeply_nested_blocks_when_parsed_then_calls_inside_are_found() -> None:
    body = "\t" + "{" * DEPTH + 't.Errorf("deep")' + "}" * DEPTH
    test = kit_test(body)
    assert [a.form for a in test.assertions] == ["t.Errorf"]


def test_given_deeply_nested_matchers_when_parsed_then_the_model_stays_shallow() -> None:
    matcher = "tk.Not(" * DEPTH + "tk.Eq(1)" + ")" * DEPTH
    test = kit_test(f"\ttk.AssertThat(t, x, {matcher})")
    depth = 0
    current = only_assertion(test).matcher
    while current is not None and current.inner:
        depth += 1
        current = current.inner[0]
    assert 1 < depth < 100
    assert pickle.loads(pickle.dumps(test)) == test


def test_given_deeply_nested_comparisons_when_parsed_then_the_model_stays_shallow() -> None:
    actual = "(" * DEPTH + "a" + " == b)" * DEPTH
    chain = "a" + " == b" * DEPTH
    for expression in (actual, chain):
        test = kit_test(f"\ttk.AssertThat(t, {expression}, tk.IsTrue())")
        expr = only_assertion(test).actual
        assert expr is not None and expr.kind is ExprKind.COMPARISON
        assert pickle.loads(pickle.dumps(test)) == test


def test_given_deeply_nested_closures_when_parsed_then_subtests_count() -> None:
    body = '\tt.Run("x", func(t *testing.T) {' * 300 + '\tt.Fatal("deep")' + "})" * 300
    assert [a.form for a in kit_test(body).assertions] == ["t.Fatal"]


# ------------------------------------------------------------------------ dispatch


def test_when_parse_file_gets_a_go_file_then_the_go_frontend_answers() -> None:
    result = parse_file(
        "pkg/cart_test.go", 'package cart\n\nimport "testing"\n\nfunc TestCart(t *testing.T) {}\n'
    )
    assert result.language is Language.GO
    assert [test.scenario_id for test in result.tests] == ["cart"]


# --------------------------------------------------------------------------- fuzzing

SAMPLE = (
    f"package cart_test\n\n{KIT_IMPORT}\n"
    "func TestCart(t *testing.T) {\n"
    '\ttk.Given(t, "a cart")\n'
    "\tt.Run(`sub`, func(t *testing.T) { tk.AssertThat(t, len(x) == 'é', tk.Not(tk.Eq(-1.5))) })\n"
    '\tt.Skipf("x %d", 1) // done\n'
    "}\n"
)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(SAMPLE)), st.integers(0, 8), st.text(max_size=6))
def test_given_a_mangled_file_when_parsed_then_a_result_is_returned(
    cut: int, dropped: int, inserted: str
) -> None:
    source = SAMPLE[:cut] + inserted + SAMPLE[cut + dropped :]
    result = parse("cart_test.go", source, FrontendOptions())
    assert result.source == source
    for comment in result.comments:
        assert source.split("\n")[comment.line - 1][comment.column - 1 :].startswith(
            comment.text.split("\n", 1)[0]
        )


def test_a_package_that_shadows_new_is_valid_go(monkeypatch: pytest.MonkeyPatch) -> None:
    # tree-sitter-go reads `new` as the builtin, which takes a type; a package that
    # declares its own `new` calls it with values, and `go build` accepts the file.
    monkeypatch.setattr("shutil.which", lambda name: None)  # without the toolchain too
    source = (
        "package goroutine\n\n"
        'import "testing"\n\n'
        "func TestWhenHeaderIsMalformedThenNewPanics(t *testing.T) {\n"
        "\tdefer func() {\n"
        "\t\tif recover() == nil {\n"
        '\t\t\tt.Fatal("no panic")\n'
        "\t\t}\n"
        "\t}()\n"
        '\t_ = new("a b")\n'
        "}\n"
    )
    model = parse_go(source)
    assert model.parse_error is None
    (test,) = model.tests
    assert [assertion.form for assertion in test.assertions] == ["t.Fatal"]


def test_other_syntax_errors_are_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    model = parse_go("package p\n\nfunc f() {\n\tx := (\n}\n")
    assert model.parse_error is not None


GINKGO_IMPORTS = (
    'import (\n\t"testing"\n\n\t. "github.com/onsi/ginkgo/v2"\n\t. "github.com/onsi/gomega"\n)\n'
)


def parse_ginkgo(declarations: str) -> TestFile:
    """A Ginkgo suite's test file with the given declarations."""
    return parse_go("package suite_test\n\n" + GINKGO_IMPORTS + declarations)


GINKGO_SUITE = (
    "package cart_test\n\n"
    + GINKGO_IMPORTS
    + """
func TestCart(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Cart")
}

var _ = Describe("Cart", func() {
	checkEmpty := func(c *Cart) { Expect(c.Total()).To(BeZero()) }

	When("an item is added", func() {
		It("grows the total", func() {
			Expect(NewCart().Add(250).Total()).To(Equal(250))
		})
		PIt("keeps the order of items", func() {})
	})

	Context("with no items", func() {
		It("is empty", func() { checkEmpty(NewCart()) })
		It("can be checked out", func() { Skip("") })
	})

	DescribeTable("sums",
		func(n, want int) { Expect(Sum(n)).To(Equal(want)) },
		Entry("one item", 1, 1),
		Entry("two items", 2, 3),
	)
})
"""
)


def test_ginkgo_specs_are_tests_with_ids_from_their_containers() -> None:
    model = parse_go(GINKGO_SUITE)
    assert [(test.name, test.scope, test.scenario_id) for test in model.tests] == [
        (
            "Cart when an item is added grows the total",
            "Cart when an item is added",
            "when_an_item_is_added_then_grows_the_total",
        ),
        (
            "Cart when an item is added keeps the order of items",
            "Cart when an item is added",
            "when_an_item_is_added_then_keeps_the_order_of_items",
        ),
        ("Cart with no items is empty", "Cart with no items", "when_with_no_items_then_is_empty"),
        (
            "Cart with no items can be checked out",
            "Cart with no items",
            "when_with_no_items_then_can_be_checked_out",
        ),
        ("Cart sums one item", "Cart sums", "then_one_item"),
        ("Cart sums two items", "Cart sums", "then_two_items"),
    ]


def test_ginkgo_specs_hold_their_checks_skips_and_pending_marks() -> None:
    grows, pending, empty, checked_out, one, two = parse_go(GINKGO_SUITE).tests
    (expect,) = grows.assertions
    assert (expect.kind, expect.form) == (AssertionKind.FOREIGN, "Expect")
    assert [(skip.form, skip.has_reason) for skip in pending.skips] == [("PIt", False)]
    assert pending.assertions == ()
    # The check made through a closure of the container counts.
    assert [assertion.kind for assertion in empty.assertions] == [AssertionKind.HELPER]
    assert [(skip.form, skip.has_reason) for skip in checked_out.skips] == [("Skip", False)]
    # A table's body belongs to its first entry (reported once); the others share it.
    assert [assertion.kind for assertion in one.assertions] == [AssertionKind.FOREIGN]
    assert [assertion.kind for assertion in two.assertions] == [AssertionKind.HELPER]


def test_ginkgo_focus_inside_containers_is_still_found() -> None:
    source = GINKGO_SUITE.replace('It("grows the total"', 'FIt("grows the total"')
    model = parse_go(source)
    assert [focus.form for focus in model.focused] == ["FIt"]
    assert model.tests[0].name == "Cart when an item is added grows the total"


@pytest.mark.parametrize(
    ("helpers", "body"),
    [
        (
            "func testStrings(t *testing.T, x, y string) {\n"
            '\tif x != y {\n\t\tt.Errorf("no")\n\t}\n}\n',
            "\ttestStrings(t, a, b)",
        ),
        ("", '\tcheckOutcome := func() { if bad { t.Fatal("bad") } }\n\tcheckOutcome()'),
        ("", "\tLogAndAssertJSON(t, func() {})"),
        ("", "\tfor _, tt := range tests {\n\t\ttt.assertion(t, tt.expect, tt.got)\n\t}"),
        ("", '\tverifyFailureMessage(Not(HaveLen(2)), input, "not to have length 2")'),
        (
            "func verify(got int) {\n\tif got != 1 {\n\t\tpanic(got)\n\t}\n}\n"
            'func roundtrip(t *testing.T) {\n\tt.Fatal("x")\n}\nfunc run() { roundtrip(nil) }\n',
            "\trun()",
        ),
    ],
)
def test_checks_through_helpers_count(helpers: str, body: str) -> None:
    source = (
        f'package p\n\nimport "testing"\n\n{helpers}\nfunc TestX(t *testing.T) {{\n{body}\n}}\n'
    )
    (test,) = parse_go(source).tests
    assert test.assertions
    assert all(assertion.kind is AssertionKind.HELPER for assertion in test.assertions)


def test_a_helper_of_the_file_that_checks_nothing_is_no_check() -> None:
    source = (
        'package p\n\nimport "testing"\n\nfunc fill(c *Cart) { c.Add(1) }\n'
        "func TestX(t *testing.T) {\n\tfill(NewCart())\n}\n"
    )
    (test,) = parse_go(source).tests
    assert test.assertions == ()


def test_configured_check_helpers_count() -> None:
    source = 'package p\n\nimport "testing"\n\nfunc TestX(t *testing.T) {\n\tsuite.Verify(x)\n}\n'
    (test,) = parse_go(source, FrontendOptions(check_helpers=("suite.Verify",))).tests
    assert [assertion.form for assertion in test.assertions] == ["suite.Verify"]
    (test,) = parse_go(source).tests
    assert test.assertions == ()


@pytest.mark.parametrize(
    ("containers", "text", "expected"),
    [
        ([("Describe", "BeNumerically"), ("Context", "when passed a number")], "should support >",
         "when_passed_a_number_then_should_support_greater_than"),
        ([], "should support >=", "then_should_support_at_least"),
        ([("When", "a reference is []T")], "errors", "when_a_reference_is_slice_of_t_then_errors"),
        ([("Context", "given a cart")], "then it is empty", "given_a_cart_then_it_is_empty"),
    ],
)  # fmt: skip
def test_spec_scenario_ids_keep_different_texts_apart(
    containers: list[tuple[str, str]], text: str, expected: str
) -> None:
    from tkit_scaffold.frontends.go import _spec_scenario_id

    assert _spec_scenario_id(containers, text) == expected


def test_an_after_each_that_checks_covers_the_specs_of_its_container() -> None:
    source = """
var _ = Describe("Leaks", func() {
	When("leaking", func() {
		AfterEach(func() { Expect(Goroutines()).To(HaveLeaked()) })
		It("leaks in test", func() { go func() {}() })
	})
	When("idle", func() {
		It("does nothing", func() {})
	})
})
"""
    leaking, idle = parse_ginkgo(source).tests
    assert [(a.kind, a.form) for a in leaking.assertions] == [(AssertionKind.HELPER, "AfterEach")]
    assert idle.assertions == ()


def test_ginkgo_specs_of_a_fixture_suite_built_in_a_setup_node_are_not_this_suites() -> None:
    source = """
var _ = Describe("aborts", func() {
	BeforeEach(func() {
		RunFixture("fixture", func() {
			It("A", rt.T("A"))
		})
	})
	It("reports a failure", func() { Expect(reporter.Failed).To(BeTrue()) })
})
"""
    (test,) = parse_ginkgo(source).tests
    assert test.name == "aborts reports a failure"


def test_an_entry_without_a_description_is_named_by_its_parameters() -> None:
    source = """
var _ = DescribeTable("help", func(args []string) { Expect(run(args)).To(Succeed()) },
	Entry(nil, []string{"-help"}),
	Entry(nil, []string{"--help"}),
)
"""
    first, second = parse_ginkgo(source).tests
    assert (first.name, second.name) == (
        'help Entry: []string{"-help"}',
        'help Entry: []string{"--help"}',
    )
