"""Which calls of a test are checks made elsewhere: the file's own helpers that assert, and
the helpers a project names in ``check-helpers``.

Real suites check through helpers more often than not: a function, method or macro of the
same file that asserts (``check_roundtrip(x)``, ``testStrings(t, x, y)``,
``check_interval_poll!(...)``), possibly through another one. Each frontend lists the
file's helpers with the checks they make themselves and the helpers they call; this module
answers which of them check, transitively, in time linear in the size of that list.
"""

from __future__ import annotations

import fnmatch
import re
from collections import deque
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TypeVar

_Name = TypeVar("_Name", str, bytes)

# How many helpers deep a check is followed: a test's check reached through more calls
# than this is rare, and the bound keeps a pathological chain from mattering.
MAX_HELPER_DEPTH = 8


def checking_helpers(
    direct: Iterable[_Name], calls: Mapping[_Name, Iterable[_Name]], depth: int = MAX_HELPER_DEPTH
) -> frozenset[_Name]:
    """The helpers that check: those in ``direct`` and those that call one that checks,
    up to ``depth`` calls away. ``calls`` maps each helper to the helpers it calls.

    A breadth-first walk of the reversed call graph from the direct checkers visits each
    helper and each call once (memoised by the visited set)."""
    callers: dict[_Name, list[_Name]] = {}
    for caller, callees in calls.items():
        for callee in callees:
            if callee != caller:
                callers.setdefault(callee, []).append(caller)
    checking = set(direct)
    queue = deque((name, 0) for name in checking)
    while queue:
        name, distance = queue.popleft()
        if distance >= depth:
            continue
        for caller in callers.get(name, ()):
            if caller not in checking:
                checking.add(caller)
                queue.append((caller, distance + 1))
    return frozenset(checking)


class ConfiguredHelpers:
    """The project's ``check-helpers`` globs, matched against a call as written with its
    qualifier (``tm.assert_frame_equal``, ``suite.checkTotal``, ``ok!``) and against its
    last name alone (``assert_frame_equal``). Rust paths match with ``::`` or ``.``."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self._pattern = _compiled(patterns)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def matches(self, form: str) -> bool:
        if self._pattern is None:
            return False
        form = form.replace("::", ".")
        last = form.rsplit(".", 1)[-1]
        return self._pattern.fullmatch(form) is not None or (
            last != form and self._pattern.fullmatch(last) is not None
        )


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(
        "|".join(f"(?:{fnmatch.translate(item.replace('::', '.'))})" for item in patterns)
    )
