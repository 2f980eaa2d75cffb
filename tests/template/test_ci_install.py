"""The rendered CI installs the exact tool that rendered the project, as rendered.

No package index has ``tkit-scaffold``; ``tkit new`` ships a wheel of itself in
``tools/`` and the workflow's install steps point at it. This test runs those steps, word
for word from the rendered workflow, in a fresh virtual environment against the real
package index, then uses the installed tools.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from tkit_scaffold import __version__

pytestmark = pytest.mark.slow

TKIT = "import sys; from tkit_scaffold.cli import tkit_main; sys.exit(tkit_main())"
INSTALL_STEPS = {("tkit-lint", "Install tkit-lint"), ("report", "Install tkit")}


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_given_tkit_new_render_when_ci_install_steps_run_then_the_same_tool_works(
    tmp_path: Path,
) -> None:
    rendered = _run(
        [sys.executable, "-c", TKIT, "new", "shop", "--lang", "go"], tmp_path, dict(os.environ)
    )
    assert rendered.returncode == 0, rendered.stderr
    project = tmp_path / "shop"
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    steps = {
        (job, step["name"]): step["run"]
        for job, spec in workflow["jobs"].items()
        for step in spec["steps"]
        if "name" in step and "run" in step
    }
    assert set(steps) >= INSTALL_STEPS
    commands = {steps[key] for key in INSTALL_STEPS}
    assert len(commands) == 1  # both jobs install the same thing
    (command,) = commands
    wheel = f"tools/tkit_scaffold-{__version__}-py3-none-any.whl"
    assert wheel in command and (project / wheel).is_file()

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    bin_dir = environment / "bin"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV"} and not key.startswith(("PYTEST_", "TKIT_"))
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(environment)
    # The step as the workflow runs it: `run:` is a bash script from the repository root,
    # `python` being the interpreter that setup-python put first on PATH.
    installed = _run(["bash", "-e", "-c", command], project, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    version = _run([str(bin_dir / "tkit-lint"), "--version"], project, env)
    assert version.stdout.strip() == f"tkit-lint {__version__}"
    located = _run(
        [str(bin_dir / "python"), "-c", "import tkit_scaffold; print(tkit_scaffold.__file__)"],
        project,
        env,
    )
    assert str(environment) in located.stdout  # the wheel's copy, not this checkout
    # The installed copy carries the template: it renders offline, as `tkit new` did.
    again = _run([str(bin_dir / "tkit"), "new", "again", "--lang", "go"], tmp_path, env)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "go" / "go.mod").is_file()
    lint = _run([str(bin_dir / "tkit-lint"), "--no-cache", "go/cart"], project, env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
