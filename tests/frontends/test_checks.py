"""The file's helpers that check, asked one at a time (frontends/_checks.py)."""

from __future__ import annotations

import itertools

import pytest

from tkit_scaffold.frontends._checks import ConfiguredHelpers, LocalHelpers

# name -> (checks by itself, helpers it calls)
GRAPH: dict[str, tuple[bool, tuple[str, ...]]] = {
    "check": (True, ()),
    "outer": (False, ("fill", "check")),
    "fill": (False, ()),
    "ping": (False, ("pong",)),  # a cycle that never checks
    "pong": (False, ("ping",)),
    "left": (False, ("right",)),  # a cycle one of whose members reaches a check
    "right": (False, ("left", "outer")),
    "deep0": (False, ("deep1",)),
    "deep1": (False, ("deep2",)),
    "deep2": (False, ("check",)),
}
EXPECTED = {
    "check": True,
    "outer": True,
    "fill": False,
    "ping": False,
    "pong": False,
    "left": True,
    "right": True,
    "deep0": True,
    "deep1": True,
    "deep2": True,
}


def helpers(depth: int = 8) -> LocalHelpers[str, tuple[bool, tuple[str, ...]]]:
    return LocalHelpers(GRAPH, lambda body: body[0], lambda body: body[1], depth)


@pytest.mark.parametrize("order", list(itertools.permutations(["left", "right", "ping", "outer"])))
def test_answers_do_not_depend_on_the_order_of_the_questions(order: tuple[str, ...]) -> None:
    local = helpers()
    assert {name: local.checks(name) for name in order} == {name: EXPECTED[name] for name in order}
    assert {name: local.checks(name) for name in EXPECTED} == EXPECTED


def test_unknown_names_are_no_helpers() -> None:
    assert "print" not in helpers()
    assert "outer" in helpers()


def test_each_helper_is_read_at_most_once() -> None:
    reads: list[str] = []
    local = LocalHelpers(
        {name: name for name in GRAPH},
        lambda name: reads.append(name) is None and GRAPH[name][0],
        lambda name: GRAPH[name][1],
    )
    for name in [*EXPECTED, *EXPECTED]:
        local.checks(name)
    assert len(reads) == len(set(reads))


def test_checks_are_followed_only_as_deep_as_the_bound() -> None:
    assert helpers(depth=3).checks("deep0")
    assert not helpers(depth=2).checks("deep0")


@pytest.mark.parametrize(
    ("patterns", "form", "matches"),
    [
        (("tm.assert_*",), "tm.assert_frame_equal", True),
        (("tm.assert_*",), "assert_frame_equal", False),
        (("check_*",), "self.check_total", True),
        (("ok!",), "ok!", True),
        (("common::verify",), "common::verify", True),
        ((), "check_total", False),
    ],
)
def test_configured_helpers_match_dotted_names_and_last_names(
    patterns: tuple[str, ...], form: str, matches: bool
) -> None:
    assert ConfiguredHelpers(patterns).matches(form) is matches
