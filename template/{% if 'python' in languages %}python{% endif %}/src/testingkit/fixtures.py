"""Set-up and clean-up helpers behind the plugin's fixtures, usable without pytest too."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def temporary_workdir() -> Iterator[Path]:
    """Run a block inside a fresh empty directory, then go back and delete it."""
    previous = Path.cwd()
    folder = Path(tempfile.mkdtemp(prefix="tkit-"))
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(previous)
        shutil.rmtree(folder, ignore_errors=True)
