"""Real test suites that no one here wrote, fetched through the package registries.

- Python: the ``pandas/tests`` tree inside the pandas wheel from PyPI.
- Rust: the ``.rs`` files of crates the template depends on (and a few common ones),
  fetched with ``cargo fetch``.
- Go: the ``_test.go`` files of modules fetched with ``go mod download``.

Everything is cached under ``TKIT_CORPUS_DIR`` (default ``~/.cache/tkit-corpus``) so a
second run needs no network. Each fetch holds a file lock in that folder, so parallel test
workers (or a benchmark beside the tests) fetch once and never see a half-extracted tree.
Used by the corpus tests and by ``bench_lint.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from filelock import FileLock

PANDAS_VERSION = "3.1.1"
RUST_CRATES = {"regex": "1", "serde_json": "1", "proptest": "1", "itertools": "0.14"}
GO_MODULES = (
    "pgregory.net/rapid@v1.2.0",
    "github.com/stretchr/testify@v1.10.0",
    "github.com/google/go-cmp@v0.7.0",
    "github.com/onsi/ginkgo/v2@v2.23.4",
)


def cache_dir() -> Path:
    root = Path(os.environ.get("TKIT_CORPUS_DIR", Path.home() / ".cache" / "tkit-corpus"))
    root.mkdir(parents=True, exist_ok=True)
    return root


def _one_fetch_at_a_time(fetch: Callable[[], Path]) -> Callable[[], Path]:
    """Run ``fetch`` under a lock of its own in the cache folder (it checks for a finished
    copy first, so the process that waited finds it there)."""

    @wraps(fetch)
    def locked() -> Path:
        with FileLock(cache_dir() / f".{fetch.__name__}.lock"):
            return fetch()

    return locked


def _run(command: list[str], cwd: Path | None = None) -> str:
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


@_one_fetch_at_a_time
def pandas_tests() -> Path:
    """The pandas/tests tree of the pandas wheel (about 1,100 files)."""
    target = cache_dir() / f"pandas-{PANDAS_VERSION}"
    done = target / ".complete"
    if done.exists():
        return target / "pandas" / "tests"
    wheels = cache_dir() / "wheels"
    wheels.mkdir(exist_ok=True)
    found = list(wheels.glob(f"pandas-{PANDAS_VERSION}-*.whl"))
    if not found:
        _run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "--dest", str(wheels), f"pandas=={PANDAS_VERSION}",
            ]
        )  # fmt: skip
        found = list(wheels.glob(f"pandas-{PANDAS_VERSION}-*.whl"))
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(found[0]) as wheel:
        members = [name for name in wheel.namelist() if name.startswith("pandas/tests/")]
        wheel.extractall(target, members)
    done.touch()
    return target / "pandas" / "tests"


@_one_fetch_at_a_time
def rust_sources() -> Path:
    """The .rs files of a few real crates, copied out of Cargo's registry."""
    target = cache_dir() / "rust"
    done = target / ".complete"
    if done.exists():
        return target
    project = cache_dir() / "rust-fetch"
    (project / "src").mkdir(parents=True, exist_ok=True)
    (project / "src" / "lib.rs").write_text("", encoding="utf-8")
    dependencies = "\n".join(f'{name} = "{version}"' for name, version in RUST_CRATES.items())
    (project / "Cargo.toml").write_text(
        f'[package]\nname = "corpus"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f"[dependencies]\n{dependencies}\n",
        encoding="utf-8",
    )
    _run(["cargo", "fetch", "--quiet"], cwd=project)
    metadata = json.loads(
        _run(["cargo", "metadata", "--format-version", "1", "--quiet"], cwd=project)
    )
    shutil.rmtree(target, ignore_errors=True)
    for package in metadata["packages"]:
        if package["name"] not in RUST_CRATES:
            continue
        source = Path(package["manifest_path"]).parent
        destination = target / f"{package['name']}-{package['version']}"
        for path in source.rglob("*.rs"):
            copy = destination / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    done.touch()
    return target


@_one_fetch_at_a_time
def go_sources() -> Path:
    """The _test.go files of a few real modules, copied out of Go's module cache."""
    target = cache_dir() / "go"
    done = target / ".complete"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    work = cache_dir() / "go-fetch"
    work.mkdir(exist_ok=True)
    if not (work / "go.mod").exists():
        _run(["go", "mod", "init", "corpus.example/fetch"], cwd=work)
    for module in GO_MODULES:
        info = json.loads(_run(["go", "mod", "download", "-json", module], cwd=work))
        source = Path(info["Dir"])
        destination = target / module.replace("/", "_").replace("@", "-")
        for path in source.rglob("*_test.go"):
            copy = destination / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    done.touch()
    return target


if __name__ == "__main__":
    for name, fetch in (("python", pandas_tests), ("rust", rust_sources), ("go", go_sources)):
        print(f"{name}: {fetch()}")
