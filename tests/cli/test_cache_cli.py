"""The cache seen from the command line: location, --no-cache, warm runs, shared use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

Runner = Any  # the `tkit_lint` fixture of conftest.py

BAD_PY = "def test_total():\n    total = 3\n    assert total == 3\n"
CLEAN_PY = "def test_when_run_then_passes():\n    assert_that(1, eq(1))\n"


def make_suite(root: Path, files: int = 40) -> None:
    (root / "tkit.toml").write_text('exclude = ["cache/**"]\n', encoding="utf-8")
    for index in range(files):
        path = root / f"pkg{index % 4}" / f"test_m{index}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BAD_PY if index % 3 else CLEAN_PY, encoding="utf-8")


def cache_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def test_the_cache_goes_to_the_project_root_with_a_gitignore(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    make_suite(tmp_path, 4)
    result = tkit_lint("pkg1", env={"TKIT_CACHE_DIR": ""})
    assert result.returncode == 1
    cache = tmp_path / ".tkit_cache"
    assert len(cache_entries(cache)) == 1
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").is_file()


def test_warm_runs_of_a_folder_print_what_an_uncached_run_prints(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    """Linting a folder (no project rules), text and GitHub findings come printed from
    the cache; every format and option prints exactly what a run without it prints."""
    make_suite(tmp_path, 30)
    env = {"TKIT_CACHE_DIR": str(tmp_path / "cache")}
    variants = [
        ("--format", "text"),
        ("--format", "github"),
        ("--format", "json"),
        ("--statistics",),
        ("--format", "text", "--quiet"),
        ("--diff",),
    ]
    summaries = []
    for flags in variants:
        expected = tkit_lint("--no-cache", *flags, "pkg0", "pkg2", env=env)
        summaries.append(expected.stderr)
        for _ in range(2):  # cold, then warm
            got = tkit_lint("--jobs", "2", *flags, "pkg0", "pkg2", env=env)
            assert (got.returncode, got.stdout, got.stderr) == (
                expected.returncode,
                expected.stdout,
                expected.stderr,
            ), flags
    assert summaries[0].startswith("Found 20 problems in 15 files.\n[*] 10 fixable")
    assert len(list((tmp_path / "cache").glob("*/*.text"))) == 15
    assert len(list((tmp_path / "cache").glob("*/*.github"))) == 15


def test_no_cache_writes_nothing(tkit_lint: Runner, tmp_path: Path) -> None:
    make_suite(tmp_path, 4)
    result = tkit_lint("--no-cache", ".", env={"TKIT_CACHE_DIR": ""})
    assert result.returncode == 1
    assert not (tmp_path / ".tkit_cache").exists()


def test_a_warm_run_prints_exactly_what_the_cold_run_printed(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    make_suite(tmp_path)
    env = {"TKIT_CACHE_DIR": str(tmp_path / "cache")}
    for output_format in ("text", "json"):
        cold = tkit_lint("--jobs", "2", "--format", output_format, ".", env=env)
        warm = tkit_lint("--jobs", "2", "--format", output_format, ".", env=env)
        assert cold.returncode == warm.returncode == 1
        assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert len(cache_entries(tmp_path / "cache")) == 40


def test_parallel_and_serial_runs_agree_without_the_cache(
    tkit_lint: Runner, tmp_path: Path
) -> None:
    make_suite(tmp_path)
    serial = tkit_lint("--no-cache", "--jobs", "1", "--format", "json", ".")
    parallel = tkit_lint("--no-cache", "--jobs", "2", "--format", "json", ".")
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout


def test_two_runs_sharing_one_cache_at_once_both_succeed(tmp_path: Path) -> None:
    make_suite(tmp_path, 60)
    env = {**os.environ, "NO_COLOR": "1", "TKIT_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tkit_scaffold", "--jobs", "2", "--format", "json", "."]
    runs = [
        subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0][0] == outputs[1][0]
    reference = subprocess.run(
        [*command[:3], "--no-cache", *command[3:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert outputs[0][0] == reference.stdout
    entries = cache_entries(tmp_path / "cache")
    assert len(entries) == 60
    assert list((tmp_path / "cache").glob("*/.tmp-*")) == []
    warm = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, check=False)
    assert warm.stdout == reference.stdout


def test_a_changed_file_is_linted_again(tkit_lint: Runner, tmp_path: Path) -> None:
    make_suite(tmp_path, 4)
    env = {"TKIT_CACHE_DIR": str(tmp_path / "cache")}
    assert tkit_lint(".", env=env).returncode == 1
    for path in tmp_path.glob("pkg*/*.py"):
        path.write_text(CLEAN_PY, encoding="utf-8")
    result = tkit_lint(".", env=env)
    assert result.returncode == 0, result.stdout


_LOADED_MODULES = """
import sys
from tkit_scaffold.cli import main
code = main(sys.argv[1:])
heavy = (
    "pydantic",
    "tkit_scaffold.config",
    "libcst",
    "tree_sitter",
    "tkit_scaffold.rules.tk",
    "tkit_scaffold.fixes",
)
light = ("tkit_scaffold.config_search",)  # the search for the file, standard library only
loaded = [name for name in sys.modules if name.startswith(heavy) and name not in light]
print(",".join(sorted(loaded)), file=sys.stderr)
sys.exit(code)
"""


def _heavy_modules(tmp_path: Path, env: dict[str, str], *flags: str) -> tuple[str, str]:
    completed = subprocess.run(
        [sys.executable, "-c", _LOADED_MODULES, *flags, "."],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    *_, loaded = completed.stderr.splitlines()
    return completed.stdout, loaded


def test_a_warm_run_loads_neither_the_rules_nor_the_parsers_nor_the_config_schema(
    tmp_path: Path,
) -> None:
    make_suite(tmp_path, 8)
    env = {"TKIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    cold_output, cold_modules = _heavy_modules(tmp_path, env, "--jobs", "1")
    assert "tkit_scaffold.config" in cold_modules and "tkit_scaffold.rules.tk101" in cold_modules
    warm_output, warm_modules = _heavy_modules(tmp_path, env, "--jobs", "1")
    assert warm_output == cold_output
    # The project rules (the run lints the folder of tkit.toml) come from the cache too.
    assert warm_modules == ""
    # A changed test file is linted with the configuration rebuilt from the cache, not
    # validated again: no pydantic.
    changed_test = tmp_path / "pkg0" / "test_m0.py"
    changed_test.write_text(changed_test.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, one_changed_modules = _heavy_modules(tmp_path, env, "--jobs", "1")
    assert "tkit_scaffold.rules.tk101" in one_changed_modules
    assert "pydantic" not in one_changed_modules
    # Changing the configuration's text means validating it again.
    (tmp_path / "tkit.toml").write_text('exclude = ["cache/**", "pkg3/**"]\n', encoding="utf-8")
    changed_output, changed_modules = _heavy_modules(tmp_path, env, "--jobs", "1")
    assert "tkit_scaffold.config" in changed_modules and "pydantic" in changed_modules
    assert changed_output != warm_output
