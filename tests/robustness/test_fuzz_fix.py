"""A bounded fuzz and fault run through the real command: mutated real files of the three
languages are linted, fixed with --unsafe-fixes and fixed again. Every run must end with
exit 0 or 1, in bounded time, with no traceback and no internal error, touching nothing
outside the project; a second --fix finds nothing more to fix in what the first wrote.

The mutations are drawn from a fixed seed (a failure reproduces); ``TKIT_FUZZ_FILES``
raises the number of files per language for a longer run (the CI default is small), and
``TKIT_FUZZ_SEED`` draws other mutations."""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template"
FILES_PER_LANGUAGE = int(os.environ.get("TKIT_FUZZ_FILES", "8"))
NOISE = [b"(", b")", b"{", b"}", b"[", b'"', b"'", b"\\", b"\x00", b"\xef\xbb\xbf", b"\r",
         b"\r\n", b"\t", b"#", b"//", b"/*", b"\xff", b"\xc3", "é".encode(), b"\n\n\n",
         b"fn ", b"def ", b"func ", b"!", b"assert ", b"assert_that!("]  # fmt: skip


def seed(pattern: str) -> bytes:
    (path,) = TEMPLATE.glob(pattern)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{%-?\s*(raw|endraw)\s*-?%\}", "", text)
    return re.sub(r"\{\{[^}]*\}\}", "demo_shop", text).encode()


SEEDS = {
    "test_cart_{}.py": seed("*python*/tests/test_cart.py.jinja"),
    "cart_{}.rs": seed("*rust*/tests/cart.rs.jinja"),
    "cart_{}_test.go": seed("*go*/cart/cart_test.go.jinja"),
}


def mutate(data: bytes, draw: random.Random) -> bytes:
    for _ in range(draw.randint(1, 4)):
        cut = draw.randint(0, len(data))
        operation = draw.choice(["truncate", "insert", "delete", "cr", "crlf", "bom", "swap"])
        if operation == "truncate":
            data = data[:cut]
        elif operation == "insert":
            data = data[:cut] + draw.choice(NOISE) + data[cut:]
        elif operation == "delete":
            data = data[:cut] + data[cut + draw.randint(1, 40) :]
        elif operation == "cr":
            data = data.replace(b"\n", b"\r")
        elif operation == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif operation == "bom":
            data = b"\xef\xbb\xbf" + data
        else:
            lines = data.split(b"\n")
            draw.shuffle(lines[len(lines) // 3 : len(lines) // 2])
            data = b"\n".join(lines)
    return data


def snapshot(folder: Path, skip: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and skip not in path.parents
    }


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tkit_scaffold", "--no-cache", *args, "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_mutated_files_through_lint_fix_and_a_second_fix(tmp_path: Path) -> None:
    draw = random.Random(int(os.environ.get("TKIT_FUZZ_SEED", "20")))
    project = tmp_path / "project"
    tests = project / "tests"
    tests.mkdir(parents=True)
    (project / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n", encoding="utf-8")
    for name, data in SEEDS.items():
        for index in range(FILES_PER_LANGUAGE):
            (tests / name.format(index)).write_bytes(mutate(data, draw))
    (tmp_path / "outside.txt").write_text("not the linter's\n", encoding="utf-8")
    outside = snapshot(tmp_path, project)
    for args in ((), ("--fix", "--unsafe-fixes"), ("--fix",)):
        result = run(project, *args)
        assert result.returncode in (0, 1), (args, result.stderr[-2000:])
        assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])
        assert "internal error" not in result.stderr, (args, result.stderr[-2000:])
    assert "Fixed" not in result.stderr  # the second --fix had nothing left to fix
    assert snapshot(tmp_path, project) == outside
    assert not list(project.rglob("*.tkit-tmp"))  # no temporary file left behind
