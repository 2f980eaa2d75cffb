"""Frontends turn one source file into the shared model; they know nothing about rules."""

from __future__ import annotations

from collections.abc import Callable

from tkit_scaffold.model import FrontendOptions, Language, TestFile

Parser = Callable[[str, str, FrontendOptions], TestFile]

_SUFFIXES: dict[str, Language] = {".py": Language.PYTHON, ".rs": Language.RUST, ".go": Language.GO}


def language_of(path: str) -> Language | None:
    """The language of a file, judged by its name; None for files no frontend reads."""
    for suffix, language in _SUFFIXES.items():
        if path.endswith(suffix):
            return language
    return None


def _parser(language: Language) -> Parser:
    # Imported lazily: each frontend pulls in its own parser library.
    if language is Language.PYTHON:
        from tkit_scaffold.frontends import python

        return python.parse
    if language is Language.RUST:
        from tkit_scaffold.frontends import rust

        return rust.parse
    from tkit_scaffold.frontends import go

    return go.parse


def parse_file(path: str, source: str, options: FrontendOptions | None = None) -> TestFile:
    language = language_of(path)
    if language is None:
        raise ValueError(f"no frontend reads {path!r}: expected a .py, .rs or .go file")
    return _parser(language)(path, source, options or FrontendOptions())
