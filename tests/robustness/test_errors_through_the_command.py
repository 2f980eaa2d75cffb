"""Errors the user can act on, through the real command: configuration problems name the
file, the line and what to change; a bug in one rule names the rule and the file and
hides no other finding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_PY = "def test_total():\n    total = 3\n    assert total == 3\n"


def run(cwd: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tkit_scaffold", *args]
    if code is not None:
        command = [sys.executable, "-c", code, *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('select = ["TK"\n', ["at the end of the file", "not valid TOML (Unclosed array)"]),
        ('select = ["TK"]\nignore = \n', ["line 2, column 10", "not valid TOML (Invalid value)"]),
        ("select = 3\n", ["line 1: select: must be a list of strings, not the number 3"]),
        ('select = ["TK1", "TK777"]\n', ["line 1: select", "'TK777' matches no rule"]),
        ('ignore = ["E501"]\n', ["line 1: ignore", "is not a rule code or prefix"]),
        ('exclude = ["!"]\n', ["line 1: exclude", "not a valid glob"]),
        ('[naming]\nstyle = "camelCase"\n', ["line 2: naming.style", "'given-when-then'"]),
        ('[kitt]\npython-modules = ["x"]\n', ["line 1: kitt: unknown key"]),
    ],
    ids=[
        "toml-unclosed",
        "toml-value",
        "type",
        "unknown-code",
        "foreign-code",
        "glob",
        "style",
        "unknown-table",
    ],
)
def test_bad_configuration_exits_two_with_file_line_and_fix(
    tmp_path: Path, config: str, expected: list[str]
) -> None:
    (tmp_path / "tkit.toml").write_text(config, encoding="utf-8")
    (tmp_path / "test_total.py").write_text(BAD_PY, encoding="utf-8")
    result = run(tmp_path, ".")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: invalid configuration in {tmp_path / 'tkit.toml'}")
    for fragment in expected:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr


CRASH_ONE_RULE = """
import sys
from tkit_scaffold.rules.tk301_foreign_assertion import ForeignAssertion

def boom(self, file, context):
    if file.path.endswith("test_b.py"):
        raise KeyError("unexpected node")
    yield from original(self, file, context)

original = ForeignAssertion.check
ForeignAssertion.check = boom
from tkit_scaffold.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_crashing_rule_names_rule_and_file_and_hides_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "test_a.py").write_text(BAD_PY, encoding="utf-8")
    (tmp_path / "test_b.py").write_text(BAD_PY, encoding="utf-8")
    result = run(tmp_path, "--format", "json", ".", code=CRASH_ONE_RULE)
    assert result.returncode == 2
    found = {(item["path"], item["code"]) for item in json.loads(result.stdout)}
    assert ("test_a.py", "TK301") in found  # the rule still ran on the other file
    assert ("test_b.py", "TK101") in found  # and the other rules on the same file
    assert ("test_b.py", "TK301") not in found
    assert "internal error in rule TK301 on test_b.py: KeyError: 'unexpected node'" in result.stderr
    assert "Please report it" in result.stderr
    assert "Traceback" not in result.stderr
