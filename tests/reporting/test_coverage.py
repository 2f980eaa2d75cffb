"""Coverage: each language's real tool output converted to one format, merged, gated.

The ``real_*`` fixtures run the real tools (coverage.py, ``go test -coverprofile``,
``cargo llvm-cov --lcov``) on a small project with one line left unrun; they skip
locally when a tool is missing and fail under ``CI=true``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tkit_scaffold.reporting import (
    FileCoverage,
    gate,
    load_coverage,
    merge,
    parse_coveragepy_json,
    parse_go_profile,
    parse_lcov,
)
from tkit_scaffold.reporting.coverage import CoverageFormatError

# ------------------------------------------------------------------ the converters


def test_given_a_coveragepy_report_when_converted_then_missing_lines_are_executable() -> None:
    text = (
        '{"meta": {"version": "7"}, "files": {"src/shop/cart.py": {"executed_lines": [1, 2, 4],'
        ' "missing_lines": [5], "excluded_lines": [9]}}}'
    )
    [item] = parse_coveragepy_json(text)
    assert (item.language, item.path) == ("python", "src/shop/cart.py")
    assert item.executable == {1, 2, 4, 5}
    assert item.covered == {1, 2, 4}


def test_given_a_go_profile_when_converted_then_a_shared_line_is_covered_if_any_block_ran() -> None:
    profile = (
        "mode: count\n"
        "example.com/shop/cart.go:3.20,6.11 2 4\n"
        "example.com/shop/cart.go:6.11,8.3 1 0\n"
        "example.com/shop/cart.go:9.2,9.10 0 0\n"
    )
    [item] = parse_go_profile(profile)
    assert item.language == "go"
    assert item.executable == {3, 4, 5, 6, 7, 8}
    assert item.covered == {3, 4, 5, 6}


def test_given_lcov_records_when_converted_then_the_language_follows_the_extension() -> None:
    text = (
        "TN:\nSF:/x/src/lib.rs\nDA:1,3\nDA:2,0\nend_of_record\n"
        "SF:/x/app.py\nDA:1,1\nend_of_record\n"
    )
    rust, python = parse_lcov(text)
    assert (rust.language, rust.executable, rust.covered) == ("rust", {1, 2}, {1})
    assert python.language == "python"


@pytest.mark.parametrize(
    ("parser", "text", "message"),
    [
        (parse_go_profile, "example.com/a.go:1.1,2.2 1 1\n", "starts with 'mode: '"),
        (parse_go_profile, "mode: set\nnot a block\n", ":2: not a cover profile block"),
        (parse_lcov, "SF:/a.rs\nDA:x,1\nend_of_record\n", ":2: bad DA record"),
        (parse_lcov, "SF:/a.rs\nDA:1,1\n", "no end_of_record"),
        (parse_coveragepy_json, '{"files": {"a.py": {}}}', "not a coverage.py JSON report"),
    ],
)
def test_given_a_broken_coverage_file_when_converted_then_the_error_says_where(
    parser: object, text: str, message: str
) -> None:
    assert callable(parser)
    with pytest.raises(CoverageFormatError, match=message):
        parser(text)


def test_given_two_profiles_of_one_file_when_merged_then_lines_are_united() -> None:
    one = FileCoverage("go", "a.go", frozenset({1, 2, 3}), frozenset({1}))
    two = FileCoverage("go", "a.go", frozenset({3, 4}), frozenset({3}))
    other = FileCoverage("rust", "lib.rs", frozenset({1, 2}), frozenset({1, 2}))
    report = merge([one, two, other])
    [go, rust] = report.files
    assert (go.executable, go.covered) == ({1, 2, 3, 4}, {1, 3})
    assert rust.percent == 100.0
    assert report.totals("go").percent == 50.0
    assert report.totals().percent == pytest.approx(100 * 4 / 6)
    assert [row.label for row in report.per_language()] == ["rust", "go"]


def test_given_a_gate_when_one_language_is_under_it_then_that_language_is_named() -> None:
    report = merge(
        [
            FileCoverage("rust", "lib.rs", frozenset(range(10)), frozenset(range(9))),
            FileCoverage("go", "a.go", frozenset(range(10)), frozenset(range(7))),
        ]
    )
    assert gate(report, 75) == ["go line coverage 70.00% is under --fail-under 75"]
    assert gate(report, 70) == []
    assert gate(report, 85)[0] == "total line coverage 80.00% is under --fail-under 85"
    assert gate(merge([]), 10) == ["no executable lines in the coverage files: nothing to measure"]


# ------------------------------------------------------------------ the real tools


def _need(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true: a missing toolchain is a failure")
    pytest.skip(reason)


def _run(command: Sequence[str], cwd: Path, **env: str) -> None:
    result = subprocess.run(
        list(command), cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, **env},
    )  # fmt: skip
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def real_coveragepy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need(importlib.util.find_spec("coverage") is not None, "coverage.py is not installed")
    folder = tmp_path_factory.mktemp("python")
    (folder / "calc.py").write_text(
        "def add(a, b):\n    return a + b\n\n\ndef sign(x):\n    if x < 0:\n        return -1\n"
        "    return 1\n",
        encoding="utf-8",
    )
    (folder / "test_calc.py").write_text(
        "from calc import add, sign\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"
        "    assert sign(2) == 1\n",
        encoding="utf-8",
    )
    python = sys.executable
    _run([python, "-m", "coverage", "run", "--include=calc.py", "-m", "pytest", "-q",
          "-p", "no:cacheprovider", "test_calc.py"], folder)  # fmt: skip
    _run([python, "-m", "coverage", "json", "-o", "coverage.json"], folder)
    return folder / "coverage.json"


@pytest.fixture(scope="module")
def real_go_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need(shutil.which("go") is not None, "the Go toolchain (go) is not installed")
    folder = tmp_path_factory.mktemp("go")
    (folder / "go.mod").write_text("module example.com/calc\n\ngo 1.21\n", encoding="utf-8")
    (folder / "calc.go").write_text(
        "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\n"
        "func Sign(x int) int {\n\tif x < 0 {\n\t\treturn -1\n\t}\n\treturn 1\n}\n",
        encoding="utf-8",
    )
    (folder / "calc_test.go").write_text(
        'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n'
        '\tif Add(1, 2) != 3 || Sign(2) != 1 {\n\t\tt.Fatal("bad")\n\t}\n}\n',
        encoding="utf-8",
    )
    _run(["go", "test", "-coverprofile=cover.out", "./..."], folder, GOTOOLCHAIN="local")
    return folder / "cover.out"


def _has_llvm_cov() -> bool:
    if shutil.which("cargo") is None:
        return False
    result = subprocess.run(
        ["cargo", "llvm-cov", "--version"], capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    return result.returncode == 0


@pytest.fixture(scope="module")
def real_lcov(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need(
        _has_llvm_cov(),
        "cargo-llvm-cov is not installed (rustup component add llvm-tools-preview && "
        "cargo install cargo-llvm-cov --locked)",
    )
    folder = tmp_path_factory.mktemp("rust")
    (folder / "src").mkdir()
    (folder / "Cargo.toml").write_text(
        '[package]\nname = "calc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
        encoding="utf-8",
    )
    (folder / "src" / "lib.rs").write_text(
        "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n"
        "pub fn sign(x: i32) -> i32 {\n    if x < 0 {\n        return -1;\n    }\n    1\n}\n\n"
        "#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n"
        "        assert_eq!(super::add(1, 2), 3);\n        assert_eq!(super::sign(2), 1);\n"
        "    }\n}\n",
        encoding="utf-8",
    )
    target = folder / "target"
    _run(["cargo", "llvm-cov", "--lcov", "--output-path", "lcov.info"], folder,
         CARGO_TARGET_DIR=str(target))  # fmt: skip
    return folder / "lcov.info"


@pytest.mark.toolchain
def test_given_real_coveragepy_output_when_loaded_then_the_unrun_line_is_missed(
    real_coveragepy: Path,
) -> None:
    [item] = load_coverage(real_coveragepy)
    assert (item.language, item.path) == ("python", "calc.py")
    assert item.executable == {1, 2, 5, 6, 7, 8}
    assert item.executable - item.covered == {7}


@pytest.mark.toolchain
def test_given_a_real_go_profile_when_loaded_then_the_unrun_branch_is_missed(
    real_go_profile: Path,
) -> None:
    [item] = load_coverage(real_go_profile)
    assert (item.language, item.path) == ("go", "example.com/calc/calc.go")
    assert {3, 4, 7, 8, 11} <= item.covered
    assert 9 in item.executable - item.covered


@pytest.mark.toolchain
def test_given_real_llvm_cov_lcov_when_loaded_then_the_unrun_line_is_missed(
    real_lcov: Path,
) -> None:
    [item] = load_coverage(real_lcov)
    assert item.language == "rust" and item.path.endswith("src/lib.rs")
    assert item.executable - item.covered == {7}
    assert {1, 2, 5, 6} <= item.covered


@pytest.mark.toolchain
def test_given_the_three_real_outputs_when_merged_then_the_gate_names_each_language_under_it(
    real_coveragepy: Path, real_go_profile: Path, real_lcov: Path
) -> None:
    items = [*load_coverage(real_coveragepy), *load_coverage(real_go_profile),
             *load_coverage(real_lcov)]  # fmt: skip
    report = merge(items)
    assert report.languages == ("rust", "python", "go")
    percents = {row.label: row.percent for row in report.per_language()}
    assert all(value is not None and 50 < value < 100 for value in percents.values()), percents
    assert gate(report, 0) == []
    problems = gate(report, 99.5)
    assert {problem.split()[0] for problem in problems} == {"total", "rust", "python", "go"}


def test_given_absolute_lcov_paths_under_the_root_when_loaded_then_they_are_relative(
    tmp_path: Path,
) -> None:
    from tkit_scaffold.reporting.coverage import load_all

    source = tmp_path / "rust" / "src" / "lib.rs"
    lcov = tmp_path / "rust.lcov"
    lcov.write_text(
        f"SF:{source}\nDA:1,1\nend_of_record\nSF:/elsewhere/x.rs\nDA:1,0\nend_of_record\n",
        encoding="utf-8",
    )
    report = load_all([lcov], root=tmp_path)
    assert sorted(item.path for item in report.files) == ["/elsewhere/x.rs", "rust/src/lib.rs"]
