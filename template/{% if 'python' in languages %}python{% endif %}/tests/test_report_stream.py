"""The result stream: with TKIT_REPORT_DIR set, the plugin writes one JSON line per test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testingkit import (
    assert_that,
    contains_entry,
    contains_substring,
    eq,
    given,
    has_len,
    is_empty,
    is_none,
    starts_with,
    then,
    when,
)
from testingkit.report import rfc3339, scenario_id

PROJECT_CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")

FIELDS = [
    "commit",
    "duration_ms",
    "failure",
    "file",
    "language",
    "scenario",
    "schema",
    "started_at",
    "status",
    "steps",
    "test",
]


@pytest.fixture
def stream_dir(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Inner pytest runs write their stream into a fresh folder (created by the kit)."""
    pytester.makeconftest(PROJECT_CONFTEST)
    folder = tmp_path / "streams" / "run-1"
    monkeypatch.setenv("TKIT_REPORT_DIR", str(folder))
    monkeypatch.setenv("TKIT_COMMIT", "abc123")
    return folder


def read_lines(folder: Path) -> dict[str, dict[str, object]]:
    """Every line of every stream file in the folder, by test name."""
    lines: dict[str, dict[str, object]] = {}
    for path in sorted(folder.glob("python-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            lines[record["test"]] = record
    return lines


def test_given_a_stepped_test_when_it_passes_then_its_line_lists_the_steps(
    pytester: pytest.Pytester, stream_dir: Path
) -> None:
    given("a passing test with two steps")
    pytester.makepyfile(
        test_stream_cart="""
        from testingkit import assert_that, eq, given, then

        def test_given_cart_when_nothing_then_it_is_fine():
            given("a cart")
            then("it is fine")
            assert_that(1, eq(1))
        """
    )
    when("pytest runs it with the stream on")
    pytester.runpytest()
    lines = read_lines(stream_dir)
    then("one file holds its line, with every field of the schema")
    assert_that(list(stream_dir.iterdir()), has_len(1))
    assert_that(stream_dir.iterdir().__next__().name, starts_with("python-"))
    line = lines["test_given_cart_when_nothing_then_it_is_fine"]
    assert_that(sorted(line), eq(FIELDS))
    assert_that(line, contains_entry("status", "passed"))
    assert_that(line, contains_entry("file", "test_stream_cart.py"))
    assert_that(line, contains_entry("scenario", "given_cart_when_nothing_then_it_is_fine"))
    assert_that(line, contains_entry("language", "python"))
    assert_that(line, contains_entry("schema", 1))
    assert_that(line, contains_entry("commit", "abc123"))
    assert_that(line["failure"], is_none())
    assert_that(
        line["steps"],
        eq([{"keyword": "given", "text": "a cart"}, {"keyword": "then", "text": "it is fine"}]),
    )


def test_given_a_failing_assertion_when_reported_then_expected_and_actual_are_kept(
    pytester: pytest.Pytester, stream_dir: Path
) -> None:
    given("a test whose assert_that fails after two steps")
    pytester.makepyfile(
        """
        from testingkit import assert_that, eq, given, then, when

        def test_total():
            given("a cart")
            when("nothing is added")
            assert_that(4, eq(5))
            then("never reached")
        """
    )
    when("pytest runs it")
    pytester.runpytest()
    line = read_lines(stream_dir)["test_total"]
    then("the line is failed, with the mismatch's two sides and the steps reached")
    assert_that(line, contains_entry("status", "failed"))
    assert_that(
        line["failure"],
        eq(
            {
                "message": "steps:\n  given a cart\n  when nothing is added\n"
                "expected: equal to 5\n  actual: 4",
                "expected": "equal to 5",
                "actual": "4",
            }
        ),
    )
    assert_that(line["steps"], has_len(2))


def test_given_soft_failures_when_reported_then_the_first_mismatch_is_kept(
    pytester: pytest.Pytester, stream_dir: Path
) -> None:
    given("a test with two failed expectations")
    pytester.makepyfile(
        """
        from testingkit import eq, expect_that

        def test_soft():
            expect_that(200, eq(250))
            expect_that(200, eq(300))
        """
    )
    when("pytest runs it")
    pytester.runpytest()
    failure = read_lines(stream_dir)["test_soft"]["failure"]
    then("the failure lists both, and its two sides are the first mismatch's")
    assert_that(failure, contains_entry("expected", "equal to 250"))
    assert_that(failure, contains_entry("actual", "200"))
    assert_that(failure["message"], starts_with("2 checks failed:"))
    assert_that(failure["message"], contains_substring("expected: equal to 300"))


def test_given_an_exception_or_a_skip_when_reported_then_there_is_no_mismatch(
    pytester: pytest.Pytester, stream_dir: Path
) -> None:
    given("a test that raises and one that skips, inside a class")
    pytester.makepyfile(
        """
        import pytest

        class TestCart:
            def test_explodes(self):
                raise RuntimeError("cart exploded")

            def test_later(self):
                pytest.skip("not yet")
        """
    )
    when("pytest runs them")
    pytester.runpytest()
    lines = read_lines(stream_dir)
    then("the error has a message only, the skip no failure at all")
    assert_that(
        lines["TestCart::test_explodes"]["failure"],
        eq({"message": "RuntimeError: cart exploded", "expected": None, "actual": None}),
    )
    assert_that(lines["TestCart::test_explodes"], contains_entry("scenario", "explodes"))
    assert_that(lines["TestCart::test_later"], contains_entry("status", "skipped"))
    assert_that(lines["TestCart::test_later"]["failure"], is_none())


def test_given_no_report_dir_when_tests_run_then_nothing_is_written(
    pytester: pytest.Pytester, stream_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given("the stream switched off")
    monkeypatch.delenv("TKIT_REPORT_DIR")
    pytester.makepyfile("def test_nothing():\n    pass\n")
    when("pytest runs a test")
    result = pytester.runpytest()
    then("it passes and no stream folder appears")
    assert_that(result.parseoutcomes(), contains_entry("passed", 1))
    assert_that(list(stream_dir.parent.glob("*")), is_empty())


def test_when_a_scenario_id_is_derived_then_it_is_the_linters() -> None:
    when("test function names are turned into scenario ids")
    ids = [scenario_id(name) for name in ("test_cart_total", "testCart", "helper", "test")]
    then("the marker is dropped and the rest lower-cased; a non-test has none")
    assert_that(ids, eq(["cart_total", "cart", None, None]))


def test_when_a_time_is_written_then_it_is_rfc3339_utc_in_milliseconds() -> None:
    when("a moment is formatted")
    written = rfc3339(1_795_000_000.1234)
    then("it reads as UTC with milliseconds")
    assert_that(written, eq("2026-11-18T11:06:40.123Z"))
