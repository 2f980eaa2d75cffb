"""The rendered projects pass their own tests and linters with no edits.

The full toolchain runs on each language alone and on all three together; the
two-language renders are checked to hold the very same language folders, which keeps
the suite inside the CI time budget without losing coverage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.scaffold import LANGUAGES

RenderFn = Callable[[Sequence[str]], Path]
RunFn = Callable[..., Any]

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

COMMANDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "rust": (
        ("cargo", "test"),
        ("cargo", "clippy", "--all-targets", "--", "-D", "warnings"),
        ("cargo", "fmt", "--check"),
    ),
    "python": (
        ("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        ("ruff", "check", "--no-cache", "."),
        ("ruff", "format", "--check", "--no-cache", "."),
    ),
    "go": (
        ("go", "test", "./..."),
        ("go", "vet", "./..."),
    ),
}

# Each language alone, and all of them together.
BUILT_SUBSETS = [(language,) for language in LANGUAGES] + [LANGUAGES]

LANGUAGE_CASES = [
    pytest.param(subset, language, command, id=f"{'+'.join(subset)}:{' '.join(command[:2])}")
    for subset in BUILT_SUBSETS
    for language in subset
    for command in COMMANDS[language]
]


@pytest.mark.parametrize(("built_subset", "language", "command"), LANGUAGE_CASES)
def test_given_rendered_language_when_its_command_runs_then_it_passes(
    rendered: RenderFn,
    built_subset: tuple[str, ...],
    language: str,
    command: tuple[str, ...],
    toolchain: Callable[[str], str],
    run_checked: RunFn,
    cargo_target_dir: Path,
) -> None:
    toolchain(command[0])
    folder = rendered(built_subset) / language
    assert folder.is_dir(), f"the {'+'.join(built_subset)} render has no {language}/ folder"
    env = {"CARGO_TARGET_DIR": str(cargo_target_dir)} if language == "rust" else {}
    run_checked(command, cwd=folder, env=env)


@pytest.mark.parametrize(
    "built_subset",
    [subset for subset in BUILT_SUBSETS if "go" in subset],
    ids=["+".join(subset) for subset in BUILT_SUBSETS if "go" in subset],
)
def test_given_rendered_go_when_gofmt_lists_files_then_none_is_listed(
    rendered: RenderFn,
    built_subset: tuple[str, ...],
    toolchain: Callable[[str], str],
    run_checked: RunFn,
) -> None:
    toolchain("gofmt")
    listed = run_checked(("gofmt", "-l", "."), cwd=rendered(built_subset) / "go")
    assert listed.stdout.strip() == "", "files gofmt would reformat"


@pytest.mark.slow
def test_given_two_language_render_when_compared_then_folders_match_single_renders(
    rendered: RenderFn, paired_subset: tuple[str, ...]
) -> None:
    paired = rendered(paired_subset)
    for language in paired_subset:
        single = rendered((language,))
        assert _snapshot(paired / language) == _snapshot(single / language), language
    assert _snapshot(paired / "crosslang") == _snapshot(rendered(paired_subset[:1]) / "crosslang")


# What running the toolchains leaves behind in a shared render.
BUILD_OUTPUT = {
    "target",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".tkit_cache",
}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and BUILD_OUTPUT.isdisjoint(path.relative_to(root).parts)
    }


@pytest.mark.parametrize(
    "built_subset", BUILT_SUBSETS, ids=["+".join(subset) for subset in BUILT_SUBSETS]
)
def test_given_rendered_project_when_tkit_lint_runs_then_it_reports_nothing(
    rendered: RenderFn, built_subset: tuple[str, ...], run_checked: RunFn
) -> None:
    source = Path(__file__).resolve().parents[2] / "src"
    run_checked(
        (sys.executable, "-m", "tkit_scaffold", "."),
        cwd=rendered(built_subset),
        env={"PYTHONPATH": str(source)},
    )
