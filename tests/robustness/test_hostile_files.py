"""Hostile files through the real command: each gets a clear message naming it, and the
run finishes with the rest (exit 1, never 2 and never a traceback)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

Run = Any  # the `tkit_lint` fixture

GOOD = "def test_when_run_then_ok():\n    assert 1\n"


def findings(result: Any) -> dict[str, list[dict[str, Any]]]:
    by_path: dict[str, list[dict[str, Any]]] = {}
    for item in json.loads(result.stdout):
        by_path.setdefault(item["path"], []).append(item)
    return by_path


def lint_with_a_good_neighbour(tkit_lint: Run, tmp_path: Path, *args: str) -> dict[str, Any]:
    (tmp_path / "test_good.py").write_text(GOOD, encoding="utf-8")
    result = tkit_lint("--format", "json", *args, ".")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    found = findings(result)
    assert any(item["code"] == "TK301" for item in found["test_good.py"])
    return found


def test_empty_file_is_simply_clean(tkit_lint: Run, tmp_path: Path) -> None:
    for name in ("test_empty.py", "empty.rs", "empty_test.go"):
        (tmp_path / name).write_bytes(b"")
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path)
    assert "test_empty.py" not in found and "empty.rs" not in found
    # An empty Go file lacks its package clause: a real syntax error, named as such.
    assert [item["code"] for item in found.get("empty_test.go", [])] in ([], ["TK000"])


@pytest.mark.slow
def test_five_megabyte_file_finishes(tkit_lint: Run, tmp_path: Path) -> None:
    body = "".join(
        f"def test_when_case_{index}_then_ok():\n"
        f"    value = {index}\n"
        f"    assert value == {index}\n\n"
        for index in range(70_000)
    )
    (tmp_path / "test_big.py").write_text(body, encoding="utf-8")
    assert len(body) > 5_000_000
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path, "--select", "TK301")
    assert len(found["test_big.py"]) == 70_000


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("test_deep.py", "def test_x():\n    x = " + "(" * 1000 + "1" + ")" * 1000 + "\n"),
        ("test_deep_list.py", "def test_x():\n    x = " + "[" * 1000 + "]" * 1000 + "\n"),
        ("deep.rs", "#[test]\nfn t() {\n    let x = " + "(" * 1000 + "1" + ")" * 1000 + ";\n}\n"),
        (
            "deep_test.go",
            "package p\n\nfunc TestX(t *testing.T) {\n\tx := "
            + "(" * 1000
            + "1"
            + ")" * 1000
            + "\n\t_ = x\n}\n",
        ),
    ],
)
def test_thousand_deep_nesting_is_a_finding_not_a_crash(
    tkit_lint: Run, tmp_path: Path, name: str, source: str
) -> None:
    (tmp_path / name).write_text(source, encoding="utf-8")
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path)
    codes = {item["code"] for item in found.get(name, [])}
    # Python refuses such nesting (as CPython does); tree-sitter parses it.
    if name.endswith(".py"):
        assert "TK000" in codes
        assert any("nest" in item["message"] for item in found[name])


def test_symlink_loop_and_dangling_symlink(tkit_lint: Run, tmp_path: Path) -> None:
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "again").symlink_to(tmp_path / "loop")
    (tmp_path / "test_dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "test_a.py").symlink_to(tmp_path / "test_b.py")
    (tmp_path / "test_b.py").symlink_to(tmp_path / "test_a.py")
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path)
    assert [item["code"] for item in found["test_dangling.py"]] == ["TK000"]
    assert "does not exist" in found["test_dangling.py"][0]["message"]
    assert "symbolic links" in found["test_a.py"][0]["message"]


def test_unreadable_file_is_named_and_skipped(tkit_lint: Run, tmp_path: Path) -> None:
    secret = tmp_path / "test_secret.py"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        # Root reads any file; drop the capabilities that let it, as a normal user lacks them.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop file-reading privileges")
        caps = "-dac_override,-dac_read_search"
        prefix = (setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}")
    (tmp_path / "test_good.py").write_text(GOOD, encoding="utf-8")
    result = tkit_lint("--format", "json", ".", prefix=prefix)
    assert result.returncode == 1, result.stderr
    found = findings(result)
    assert found["test_secret.py"][0]["code"] == "TK000"
    assert "Permission denied" in found["test_secret.py"][0]["message"]
    assert any(item["code"] == "TK301" for item in found["test_good.py"])


def test_binary_garbage_with_a_source_name(tkit_lint: Run, tmp_path: Path) -> None:
    (tmp_path / "test_noise.py").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "noise.rs").write_bytes(b"\xff\xfe" + "fn x() {}".encode("utf-16-le"))
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path)
    assert [item["code"] for item in found["test_noise.py"]] == ["TK000"]
    assert [item["code"] for item in found["noise.rs"]] == ["TK000"]


def test_bom_crlf_tabs_and_long_lines_parse(tkit_lint: Run, tmp_path: Path) -> None:
    source = (
        "\ufeffdef test_when_x_then_y():\r\n\tvalue = '" + "x" * 100_000 + "'\r\n\tassert value\r\n"
    )
    (tmp_path / "test_odd.py").write_text(source, encoding="utf-8", newline="")
    found = lint_with_a_good_neighbour(tkit_lint, tmp_path)
    assert {item["code"] for item in found["test_odd.py"]} == {"TK301"}
    assert found["test_odd.py"][0]["line"] == 3


def test_path_that_does_not_exist_exits_two(tkit_lint: Run, tmp_path: Path) -> None:
    result = tkit_lint("nowhere")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: nowhere: no such file or folder"


def test_file_deleted_while_the_run_is_going(tmp_path: Path) -> None:
    from tkit_scaffold.config import Config
    from tkit_scaffold.discovery import discover
    from tkit_scaffold.engine import LintOptions, RuleSet, lint_found_file

    (tmp_path / "test_gone.py").write_text(GOOD, encoding="utf-8")
    (found,) = discover([tmp_path], Config(), tmp_path)
    found.path.unlink()  # after discovery, before reading: as a concurrent checkout would
    result = lint_found_file(found, RuleSet(Config(), tmp_path), LintOptions())
    assert [d.code for d in result.diagnostics] == ["TK000"]
    assert "disappeared while the run was going" in result.diagnostics[0].message
    assert result.errors == ()
