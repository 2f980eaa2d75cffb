"""One error hierarchy for the whole package, with messages written for users.

The command line maps :class:`TkitError` to exit status 2 and prints its message; any
other exception is a bug and is reported as one.
"""

from __future__ import annotations


class TkitError(Exception):
    """The root of every error this package raises on purpose."""


class ConfigError(TkitError):
    """A configuration file that cannot be used: bad TOML, an unknown key, a bad value."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"invalid configuration in {path}:\n{lines}")


class UsageError(TkitError):
    """A command-line request that cannot be carried out (a missing path, an unknown code)."""


class ScaffoldError(TkitError):
    """The template could not be rendered as asked."""
