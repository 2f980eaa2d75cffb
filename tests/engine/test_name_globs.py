"""The name-glob matcher of discovery agrees with pathspec's gitignore matching."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pathspec
import pytest

from tkit_scaffold.discovery import _NameGlobs, compile_patterns

PATTERNS = [
    "**/test_*.py",
    "**/*_test.py",
    "**/*.rs",
    "**/*_test.go",
    "*.rs",
    "test_?.py",
    "build",
    "build/",
    "**/fixtures/",
    "*",
    "*.py",
    "a+b@c~d=e-f.py",
    "tests",
]
PATHS = [
    "test_a.py",
    "pkg/test_a.py",
    "pkg/sub/test_ab.py",
    "pkg/a_test.py",
    "a_test.py/inner.txt",
    "src/lib.rs",
    "lib.rs",
    "lib.rsx",
    "x.rs/y",
    "foo_test.go",
    "deep/er/foo_test.go",
    "test_x.py",
    "build",
    "build/",
    "build/out.rs",
    "src/build/out.rs",
    "rebuild/x",
    "fixtures/",
    "a/fixtures/data.py",
    "a/fixtures",
    "../outside/test_a.py",
    "/abs/path/test_a.py",
    "a+b@c~d=e-f.py",
    "dir/a+b@c~d=e-f.py",
    "tests/",
    "tests/conftest.py",
    "my_tests/x.py",
    ".hidden/test_a.py",
    "",
    "a/",
    "a//b.py",
    "x/.py",
    ".py",
    "pkg/.rs",
]


@pytest.mark.parametrize(
    "patterns",
    [[pattern] for pattern in PATTERNS]
    + [list(pair) for pair in itertools.combinations(PATTERNS[:6], 2)]
    + [[]],
)
def test_name_globs_match_what_pathspec_matches(patterns: list[str]) -> None:
    matcher = compile_patterns(patterns)
    assert isinstance(matcher, _NameGlobs)
    reference = pathspec.PathSpec.from_lines("gitignore", patterns)
    for path in PATHS:
        assert matcher.match_file(path) == reference.match_file(path), (patterns, path)


@pytest.mark.parametrize(
    "pattern", ["!test_a.py", "/anchored.py", "src/*.py", "[ab].py", "a\\*b", "..", "a **/b", "x y"]
)
def test_other_patterns_go_to_pathspec(pattern: str) -> None:
    assert not isinstance(compile_patterns([pattern]), _NameGlobs)
    assert not isinstance(compile_patterns(["**/*.rs", pattern]), _NameGlobs)


@pytest.mark.parametrize("stars", [3, 6, 12])
def test_a_name_glob_of_many_stars_matches_a_long_name_at_once(stars: int) -> None:
    import time

    spec = compile_patterns(["*a" * stars + "*b"])
    started = time.perf_counter()
    assert not spec.match_file("tests/" + "a" * 250)
    assert spec.match_file("tests/" + "a" * 250 + "b")
    assert time.perf_counter() - started < 0.5  # backtracking took minutes at 4 stars


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("tests/[abc", "never closed"),
        ("[abc", "never closed"),
        ("src/*a*a*b/x.py", "3 `*` in one path segment"),
        ("x" * 5000, "longer than 4096"),
    ],
)
def test_a_glob_that_matches_nothing_or_runs_away_is_refused(pattern: str, problem: str) -> None:
    from tkit_scaffold.discovery import check_glob

    with pytest.raises(ValueError, match=re.escape(problem)):
        check_glob(pattern)


@pytest.mark.parametrize("pattern", ["**/test_*.py", "*_a_*_b_*.py", "legacy/**", "[ab]*.rs"])
def test_ordinary_globs_pass_the_check(pattern: str) -> None:
    from tkit_scaffold.discovery import check_glob

    check_glob(pattern)


def test_an_unclosed_bracket_in_include_is_a_configuration_error(tmp_path: Path) -> None:
    from tkit_scaffold.config import load_config_file
    from tkit_scaffold.errors import ConfigError

    path = tmp_path / "tkit.toml"
    path.write_text('include = ["[abc"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 1: include: .* never closed"):
        load_config_file(path)
