"""The result cache: a file whose text, configuration and rules are unchanged is not linted
again.

An entry is keyed on everything a file's findings depend on: the SHA-256 of its text, the
path it is reported under, the tool's version, the effective configuration, the project
root that ``per-file-ignores`` are relative to, and a hash of the linter's own code and
rule metadata (so editing a rule, its TOML or a frontend invalidates every entry).
Modification times play no part: a timestamp can stay the same while the content changes
(a checkout, a copy with ``cp -p``), and a content hash cannot.

The cache lives in ``.tkit_cache/`` at the project root (where the configuration was
found), or wherever ``TKIT_CACHE_DIR`` points. It holds one small file per entry (a
checksummed JSON list), sharded by the first two hex digits of the key. Entries are
written to a temporary file and renamed into place, so two runs can share the folder and
a run killed mid-write leaves no half-written entry; an unreadable, truncated or corrupt
entry counts as a miss. The folder
carries a ``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``, and removing it is always safe.
Growth is bounded: when a run leaves more than :data:`MAX_ENTRIES` entries, the oldest are
deleted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import types
import typing
from collections.abc import Callable, Iterable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from tkit_scaffold import __version__
from tkit_scaffold.config import Config
from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.resources import rules_dir

CACHE_DIR_ENV = "TKIT_CACHE_DIR"
CACHE_FOLDER = ".tkit_cache"
MAX_ENTRIES = 50_000  # at least this many are kept, and at least twice a run's files
_FORMAT = "1"
_PACKAGE = Path(__file__).resolve().parent
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by tkit-lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def cache_location(root: Path) -> Path:
    """``TKIT_CACHE_DIR`` if set, else ``.tkit_cache`` in the project root."""
    configured = os.environ.get(CACHE_DIR_ENV)
    return Path(configured) if configured else root / CACHE_FOLDER


@cache
def code_fingerprint() -> str:
    """A hash of the linter's own source and rule metadata: rules, frontends, engine."""
    return fingerprint_files([*sorted(_PACKAGE.rglob("*.py")), *sorted(rules_dir().glob("*.toml"))])


def fingerprint_files(paths: Iterable[Path]) -> str:
    """A hash of the tool's version and of the names and bytes of ``paths``."""
    digest = hashlib.sha256(__version__.encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


class ResultCache:
    """Diagnostics per file content. Picklable, so worker processes can store entries."""

    def __init__(self, directory: Path, config: Config, root: Path | None) -> None:
        self.directory = directory
        salt = "\0".join(
            (_FORMAT, __version__, code_fingerprint(), config.fingerprint(), str(root))
        )
        self._salt = hashlib.sha256(salt.encode()).digest()
        self._prepared = False

    def key(self, path: str, source: str) -> str:
        digest = hashlib.sha256(self._salt)
        digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(source.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> tuple[Diagnostic, ...] | None:
        """The stored diagnostics, or None: missing, unreadable and corrupt are all misses.

        An entry is one line ``<key> <sha256 of the payload>`` and the payload, JSON. The
        checksum proves the payload is whole and was written by this code, so decoding it
        need not check every value (a malformed one still only raises, a miss)."""
        try:
            data = self._entry(key).read_bytes()
            header, _, payload = data.partition(b"\n")
            stored_key, _, checksum = header.decode("ascii").partition(" ")
            if stored_key != key or hashlib.sha256(payload).hexdigest() != checksum:
                return None
            items = json.loads(payload)
            if type(items) is not list:
                return None
            return tuple(map(_decoder(Diagnostic), items))
        except Exception:
            return None

    def put(self, key: str, diagnostics: Iterable[Diagnostic]) -> None:
        """Store an entry atomically. The cache is an optimisation: failing to write it
        (read-only folder, full disk) never fails the run."""
        entry = self._entry(key)
        payload = json.dumps([_encode(item) for item in diagnostics], separators=(",", ":"))
        encoded = payload.encode("utf-8", "surrogatepass")
        data = f"{key} {hashlib.sha256(encoded).hexdigest()}\n".encode("ascii") + encoded
        try:
            self._prepare()
            entry.parent.mkdir(exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                Path(temporary).replace(entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in (
            (".gitignore", "# created by tkit-lint\n*\n"),
            ("CACHEDIR.TAG", _CACHEDIR_TAG),
        ):
            marker = self.directory / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        self._prepared = True

    def prune(self, keep: int = MAX_ENTRIES) -> int:
        """Delete the oldest entries beyond ``keep``; returns how many were deleted."""
        try:
            shards = [shard for shard in self.directory.iterdir() if shard.is_dir()]
            entries = [entry for shard in shards for entry in shard.iterdir()]
        except OSError:
            return 0
        if len(entries) <= keep:
            return 0
        dated: list[tuple[float, Path]] = []
        for entry in entries:
            try:
                dated.append((entry.stat().st_mtime, entry))
            except OSError:
                continue
        dated.sort()
        removed = 0
        for _, entry in dated[: len(dated) - keep]:
            try:
                entry.unlink()
                removed += 1
            except OSError:
                continue
        return removed


# ---------------------------------------------------------------------------- encoding
#
# Entries are JSON, never pickle: a cache folder can come with a checked-out or unpacked
# project, and reading it must not run code. Dataclasses are stored as lists of their
# field values; the decoders are built once per type from the type hints, so a warm run
# over tens of thousands of findings decodes them in a fraction of a second.

_Decoder = Callable[[Any], Any]


def _encode(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, field.name)) for field in dataclasses.fields(value)]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    return value


def _decode(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from what :func:`_encode` made of it."""
    return _decoder(kind)(data)


@cache
def _decoder(kind: Any) -> _Decoder:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [_decoder(option) for option in typing.get_args(kind) if option is not NONE]
        if inner is _same:
            return _same
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _decoder(typing.get_args(kind)[0])
        if item is _same:
            return tuple
        return lambda data: tuple(map(item, data))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    if kind in (str, int, bool):
        return _same
    raise TypeError(f"the cache cannot store {kind!r}")


def _dataclass_decoder(kind: type) -> _Decoder:
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    count = len(fields)
    converters = [
        (index, _decoder(hints[field.name]))
        for index, field in enumerate(fields)
        if _decoder(hints[field.name]) is not _same
    ]

    def decode(data: Any) -> Any:
        if len(data) != count:
            raise ValueError(f"{kind.__name__}: expected {count} values")
        if not converters:
            return kind(*data)
        values = list(data)
        for index, convert in converters:
            values[index] = convert(values[index])
        return kind(*values)

    return decode


def _same(data: Any) -> Any:
    return data


NONE = type(None)
