"""The one search for a run's configuration file: the nearest ``tkit.toml``, or
``pyproject.toml`` with a ``[tool.tkit-lint]`` section, walking up from where the run
starts.

It reads no more than it must and validates nothing (:mod:`tkit_scaffold.config` does):
a run answered from the cache finds its file here without loading the schema. A
``pyproject.toml`` that cannot be read or is not valid TOML is taken as the configuration
file, so that its validation reports the problem instead of the run going on with the
defaults as if the file were not there.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "tkit.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_SECTION = ("tool", "tkit-lint")


def find_config_file(start: Path) -> tuple[Path | None, Path]:
    """The configuration file that governs ``start`` and its folder, or (None, the
    working folder) when there is none."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        tkit_file = candidate / CONFIG_FILE
        if tkit_file.is_file():
            return tkit_file, candidate
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _may_configure(pyproject):
            return pyproject, candidate
    return None, Path.cwd().resolve()


def _may_configure(pyproject: Path) -> bool:
    """Whether ``pyproject`` has a ``[tool.tkit-lint]`` section, or may have one and
    cannot be read well enough to tell (then its validation says why)."""
    try:
        data = pyproject.read_bytes()
    except OSError:
        return True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return b"tkit-lint" in data
    import tomllib

    try:
        table = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return True
    tool = table.get(PYPROJECT_SECTION[0])
    return isinstance(tool, dict) and PYPROJECT_SECTION[1] in tool
