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
checksummed JSON list), sharded by the first two hex digits of the key: ``.json`` for a
file's findings, ``.project`` for the project rules' findings (keyed on the files they
read) and ``.record`` for the settings of a configuration text that validated
(:mod:`tkit_scaffold.settings`); next to a file's ``.json``, its findings as a run printed
them, ``.text`` or ``.github`` (no colour), so a later run in that format prints them
without rebuilding them. Entries are written to a temporary file and renamed into
place, so two runs can share the folder and a run killed mid-write leaves no half-written
entry; an unreadable, truncated or corrupt entry counts as a miss. The folder carries a
``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``, and removing it is always safe.
Growth is bounded: when a run leaves more than :data:`MAX_ENTRIES` entries, the oldest are
deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tkit_scaffold import __version__
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.model import Language, Span, slot_constructor
from tkit_scaffold.resources import rules_dir

_T = TypeVar("_T")

CACHE_DIR_ENV = "TKIT_CACHE_DIR"
CACHE_FOLDER = ".tkit_cache"
MAX_ENTRIES = 50_000  # at least this many are kept, and at least four per file of a run
_FORMAT = "2"
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


class Fingerprinted(Protocol):
    """A configuration, or the part of it a run needs before linting anything
    (:class:`~tkit_scaffold.settings.Settings`)."""

    def fingerprint(self) -> str: ...


class ResultCache:
    """Diagnostics per file content. Picklable, so worker processes can store entries.

    An entry is a file ``<dir>/<key[:2]>/<key[2:]>.json``: one line ``<key> <sha256 of the
    payload>``, then the payload, JSON. The same store keeps other small records a run can
    skip work with (:meth:`get_record`, :meth:`put_record`)."""

    def __init__(self, directory: Path, config: Fingerprinted | None, root: Path | None) -> None:
        self.directory = directory
        self._folder = f"{directory}{os.sep}"  # entries are named with string operations
        fingerprint = "" if config is None else config.fingerprint()
        salt = "\0".join((_FORMAT, __version__, code_fingerprint(), fingerprint, str(root)))
        self._salt = hashlib.sha256(salt.encode()).digest()
        self._prepared = False

    def key(self, path: str, content: str | bytes) -> str:
        """The key of a file's findings: its path and its content, as read (bytes) or
        decoded (text: the same key as its UTF-8 bytes without a BOM)."""
        digest = hashlib.sha256(self._salt)
        digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        elif content.startswith(b"\xef\xbb\xbf"):
            content = content[3:]
        digest.update(content)
        return digest.hexdigest()

    def _entry(self, key: str, suffix: str = ".json") -> Path:
        return Path(f"{self._folder}{key[:2]}{os.sep}{key[2:]}{suffix}")

    def get(self, key: str, suffix: str = ".json") -> tuple[Diagnostic, ...] | None:
        """The stored diagnostics, or None: missing, unreadable and corrupt are all misses.
        ``suffix`` tells kinds of entries apart (a file's are ``.json``)."""
        payload = self._read(self._entry(key, suffix), key)
        if payload is None:
            return None
        try:
            return _decode(payload)
        except Exception:
            return None

    def put(self, key: str, diagnostics: Iterable[Diagnostic], suffix: str = ".json") -> None:
        self._write(self._entry(key, suffix), key, _encode(diagnostics))

    def get_rendered(self, key: str, output_format: str) -> tuple[str, int, int] | None:
        """The findings of ``key`` as printed in ``output_format`` (no colour), with how
        many there are and how many are fixable; None when not stored. A run answered
        from the cache prints these without rebuilding a finding."""
        try:
            data = self._entry(key, f".{output_format}").read_bytes()
            header, _, payload = data.partition(b"\n")
            stored_key, _, checksum = header.decode("ascii").partition(" ")
            if stored_key != key or hashlib.sha256(payload).hexdigest() != checksum:
                return None
            counts, _, text = payload.partition(b"\n")
            found, fixable = (int(count) for count in counts.split(b" "))
            return text.decode("utf-8", "surrogatepass"), found, fixable
        except Exception:
            return None

    def put_rendered(
        self, key: str, output_format: str, text: str, found: int, fixable: int
    ) -> None:
        """Store what :meth:`get_rendered` returns."""
        payload = f"{found} {fixable}\n{text}".encode("utf-8", "surrogatepass")
        self._store(self._entry(key, f".{output_format}"), key, payload)

    def get_record(self, key: str) -> Any:
        """The JSON value stored with :meth:`put_record` under ``key``, or None."""
        return self._read(self._entry(key, ".record"), key)

    def put_record(self, key: str, value: Any) -> None:
        """Store a JSON value: small facts a run can skip work with (the settings of a
        configuration text that validated). Kept next to the entries, pruned with them."""
        self._write(self._entry(key, ".record"), key, value)

    @staticmethod
    def _read(entry: Path, key: str) -> Any:
        """The JSON value of an entry, or None when there is none whole. The checksum
        proves the payload whole and written by this code."""
        try:
            data = entry.read_bytes()
            header, _, payload = data.partition(b"\n")
            stored_key, _, checksum = header.decode("ascii").partition(" ")
            if stored_key != key or hashlib.sha256(payload).hexdigest() != checksum:
                return None
            return json.loads(payload)
        except Exception:
            return None

    def _write(self, entry: Path, key: str, value: Any) -> None:
        """Store a JSON value atomically. The cache is an optimisation: failing to write
        it (read-only folder, full disk) never fails the run."""
        encoded = json.dumps(value, separators=(",", ":")).encode("utf-8", "surrogatepass")
        self._store(entry, key, encoded)

    def _store(self, entry: Path, key: str, payload: bytes) -> None:
        import tempfile  # only runs that lint something write

        data = f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii") + payload
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
# project, and reading it must not run code. A warm run over a large suite rebuilds tens of
# thousands of findings, so the layout is made for decoding: every string of an entry
# (codes, names, messages, paths, replacements) is stored once in a table, and each finding
# is one flat list of table indexes and numbers, rebuilt by direct constructor calls.
#
#     [[string, ...], [[code, name, message, path, language, start, end, line, column,
#                       end_line, end_column, fix], ...]]
#
# where ``language`` is a table index or -1 for none, and ``fix`` is null or
# ``[applicability, [start, end, replacement, ...], description, [import, ...]]``.

_LANGUAGES = {language.value: language for language in Language}
_APPLICABILITIES = {kind.value: kind for kind in Applicability}


_new_span = slot_constructor(Span)
_new_edit = slot_constructor(Edit)
_new_fix = slot_constructor(Fix)
_new_diagnostic = slot_constructor(Diagnostic)


def _encode(diagnostics: Iterable[Diagnostic]) -> list[Any]:
    table: dict[str, int] = {}
    index = table.setdefault
    rows: list[Any] = []
    for item in diagnostics:
        span = item.span
        fix = item.fix
        encoded_fix: list[Any] | None = None
        if fix is not None:
            edits: list[Any] = []
            for edit in fix.edits:
                edits += (edit.start, edit.end, index(edit.replacement, len(table)))
            encoded_fix = [
                fix.applicability.value,
                edits,
                index(fix.description, len(table)),
                [index(name, len(table)) for name in fix.requires_imports],
            ]
        language = -1 if item.language is None else index(item.language.value, len(table))
        rows.append(
            [
                index(item.code, len(table)),
                index(item.name, len(table)),
                index(item.message, len(table)),
                index(item.path, len(table)),
                language,
                span.start,
                span.end,
                span.line,
                span.column,
                span.end_line,
                span.end_column,
                encoded_fix,
            ]
        )
    return [list(table), rows]


def _decode(payload: Any) -> tuple[Diagnostic, ...]:
    """The findings of an entry. The entry's checksum proves it whole and written by
    :func:`_encode`, so values are not checked one by one; a payload of another shape
    still raises, which the caller counts as a miss."""
    strings, rows = payload
    if type(strings) is not list or type(rows) is not list:
        raise ValueError("not an entry")
    languages: dict[int, Language | None] = {-1: None}
    found = []
    for row in rows:
        code, name, message, path, language, start, end, line, column, end_line, end_column, fix = (
            row
        )
        decoded_fix = None
        if fix is not None:
            applicability, flat, description, imports = fix
            if len(flat) == 3:  # most fixes replace one range
                edits: tuple[Edit, ...] = (_new_edit(flat[0], flat[1], strings[flat[2]]),)
            else:
                edits = tuple(
                    _new_edit(flat[at], flat[at + 1], strings[flat[at + 2]])
                    for at in range(0, len(flat), 3)
                )
            decoded_fix = _new_fix(
                _APPLICABILITIES[applicability],
                edits,
                strings[description],
                tuple([strings[name] for name in imports]),
            )
        if language not in languages:
            languages[language] = _LANGUAGES[strings[language]]
        found.append(
            _new_diagnostic(
                strings[code],
                strings[name],
                strings[message],
                strings[path],
                languages[language],
                _new_span(start, end, line, column, end_line, end_column),
                decoded_fix,
            )
        )
    return tuple(found)
