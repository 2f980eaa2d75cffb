"""A one-line progress display on a terminal: ``tkit-lint: 312/1143 files``.

Shown on stderr only when it is a terminal, not in CI (``CI`` set), not with ``--quiet``,
and only once a run has taken more than a second, so quick runs (pre-commit on a few
files, a warm cache) print nothing extra. The line is redrawn in place at most ten times
a second and wiped at the end, leaving the output exactly as without it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TextIO

DELAY = 1.0  # seconds before the line first appears
INTERVAL = 0.1  # seconds between redraws


def wanted(stream: TextIO, *, quiet: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a progress line belongs on ``stream``."""
    environ = os.environ if environ is None else environ
    in_ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    if quiet or in_ci:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Progress:
    """Call :meth:`update` with (done, total) as files finish, :meth:`close` at the end."""

    def __init__(
        self,
        stream: TextIO,
        *,
        delay: float | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.interval = INTERVAL if interval is None else interval
        self.clock = clock
        self.started = clock()
        self.last_drawn: float | None = None
        self.width = 0  # of the line on screen, to wipe it

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.last_drawn is not None and now - self.last_drawn < self.interval:
            return
        self._draw(f"tkit-lint: {done}/{total} files")
        self.last_drawn = now

    def close(self) -> None:
        """Wipe the line if one was drawn."""
        if self.width:
            self._write("\r" + " " * self.width + "\r")
            self.width = 0

    def _draw(self, text: str) -> None:
        padding = " " * max(self.width - len(text), 0)
        self._write("\r" + text + padding)
        self.width = len(text)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not fail the run
            pass
