"""Session renders of the template and helpers to run the rendered projects' toolchains.

Each language subset is rendered once per session; tests must not modify a shared
render (copy it first). Test modules cannot import this file (pytest runs with
``--import-mode=importlib``), so everything they share is a fixture, and the language
subsets reach them through ``pytest_generate_tests``:

- ``subset``: each of the seven non-empty subsets of rust, python, go;
- ``paired_subset``: the two-language subsets, compared file by file with the others.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from tkit_scaffold.scaffold import LANGUAGES, render_project

REPO_ROOT = Path(__file__).resolve().parents[2]

PROJECT_DATA: Mapping[str, object] = {"project_name": "Demo Shop"}

SUBSETS: tuple[tuple[str, ...], ...] = tuple(
    subset
    for size in range(1, len(LANGUAGES) + 1)
    for subset in itertools.combinations(LANGUAGES, size)
)
PAIRED_SUBSETS = tuple(subset for subset in SUBSETS if len(subset) == 2)

RenderFn = Callable[[Sequence[str]], Path]
RunFn = Callable[..., "subprocess.CompletedProcess[str]"]


def _subset_id(subset: Sequence[str]) -> str:
    return "+".join(subset)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, subsets in (
        ("subset", SUBSETS),
        ("paired_subset", PAIRED_SUBSETS),
    ):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, subsets, ids=[_subset_id(s) for s in subsets])


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout holding copier.yml and template/."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def project_data() -> Mapping[str, object]:
    """The answers every shared render uses (the rest are the template's defaults)."""
    return PROJECT_DATA


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> RenderFn:
    """Render a language subset (once per session) and return the project's root."""
    cache: dict[tuple[str, ...], Path] = {}

    def render(languages: Sequence[str]) -> Path:
        key = tuple(language for language in LANGUAGES if language in languages)
        if key not in cache:
            destination = tmp_path_factory.mktemp(_subset_id(key)) / "project"
            cache[key] = render_project(destination, key, PROJECT_DATA)
        return cache[key]

    return render


@pytest.fixture(scope="session")
def cargo_target_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One target folder for every Rust render: same crate, same dependencies. Under
    pytest-xdist the workers share it (their temporary folders have one parent), so the
    dependencies are compiled once; Cargo's own lock keeps concurrent builds apart."""
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = tmp_path_factory.getbasetemp().parent / "cargo-target"
        shared.mkdir(exist_ok=True)
        return shared
    return tmp_path_factory.mktemp("cargo-target")


def _require_toolchain(program: str) -> str:
    found = shutil.which(program)
    if found is not None:
        return found
    reason = f"{program} is not on PATH; install it to run the rendered project's checks"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: a missing toolchain is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def toolchain() -> Callable[[str], str]:
    """Find a program: skip the test when it is missing, fail instead under CI=true."""
    return _require_toolchain


def _clean_env(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "TKIT_UPDATE_GOLDEN"} and not key.startswith("PYTEST_")
    }
    env.update(extra or {})
    return env


def _run_checked(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        list(command),
        cwd=cwd,
        env=_clean_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` in {cwd} exited {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}",
            pytrace=False,
        )
    return completed


@pytest.fixture(scope="session")
def run_checked() -> RunFn:
    """Run a command in a rendered project, without this suite's environment settings;
    fail the test with the command's stdout and stderr unless it exits 0."""
    return _run_checked
