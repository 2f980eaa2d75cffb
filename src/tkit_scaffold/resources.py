"""Where the files bundled with the package live: the template and the rule metadata.

In a source checkout they are at the repository root; in an installed wheel they are
copied under ``tkit_scaffold/_bundled`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent.parent


def _root() -> Path:
    if (_BUNDLED / "copier.yml").is_file():
        return _BUNDLED
    return _CHECKOUT


def rules_dir() -> Path:
    """The folder with ``api.toml`` and one ``TKnnn.toml`` per rule."""
    return _root() / "rules"


def template_root() -> Path:
    """The folder holding ``copier.yml`` (the template's root for Copier)."""
    return _root()
