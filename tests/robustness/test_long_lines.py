"""Time is linear in the length of a line as well as of a file: one long literal line in a
test of each language (the shape a generated fixture takes) costs four times as much at
four times the length, not sixteen."""

from __future__ import annotations

import time

import pytest

from tkit_scaffold.config import Config
from tkit_scaffold.engine import RuleSet, lint_file_text

RULES = RuleSet(Config())
SHAPES = {
    "tests/big.rs": '#[test]\nfn test_given_a_when_b_then_c() {{\n    let s = "{literal}";\n'
    "    assert_eq!(s.len(), 1);\n}}\n",
    "big_test.go": 'package big\n\nimport "testing"\n\nfunc TestGivenAWhenBThenC(t *testing.T) {{\n'
    '\ts := "{literal}"\n\tif len(s) != 1 {{\n\t\tt.Fatal("long")\n\t}}\n}}\n',
    "tests/test_big.py": 'def test_given_a_when_b_then_c():\n    s = "{literal}"\n'
    "    assert len(s) == 1\n",
}


def fastest(path: str, size: int) -> float:
    source = SHAPES[path].format(literal="ab, " * (size // 4))
    times = []
    for _ in range(3):
        started = time.perf_counter()
        lint_file_text(path, source, RULES)
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize("path", sorted(SHAPES))
def test_one_long_line_costs_time_in_proportion_to_its_length(path: str) -> None:
    fastest(path, 1000)  # the parser loaded
    small, large = fastest(path, 250_000), fastest(path, 1_000_000)
    assert large < 8 * small + 0.5, (small, large)  # linear: 4x; quadratic: 16x
