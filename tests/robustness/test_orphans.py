"""Workers die with their parent: after `kill -9` of a `--fix --jobs 2` run, its worker
processes notice between two files and exit without starting another write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TEST = """#[test]
fn test_given_case_{index}_when_run_then_ok() {{
    let value = {index};
    assert_that!(value, eq({index}));
}}

"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_soon_after_their_parent_is_killed(tmp_path: Path) -> None:
    source = "use shop::*;\n\n" + "".join(TEST.format(index=index) for index in range(400))
    for index in range(120):
        (tmp_path / f"suite_{index}.rs").write_text(source, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tkit_scaffold", "--fix", "--select", "TK102", "--jobs", "2",
         "--no-cache", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers = [pid for pid in children_of(process.pid) if alive(pid)]
        time.sleep(0.05)
    if process.poll() is not None or len(workers) < 2:
        pytest.skip("the run ended before its workers could be seen")
    time.sleep(1.0)  # in the middle of the work
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 60  # one file at most each: a few seconds
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
