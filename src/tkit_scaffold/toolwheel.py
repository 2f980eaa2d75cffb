"""A wheel of the running ``tkit-scaffold``, shipped inside a render for its CI to install.

No package index has ``tkit-scaffold``, so a rendered project's CI cannot ``pip install``
it by name. ``tkit new`` writes a wheel of the exact version that rendered the project
into it instead; ``pip install ./tools/<wheel>`` then takes the tool from the project and
its dependencies (copier, libcst, tree-sitter …) from the package index, as rendered.

The wheel is built from what is running, so it needs no network and no build backend: the
package's files, the bundled template and rule metadata (as ``tkit_scaffold/_bundled``,
where an installed copy keeps them), and the distribution's metadata, read from
``pyproject.toml`` in a source checkout or from the installed ``METADATA`` otherwise. Its
bytes depend only on those files (fixed timestamps, sorted entries), so rendering twice
gives the same wheel.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import os
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

from tkit_scaffold import __version__
from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.resources import rules_dir, template_root
from tkit_scaffold.source import replace_file

__all__ = ["DISTRIBUTION", "build_tool_wheel", "wheel_name"]

DISTRIBUTION = "tkit-scaffold"
_PACKAGE_DIR = Path(__file__).resolve().parent
_JUNK_NAMES = frozenset(
    {
        "__pycache__",
        ".git",
        ".venv",
        "target",
        ".pytest_cache",
        ".ruff_cache",
        ".mypy_cache",
        ".hypothesis",
        ".tkit_cache",
        ".DS_Store",
    }
)
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def wheel_name(version: str = __version__) -> str:
    return f"{DISTRIBUTION.replace('-', '_')}-{version}-py3-none-any.whl"


def build_tool_wheel(folder: Path) -> Path:
    """Write the wheel of the running version into ``folder`` (created) and return it."""
    dist_info = f"{DISTRIBUTION.replace('-', '_')}-{__version__}.dist-info"
    metadata, entry_points = _metadata()
    entries: list[tuple[str, bytes, int]] = []
    for path, name in _package_files():
        entries.append((name, path.read_bytes(), path.stat().st_mode))
    entries.sort()
    entries.append((f"{dist_info}/METADATA", metadata.encode("utf-8"), 0o644))
    entries.append((f"{dist_info}/entry_points.txt", entry_points.encode("utf-8"), 0o644))
    wheel_file = (
        "Wheel-Version: 1.0\nGenerator: tkit-scaffold\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries.append((f"{dist_info}/WHEEL", wheel_file.encode("utf-8"), 0o644))
    record_lines = [f"{name},{_hash(data)},{len(data)}" for name, data, _ in entries]
    record_lines.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record_lines) + "\n").encode(), 0o644))
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.external_attr = (mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    target = folder / wheel_name()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        replace_file(target, archive_bytes.getvalue(), 0o644)
    except OSError as error:
        raise ScaffoldError(f"cannot write the tool's wheel into {folder}: {error}") from error
    return target


def _hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under ``root``, symlinks followed (the template links its adoption
    layout to the language folders), tool and build junk left out."""
    for folder, subfolders, files in os.walk(root, followlinks=True):
        subfolders[:] = sorted(name for name in subfolders if name not in _JUNK_NAMES)
        for name in sorted(files):
            if name in _JUNK_NAMES or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder) / name
            if path.is_file():
                yield path


def _package_files() -> Iterator[tuple[Path, str]]:
    bundled = _PACKAGE_DIR / "_bundled"
    for path in _walk(_PACKAGE_DIR):
        if bundled not in path.parents:
            yield path, "tkit_scaffold/" + path.relative_to(_PACKAGE_DIR).as_posix()
    # An installed copy holds the bundle under the package already; a checkout keeps it at
    # the repository's root. Either way it lands where resources.py looks for it.
    root = template_root()
    yield root / "copier.yml", "tkit_scaffold/_bundled/copier.yml"
    for folder, name in ((root / "template", "template"), (rules_dir(), "rules")):
        for path in _walk(folder):
            yield path, f"tkit_scaffold/_bundled/{name}/" + path.relative_to(folder).as_posix()


def _metadata() -> tuple[str, str]:
    """METADATA and entry_points.txt: from pyproject.toml in a checkout (an editable
    install's metadata dates from its install), else from the installed distribution."""
    pyproject = template_root() / "pyproject.toml"
    if pyproject.is_file():
        return _metadata_from_pyproject(pyproject)
    try:
        distribution = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as error:
        raise ScaffoldError(
            f"cannot find the installed {DISTRIBUTION} distribution to ship it"
        ) from error
    metadata = distribution.read_text("METADATA")
    entry_points = distribution.read_text("entry_points.txt")
    if metadata is None or entry_points is None:
        raise ScaffoldError(f"the installed {DISTRIBUTION} distribution has no metadata")
    return metadata, entry_points


def _metadata_from_pyproject(pyproject: Path) -> tuple[str, str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3.11')}",
    ]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    for extra, requirements in sorted(project.get("optional-dependencies", {}).items()):
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {req}; extra == "{extra}"' for req in requirements]
    scripts = project.get("scripts", {})
    entry_points = "[console_scripts]\n" + "".join(
        f"{name} = {target}\n" for name, target in sorted(scripts.items())
    )
    return "\n".join(lines) + "\n", entry_points
