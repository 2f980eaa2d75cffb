"""`tkit new --into .` on real projects downloaded from the package registries.

Each project is unpacked into a fresh git repository; its own suite runs before and
after the adoption and must give the same result, the kit's example suite must pass
from where it was put, a test of the project's own may use the kit, and git must show
no change to any file of the project but the manifest lines the adoption reports.
The projects are small on purpose (CI time); they are downloaded once into
``$TKIT_REAL_PROJECTS`` (default: ``~/.cache/tkit-real``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

ToolchainFn = Callable[[str], str]

PYTHON_PROJECT = ("pytest-mock", "3.14.0")  # pyproject with a `dev` extra, tests/, no conftest
GO_PROJECT = ("github.com/google/go-cmp", "v0.7.0")  # go 1.21 directive, several packages
RUST_CRATE = ("itoa", "1.0.19")  # edition 2021, rust-version 1.68, an integration test


def _cache() -> Path:
    folder = Path(os.environ.get("TKIT_REAL_PROJECTS") or Path.home() / ".cache" / "tkit-real")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _run(
    command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONPATH" and not key.startswith(("PYTEST_", "TKIT_"))
    }
    return subprocess.run(
        list(command),
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _ok(command: Sequence[str], cwd: Path, **kwargs: object) -> str:
    completed = _run(command, cwd, **kwargs)  # type: ignore[arg-type]
    assert completed.returncode == 0, (
        f"`{' '.join(command)}` exited {completed.returncode}\n{completed.stdout}\n"
        f"{completed.stderr}"
    )
    return completed.stdout


def _git_repository(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination, symlinks=True)
    for path in [destination, *destination.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # the module cache is read-only
    identity = ["-c", "user.name=Tests", "-c", "user.email=tests@example.com"]
    _ok(["git", "init", "-q", "-b", "main"], destination)
    _ok(["git", "add", "-A"], destination)
    _ok(["git", *identity, "commit", "-q", "--no-verify", "-m", "as released"], destination)
    return destination


def _adopt(repository: Path) -> str:
    code = "import sys; from tkit_scaffold.cli import tkit_main; sys.exit(tkit_main())"
    return _ok([sys.executable, "-c", code, "new", "--into", "."], repository)


def _changed_files(repository: Path) -> set[str]:
    """Files of the project that git sees modified (not the ones added)."""
    status = _ok(["git", "status", "--porcelain", "--untracked-files=no"], repository)
    return {line[3:] for line in status.splitlines()}


def _added_lines_only(repository: Path, path: str) -> list[str]:
    """The manifest's diff: every removed line is an error, the added ones are returned."""
    diff = _ok(["git", "diff", "-U0", "--", path], repository)
    body = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert [line for line in body if line.startswith("-")] == [], diff
    return [line[1:] for line in body]


def _pytest_summary(output: str) -> str:
    counts = re.findall(r"(\d+) (passed|failed|skipped|error|errors|xfailed|xpassed)", output)
    return ", ".join(f"{count} {kind}" for count, kind in sorted(counts, key=lambda c: c[1]))


# ---------------------------------------------------------------------------- Python


@pytest.fixture(scope="module")
def python_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    name, version = PYTHON_PROJECT
    folder = _cache() / "py-sdists"
    folder.mkdir(exist_ok=True)
    archive = folder / f"{name}-{version}.tar.gz"
    if not archive.is_file():
        _ok(
            [
                *(sys.executable, "-m", "pip", "download", "-q", "--no-deps"),
                *("--no-binary", ":all:", f"{name}=={version}", "-d", str(folder)),
            ],
            folder,
        )
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    return unpacked / f"{name}-{version}"


def test_given_real_python_project_when_adopted_then_its_suite_and_the_examples_pass(
    python_project: Path, tmp_path: Path
) -> None:
    repository = _git_repository(python_project, tmp_path / "project")
    # setuptools-scm writes this at build time; the suite runs from the source tree.
    (repository / "src" / "pytest_mock" / "_version.py").write_text('version = "3.14.0"\n')
    suite = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "pytest_mock"]
    env = {"PYTHONPATH": "src"}
    before = _run(suite, repository, env)
    pyproject_before = (repository / "pyproject.toml").read_text(encoding="utf-8")

    report = _adopt(repository)

    assert "pyproject.toml: hypothesis>=6.100, pytest>=8 added to " in report
    assert "[project.optional-dependencies] dev" in report
    assert "tests/conftest.py: created" in report
    assert _changed_files(repository) == {"pyproject.toml"}
    added = _added_lines_only(repository, "pyproject.toml")
    assert [line.strip() for line in added] == ['"hypothesis>=6.100",', '"pytest>=8",']
    assert (
        pyproject_before.splitlines()[0]
        == (repository / "pyproject.toml").read_text(encoding="utf-8").splitlines()[0]
    )
    after = _run(suite, repository, env)
    # The project's own suite gives the same result (pytest-asyncio is not installed here,
    # so some of its async tests fail the same way before and after).
    assert _pytest_summary(after.stdout) == _pytest_summary(before.stdout), after.stdout
    # A test of the project's own uses the kit through tests/conftest.py.
    (repository / "tests" / "test_with_kit.py").write_text(
        "from testingkit import assert_that, eq, given, then, when\n\n\n"
        "def test_when_one_is_added_to_one_then_two():\n"
        '    given("one")\n    total = 1\n    when("one is added")\n    total += 1\n'
        '    then("two")\n    assert_that(total, eq(2))\n',
        encoding="utf-8",
    )
    _ok([*suite, "tests/test_with_kit.py"], repository, env=env)
    _ok(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_cart.py"],
        repository / "testingkit" / "python",
    )


# -------------------------------------------------------------------------------- Go


@pytest.fixture(scope="module")
def go_module(toolchain: ToolchainFn) -> Path:
    go = toolchain("go")
    module, version = GO_PROJECT
    described = json.loads(_ok([go, "mod", "download", "-json", f"{module}@{version}"], _cache()))
    return Path(described["Dir"])


def test_given_real_go_module_when_adopted_then_its_tests_and_the_examples_pass(
    go_module: Path, tmp_path: Path, toolchain: ToolchainFn
) -> None:
    go = toolchain("go")
    repository = _git_repository(go_module, tmp_path / "module")
    packages = _ok([go, "list", "./..."], repository).split()
    before = _run([go, "test", *packages], repository)
    assert before.returncode == 0, before.stdout + before.stderr

    report = _adopt(repository)

    assert "go.mod: require pgregory.net/rapid v1.2.0" in report
    assert _changed_files(repository) == {"go.mod"}
    added = [line for line in _added_lines_only(repository, "go.mod") if line.strip()]
    assert [line.split(" //")[0] for line in added] == ["require pgregory.net/rapid v1.2.0"]
    assert "which needs go 1.23" in report  # the Ginkgo examples, left out for go 1.21
    assert "go 1.21" in (repository / "go.mod").read_text(encoding="utf-8")
    assert not (repository / "testingkit" / "go" / "go.mod").exists()  # one module
    _ok([go, "test", *packages], repository)
    _ok([go, "vet", "./testingkit/..."], repository)
    _ok([go, "test", "./testingkit/go/cart/"], repository)
    kit = f"{GO_PROJECT[0]}/testingkit/go/testingkit"
    assert kit in _ok([go, "list", "./..."], repository).split()


# ------------------------------------------------------------------------------ Rust


@pytest.fixture(scope="module")
def rust_crate(tmp_path_factory: pytest.TempPathFactory, toolchain: ToolchainFn) -> Path:
    cargo = toolchain("cargo")
    name, version = RUST_CRATE
    scratch = tmp_path_factory.mktemp("fetch")
    (scratch / "src").mkdir()
    (scratch / "src" / "lib.rs").write_text("")
    (scratch / "Cargo.toml").write_text(
        f'[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\n{name} = "={version}"\n'
    )
    metadata = json.loads(_ok([cargo, "metadata", "--format-version", "1"], scratch))
    package = next(item for item in metadata["packages"] if item["name"] == name)
    return Path(package["manifest_path"]).parent


@pytest.mark.parametrize("shape", ["crate", "workspace"])
def test_given_real_rust_crate_when_adopted_then_its_tests_and_the_examples_pass(
    rust_crate: Path,
    tmp_path: Path,
    shape: str,
    toolchain: ToolchainFn,
    cargo_target_dir: Path,
) -> None:
    cargo = toolchain("cargo")
    env = {"CARGO_TARGET_DIR": str(cargo_target_dir)}
    if shape == "crate":
        repository = _git_repository(rust_crate, tmp_path / "crate")
    else:
        # A virtual workspace of the real crate, with a comment the edit must keep.
        root = tmp_path / "source"
        shutil.copytree(rust_crate, root / RUST_CRATE[0])
        (root / "Cargo.toml").write_text(
            '# Our workspace.\n[workspace]\nresolver = "2"\nmembers = ["itoa"]  # the crates\n'
        )
        repository = _git_repository(root, tmp_path / "workspace")
    # The project's own package, by its manifest: the kit may depend on the same crate.
    package = [] if shape == "crate" else ["--manifest-path", f"{RUST_CRATE[0]}/Cargo.toml"]
    _ok([cargo, "test", "-q", *package], repository, env=env)

    report = _adopt(repository)

    assert _changed_files(repository) <= {"Cargo.toml", "Cargo.lock"}
    if shape == "crate":
        assert "Cargo.toml: [dev-dependencies] testingkit" in report
        added = _added_lines_only(repository, "Cargo.toml")
        assert 'testingkit = {path = "testingkit/rust"}' in added
    else:
        assert '"testingkit/rust" added to [workspace] members' in report
        manifest = (repository / "Cargo.toml").read_text(encoding="utf-8")
        assert manifest.startswith("# Our workspace.\n")
        assert '"testingkit/rust"]  # the crates' in manifest
    # The crate's tests now build with the kit as a dev-dependency.
    _ok([cargo, "test", "-q", *package], repository, env=env)
    if shape == "workspace":  # the examples, once: the kit is a member here
        _ok([cargo, "test", "-q", "-p", "testingkit", "--test", "cart"], repository, env=env)
