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
entry; an unreadable, truncated or corrupt entry counts as a miss.

The cache deletes and overwrites only what it wrote. A folder it creates gets a
``CACHEDIR.TAG`` naming tkit-lint and a ``.gitignore`` of ``*`` (a cache inside a project
is never committed). A folder that exists is used only when it carries that tag, or when
it is empty (then it gets the tag alone). Any other folder (``TKIT_CACHE_DIR=.``, a folder
of the user's files) is refused: the run goes on without the cache and says so once.
Inside its folder the cache touches only its own layout, shard folders of two hex digits
holding entries named by a hex key and a known suffix; it follows no symbolic link and
reads only regular files. Growth is bounded: when a run leaves more than
:data:`MAX_ENTRIES` entries, the oldest are deleted. Removing the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tkit_scaffold import __version__
from tkit_scaffold.cache_codec import decode, encode
from tkit_scaffold.diagnostics import Diagnostic
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
_TAG_FILE = "CACHEDIR.TAG"
_GITIGNORE = "# created by tkit-lint\n*\n"
_SUFFIXES = (".json", ".project", ".record", ".text", ".github")
_HEX = frozenset("0123456789abcdef")
_MAX_ENTRY_BYTES = 64 * 1024 * 1024  # far above any entry; a bound for a planted file
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


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
        # Whether the folder may be used (None: not looked at yet), and if not, why.
        self._usable: bool | None = None
        self.refusal: str | None = None
        self._created = False  # the folder did not exist: it is ours to create
        self._prepared = False
        self._shards: set[str] = set()  # shard folders known to be ours, real folders

    @property
    def usable(self) -> bool:
        """Whether this folder is the cache's own (or new, or empty); looked at once.
        When not, :attr:`refusal` says why and every read misses, every write is skipped."""
        if self._usable is None:
            self.refusal, self._created = _ownership(self.directory)
            self._usable = self.refusal is None
        return self._usable

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

    def _entry(self, key: str, suffix: str = ".json") -> str:
        return f"{self._folder}{key[:2]}{os.sep}{key[2:]}{suffix}"

    def get(self, key: str, suffix: str = ".json") -> tuple[Diagnostic, ...] | None:
        """The stored diagnostics, or None: missing, unreadable and corrupt are all misses.
        ``suffix`` tells kinds of entries apart (a file's are ``.json``)."""
        payload = self._read(key, suffix)
        if payload is None:
            return None
        try:
            return decode(json.loads(payload))
        except Exception:
            return None

    def put(self, key: str, diagnostics: Iterable[Diagnostic], suffix: str = ".json") -> None:
        self._write(key, suffix, encode(diagnostics))

    def get_rendered(self, key: str, output_format: str) -> tuple[str, int, int, int] | None:
        """The findings of ``key`` as printed in ``output_format`` (no colour), with how
        many there are, how many are fixable and how many of those safely; None when not
        stored. A run answered
        from the cache prints these without rebuilding a finding."""
        payload = self._read(key, f".{output_format}")
        if payload is None:
            return None
        try:
            counts, _, text = payload.partition(b"\n")
            found, fixable, safe = (int(count) for count in counts.split(b" "))
            return text.decode("utf-8", "surrogatepass"), found, fixable, safe
        except Exception:
            return None

    def put_rendered(
        self, key: str, output_format: str, text: str, found: int, fixable: int, safe: int
    ) -> None:
        """Store what :meth:`get_rendered` returns."""
        payload = f"{found} {fixable} {safe}\n{text}".encode("utf-8", "surrogatepass")
        self._store(key, f".{output_format}", payload)

    def get_record(self, key: str) -> Any:
        """The JSON value stored with :meth:`put_record` under ``key``, or None."""
        payload = self._read(key, ".record")
        if payload is None:
            return None
        try:
            return json.loads(payload)
        except Exception:
            return None

    def put_record(self, key: str, value: Any) -> None:
        """Store a JSON value: small facts a run can skip work with (the settings of a
        configuration text that validated). Kept next to the entries, pruned with them."""
        self._write(key, ".record", value)

    def _read(self, key: str, suffix: str) -> bytes | None:
        """The payload of an entry, or None when there is none whole. Only a regular
        file is read (never through a symbolic link, never a FIFO that would wait for a
        writer); the checksum proves the payload whole and written by this code."""
        if not self.usable:
            return None
        try:
            descriptor = os.open(self._entry(key, suffix), _READ_FLAGS)
        except OSError:
            return None
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_ENTRY_BYTES:
                return None
            data = os.read(descriptor, status.st_size + 1)
        except OSError:
            return None
        finally:
            os.close(descriptor)
        header, _, payload = data.partition(b"\n")
        try:
            stored_key, _, checksum = header.decode("ascii").partition(" ")
        except UnicodeDecodeError:
            return None
        if stored_key != key or hashlib.sha256(payload).hexdigest() != checksum:
            return None
        return payload

    def _write(self, key: str, suffix: str, value: Any) -> None:
        """Store a JSON value atomically. The cache is an optimisation: failing to write
        it (read-only folder, full disk) never fails the run."""
        encoded = json.dumps(value, separators=(",", ":")).encode("utf-8", "surrogatepass")
        self._store(key, suffix, encoded)

    def _store(self, key: str, suffix: str, payload: bytes) -> None:
        import tempfile  # only runs that lint something write

        if not self.usable:
            return
        data = f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii") + payload
        try:
            self._prepare()
            shard = self._shard(key[:2])
            if shard is None:
                return
            descriptor, temporary = tempfile.mkstemp(dir=shard, prefix=".tmp-")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                # A rename replaces a planted symbolic link itself, never what it points at.
                Path(temporary).replace(self._entry(key, suffix))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return

    def _shard(self, name: str) -> str | None:
        """The shard folder ``name``, created if missing; None when something else than
        a real folder (a symbolic link, a file) has that name."""
        folder = f"{self._folder}{name}"
        if name in self._shards:
            return folder
        try:
            Path(folder).mkdir()
        except FileExistsError:
            if not stat.S_ISDIR(Path(folder).lstat().st_mode):
                return None
        self._shards.add(name)
        return folder

    def _prepare(self) -> None:
        """Create the folder when it is new, and mark it as the cache's own. A folder
        that existed (empty) gets the tag only: never a ``.gitignore`` of the user's."""
        if self._prepared:
            return
        markers = [(_TAG_FILE, _CACHEDIR_TAG)]
        if self._created:
            self.directory.mkdir(parents=True, exist_ok=True)
            markers.append((".gitignore", _GITIGNORE))
        for name, text in markers:
            marker = self.directory / name
            try:
                with marker.open("x", encoding="utf-8") as handle:  # never overwrite
                    handle.write(text)
            except FileExistsError:
                pass
        self._prepared = True

    def prune(self, keep: int = MAX_ENTRIES) -> int:
        """Delete the oldest entries beyond ``keep``; returns how many were deleted. Only
        the cache's own layout is looked at: shard folders (two hex digits, real folders)
        and the entries in them (a hex key and a known suffix, regular files)."""
        if not self.usable or (self._created and not self._prepared):
            return 0
        dated: list[tuple[float, str]] = []
        try:
            with os.scandir(self.directory) as shards:
                folders = [
                    shard.path
                    for shard in shards
                    if _is_shard(shard.name) and shard.is_dir(follow_symlinks=False)
                ]
            for folder in folders:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if not _is_entry(entry.name):
                            continue
                        status = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(status.st_mode):
                            dated.append((status.st_mtime, entry.path))
        except OSError:
            return 0
        if len(dated) <= keep:
            return 0
        dated.sort()
        removed = 0
        for _, entry_path in dated[: len(dated) - keep]:
            try:
                Path(entry_path).unlink()
                removed += 1
            except OSError:
                continue
        return removed


def _is_shard(name: str) -> bool:
    """A shard folder's name, as the cache gives it: two lowercase hex digits."""
    return len(name) == 2 and _HEX.issuperset(name)


def _is_entry(name: str) -> bool:
    """An entry's name, as the cache gives it: 62 lowercase hex digits and a suffix."""
    key, dot, suffix = name.partition(".")
    return len(key) == 62 and _HEX.issuperset(key) and f"{dot}{suffix}" in _SUFFIXES


def _ownership(directory: Path) -> tuple[str | None, bool]:
    """Why ``directory`` must not be used as the cache (None when it may), and whether it
    is missing (the cache will create it, so it is its own)."""
    try:
        status = directory.stat()
    except FileNotFoundError:
        return None, True
    except OSError as error:
        return f"{directory} cannot be used as the cache: {error.strerror or error}", False
    if not stat.S_ISDIR(status.st_mode):
        return f"{directory} is not a folder", False
    tag = directory / _TAG_FILE
    try:
        if stat.S_ISREG(tag.lstat().st_mode) and _read_tag(tag).startswith(_CACHEDIR_TAG[:95]):
            return None, False
    except OSError:
        pass
    try:
        with os.scandir(directory) as entries:
            empty = next(entries, None) is None
    except OSError as error:
        return f"{directory} cannot be used as the cache: {error.strerror or error}", False
    if empty:
        return None, False
    return (
        f"{directory} holds files that are not tkit-lint's (it has no CACHEDIR.TAG written "
        f"by tkit-lint), so it is not used as the cache and nothing in it is touched; set "
        f"{CACHE_DIR_ENV} to a new or empty folder, or use --no-cache",
        False,
    )


def _read_tag(tag: Path) -> str:
    descriptor = os.open(tag, _READ_FLAGS)
    try:
        return os.read(descriptor, 512).decode("utf-8", "replace")
    finally:
        os.close(descriptor)
