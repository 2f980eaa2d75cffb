"""What cache entries are keyed on besides a file's text: the files outside it that its
findings depend on. The cache itself (:mod:`tkit_scaffold.cache`) stores and reads
entries and knows nothing of rules; these are the keys' other halves."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from tkit_scaffold.discovery import FoundFile
from tkit_scaffold.model import Language

# What decides whether a Rust or Go fix's import can be added lives outside the file: the
# nearest manifest (and, for Go, the folders beside it). Remembered per folder for one run.
_MANIFESTS = {".rs": "Cargo.toml", ".go": "go.mod"}
_manifest_digests: dict[Path, str] = {}


def forget_manifests() -> None:
    """Forget the manifests' digests: they may have changed since the last run."""
    _manifest_digests.clear()


def file_identity(found: FoundFile) -> str:
    """What a file's cache entry is keyed on besides its text: its path and, for Rust and
    Go, a digest of its manifest, so that adding the kit dependency shows the fixes."""
    name = _MANIFESTS.get(found.path.suffix)
    if name is None:
        return found.display
    folder = found.path.parent
    digest = _manifest_digests.get(folder)
    if digest is None:
        digest = _manifest_digests[folder] = _manifest_digest(folder, name)
    return f"{found.display}\0{digest}"


def _manifest_digest(folder: Path, name: str) -> str:
    try:
        resolved = folder.resolve()
    except OSError:
        return "-"
    for candidate in (resolved, *resolved.parents):
        manifest = candidate / name
        try:
            content = manifest.read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(content)
        if name == "go.mod":  # the kit may be a package folder of the module itself
            digest.update("\0".join(_go_package_folders(candidate)).encode())
        return digest.hexdigest()
    return "-"


def _go_package_folders(module_root: Path) -> list[str]:
    """The folders right under a module's root that hold Go files."""
    found = []
    try:
        with os.scandir(module_root) as entries:
            folders = sorted((entry.name, entry.path) for entry in entries if entry.is_dir())
        for name, folder in folders:
            with os.scandir(folder) as entries:
                if any(entry.name.endswith(".go") for entry in entries):
                    found.append(name)
    except OSError:
        pass
    return found


def project_inputs(
    root: Path, kits: Sequence[str], groups: Sequence[tuple[str, Sequence[str | None]]]
) -> bytes:
    """A digest of everything TK501 and TK502 read, with a margin: every file under each
    kit's folder (the folder of a kit file, or the kit's package folder), whether each kit
    exists, and each parity group's files. ``kits`` and each group's files are given in
    the order of :class:`~tkit_scaffold.model.Language` (see
    :class:`~tkit_scaffold.settings.Settings`). rules/api.toml is part of the tool's code
    fingerprint, so the cache's salt covers it."""
    from tkit_scaffold.discovery import SKIPPED_FOLDERS

    digest = hashlib.sha256()

    def add(path: Path) -> None:
        digest.update(os.fsencode(path) + b"\0")
        try:
            content = path.read_bytes()
        except OSError:
            digest.update(b"\0missing\0")
            return
        digest.update(hashlib.sha256(content).digest())

    for language, kit in zip(Language, kits, strict=True):
        location = root / kit
        digest.update(f"{language.value}:{location.is_file()}:{location.is_dir()}\0".encode())
        folder = location.parent if location.is_file() else location
        if not folder.is_dir():
            continue
        for here, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
            for name in sorted(names):
                add(Path(here, name))
    for group, files in groups:
        digest.update(f"group {group}\0".encode())
        for relative in files:
            digest.update(b"-\0" if relative is None else b"+\0")
            if relative is not None:
                add(root / relative)
    return digest.digest()
