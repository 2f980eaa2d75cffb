"""The name-glob matcher of discovery agrees with pathspec's gitignore matching."""

from __future__ import annotations

import itertools

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
