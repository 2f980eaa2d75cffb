"""The README opens with the two commands a newcomer copies: the first renders a kit
outside the checkout and lints it, the second runs the test suite, and CI runs exactly
that second command. Both make and activate a virtual environment first."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_STEPS = ["python3 -m venv .venv", ". .venv/bin/activate"]


def _quickstart() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert first_block is not None, "the README has no bash block"
    before = readme[: first_block.start()]
    assert before.strip() == "# TestingKit", "the commands must come first, under the title"
    return first_block.group(1).strip().splitlines()


def _steps(command: str) -> list[str]:
    return [step.strip() for step in command.split("&&")]


def test_readme_opens_with_exactly_two_commands_each_in_a_virtual_environment() -> None:
    commands = _quickstart()
    assert len(commands) == 2, commands
    for command in commands:
        assert _steps(command)[:2] == VENV_STEPS


def test_first_command_renders_outside_the_checkout_and_lints_the_render() -> None:
    render, lint = _steps(_quickstart()[0])[-2:]
    new = shlex.split(render)
    assert new[:2] == ["tkit", "new"]
    destination = new[2]
    resolved = (ROOT / destination).resolve()
    assert not resolved.is_relative_to(ROOT), f"{destination} is inside the checkout"
    assert shlex.split(lint) == ["tkit-lint", destination]


def test_ci_runs_the_second_command_exactly() -> None:
    second = _quickstart()[1]
    assert _steps(second)[-1] == "python3 -m pytest"
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert commands[-1] == second
