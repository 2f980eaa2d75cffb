"""Only ever delete or overwrite what tkit wrote: the cache keeps to its own folder and
layout, `--fix` writes through symbolic links and never splits hard links, and the
history store is never opened beside a device."""

from __future__ import annotations

import io
import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from tkit_scaffold.cache import ResultCache
from tkit_scaffold.config import Config

from .conftest import STREAM_LINE, Run, run_module

RUST_TEST = """#[test]
fn test_given_a_cart_when_emptied_then_total_is_zero() {
    let total = 0;
    assert_that!(total, eq(0));
}
"""
RUST_FIXED = RUST_TEST.replace("fn test_given", "fn given")
ENTRY_NAME = "0" * 62 + ".json"  # named as the cache names its entries


def user_files(folder: Path, count: int = 30) -> dict[Path, bytes]:
    """A folder of someone's files, old ones included (the prune deletes the oldest)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {folder / "important.txt": b"do not delete\n"}
    for index in range(count):
        files[folder / f"notes-{index}.txt"] = f"note {index}\n".encode()
    shard = folder / "ab"  # shaped like a shard, but not the cache's
    shard.mkdir(exist_ok=True)
    files[shard / ENTRY_NAME] = b"a user's file with an entry's name\n"
    for age, (path, data) in enumerate(files.items()):
        path.write_bytes(data)
        os.utime(path, (1_000 + age, 1_000 + age))
    return files


def unchanged(files: dict[Path, bytes]) -> bool:
    return all(path.is_file() and path.read_bytes() == data for path, data in files.items())


def lint_env(cache_dir: Path | str) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "TKIT_CACHE_DIR": str(cache_dir)}


def write_suite(root: Path, count: int = 3) -> None:
    tests = root / "tests"
    tests.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (tests / f"test_{index}.py").write_text(
            f"def test_when_{index}_then_ok():\n    assert True\n", encoding="utf-8"
        )


def report_run(folder: Path) -> Path:
    """A run folder of one passing test's result stream, as ``tkit report`` reads it."""
    folder.mkdir()
    stream = folder / "python-1-0123abcd.jsonl"
    stream.write_text(json.dumps(STREAM_LINE) + "\n", encoding="utf-8")
    return folder


def run_report(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_module("tkit_scaffold.reporting", cwd, *args, timeout=60)


def run_lint(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_module("tkit_scaffold", cwd, *args, env=env)


# ------------------------------------------------------------------------------- cache


def test_a_cache_folder_of_user_files_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    files = user_files(folder)
    cache = ResultCache(folder, Config(), tmp_path)
    cache.put(cache.key("t.py", "x"), ())
    assert cache.prune(keep=0) == 0
    assert not cache.usable
    assert unchanged(files)
    expected = {path.name for path in files if path.parent == folder} | {"ab"}
    assert {path.name for path in folder.iterdir()} == expected


def test_a_run_with_the_cache_in_a_folder_of_user_files_warns_once_and_lints(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "mine"
    files = user_files(folder)
    write_suite(tmp_path / "project")
    result = run_lint(tmp_path / "project", ".", env=lint_env(folder))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("warning:") == 1
    assert "not used as the cache" in result.stderr
    assert "TK" in result.stdout
    assert unchanged(files)
    assert not (folder / ".gitignore").exists()
    assert not (folder / "CACHEDIR.TAG").exists()


def test_the_cache_pointed_at_the_project_writes_no_gitignore_into_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_suite(project)
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    for _ in range(2):
        result = run_lint(project, ".", env=lint_env("."))
        assert result.returncode == 1, result.stderr
        assert "caching is off for this run" in result.stderr
    assert not (project / ".gitignore").exists()
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


def test_the_prune_follows_no_symbolic_link_and_deletes_only_entries(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ResultCache(folder, Config(), tmp_path)
    keys = [cache.key(f"t{index}.py", "x") for index in range(3)]
    for key in keys:
        cache.put(key, ())
    outside = tmp_path / "outside"
    outside_files = user_files(outside)
    planted = next(name for name in ("cd", "ce", "cf", "d0") if name not in {k[:2] for k in keys})
    (folder / planted).symlink_to(outside, target_is_directory=True)  # a planted shard
    shard = folder / keys[0][:2]
    (shard / ENTRY_NAME).symlink_to(outside / "important.txt")  # a planted entry
    strangers = {folder / "README": b"mine\n", shard / "notes.txt": b"mine too\n"}
    for path, data in strangers.items():
        path.write_bytes(data)
    assert cache.prune(keep=0) == len(keys)
    assert unchanged(outside_files)
    assert unchanged(strangers)
    assert (folder / "CACHEDIR.TAG").is_file()


def test_a_symlinked_shard_is_not_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ResultCache(folder, Config(), tmp_path)
    first = cache.key("first.py", "x")
    cache.put(first, ())
    outside = tmp_path / "outside"
    outside.mkdir()
    key = next(
        cache.key(f"t{n}.py", "x")
        for n in range(1000)
        if cache.key(f"t{n}.py", "x")[:2] != first[:2]
    )
    (folder / key[:2]).symlink_to(outside, target_is_directory=True)
    cache.put(key, ())
    assert list(outside.iterdir()) == []
    assert cache.get(key) is None


def test_a_fifo_planted_as_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ResultCache(folder, Config(), tmp_path)
    key = cache.key("t.py", "x")
    cache.put(cache.key("other.py", "x"), ())
    (folder / key[:2]).mkdir(exist_ok=True)
    os.mkfifo(folder / key[:2] / f"{key[2:]}.json")
    answers: list[object] = []
    reader = threading.Thread(target=lambda: answers.append(cache.get(key)), daemon=True)
    reader.start()
    reader.join(timeout=20)  # a blocking open would never return
    assert answers == [None]


def test_an_empty_folder_is_adopted_with_a_tag_and_no_gitignore(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    cache = ResultCache(folder, Config(), tmp_path)
    key = cache.key("t.py", "x")
    cache.put(key, ())
    assert cache.get(key) == ()
    assert (folder / "CACHEDIR.TAG").is_file()
    assert not (folder / ".gitignore").exists()


# ------------------------------------------------------------------------------- --fix


def test_fix_writes_through_a_symbolic_link_to_the_real_file(
    tmp_path: Path, tkit_lint: Run
) -> None:
    real = tmp_path / "real" / "cart.rs"
    real.parent.mkdir()
    real.write_text(RUST_TEST, encoding="utf-8")
    link = tmp_path / "tests" / "cart.rs"
    link.parent.mkdir()
    link.symlink_to(real)
    result = tkit_lint("--fix", "--select", "TK102", "--no-cache", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == RUST_FIXED


def test_fix_refuses_to_split_hard_links_and_says_why(tmp_path: Path, tkit_lint: Run) -> None:
    first = tmp_path / "tests" / "cart.rs"
    first.parent.mkdir()
    first.write_text(RUST_TEST, encoding="utf-8")
    second = tmp_path / "cart_copy.rs"
    os.link(first, second)
    result = tkit_lint("--fix", "--select", "TK102", "--no-cache", "tests")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "TK000" in result.stdout and "hard links" in result.stdout
    assert "All checks passed" not in result.stderr
    assert first.stat().st_ino == second.stat().st_ino
    assert second.read_text(encoding="utf-8") == RUST_TEST


def test_fix_that_cannot_be_written_is_a_finding_not_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from tkit_scaffold.cli import run_lint as run_the_command

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "cart.rs").write_text(RUST_TEST, encoding="utf-8")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as a folder the user cannot write
    out, err = io.StringIO(), io.StringIO()
    status = run_the_command(
        ["--fix", "--select", "TK102", "--no-cache", "--jobs", "1", str(folder)], out, err
    )
    assert status == 1, out.getvalue() + err.getvalue()
    assert "TK000" in out.getvalue()
    assert "not fixed: cannot write the file: Permission denied" in out.getvalue()
    assert "All checks passed" not in err.getvalue()
    assert "internal error" not in err.getvalue()
    assert (folder / "cart.rs").read_text(encoding="utf-8") == RUST_TEST


# ----------------------------------------------------------------------------- history


def test_report_history_on_a_fifo_is_refused_and_nothing_is_created_beside_it(
    tmp_path: Path,
) -> None:
    run = report_run(tmp_path / "run")
    fifo = tmp_path / "history"
    os.mkfifo(fifo)
    result = run_report(tmp_path, str(run), "--history", str(fifo))
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["history", "run"]


def test_report_history_on_dev_null_creates_no_journal_beside_it(tmp_path: Path) -> None:
    journal = Path(os.devnull + "-journal")
    if journal.exists():
        pytest.skip(f"{journal} exists already")
    result = run_report(tmp_path, str(report_run(tmp_path / "run")), "--history", os.devnull)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr
    assert not journal.exists()


def test_two_byte_order_marks_are_a_finding_in_lint_and_fix(tmp_path: Path, tkit_lint: Run) -> None:
    test_file = tmp_path / "tests" / "test_total.py"
    test_file.parent.mkdir()
    data = b"\xef\xbb\xbf\xef\xbb\xbfdef test_total():\n    total = 3\n    assert total == 3\n"
    test_file.write_bytes(data)
    for args in ((), ("--fix", "--unsafe-fixes"), ("--diff",)):
        result = tkit_lint("--no-cache", *args, "tests")
        assert result.returncode == 1, result.stderr
        assert "internal error" not in result.stderr
        assert "TK000" in result.stdout and "two byte-order marks" in result.stdout
    assert test_file.read_bytes() == data
