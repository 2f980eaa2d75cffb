from __future__ import annotations

import pickle
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tkit_scaffold.frontends import parse_file
from tkit_scaffold.frontends.rust import parse
from tkit_scaffold.model import (
    Assertion,
    AssertionKind,
    Expr,
    ExprKind,
    FrontendOptions,
    Language,
    MatcherCall,
    Span,
    StepKind,
    TestCase,
    TestFile,
)


def parse_rust(source: str, options: FrontendOptions | None = None) -> TestFile:
    return parse("tests/cart.rs", textwrap.dedent(source), options or FrontendOptions())


def clean_file(source: str, options: FrontendOptions | None = None) -> TestFile:
    result = parse_rust(source, options)
    assert result.parse_error is None, result.parse_error
    return result


def one_test(body: str, options: FrontendOptions | None = None) -> TestCase:
    source = f"use testingkit::prelude::*;\n\n#[test]\nfn scenario() {{\n{body}\n}}\n"
    (test,) = clean_file(source, options).tests
    return test


def only_assertion(body: str) -> Assertion:
    (assertion,) = one_test(body).assertions
    return assertion


def actual_of(expression: str) -> Expr:
    actual = only_assertion(f"    assert_that!({expression}, eq(1));").actual
    assert actual is not None
    return actual


def matcher_of(expression: str) -> MatcherCall:
    matcher = only_assertion(f"    assert_that!(value, {expression});").matcher
    assert matcher is not None
    return matcher


def text_at(source: str, span: Span | None) -> str:
    assert span is not None
    return source[span.start : span.end]


# ------------------------------------------------------------------------ test detection


@pytest.mark.parametrize(
    ("attributes", "is_test"),
    [
        ("#[test]", True),
        ("#[tokio::test]", True),
        ('#[tokio::test(flavor = "multi_thread")]', True),
        ("#[async_std::test]", True),
        ("#[test_log::test]", True),
        ("#[rstest]", True),
        ('#[test_case(1 ; "one")]', True),
        ("#[proptest]", True),
        ("#[cfg(test)]", False),
        ("#[inline]", False),
        ("#[testing]", False),
        ("", False),
    ],
)
def test_a_function_is_a_test_when_an_attribute_says_so(attributes: str, is_test: bool) -> None:
    result = clean_file(f"{attributes}\nfn scenario() {{}}\n")
    assert [test.name for test in result.tests] == (["scenario"] if is_test else [])


def test_tests_in_nested_modules_carry_their_module_path_as_scope() -> None:
    source = """\
        #[test]
        fn top() {}

        #[cfg(test)]
        mod tests {
            #[test]
            fn outer() {}

            mod inner {
                /// Documented.
                #[tokio::test]
                #[ignore]
                async fn deep() {}
            }
        }
        """
    result = clean_file(source)
    assert [(test.name, test.scope) for test in result.tests] == [
        ("top", ""),
        ("outer", "tests"),
        ("deep", "tests::inner"),
    ]
    deep = result.tests[2]
    assert deep.scenario_id == "deep"
    assert deep.attributes == ("#[tokio::test]", "#[ignore]")
    assert text_at(result.source, deep.span).startswith("#[tokio::test]\n")
    assert text_at(result.source, deep.span).endswith("async fn deep() {}")
    assert text_at(result.source, deep.name_span) == "deep"
    assert (deep.name_span.line, deep.name_span.column) == (13, 18)


def test_scenario_id_is_the_function_name_as_written() -> None:
    (test,) = clean_file("#[test]\nfn test_cart_total() {}\n").tests
    assert (test.name, test.scenario_id) == ("test_cart_total", "test_cart_total")


def test_proptest_macro_bodies_hold_tests_with_their_checks() -> None:
    source = """\
        mod props {
            proptest! {
                #![proptest_config(ProptestConfig::with_cases(10))]
                #[test]
                fn total_is_sum(price in 0..1000u32, (a, b) in (any::<u8>(), "ü")) {
                    then!("the total is the sum");
                    prop_assert!(price < 1000);
                    assert_that!(price, le(1000));
                }

                fn not_a_test(x in 0..1) {}
            }

            #[test]
            fn closure_form() {
                proptest!(|(x in 0..10)| { prop_assert_eq!(x, x); });
            }
        }
        """
    result = clean_file(source)
    assert [(test.name, test.scope) for test in result.tests] == [
        ("total_is_sum", "props"),
        ("closure_form", "props"),
    ]
    prop, closure = result.tests
    assert [step.description for step in prop.steps] == ["the total is the sum"]
    assert [(a.kind, a.form) for a in prop.assertions] == [
        (AssertionKind.HELPER, "prop_assert!"),
        (AssertionKind.KIT, "assert_that!"),
    ]
    assert prop.assertions[0].args[0].kind is ExprKind.COMPARISON
    assert text_at(result.source, prop.assertions[1].span) == "assert_that!(price, le(1000))"
    assert [a.form for a in closure.assertions] == ["prop_assert_eq!"]


# ------------------------------------------------------------------------ steps


def test_steps_record_kind_and_literal_description() -> None:
    body = """\
    given!("an empty cart");
    when!(r#"an item "apple" is added"#);
    then!("the total is\\tits price\\u{21}");
    and!("the receipt has {} lines", lines);
    then!(description);
    """
    test = one_test(body)
    assert [(step.kind, step.description) for step in test.steps] == [
        (StepKind.GIVEN, "an empty cart"),
        (StepKind.WHEN, 'an item "apple" is added'),
        (StepKind.THEN, "the total is\tits price!"),
        (StepKind.AND, "the receipt has {} lines"),
        (StepKind.THEN, None),
    ]
    assert test.steps[4].description_span is None
    assert test.steps[0].span.line == 5


def test_step_span_and_description_span_cover_the_macro_and_the_literal() -> None:
    source = '#[test]\nfn scenario() {\n    given!("a cart");\n}\n'
    (test,) = clean_file(source).tests
    (step,) = test.steps
    assert text_at(source, step.span) == 'given!("a cart")'
    assert text_at(source, step.description_span) == '"a cart"'


def test_steps_may_be_qualified_by_a_kit_crate_but_not_by_another_crate() -> None:
    body = """\
    testingkit::given!("kit");
    shop_kit::when!("configured kit");
    other::then!("not a step");
    """
    options = FrontendOptions(rust_kit_crates=("testingkit", "shop_kit"))
    test = one_test(body, options)
    assert [step.description for step in test.steps] == ["kit", "configured kit"]


def test_uses_kit_follows_kit_imports_and_kit_macros() -> None:
    assert clean_file("use testingkit::prelude::*;\n").uses_kit
    assert clean_file("use testingkit::{eq, given};\n").uses_kit
    assert clean_file('#[test]\nfn f() { given!("a"); }\n').uses_kit
    assert not clean_file("use std::thread;\n#[test]\nfn f() { assert!(true); }\n").uses_kit
    assert not clean_file("use testingkit_extra::x;\n").uses_kit


# ------------------------------------------------------------------------ kit assertions


def test_kit_assertion_records_actual_matcher_and_softness() -> None:
    source = """\
        #[test]
        fn scenario() {
            assert_that!(cart.total(), eq(250));
            expect_that!(items, testingkit::has_len(2));
        }
        """
    result = clean_file(source)
    hard, soft = result.tests[0].assertions
    assert (hard.kind, hard.form, hard.soft) == (AssertionKind.KIT, "assert_that!", False)
    assert (soft.kind, soft.form, soft.soft) == (AssertionKind.KIT, "expect_that!", True)
    assert text_at(result.source, hard.span) == "assert_that!(cart.total(), eq(250))"
    assert hard.actual is not None and hard.actual.kind is ExprKind.OTHER
    assert hard.actual.text == "cart.total()"
    assert hard.matcher is not None and hard.matcher.name == "eq"
    assert [(arg.kind, arg.value) for arg in hard.matcher.args] == [(ExprKind.INT, 250)]
    assert soft.matcher is not None and soft.matcher.name == "has_len"
    assert text_at(result.source, soft.matcher.name_span) == "has_len"
    assert text_at(result.source, soft.matcher.span) == "testingkit::has_len(2)"
    assert text_at(result.source, soft.matcher.args_span) == "2"


def test_nested_matchers_are_recorded_as_inner() -> None:
    matcher = matcher_of("not(eq(1))")
    assert matcher.name == "not"
    (inner,) = matcher.inner
    assert (inner.name, [arg.value for arg in inner.args]) == ("eq", [1])
    assert [arg.text for arg in matcher.args] == ["eq(1)"]


def test_macro_form_matchers_are_parsed_from_their_tokens() -> None:
    matcher = matcher_of("all_of!(gt(0), not(eq(5)))")
    assert matcher.name == "all_of"
    assert [inner.name for inner in matcher.inner] == ["gt", "not"]
    assert matcher.inner[1].inner[0].name == "eq"


def test_matcher_without_arguments_has_an_empty_args_span() -> None:
    source = "#[test]\nfn f() {\n    assert_that!(cart, is_empty());\n}\n"
    (assertion,) = clean_file(source).tests[0].assertions
    assert assertion.matcher is not None
    assert assertion.matcher.args == ()
    assert assertion.matcher.args_span is not None
    assert text_at(source, assertion.matcher.args_span) == ""
    assert text_at(source, assertion.matcher.name_span) == "is_empty"


def test_an_unknown_matcher_leaves_matcher_empty() -> None:
    assertion = only_assertion("    assert_that!(value, custom_matcher(3));")
    assert assertion.kind is AssertionKind.KIT
    assert assertion.matcher is None


def test_generic_arguments_do_not_split_macro_arguments() -> None:
    assertion = only_assertion("    assert_that!(HashMap::<u32, u32>::new(), is_empty());")
    assert assertion.actual is not None
    assert assertion.actual.text == "HashMap::<u32, u32>::new()"
    assert assertion.matcher is not None and assertion.matcher.name == "is_empty"


@pytest.mark.parametrize(
    ("expression", "kind", "value"),
    [
        ("5", ExprKind.INT, 5),
        ("5u32", ExprKind.INT, 5),
        ("1_000", ExprKind.INT, 1000),
        ("0xFF", ExprKind.INT, 255),
        ("0b1010_u8", ExprKind.INT, 10),
        ("-5", ExprKind.INT, -5),
        ("(7)", ExprKind.INT, 7),
        ("2.5", ExprKind.FLOAT, 2.5),
        ("1e3", ExprKind.FLOAT, 1000.0),
        ("1f32", ExprKind.FLOAT, 1.0),
        ("-0.5_f64", ExprKind.FLOAT, -0.5),
        ('"apple"', ExprKind.STRING, "apple"),
        ('"a\\nb\\x41"', ExprKind.STRING, "a\nbA"),
        ('r#"raw "quoted""#', ExprKind.STRING, 'raw "quoted"'),
        ("'c'", ExprKind.STRING, "c"),
        ('b"bytes"', ExprKind.STRING, "bytes"),
        ("true", ExprKind.BOOL, True),
        ("false", ExprKind.BOOL, False),
        ("expected", ExprKind.NAME, None),
        ("None", ExprKind.NAME, None),
        ("()", ExprKind.NONE, None),
        ("cart.total()", ExprKind.OTHER, None),
        ("Some(3)", ExprKind.OTHER, None),
        ("vec![1, 2]", ExprKind.OTHER, None),
    ],
)
def test_actual_expressions_are_classified(
    expression: str, kind: ExprKind, value: bool | int | float | str | None
) -> None:
    actual = actual_of(expression)
    assert (actual.kind, actual.value, actual.text) == (kind, value, expression)


def test_len_call_keeps_its_receiver_as_operand() -> None:
    actual = actual_of("cart.items.len()")
    assert actual.kind is ExprKind.LEN
    (operand,) = actual.operands
    assert (operand.kind, operand.text) == (ExprKind.OTHER, "cart.items")
    assert actual_of("items.len()").operands[0].kind is ExprKind.NAME
    assert actual_of("items.len(1)").kind is ExprKind.OTHER


@pytest.mark.parametrize("operator", ["==", "!=", "<", "<=", ">", ">="])
def test_comparison_keeps_operator_and_operands(operator: str) -> None:
    actual = actual_of(f"total {operator} 250")
    assert (actual.kind, actual.operator) == (ExprKind.COMPARISON, operator)
    left, right = actual.operands
    assert (left.kind, left.text) == (ExprKind.NAME, "total")
    assert (right.kind, right.value) == (ExprKind.INT, 250)


def test_arithmetic_is_not_a_comparison() -> None:
    assert actual_of("a + b").kind is ExprKind.OTHER


# ------------------------------------------------------------------------ other assertions


def test_foreign_assertions_keep_their_form_and_arguments() -> None:
    body = """\
    assert!(cart.is_empty());
    assert_eq!(total, 250, "total was {}", total);
    assert_ne!(a, -1);
    debug_assert!(ok);
    std::assert_eq!(left, right);
    """
    test = one_test(body)
    assert [(a.kind, a.form) for a in test.assertions] == [
        (AssertionKind.FOREIGN, "assert!"),
        (AssertionKind.FOREIGN, "assert_eq!"),
        (AssertionKind.FOREIGN, "assert_ne!"),
        (AssertionKind.FOREIGN, "debug_assert!"),
        (AssertionKind.FOREIGN, "std::assert_eq!"),
    ]
    eq_args = test.assertions[1].args
    assert [(arg.kind, arg.text) for arg in eq_args] == [
        (ExprKind.NAME, "total"),
        (ExprKind.INT, "250"),
        (ExprKind.STRING, '"total was {}"'),
        (ExprKind.NAME, "total"),
    ]
    assert [arg.value for arg in test.assertions[2].args] == [None, -1]


def test_helper_checks_count_but_panics_do_not() -> None:
    body = """\
    assert_matches!(result, Err(Error::Io { .. }));
    prop_assert_eq!(x, 1);
    insta::assert_snapshot!(receipt);
    golden!("cart_receipt", receipt);
    assert_valid(&cart);
    cmd.assert();
    panic!("boom");
    unreachable!();
    """
    test = one_test(body)
    assert [(a.kind, a.form) for a in test.assertions] == [
        (AssertionKind.HELPER, "assert_matches!"),
        (AssertionKind.HELPER, "prop_assert_eq!"),
        (AssertionKind.HELPER, "insta::assert_snapshot!"),
        (AssertionKind.HELPER, "golden!"),
        (AssertionKind.HELPER, "assert_valid"),
        (AssertionKind.HELPER, "assert"),
    ]
    # A pattern is not an expression: each comma-separated piece is kept as written.
    assert [arg.text for arg in test.assertions[0].args] == ["result", "Err(Error::Io { .. })"]


def test_another_crates_assert_that_is_a_helper() -> None:
    (assertion,) = one_test("    googletest::assert_that!(x, eq(1));").assertions
    assert (assertion.kind, assertion.form) == (AssertionKind.HELPER, "googletest::assert_that!")


def test_assertions_outside_tests_belong_to_no_test() -> None:
    source = "fn helper() { assert!(true); }\n#[test]\nfn f() { helper(); }\n"
    (test,) = clean_file(source).tests
    # The helper's own assert! is not the test's; the call of a helper that asserts is.
    (assertion,) = test.assertions
    assert (assertion.kind, assertion.form) == (AssertionKind.HELPER, "helper")
    assert text_at(source, assertion.span) == "helper"


@pytest.mark.parametrize(
    ("helpers", "body", "form"),
    [
        ("fn check(x: u8) { assert!(x > 0); }\nfn outer() { check(1) }\n", "outer();", "outer"),
        ("macro_rules! ok { ($e:expr) => { assert!($e.is_ok()) }; }\n", "ok!(run());", "ok!"),
        ("struct S;\nimpl S { fn verify(&self) { panic!() } }\n", "S.verify();", "verify"),
        ("", 'let e = parse("x").unwrap_err();', "unwrap_err"),
        ("", 'if bad() { panic!("bad") }', "panic!"),
        ("", "crate::is_unpin::<BufWriter<()>>();", "is_unpin::<BufWriter<()>>()"),
        ("struct IsSend<T: Send>(T);\n", "IsSend(b.wait());", "IsSend"),
        ("", "fn _assert<T>() {}\n_assert::<Box<dyn Read>>();", "_assert::<Box<dyn Read>>()"),
        (
            "fn test_parse_err<T>(errors: &[&str]) { assert!(parse::<T>(errors).is_err()); }\n",
            'test_parse_err::<f64>(&["+"]);',
            "test_parse_err",
        ),
    ],
)
def test_checks_through_helpers_of_the_file_count(helpers: str, body: str, form: str) -> None:
    source = f"{helpers}#[test]\nfn when_run_then_ok() {{ {body} }}\n"
    (test,) = clean_file(source).tests
    (assertion,) = test.assertions
    assert assertion.kind is AssertionKind.HELPER
    assert assertion.form.strip(". ") == form


def test_a_helper_that_checks_nothing_is_no_check() -> None:
    source = "fn fill() { let _ = 1; }\nfn outer() { fill() }\n#[test]\nfn t() { outer(); }\n"
    (test,) = clean_file(source).tests
    assert test.assertions == ()


# ------------------------------------------------------------------------ failures, skips, sleeps


@pytest.mark.parametrize(
    ("attribute", "has_message_check"),
    [
        ("#[should_panic]", False),
        ('#[should_panic(expected = "quantity must be positive")]', True),
        ('#[should_panic = "quantity must be positive"]', True),
    ],
)
def test_should_panic_is_a_raises_check(attribute: str, has_message_check: bool) -> None:
    source = f"#[test]\n{attribute}\nfn rejects() {{ cart.add(0); }}\n"
    (test,) = clean_file(source).tests
    (check,) = test.raises
    assert (check.form, check.has_message_check) == ("#[should_panic]", has_message_check)
    assert text_at(source, check.span) == attribute


def test_fails_matchers_are_raises_checks() -> None:
    body = """\
    assert_that!(|| cart.checkout(&gateway), fails());
    assert_that!(|| cart.add("x", 1, 0), fails_with("quantity must be positive"));
    assert_that!(|| cart.add("x", 1, 0), fails_matching("^quantity"));
    """
    test = one_test(body)
    assert [(check.form, check.has_message_check) for check in test.raises] == [
        ("fails", False),
        ("fails_with", True),
        ("fails_matching", True),
    ]


@pytest.mark.parametrize(
    ("attribute", "has_reason"),
    [("#[ignore]", False), ('#[ignore = "needs a network"]', True), ('#[ignore = " "]', False)],
)
def test_ignore_is_a_skip(attribute: str, has_reason: bool) -> None:
    source = f"#[test]\n{attribute}\nfn slow() {{}}\n"
    (test,) = clean_file(source).tests
    (skip,) = test.skips
    assert (skip.form, skip.has_reason) == ("#[ignore]", has_reason)
    assert text_at(source, skip.span) == attribute


def test_sleeps_are_found_by_path_or_import() -> None:
    source = """\
        use std::thread::{sleep, spawn};

        #[test]
        fn waits() {
            std::thread::sleep(Duration::from_millis(5));
            thread::sleep(d);
            sleep(d);
        }

        #[tokio::test]
        async fn waits_async() {
            tokio::time::sleep(d).await;
        }
        """
    waits, waits_async = clean_file(source).tests
    assert [sleep.form for sleep in waits.sleeps] == [
        "std::thread::sleep",
        "thread::sleep",
        "sleep",
    ]
    assert [sleep.form for sleep in waits_async.sleeps] == ["tokio::time::sleep"]


def test_a_bare_sleep_not_imported_from_std_is_not_a_sleep() -> None:
    assert one_test("    sleep(d);").sleeps == ()


# ------------------------------------------------------------------------ comments and errors


def test_comments_are_recorded_with_their_position() -> None:
    source = textwrap.dedent(
        """\
        // tkit: ignore-file[TK101]
        /// Doc comment.
        #[test]
        fn f() {
            let x = 1; // trailing
            /* block */
        }
        """
    )
    result = clean_file(source)
    assert [(c.line, c.column, c.text, c.own_line) for c in result.comments] == [
        (1, 1, "// tkit: ignore-file[TK101]", True),
        (2, 1, "/// Doc comment.", True),
        (5, 16, "// trailing", False),
        (6, 5, "/* block */", True),
    ]


def test_a_syntax_error_is_reported_at_its_position_and_other_tests_survive() -> None:
    source = (
        "#[test]\nfn broken() {\n    let x = ;\n}\n\n"
        "#[test]\nfn when_fine_then_found() {\n    assert_eq!(1, 1);\n}\n"
    )
    result = parse_rust(source)
    assert result.parse_error is not None
    assert result.parse_error.message == "syntax error: unexpected `=`"
    span = result.parse_error.span
    assert (span.line, span.column) == (3, 11)
    fine = [test for test in result.tests if test.name == "when_fine_then_found"]
    assert [a.form for test in fine for a in test.assertions] == ["assert_eq!"]


def test_a_missing_token_is_named() -> None:
    result = parse_rust("fn f() { let x = 1 }\n")
    assert result.parse_error is not None
    assert result.parse_error.message == "syntax error: missing `;`"
    assert (result.parse_error.span.line, result.parse_error.span.column) == (1, 19)


def test_a_file_that_is_not_utf8_text_is_a_parse_error() -> None:
    result = parse("bad.rs", "fn f() {}\n\udcff", FrontendOptions())
    assert result.parse_error is not None
    assert result.parse_error.span.line == 2


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    depth = 1000
    nested = "(" * depth + "x" + ")" * depth
    chain = "a == (" * depth + "b" + ")" * depth
    matchers = "not(" * depth + "eq(1)" + ")" * depth
    blocks = "{ " * depth + "assert!(true);" + " }" * depth
    body = (
        f"    assert_that!({nested}, eq(1));\n"
        f"    assert_that!({chain}, is_true());\n"
        f"    assert_that!(value, {matchers});\n"
        f"    {blocks}\n"
    )
    test = one_test(body)
    nested_actual, chain_actual, _, _ = (a.actual for a in test.assertions)
    assert nested_actual is not None and nested_actual.kind is ExprKind.NAME
    assert chain_actual is not None and chain_actual.kind is ExprKind.COMPARISON
    assert test.assertions[2].matcher is not None
    assert test.assertions[2].matcher.name == "not"
    assert test.assertions[3].kind is AssertionKind.FOREIGN
    # The model stays shallow enough to cross process boundaries.
    assert pickle.loads(pickle.dumps(test)) == test


def test_columns_and_offsets_count_characters_not_bytes() -> None:
    source = (
        "// ünïcödé 🛒\n"
        "#[test]\n"
        "fn prüfung() {\n"
        '    given!("ein leerer Warenkorb 🛒"); assert_that!(größe, eq("ä"));\n'
        "}\n"
    )
    result = clean_file(source)
    (test,) = result.tests
    assert test.name == "prüfung"
    assert text_at(source, test.name_span) == "prüfung"
    (step,) = test.steps
    assert step.description == "ein leerer Warenkorb 🛒"
    (assertion,) = test.assertions
    assert (assertion.span.line, assertion.span.column) == (4, 39)
    assert text_at(source, assertion.span) == 'assert_that!(größe, eq("ä"))'
    assert assertion.actual is not None and text_at(source, assertion.actual.span) == "größe"
    assert assertion.matcher is not None
    assert assertion.matcher.args[0].value == "ä"
    literal = assertion.matcher.args[0].span
    # `"ä"` is three characters but four bytes.
    assert (literal.column, literal.end_column) == (62, 65)


def test_parse_file_dispatches_rust_files_here() -> None:
    result = parse_file("tests/cart.rs", "#[test]\nfn a() {}\n")
    assert result.language is Language.RUST
    assert [test.name for test in result.tests] == ["a"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#[]()!{}<>,;:\"'rfnx_ 0-=.|\n/*ü")), max_size=80))
def test_any_text_gives_a_model_without_raising(text: str) -> None:
    result = parse("fuzz.rs", "#[test]\nfn f() { assert_that!(" + text, FrontendOptions())
    assert result.language is Language.RUST


# Pieces of Rust test files that use neither the kit nor a sleep import: tests and helpers
# with every kind of check, inline and nested modules, `proptest!` at module level and
# inside a function, tests declared inside functions and impls (which rustc does not run),
# and a fragment that needs error recovery.
_FOREIGN_PIECES = [
    "#[test]\nfn when_added_then_counted() { assert_eq!(total(), 3); }\n",
    "#[test]\n#[ignore]\nfn skipped() { assert!(ok()); }\n",
    "#[tokio::test]\nasync fn fetched() { assert_ok(fetch().await); thread::sleep(d); }\n",
    "fn helper() { assert!(true); assert_valid(1); }\n",
    "mod tests {\n    #[test]\n    fn inner() { debug_assert_ne!(a, b); }\n    mod deeper {\n"
    "        #[test]\n        fn deepest() { check_all(); }\n    }\n}\n",
    "proptest! {\n    #[test]\n    fn holds(x in 0..10u8) { prop_assert!(x < 10); }\n}\n",
    "fn outer() {\n    #[test]\n    fn nested() { assert!(false); }\n}\n",
    "fn scoped() { mod local { #[test] fn hidden() { assert!(true); } } }\n",
    "fn wraps() { proptest! { #[test] fn inside(x in 0..1u8) { assert!(x == 0); } } }\n",
    "#[test]\nfn broken() { let x = ; assert!(x); }\n",
    "impl Cart { fn total(&self) -> u32 { assert!(self.ok); 3 } }\n",
    "impl Cart {\n    #[test]\n    fn method_test() { assert!(true); }\n}\n",
    "/// docs\n#[test]\nfn documented() { my::assert_close(1.0, 1.0); }\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FOREIGN_PIECES), max_size=8))
def test_searching_only_the_tests_of_a_file_without_the_kit_gives_the_whole_file_s_model(
    pieces: list[str],
) -> None:
    # A file that cannot use the kit is searched test by test; the model must be the one a
    # search of the whole tree gives.
    from tkit_scaffold.frontends import rust

    source = "".join(pieces)
    options = FrontendOptions()
    scan = rust._Scan("tests/cart.rs", source, source.encode(), options)
    assert not scan._may_use_kit_or_sleep_import()
    searched_by_test = scan.run()
    whole = rust._Scan("tests/cart.rs", source, source.encode(), options)
    whole._may_use_kit_or_sleep_import = lambda: True  # type: ignore[method-assign]
    assert searched_by_test == whole.run()


def test_a_test_declared_inside_a_function_or_an_impl_is_not_a_test() -> None:
    # rustc's harness runs only tests declared in a module (lint `unnameable_test_items`).
    source = """
    #[test]
    fn runs() {
        #[test]
        fn never_runs() { assert!(false); }
    }
    impl Cart {
        #[test]
        fn not_run_either() {}
    }
    mod tests {
        #[test]
        fn also_runs() {}
    }
    """
    assert [test.name for test in parse_rust(source).tests] == ["runs", "also_runs"]


def test_scopes_stay_outer_first_when_nested_modules_repeat() -> None:
    # A query does not return nested matches in document order; the scope must not care.
    module = "mod tests {\n    mod deeper {\n        #[test]\n        fn deepest() {}\n    }\n}\n"
    source = module * 4 + "use testingkit::prelude::*;\n"  # the kit: the whole-tree search
    assert {test.scope for test in parse_rust(source).tests} == {"tests::deeper"}


MACRO_TESTS = """\
macro_rules! roundtrip_test {
    ($name:ident, $value:expr) => {
        #[test]
        fn $name() {
            let v = $value;
            assert_eq!(decode(&encode(&v)), v);
        }
    };
}

macro_rules! check_poll {
    ($e:expr) => { assert!($e.is_ready()) };
}

roundtrip_test!(when_u8_encoded_then_decodes, 1u8);
"""


def test_tests_written_in_a_macro_rules_body_are_linted_where_written() -> None:
    (test,) = clean_file(MACRO_TESTS).tests
    assert (test.name, test.generated) == ("$name", True)
    (assertion,) = test.assertions
    assert (assertion.form, assertion.span.line) == ("assert_eq!", 6)


def test_cfg_attr_ignore_is_a_skip() -> None:
    source = (
        "#[test]\n#[cfg_attr(miri, ignore)]\nfn a() {}\n"
        '#[test]\n#[cfg_attr(miri, ignore = "no fs")]\nfn b() {}\n'
    )
    first, second = clean_file(source).tests
    assert [(skip.form, skip.has_reason) for skip in first.skips] == [
        ("#[cfg_attr(..., ignore)]", False)
    ]
    assert [skip.has_reason for skip in second.skips] == [True]


@pytest.mark.parametrize(
    ("attribute", "duration", "controlled"),
    [
        ("#[tokio::test(start_paused = true)]", "d", True),  # a paused clock: virtual time
        ("#[tokio::test]", "d", False),
        ("#[tokio::test]", "Duration::ZERO", True),  # a yield, not a wait
        ("#[tokio::test]", "std::time::Duration::from_millis(0)", True),
        ("#[tokio::test]", "Duration::from_millis(10)", False),
    ],
)
def test_sleeps_that_wait_for_no_wall_clock_time_are_controlled(
    attribute: str, duration: str, controlled: bool
) -> None:
    source = f"{attribute}\nasync fn a() {{\n    tokio::time::sleep({duration}).await;\n}}\n"
    (test,) = clean_file(source).tests
    assert [sleep.controlled for sleep in test.sleeps] == [controlled]


def test_a_sleep_after_pause_is_controlled_and_one_before_is_not() -> None:
    source = (
        "#[tokio::test]\nasync fn a() {\n    tokio::time::sleep(d).await;\n"
        "    tokio::time::pause();\n    tokio::time::sleep(d).await;\n}\n"
    )
    (test,) = clean_file(source).tests
    assert [sleep.controlled for sleep in test.sleeps] == [False, True]


def test_tests_inside_a_module_level_macro_invocation_are_linted_where_written() -> None:
    source = (
        "macro_rules! rt_test {\n    ($($t:tt)*) => { mod current_thread { $($t)* } };\n}\n\n"
        "rt_test! {\n    #[test]\n    fn when_spawned_then_it_runs() {\n"
        "        assert_eq!(run(), 1);\n    }\n\n"
        "    #[test]\n    fn when_blocked_then_it_waits() {\n        block();\n    }\n}\n"
    )
    first, second = clean_file(source).tests
    assert (first.name, first.generated) == ("when_spawned_then_it_runs", False)
    assert [assertion.form for assertion in first.assertions] == ["assert_eq!"]
    assert (second.name, second.assertions) == ("when_blocked_then_it_waits", ())


@pytest.mark.parametrize(
    ("attributes", "has_reason"),
    [
        ("#[ignore] // needs the sandbox, see #42\n#[test]", True),
        ("// All io tests are ignored for now: see above.\n#[ignore]\n#[test]", True),
        ("/// Checks the sandbox.\n#[ignore]\n#[test]", False),
        ("#[ignore]\n#[test]", False),
    ],
)
def test_a_comment_next_to_ignore_is_its_reason(attributes: str, has_reason: bool) -> None:
    (test,) = clean_file(f"{attributes}\nfn a() {{}}\n").tests
    assert [skip.has_reason for skip in test.skips] == [has_reason]
