"""Finding a run's configuration without building it, when the cache allows.

A run answered from the cache needs three things from the configuration: the globs that
pick the files (``include``, ``exclude``) and the configuration's fingerprint for the cache
keys. Validating ``tkit.toml`` loads the rule registry (to check the codes it names) and
the glob compiler, so once a configuration text has validated, its :class:`Settings` are
remembered in the result cache under a key of the file's path and text, the command-line
overrides and the tool's code. The next run with the same text reads them back, and when
a file must be linted rebuilds the full :class:`~tkit_scaffold.config.Config` from their
plain data without validating it again (validation imports pydantic, which such a run
never pays for).

The search is the one of :mod:`tkit_scaffold.config_search`: the nearest ``tkit.toml``, or
``pyproject.toml`` with a ``[tool.tkit-lint]`` section, walking up from the first path. A
text that has not validated before is validated at once, with the same errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tkit_scaffold.cache import ResultCache, cache_location
from tkit_scaffold.config_search import PYPROJECT, find_config_file
from tkit_scaffold.model import Language

if TYPE_CHECKING:
    from tkit_scaffold.config import Config


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run needs before it lints anything: the globs that pick the files, the
    configuration's fingerprint, and where the project rules read (the kit of each
    language and each parity group's files, in the order of :class:`Language`), so that
    their cached findings can be checked against those files."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]
    fingerprint_text: str
    kits: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str | None, ...]], ...]

    def fingerprint(self) -> str:
        return self.fingerprint_text

    @classmethod
    def of(cls, config: Config) -> Settings:
        parity = config.parity
        return cls(
            config.include,
            config.exclude,
            config.fingerprint(),
            tuple(getattr(parity.kits, language.value) for language in Language),
            tuple(
                (group.name, tuple(getattr(group, language.value) for language in Language))
                for group in parity.groups
            ),
        )

    def to_json(self) -> list[Any]:
        return [
            self.include,
            self.exclude,
            self.fingerprint_text,
            self.kits,
            [[name, files] for name, files in self.groups],
        ]

    @classmethod
    def from_json(cls, stored: Any) -> Settings | None:
        """Settings stored by :meth:`to_json`, or None for anything else."""
        try:
            include, exclude, fingerprint, kits, groups = stored
            settings = cls(
                tuple(include),
                tuple(exclude),
                fingerprint,
                tuple(kits),
                tuple((name, tuple(files)) for name, files in groups),
            )
        except (TypeError, ValueError):
            return None
        strings = (*settings.include, *settings.exclude, settings.fingerprint_text, *settings.kits)
        names_and_files = [
            item for name, files in settings.groups for item in (name, *files) if item is not None
        ]
        if not all(type(item) is str for item in (*strings, *names_and_files)):
            return None
        if len(settings.kits) != len(Language) or any(
            len(files) != len(Language) for _, files in settings.groups
        ):
            return None
        return settings


class RunConfig:
    """A run's configuration: where it came from, the folder its globs are relative to,
    its :class:`Settings`, and the validated :class:`~tkit_scaffold.config.Config`, built
    on first use."""

    __slots__ = ("_config", "_load", "_settings", "path", "root", "unsaved")

    def __init__(
        self,
        path: Path | None,
        root: Path,
        *,
        config: Config | None = None,
        load: Callable[[], Config] | None = None,
        settings: Settings | None = None,
    ) -> None:
        if config is None and load is None:
            raise ValueError("a RunConfig needs a config or a way to load it")
        self.path = path
        self.root = root
        self._config = config
        self._load = load
        self._settings = settings
        # The cache record of these settings, when it could not be stored yet.
        self.unsaved: tuple[str, Any] | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            assert self._load is not None
            self._config = self._load()
        return self._config

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.of(self.config)
        return self._settings

    def __repr__(self) -> str:
        return f"RunConfig(path={self.path!r}, root={self.root!r})"


def locate_config(
    paths: Sequence[Path],
    explicit: Path | None = None,
    overrides: Mapping[str, tuple[str, ...]] | None = None,
    *,
    remember: bool = True,
) -> RunConfig:
    """The configuration of a run over ``paths`` (or the ``explicit`` file), with
    ``overrides`` (``select``, ``ignore``) applied. With ``remember``, a text that
    validated before is not validated again (see the module's documentation)."""
    overrides = dict(overrides or {})
    if explicit is not None:
        found: tuple[Path | None, Path] = (explicit, explicit.resolve().parent)
        if not explicit.is_file():
            return _validated(explicit, None, overrides)  # raises the usual error
    else:
        found = find_config_file(paths[0] if paths else Path.cwd())
    path, root = found
    text: str | None = None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return _validated(path, root, overrides)  # raises "cannot be read"
    if not remember:
        return RunConfig(path, root, config=_build(path, text, overrides))
    cache = ResultCache(cache_location(root), None, root)
    key = _key(cache, path, text, overrides)
    settings = Settings.from_json(cache.get_record(key))
    if settings is not None:
        known = settings
        return RunConfig(
            path,
            root,
            load=lambda: _rebuilt(known) or _build(path, text, overrides),
            settings=known,
        )
    loaded = RunConfig(path, root, config=_build(path, text, overrides))
    settings = loaded.settings
    if cache.directory.is_dir():
        cache.put_record(key, settings.to_json())
    else:
        # Stored by the run once it has written an entry (RunConfig.unsaved): a run that
        # lints nothing (an empty folder, a typo in a path) must leave no folder behind.
        loaded.unsaved = (key, settings.to_json())
    return loaded


def _rebuilt(settings: Settings) -> Config | None:
    """The configuration whose validated settings these are, rebuilt from their plain
    data without validating again (no pydantic import); None when that data is not a
    configuration's (an entry of an older layout)."""
    from tkit_scaffold.config import Config
    from tkit_scaffold.config_reader import build_trusted

    try:
        rebuilt = build_trusted(Config, json.loads(settings.fingerprint_text))
    except Exception:
        return None
    return rebuilt if rebuilt.fingerprint() == settings.fingerprint_text else None


def _build(path: Path | None, text: str | None, overrides: Mapping[str, tuple[str, ...]]) -> Config:
    from tkit_scaffold.config import Config, parse_config

    if path is None or text is None:
        config = Config()
    else:
        parsed = parse_config(text, path, pyproject=path.name == PYPROJECT)
        if parsed is None:
            from tkit_scaffold.config import load_config_file

            parsed = load_config_file(path)  # raises: no [tool.tkit-lint] section
        config = parsed
    return config.with_overrides(overrides)


def _validated(
    path: Path, root: Path | None, overrides: Mapping[str, tuple[str, ...]]
) -> RunConfig:
    from tkit_scaffold.config import resolve_config

    loaded = resolve_config([path], path)
    config = loaded.config.with_overrides(overrides)
    return RunConfig(loaded.path, root or loaded.root, config=config)


def _key(
    cache: ResultCache,
    path: Path | None,
    text: str | None,
    overrides: Mapping[str, tuple[str, ...]],
) -> str:
    """A key salted like every entry: the tool's version and code are part of it."""
    return cache.key(f"settings\0{path}", f"{text or ''}\0{json.dumps(sorted(overrides.items()))}")
