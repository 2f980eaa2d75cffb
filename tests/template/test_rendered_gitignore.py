"""The rendered `.gitignore` keeps what the kits, the linter and the reports write out of
version control, as git itself reads it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tkit_scaffold.scaffold import render_project

# What a run of the rendered project leaves behind, and what must stay tracked.
GENERATED = (
    ".tkit/history.sqlite",  # tkit report's history
    ".tkit_cache/entry.json",  # tkit-lint's cache
    ".coverage",  # coverage.py's data file
    ".coverage.host.1234.XyZ",  # its parallel-mode data files
    "tkit-results/streams/python.jsonl",  # the result streams CI collects
    "tkit-report/index.html",  # a report written where the docs suggest
    "rust/target/debug/build",
    "python/.venv/bin/python",
)
TRACKED = ("tkit.toml", "python/tests/test_cart.py", "crosslang/cases/equality.json")


def test_generated_files_are_ignored_and_sources_are_not(
    tmp_path: Path, toolchain: Callable[[str], str]
) -> None:
    toolchain("git")
    project = render_project(tmp_path / "shop", ["rust", "python", "go"], {"project_name": "Shop"})
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    for path in GENERATED + TRACKED:
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).touch()
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=project,
        input="\n".join(GENERATED + TRACKED) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    ignored = set(checked.stdout.split())
    assert sorted(set(GENERATED) - ignored) == []
    assert sorted(ignored & set(TRACKED)) == []
