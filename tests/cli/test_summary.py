"""The closing summary tells the truth: "passed" only when files were checked, nothing
was found and nothing failed; the fix hint names the flag that would fix them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tkit_scaffold.cli import run_lint
from tkit_scaffold.output import summary_of_counts


def test_no_files_checked_is_not_a_pass() -> None:
    summary = summary_of_counts(0, 0, 0, colour=False, safe=0)
    assert "passed" not in summary
    assert "No files were checked" in summary


def test_an_internal_error_is_never_a_pass() -> None:
    summary = summary_of_counts(0, 0, 3, colour=False, safe=0, errors=1)
    assert "passed" not in summary
    assert "1 internal error" in summary


@pytest.mark.parametrize(
    ("fixable", "safe", "hint"),
    [
        (4, 4, "[*] 4 fixable with --fix."),
        (4, 0, "[*] 4 fixable with --fix --unsafe-fixes (no safe fix among them)."),
        (4, 1, "[*] 4 fixable: 1 with --fix, 3 more with --unsafe-fixes."),
    ],
)
def test_the_fix_hint_names_the_flags_that_would_fix(fixable: int, safe: int, hint: str) -> None:
    assert summary_of_counts(5, fixable, 2, colour=False, safe=safe).endswith(hint)


def lint(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_lint([*args, "--no-cache", "--jobs", "1"], out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_folder_with_no_test_file_says_nothing_was_checked(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    status, _, err = lint(str(tmp_path))
    assert status == 0
    assert "No files were checked" in err and "passed" not in err


def test_after_fix_only_unsafe_fixes_are_left_and_the_hint_says_so(tmp_path: Path) -> None:
    # Rust's `.len()` counts bytes, the kit's `has_len` characters: an unsafe fix.
    (tmp_path / "cart.rs").write_text(
        "use testingkit::prelude::*;\n\n#[test]\nfn given_items_when_counted_then_two() {\n"
        "    let items = vec![1, 2];\n    assert_that!(items.len(), eq(2));\n}\n",
        encoding="utf-8",
    )
    status, out, err = lint("--fix", str(tmp_path))
    assert status == 1, out + err
    assert "TK304 [*]" in out
    assert "[*] 1 fixable with --fix --unsafe-fixes (no safe fix among them)." in err


def test_findings_listed_with_diff_are_at_the_lines_of_the_file_as_it_stands(
    tmp_path: Path,
) -> None:
    test_file = tmp_path / "test_total.py"
    source = (
        "def test_when_summed_then_total_is_three():\n    total = 3\n    assert total == 3\n"
        "\n\ndef test_two():\n    pass\n"
    )
    test_file.write_text(source, encoding="utf-8")
    status, out, _ = lint("--diff", "--select", "TK101,TK301", str(tmp_path))
    assert status == 1
    assert "+from testingkit import" in out  # the fix adds lines above the second test
    assert f"{test_file}:6:5: TK101" in out
    assert test_file.read_text(encoding="utf-8") == source


def test_a_run_in_an_empty_folder_leaves_no_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TKIT_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run_lint(["."], out, err) == 0
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_read_is_an_error_not_a_quiet_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    good = tmp_path / "tests"
    good.mkdir()
    (good / "test_a.py").write_text("def test_when_a_then_b():\n    pass\n", encoding="utf-8")
    locked = good / "locked"
    locked.mkdir()
    (locked / "test_b.py").write_text("def test_when_b_then_c():\n    pass\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as without the permission to list it
        if os.fspath(path) == os.fspath(locked):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(locked))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    status, out, err = lint(str(good))
    assert status == 2, out + err
    assert f"error: {locked}: the folder cannot be read (Permission denied)" in err
    assert "passed" not in err
    assert "test_a.py" in out
