"""The rendered project's own test suites pass offline and in any directory: no sleeps,
no network access, no absolute paths; moved elsewhere after rendering, they still pass."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tkit_scaffold.scaffold import render_project

SLEEP = re.compile(r"time\.sleep\(|thread::sleep|time\.Sleep\(|asyncio\.sleep\((?!0\))")
# The kits' polling matchers (`eventually`, `consistently`) wait between polls by design;
# they are the one place allowed to sleep, so that tests never have to.
POLLING_MODULES = {
    "python/src/testingkit/awaiting.py",
    "python/src/testingkit/matchers_polling.py",
    "rust/src/matchers/polling.rs",
    "go/testingkit/matchers_polling.go",
}
NETWORK = re.compile(
    r"\bsocket\b|urllib|requests\.|http\.client|https?://(?!example\.com)|net/http|"
    r"net\.Dial|reqwest|TcpStream|UdpSocket"
)
ABSOLUTE_PATH = re.compile(r"""["'](?:/(?:tmp|home|root|usr|var|etc|Users)\b|[A-Za-z]:\\)""")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_project(tmp_path_factory.mktemp("render") / "shop", ["rust", "python", "go"])


def rendered_test_code(project: Path) -> list[Path]:
    return [
        path
        for pattern in ("python/**/*.py", "rust/**/*.rs", "go/**/*.go")
        for path in project.glob(pattern)
    ]


def test_rendered_test_code_has_no_sleep_network_or_absolute_path(project: Path) -> None:
    files = rendered_test_code(project)
    assert len(files) > 20
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for label, pattern in (("sleep", SLEEP), ("network", NETWORK), ("path", ABSOLUTE_PATH)):
                if label == "sleep" and path.relative_to(project).as_posix() in POLLING_MODULES:
                    continue
                if pattern.search(line):
                    problems.append(
                        f"{path.relative_to(project)}:{number}: {label}: {line.strip()}"
                    )
    assert problems == []


@pytest.mark.slow
def test_python_suite_passes_after_the_project_is_moved(project: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere" / "shop-moved"
    shutil.copytree(project, moved)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(moved / "python")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
