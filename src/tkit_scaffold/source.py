"""Source I/O: reading a test file's bytes, decoding them, and writing a fixed file back.

Reading takes only regular files (or symbolic links to them), under a size limit, so a
FIFO, a device or a runaway file in a linted folder is a finding about that file instead
of a hang or a run out of memory. Writing replaces the file atomically (a temporary file
beside the real one, renamed over it), through a symbolic link to the file it points at,
and only after checking that the file still holds what was read; a file it cannot replace
without damage (one with several hard links) is refused with the reason, never split.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# The largest test file read, in bytes. The largest hand-written test files are a few
# hundred kilobytes; generated ones reach a few megabytes.
MAX_FILE_BYTES = 16 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
# O_NONBLOCK: opening a FIFO for reading must not wait for a writer (the type check
# after the open refuses it). It changes nothing for a regular file.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotWritten(Exception):
    """A fixed file that was not written back, and why (a message for the user)."""


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file: not read"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file: not read"
    return "is not a regular file: not read"


def too_large(size: int, limit: int) -> str:
    return f"the file is too large to lint ({size:,} bytes; the limit is {limit:,}): not read"


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, str | None]:
    """The file's bytes, or why they could not be read: only a regular file (or a
    symbolic link to one) of at most ``limit`` bytes is read."""
    try:
        mode = path.stat().st_mode  # before opening: opening a device can act on it
        if not stat.S_ISREG(mode):
            return None, kind_of(mode)
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        if path.is_symlink():
            return None, "a symbolic link to a file that does not exist"
        return None, "the file disappeared while the run was going"
    except OSError as error:
        return None, f"cannot read the file: {error.strerror or error}"
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):  # replaced between the two looks
            return None, kind_of(status.st_mode)
        if status.st_size > limit:
            return None, too_large(status.st_size, limit)
        chunks = []
        size = 0
        while True:
            chunk = os.read(descriptor, max(status.st_size + 1 - size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                return None, too_large(size, limit)
        return b"".join(chunks), None
    except OSError as error:
        return None, f"cannot read the file: {error.strerror or error}"
    finally:
        os.close(descriptor)


def decode_source(data: bytes) -> tuple[str | None, bool, str | None]:
    """The text of a file's bytes, whether they had a UTF-8 BOM, or why they are not text."""
    bom = data.startswith(_BOM)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return (
            None,
            bom,
            (
                f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}; "
                "save the file as UTF-8"
            ),
        )
    if text.startswith("\ufeff"):
        # Python, Rust and Go each skip one byte-order mark; a second is a stray
        # character their compilers refuse, and the fixers could not write it back.
        return None, bom, "the file starts with two byte-order marks (U+FEFF): remove one"
    return text, bom, None


def read_source(path: Path) -> tuple[str | None, bool, str | None]:
    """The file's text, whether it had a UTF-8 BOM, or why it could not be read."""
    data, problem = read_bytes(path)
    if data is None:
        return None, False, problem
    return decode_source(data)


def write_atomically(path: Path, text: str, bom: bool, *, expected: bytes | None = None) -> None:
    """Replace the file's content so that it is always the old or the new version.

    A symbolic link is written through: the file it points at is replaced, the link
    stays. With ``expected`` (the bytes the fix was computed from), a file that changed
    since is not overwritten. Raises :class:`NotWritten` for a file that must not be
    replaced (a device, a file with several hard links, one that changed) and OSError
    when the file system refuses."""
    target = path.resolve() if path.is_symlink() else path
    status = target.stat()
    if not stat.S_ISREG(status.st_mode):
        raise NotWritten("not fixed: the file is no longer a regular file")
    if status.st_nlink > 1:
        # Renaming a new file into place would split the links (the other names would
        # keep the old text), and rewriting in place is not atomic: a run killed
        # mid-write would leave every name truncated. Refusing loses nothing.
        raise NotWritten(
            f"not fixed: the file has {status.st_nlink} hard links, and writing it safely "
            "would split them; fix a copy with one link, or apply `tkit-lint --diff`"
        )
    if expected is not None:
        current, _ = read_bytes(target)
        if current != expected:
            raise NotWritten("not fixed: the file changed while it was being fixed; run again")
    data = (_BOM if bom else b"") + text.encode("utf-8")
    replace_file(target, data, stat.S_IMODE(status.st_mode))


def replace_file(target: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``target`` so that it is always the old or the new version: a
    temporary file beside it, flushed to disk, then renamed over it. OSError when the file
    system refuses; nothing is left behind."""
    import tempfile

    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name[:64]}.", suffix=".tkit-tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
