"""The real `tkit-lint` command, end to end: exit codes, formats, config errors, fixes."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

Runner = Any  # the `tkit_lint` fixture of conftest.py


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CLEAN_PY = """from testingkit import assert_that, eq, given, then, when


def test_given_cart_when_item_added_then_total_grows():
    given("a cart")
    total = 1
    when("an item is added")
    total += 2
    then("the total grows")
    assert_that(total, eq(3))
"""

BAD_PY = """def test_total():
    total = 3
    assert total == 3
"""

BROKEN_RS = "fn broken( {\n"

RUST_PREFIX = """#[test]
fn test_given_cart_when_emptied_then_total_is_zero() {
    let total = 0;
    assert_that!(total, is_zero());
}
"""


def test_clean_file_exits_zero_and_says_so(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "tests" / "test_cart.py", CLEAN_PY)
    result = tkit_lint("tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "All checks passed (1 file checked)" in result.stderr


def test_findings_exit_one_in_ruff_like_text(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "test_total.py", BAD_PY)
    result = tkit_lint("test_total.py")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "test_total.py:1:5: TK101 [scenario-name-style]" in lines[0]
    foreign = "test_total.py:3:5: TK301 [*] [foreign-assertion]"  # [*]: a fix is offered
    assert any(line.startswith(foreign) for line in lines)
    assert "\x1b[" not in result.stdout  # no colour when piped


def test_json_output_has_every_documented_field(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "test_total.py", BAD_PY)
    result = tkit_lint("--format", "json", "test_total.py")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert {item["code"] for item in items} >= {"TK101", "TK301"}
    for item in items:
        assert set(item) >= {
            "code",
            "name",
            "message",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "language",
            "fix",
        }
        assert item["language"] == "python"
        assert item["path"] == "test_total.py"


def test_github_format_emits_annotations(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "test_total.py", BAD_PY)
    result = tkit_lint("--format", "github", "test_total.py")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=test_total.py,line=1,col=5,")


def test_select_and_ignore_narrow_the_rules(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "test_total.py", BAD_PY)
    only = tkit_lint("--select", "TK301", "--format", "json", "test_total.py")
    assert {item["code"] for item in json.loads(only.stdout)} == {"TK301"}
    without = tkit_lint("--ignore", "TK1,TK3", "test_total.py")
    assert without.returncode == 0, without.stdout


@pytest.mark.parametrize(
    ("flag", "code", "says"),
    [
        ("--select", "TK999", "--select: 'TK999' matches no rule; `tkit-lint --list-rules`"),
        ("--ignore", "E501", "--ignore: 'E501' is not a rule code or prefix: write a code"),
    ],
)
def test_a_code_that_names_no_rule_on_the_command_line_is_a_usage_error(
    tkit_lint: Runner, tmp_path: Path, flag: str, code: str, says: str
) -> None:
    write(tmp_path / "test_total.py", BAD_PY)
    result = tkit_lint(flag, code, "test_total.py")
    assert result.returncode == 2
    assert says in result.stderr


def test_statistics_count_findings_per_code(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "a" / "test_one.py", BAD_PY)
    write(tmp_path / "b" / "test_two.py", BAD_PY)
    result = tkit_lint("--statistics", ".")
    assert result.returncode == 1
    rows = {line.split("\t")[1]: int(line.split("\t")[0]) for line in result.stdout.splitlines()}
    assert rows["TK301"] == 2
    assert rows["TK101"] == 2


def test_syntax_error_is_one_tk000_and_the_run_goes_on(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "tests" / "broken.rs", BROKEN_RS)
    write(tmp_path / "tests" / "test_total.py", BAD_PY)
    write(tmp_path / "tests" / "broken_test.go", "package x\nfunc TestX(t *testing.T {\n")
    write(tmp_path / "tests" / "test_broken.py", "def test_x(:\n    pass\n")
    result = tkit_lint("--format", "json", "tests")
    assert result.returncode == 1, result.stderr
    items = json.loads(result.stdout)
    parse_errors = {item["path"]: item for item in items if item["code"] == "TK000"}
    assert set(parse_errors) == {"tests/broken.rs", "tests/broken_test.go", "tests/test_broken.py"}
    assert parse_errors["tests/test_broken.py"]["line"] == 1
    assert any(item["code"] == "TK301" for item in items)


def test_missing_path_exits_two_with_a_message(tkit_lint: Runner) -> None:
    result = tkit_lint("no/such/dir")
    assert result.returncode == 2
    assert "no/such/dir: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_config_exits_two_naming_file_key_and_problem(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    write(tmp_path / "tkit.toml", '[naming]\nstyle = "camel"\n')
    write(tmp_path / "test_total.py", BAD_PY)
    result = tkit_lint("test_total.py")
    assert result.returncode == 2
    assert "tkit.toml" in result.stderr
    assert "line 2: naming.style" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_file_is_found_and_applied(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.tkit-lint]\nignore = ["TK101", "TK301"]\n')
    write(tmp_path / "tests" / "test_total.py", BAD_PY)
    result = tkit_lint("tests")
    assert result.returncode == 0, result.stdout


def test_per_file_ignores_apply_by_glob(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / "tkit.toml", '[per-file-ignores]\n"legacy/**" = ["TK1", "TK3"]\n')
    write(tmp_path / "legacy" / "test_old.py", BAD_PY)
    write(tmp_path / "new" / "test_new.py", BAD_PY)
    result = tkit_lint("--format", "json", ".")
    paths = {item["path"] for item in json.loads(result.stdout)}
    assert paths == {"new/test_new.py"}


def test_gitignored_and_build_folders_are_skipped(tkit_lint: Runner, tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "generated/\n")
    write(tmp_path / "generated" / "test_gen.py", BAD_PY)
    write(tmp_path / "target" / "debug" / "x.rs", BROKEN_RS)
    write(tmp_path / ".venv" / "lib" / "test_dep.py", BAD_PY)
    write(tmp_path / "src" / "test_mine.py", BAD_PY)
    result = tkit_lint("--format", "json", ".")
    assert {item["path"] for item in json.loads(result.stdout)} == {"src/test_mine.py"}


def test_suppressions_work_through_the_command(tkit_lint: Runner, tmp_path: Path) -> None:
    source = BAD_PY.replace("def test_total():", "def test_total():  # tkit: ignore[TK101]")
    source = source.replace("assert total == 3", "assert total == 3  # tkit: ignore[TK301, TK302]")
    write(tmp_path / "test_total.py", source)
    result = tkit_lint("--format", "json", "test_total.py")
    items = json.loads(result.stdout)
    assert [(item["code"], item["line"]) for item in items] == [("TK001", 3)]
    assert "TK302" in items[0]["message"]


def test_list_rules_and_explain(tkit_lint: Runner) -> None:
    listing = tkit_lint("--list-rules")
    assert listing.returncode == 0
    codes = [line.split()[0] for line in listing.stdout.splitlines()]
    assert codes[0] == "TK000" and "TK403" in codes
    explained = tkit_lint("--explain", "TK301")
    assert explained.returncode == 0
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in explained.stdout
    assert tkit_lint("--explain", "TK999").returncode == 2


def test_version(tkit_lint: Runner) -> None:
    result = tkit_lint("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("tkit-lint ")


def test_fix_renames_rust_test_prefix_atomically_keeping_mode(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    path = write(tmp_path / "tests" / "cart.rs", RUST_PREFIX)
    path.chmod(0o640)
    diff = tkit_lint("--diff", "--select", "TK102", "tests")
    assert diff.returncode == 1
    assert "-fn test_given_cart" in diff.stdout and "+fn given_cart" in diff.stdout
    assert path.read_text(encoding="utf-8") == RUST_PREFIX  # --diff writes nothing
    fixed = tkit_lint("--fix", "--select", "TK102", "tests")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert path.read_text(encoding="utf-8") == RUST_PREFIX.replace("fn test_given", "fn given")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not list(path.parent.glob("*.tkit-tmp"))
    again = tkit_lint("--fix", "--select", "TK102", "tests")
    assert again.returncode == 0
    assert path.read_text(encoding="utf-8") == RUST_PREFIX.replace("fn test_given", "fn given")


def test_fix_keeps_crlf_line_endings(tkit_lint: Runner, tmp_path: Path) -> None:
    path = tmp_path / "cart.rs"
    path.write_bytes(RUST_PREFIX.replace("\n", "\r\n").encode())
    result = tkit_lint("--fix", "--select", "TK102", "cart.rs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        path.read_bytes()
        == RUST_PREFIX.replace("fn test_given", "fn given").replace("\n", "\r\n").encode()
    )


def test_non_utf8_and_nul_files_are_tk000_not_crashes(tkit_lint: Runner, tmp_path: Path) -> None:
    (tmp_path / "test_latin.py").write_bytes(b"# caf\xe9\ndef test_x():\n    pass\n")
    (tmp_path / "test_nul.py").write_bytes(b"def test_x():\x00\n")
    result = tkit_lint("--format", "json", "--select", "TK000", ".")
    assert result.returncode == 1
    messages = {item["path"]: item["message"] for item in json.loads(result.stdout)}
    assert "not valid UTF-8" in messages["test_latin.py"]
    assert "NUL" in messages["test_nul.py"]


def test_parallel_run_gives_the_same_output_as_serial(tkit_lint: Runner, tmp_path: Path) -> None:
    for index in range(40):
        write(tmp_path / f"pkg{index % 4}" / f"test_m{index}.py", BAD_PY)
    serial = tkit_lint("--no-cache", "--jobs", "1", "--format", "json", ".")
    parallel = tkit_lint("--no-cache", "--jobs", "2", "--format", "json", ".")
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert len(json.loads(serial.stdout)) >= 80
