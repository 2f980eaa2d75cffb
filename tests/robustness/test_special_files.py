"""Only regular files (or symbolic links to them) under the size limit are read: a FIFO,
a device or a huge file in a linted folder is a TK000 finding on that file, never a hang
or a run out of memory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import Run

GOOD = "def test_when_added_then_counted():\n    pass\n"


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_good.py").write_text(GOOD, encoding="utf-8")
    return tests


def test_a_fifo_among_the_tests_is_a_finding_not_a_hang(suite: Path, tkit_lint: Run) -> None:
    os.mkfifo(suite / "test_pipe.py")
    result = tkit_lint("--no-cache", "tests", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "tests/test_pipe.py:1:1: TK000" in result.stdout
    assert "named pipe" in result.stdout
    assert "tests/test_good.py" in result.stdout  # the other files are still linted


def test_a_fifo_is_a_finding_with_the_cache_too(suite: Path, tkit_lint: Run) -> None:
    os.mkfifo(suite / "test_pipe.py")
    for _ in range(2):  # cold, then warm
        result = tkit_lint("tests", timeout=60)
        assert result.returncode == 1, result.stderr
        assert "named pipe" in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_a_finding_not_a_runaway_read(
    suite: Path, tkit_lint: Run, device: str
) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    (suite / "test_device.py").symlink_to(device)
    result = tkit_lint("--no-cache", "tests", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "tests/test_device.py:1:1: TK000" in result.stdout
    assert "is a device" in result.stdout


def test_a_file_over_the_size_limit_is_a_finding_that_says_so(suite: Path, tkit_lint: Run) -> None:
    (suite / "test_big.py").write_text(GOOD * 2000, encoding="utf-8")  # about 90 kB
    result = tkit_lint("--no-cache", "--max-file-size", "64k", "tests", timeout=60)
    assert result.returncode == 1, result.stderr
    assert "tests/test_big.py:1:1: TK000" in result.stdout
    assert "too large to lint" in result.stdout and "65,536" in result.stdout
    result = tkit_lint("--no-cache", "--max-file-size", "1M", "tests", timeout=60)
    assert "test_big.py:1:1: TK000" not in result.stdout


def test_a_bad_size_is_a_usage_error(suite: Path, tkit_lint: Run) -> None:
    result = tkit_lint("--max-file-size", "lots", "tests")
    assert result.returncode == 2
    assert "is not a size" in result.stderr
