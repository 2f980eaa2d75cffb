"""Golden files: compare, report a difference, and rewrite on request."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from testingkit import (
    assert_that,
    contains_substring,
    eq,
    fails_with,
    given,
    golden,
    is_none,
    then,
    when,
)


def test_given_matching_golden_file_when_compared_then_it_passes(tmp_path: Path) -> None:
    given("a golden file holding the receipt")
    (tmp_path / "receipt.golden").write_text("total: 270\n", encoding="utf-8")
    when("the same text is compared")
    comparing = functools.partial(golden, "receipt", "total: 270\n", directory=tmp_path)
    then("the comparison passes")
    assert_that(comparing(), is_none())


def test_given_different_golden_file_when_compared_then_a_diff_is_reported(
    tmp_path: Path,
) -> None:
    given("a golden file holding an older receipt")
    (tmp_path / "receipt.golden").write_text("total: 250\n", encoding="utf-8")
    when("a new receipt is compared")
    comparing = functools.partial(golden, "receipt", "total: 270\n", directory=tmp_path)
    then("the failure says how to accept it and shows the difference")
    assert_that(
        comparing,
        fails_with(
            "golden file testdata/golden/receipt.golden differs; "
            "run the tests with TKIT_UPDATE_GOLDEN=1 to accept the new value\n"
            "diff (-expected +actual):\n@@ -1,2 +1,2 @@\n-total: 250\n+total: 270\n "
        ),
    )


def test_given_no_golden_file_when_compared_then_the_failure_says_how_to_create_it(
    tmp_path: Path,
) -> None:
    given("an empty golden folder")
    when("a value is compared")
    comparing = functools.partial(golden, "receipt", "total: 270\n", directory=tmp_path)
    then("the failure names the file and the update switch")
    assert_that(
        comparing,
        fails_with(
            "golden file testdata/golden/receipt.golden does not exist; "
            "run the tests with TKIT_UPDATE_GOLDEN=1 to create it"
        ),
    )


def test_given_update_switch_when_compared_then_the_golden_file_is_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given("an outdated golden file and TKIT_UPDATE_GOLDEN=1")
    (tmp_path / "receipt.golden").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv("TKIT_UPDATE_GOLDEN", "1")
    when("a value is compared")
    golden("receipt", "new\n", directory=tmp_path)
    then("the file holds the new value")
    assert_that((tmp_path / "receipt.golden").read_text(encoding="utf-8"), eq("new\n"))


def test_given_crlf_checkout_when_compared_then_line_ends_do_not_matter(tmp_path: Path) -> None:
    given("a golden file whose lines end in CRLF")
    (tmp_path / "receipt.golden").write_bytes(b"a\r\nb\r\n")
    when("the same lines are compared with LF ends")
    comparing = functools.partial(golden, "receipt", "a\nb\n", directory=tmp_path)
    then("the comparison passes")
    assert_that(comparing(), is_none())


def test_when_a_golden_name_leaves_its_folder_then_it_is_refused(tmp_path: Path) -> None:
    when("a name with a path in it is used")
    comparing = functools.partial(golden, "../secret", "x", directory=tmp_path)
    then("it is refused before touching any file")
    assert_that(comparing, fails_with("a golden name is letters, digits"))


def test_given_golden_dir_fixture_when_read_then_it_is_under_the_tests_folder(
    golden_dir: Path,
) -> None:
    when("the golden folder of this test is asked for")
    shown = golden_dir.as_posix()
    then("it is testdata/golden under the tests folder")
    assert_that(shown, contains_substring("/tests/testdata/golden"))
