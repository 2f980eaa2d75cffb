"""Headless Chromium for tests: find it, dump a page's DOM, screenshot it, check the PNG.

Tests run with ``--import-mode=importlib``, so the tests folder is not on ``sys.path``;
a test imports this module the way others import ``benchmarks/corpus.py``::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests folder
    import support_browser

``chromium()`` skips the calling test when no Chromium is installed, and fails it under
``CI=true`` (CI installs the distribution's ``chromium`` package). Chromium runs with the
network features off and a fresh profile, so it never waits on a closed network. The PNG
check uses the standard library alone (``struct`` and ``zlib``).
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

CANDIDATES = ("/usr/bin/chromium", "chromium")
TIMEOUT = 90.0  # seconds for one Chromium run; a cold start on a busy machine takes ~5
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def find_chromium() -> str | None:
    """The Chromium program, or None when it is not installed."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def chromium() -> str:
    """The Chromium program; skips the test when it is missing (fails under CI=true)."""
    found = find_chromium()
    if found:
        return found
    reason = "Chromium is not installed (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true: a missing browser is a failure")
    pytest.skip(reason)


def _run(arguments: list[str], timeout: float) -> str:
    """Run Chromium with a fresh profile; return its stdout. Kills the whole process group
    on timeout (Chromium starts helper processes that would keep the pipes open)."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *arguments]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"Chromium took more than {timeout:.0f}s: {command}") from None
    if process.returncode != 0:
        noise = ("dbus", "unexpected operator")
        lines = [line for line in stderr.splitlines() if not any(n in line for n in noise)]
        raise AssertionError(
            f"Chromium exited {process.returncode}: {command}\n" + "\n".join(lines[-30:])
        )
    return stdout


def dump_dom(html_path: Path, *, timeout: float = TIMEOUT) -> str:
    """The DOM of the page after Chromium has parsed and laid it out, serialized."""
    dom = _run(["--dump-dom", Path(html_path).resolve().as_uri()], timeout)
    assert "<html" in dom, f"Chromium dumped no document for {html_path}: {dom[:500]!r}"
    return dom


def screenshot(
    html_path: Path, png_path: Path, width: int, height: int, *, timeout: float = TIMEOUT
) -> Path:
    """A ``width`` x ``height`` PNG of the top of the page, written to ``png_path``."""
    png_path = Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    _run(
        [
            f"--window-size={width},{height}",
            f"--screenshot={png_path}",
            Path(html_path).resolve().as_uri(),
        ],
        timeout,
    )
    assert png_path.is_file(), f"Chromium wrote no screenshot to {png_path}"
    return png_path


# ---------------------------------------------------------------------------- DOM


class _Tables(HTMLParser):
    """Collects the text of every cell of every table that has an id, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            identifier = dict(attrs).get("id")
            self._table = self.tables.setdefault(identifier, []) if identifier else None
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(dom: str) -> dict[str, list[list[str]]]:
    """Every table of the page that has an id: its rows, each a list of cell texts."""
    parser = _Tables()
    parser.feed(dom)
    parser.close()
    return parser.tables


# ---------------------------------------------------------------------------- PNG

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


@dataclass(frozen=True, slots=True)
class Png:
    width: int
    height: int
    bit_depth: int
    colour_type: int
    distinct_pixels: int  # below 8 bits a sample, distinct bytes stand in for pixels
    values: frozenset[bytes] = frozenset()  # the distinct pixel values (samples in order)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _unfilter(kind: int, row: bytearray, previous: bytes, step: int) -> bytearray:
    """Undo one scanline's filter (PNG spec, section 9)."""
    if kind == 0:
        return row
    if kind == 2:
        return bytearray((x + p) & 0xFF for x, p in zip(row, previous, strict=True))
    for i in range(len(row)):
        left = row[i - step] if i >= step else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - step] if i >= step else 0
            row[i] = (row[i] + _paeth(left, previous[i], corner)) & 0xFF
        else:
            raise AssertionError(f"unknown PNG filter type {kind}")
    return row


def read_png(path: Path) -> Png:
    """Parse a PNG's header and decode its pixels far enough to count distinct values."""
    data = Path(path).read_bytes()
    assert data.startswith(SIGNATURE), f"{path} is not a PNG"
    offset, header, compressed = len(SIGNATURE), b"", bytearray()
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"{path}: bad CRC in chunk {kind!r}"
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
        offset += 12 + length
    assert len(header) == 13, f"{path}: no IHDR chunk"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert colour in CHANNELS, f"{path}: unknown colour type {colour}"
    assert interlace == 0, f"{path}: interlaced PNGs are not decoded here"
    bits = CHANNELS[colour] * depth
    stride, step = (width * bits + 7) // 8, max(1, bits // 8)
    raw = zlib.decompress(bytes(compressed))
    assert len(raw) == height * (stride + 1), f"{path}: pixel data of the wrong size"
    previous, seen = bytes(stride), set[bytes]()
    for y in range(height):
        start = y * (stride + 1)
        row = bytes(_unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]),
                              previous, step))  # fmt: skip
        seen.update(row[i : i + step] for i in range(0, stride, step))
        previous = row
    return Png(width, height, depth, colour, len(seen), frozenset(seen))


def check_png(path: Path, width: int, height: int) -> Png:
    """Assert the file is a PNG of that size whose pixels are not all the same."""
    image = read_png(path)
    assert (image.width, image.height) == (width, height), (
        f"{path} is {image.width}x{image.height}, expected {width}x{height}"
    )
    assert image.distinct_pixels > 1, f"{path} is blank: every pixel has the same value"
    return image
