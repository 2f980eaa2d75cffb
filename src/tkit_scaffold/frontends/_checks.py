"""Which calls of a test are checks made elsewhere: the file's own helpers that assert, and
the helpers a project names in ``check-helpers``.

Real suites check through helpers more often than not: a function, method or macro of the
same file that asserts (``check_roundtrip(x)``, ``testStrings(t, x, y)``,
``check_interval_poll!(...)``), possibly through another one. Each frontend lists the
file's helpers, how to tell whether a body checks by itself and which helpers it calls;
this module answers, for the helpers the tests call, which of them check, each helper read
at most once.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import cache
from typing import Generic, TypeVar

_Key = TypeVar("_Key", bound=Hashable)
_Body = TypeVar("_Body")

# How many helpers deep a check is followed: a test's check reached through more calls
# than this is rare, and the bound keeps a pathological chain from mattering.
MAX_HELPER_DEPTH = 8


class LocalHelpers(Generic[_Key, _Body]):
    """The helpers of one file, asked one at a time whether they check.

    A helper checks when its body checks by itself, or it calls a helper that checks, at
    most ``depth`` calls away. Asked about a helper, the index reads the helpers it can
    reach that were not read before (each body once: whether it checks by itself, whom it
    calls) and then finds, for each of them, how many calls away the nearest check is,
    by a breadth-first walk back from the checks. Helpers no test calls are never read,
    and the answers do not depend on the order of the questions."""

    def __init__(
        self,
        bodies: Mapping[_Key, _Body],
        checks_directly: Callable[[_Body], bool],
        callees: Callable[[_Body], Iterable[_Key]],
        depth: int = MAX_HELPER_DEPTH,
    ) -> None:
        self._bodies: Mapping[_Key, _Body] = bodies
        self._checks_directly: Callable[[_Body], bool] = checks_directly
        self._callees: Callable[[_Body], Iterable[_Key]] = callees
        self._depth = depth
        # calls to the nearest check, for every helper read so far (None: none in reach)
        self._distance: dict[_Key, int | None] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._bodies and self.checks(name)  # type: ignore[arg-type]

    def checks(self, name: _Key) -> bool:
        if name not in self._bodies:
            return False
        if name not in self._distance:
            self._read_from(name)
        distance = self._distance[name]
        return distance is not None and distance <= self._depth

    def _read_from(self, name: _Key) -> None:
        direct: list[_Key] = []
        callers: dict[_Key, list[_Key]] = {}
        new: set[_Key] = {name}
        stack = [name]
        while stack:
            helper = stack.pop()
            body = self._bodies[helper]
            if self._checks_directly(body):
                direct.append(helper)
            for callee in self._callees(body):
                if callee == helper or callee not in self._bodies:
                    continue
                callers.setdefault(callee, []).append(helper)
                if callee not in new and callee not in self._distance:
                    new.add(callee)
                    stack.append(callee)
        # Walk back from the checks, nearest first: the new helpers' own checks, and the
        # helpers read before that they call (whose distance is known).
        buckets: list[list[_Key]] = [[] for _ in range(self._depth + 1)]
        buckets[0].extend(direct)
        for callee in callers:
            known = self._distance.get(callee)
            if callee not in new and known is not None and known < self._depth:
                buckets[known].append(callee)
        distance: dict[_Key, int] = {}
        for level, bucket in enumerate(buckets):
            for helper in bucket:
                if helper in new and helper in distance:
                    continue
                if helper in new:
                    distance[helper] = level
                if level == self._depth:
                    continue
                for caller in callers.get(helper, ()):
                    if caller in new and caller not in distance:
                        buckets[level + 1].append(caller)
        for helper in new:
            self._distance[helper] = distance.get(helper)


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
