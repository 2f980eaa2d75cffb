"""What a Rust file binds, module by module: the facts a fix needs to know that a name it
introduces or uses cannot resolve to something else.

A Rust fix may add a name (TK102 renames `fn test_x` to `fn x`) or use names it brings in
with an import (TK301's `eq`, `assert_that!`). Either is safe only if no other binding of
that name can be involved: an item or an explicit `use` of the module (`E0255`, `E0428`),
a glob import whose contents could hold the name (a local item shadows a glob, so calls
that reached the glob's function would reach the new one), or a use of the name elsewhere
in the file. This module reads the bindings with tree-sitter (declarations only, once
per text) and finds the uses of a name with a text search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import tree_sitter_rust
from tree_sitter import Language as TreeSitterLanguage
from tree_sitter import Node, Parser

from tkit_scaffold.model import FrontendOptions, Language
from tkit_scaffold.vocabulary import load_vocabulary

__all__ = ["ModuleScope", "RustScopes", "kit_crates", "kit_names", "rust_scopes"]

_RUST = TreeSitterLanguage(tree_sitter_rust.language())
# Items whose `name` field binds a name in the module (any namespace: a fix never needs
# to tell a type from a value to be safe, only to avoid both).
_ITEMS = frozenset(
    {
        "function_item",
        "function_signature_item",
        "struct_item",
        "enum_item",
        "union_item",
        "trait_item",
        "type_item",
        "const_item",
        "static_item",
        "mod_item",
        "macro_definition",
    }
)


@dataclass(slots=True)
class ModuleScope:
    """The bindings of one module (the file itself, or a `mod name { … }` in it)."""

    bound: set[str] = field(default_factory=set)  # items and explicit imports
    # name -> the first segment of the path an explicit `use` takes it from
    imported_from: dict[str, str] = field(default_factory=dict)
    globs: list[str] = field(default_factory=list)  # paths of `use path::*`
    parent: ModuleScope | None = None

    def glob_roots(self) -> set[str]:
        return {path.removeprefix("::").split("::")[0] for path in self.globs}

    def has_unknown_glob(self, kit_crates: frozenset[str]) -> bool:
        """A glob whose names this file cannot list: anything but the kit's crate or
        `super` of a module defined in this file (whose names are known)."""
        for path in self.globs:
            root = path.removeprefix("::").split("::")[0]
            if path == "super" and self.parent is not None:
                if self.parent.has_unknown_glob(kit_crates):
                    return True
                continue
            if not (root in kit_crates and "::" not in path.removeprefix("::")):
                return True
        return False

    def imports_kit(self, kit_crates: frozenset[str]) -> bool:
        """Whether the kit's glob is in scope, directly or through `use super::*`."""
        for path in self.globs:
            if path.removeprefix("::") in kit_crates:
                return True
            if path == "super" and self.parent is not None and self.parent.imports_kit(kit_crates):
                return True
        return False

    def binds_other_than(self, name: str, kit_crates: frozenset[str]) -> bool:
        """Whether something other than the kit binds ``name`` here."""
        if name not in self.bound:
            return "super" in self.globs and self.parent is not None and self.parent.binds(name)
        return self.imported_from.get(name) not in kit_crates

    def binds(self, name: str) -> bool:
        """Whether an item or explicit import binds ``name`` here, or in a module of
        this file that `use super::*` brings in."""
        if name in self.bound:
            return True
        return "super" in self.globs and self.parent is not None and self.parent.binds(name)


@dataclass(slots=True)
class RustScopes:
    """Every module of a file and the identifiers used in it."""

    source: str
    root: ModuleScope
    # (line, name) of each function -> the module holding it; lines are 0-based rows
    functions: dict[tuple[int, str], ModuleScope]

    def module_of_function(self, row: int, name: str) -> ModuleScope:
        return self.functions.get((row, name), self.root)

    def uses(self, name: str) -> int:
        """How often ``name`` appears where an unqualified binding could capture it,
        definitions included: every whole-word occurrence but path tails (`a::name`),
        fields and methods (`.name`) and macro names (`name!`). Comments and strings
        count too, which only makes a fix more careful."""
        return _uses(self.source, name)


@lru_cache(maxsize=256)
def _uses(source: str, name: str) -> int:
    # `str.find` walks to each candidate in C; its neighbours decide whether it counts.
    count = 0
    start = source.find(name)
    while start >= 0:
        end = start + len(name)
        before = source[start - 1 : start]
        if (
            not (before.isalnum() or before in ("_", "."))
            and source[max(0, start - 2) : start] != "::"
            and not (source[end : end + 1].isalnum() or source[end : end + 1] in ("_", "!"))
        ):
            count += 1
        start = source.find(name, end)
    return count


@cache
def _parser() -> Parser:
    return Parser(_RUST)


@cache
def kit_names() -> frozenset[str]:
    """Every name the kit's glob import brings in: its vocabulary as Rust spells it
    (matchers are functions, steps and assertions macros) and its declared extras."""
    vocabulary = load_vocabulary()
    names = {entry.spelling(Language.RUST) for entry in vocabulary.entries}
    return frozenset(names | _rust_extras())


def _rust_extras() -> set[str]:
    import tomllib

    from tkit_scaffold.resources import rules_dir

    data = tomllib.loads((rules_dir() / "api.toml").read_text(encoding="utf-8"))
    extras = data.get("extras", {}).get("rust", {})
    return {str(name).removesuffix("!") for name in extras}


DEFAULT_KIT_CRATES = frozenset(
    crate.replace("-", "_") for crate in FrontendOptions().rust_kit_crates
)


def kit_crates(uses_kit: bool, scopes: RustScopes) -> frozenset[str]:
    """The crates taken for the kit: the default one, and, when the frontend found that
    the file uses the kit (it knows the configured crates), each crate the file imports
    at its top level with a glob or by a kit name (the standard library and the crate's
    own paths aside)."""
    if not uses_kit:
        return DEFAULT_KIT_CRATES
    root = scopes.root
    names = kit_names()
    candidates = root.glob_roots() | {
        crate for name, crate in root.imported_from.items() if name in names
    }
    return DEFAULT_KIT_CRATES | (candidates - _NOT_KITS)


_NOT_KITS = frozenset({"std", "core", "alloc", "crate", "self", "super"})


@lru_cache(maxsize=8)
def rust_scopes(source: str) -> RustScopes:
    """The scopes of ``source``; remembered for the last few texts, since every fix of a
    file asks. Only declarations are visited (the file's items and those of its `mod`
    blocks), never expressions: what a fix needs is what modules bind."""
    root_node = _parser().parse(source.encode("utf-8")).root_node
    root = ModuleScope()
    functions: dict[tuple[int, str], ModuleScope] = {}
    stack: list[tuple[Node, ModuleScope]] = [(root_node, root)]
    while stack:
        container, scope = stack.pop()
        for node in container.children:
            kind = node.type
            if kind == "use_declaration":
                argument = node.child_by_field_name("argument")
                if argument is not None:
                    _read_use(argument, "", scope)
            elif kind == "extern_crate_declaration":
                alias = node.child_by_field_name("alias") or node.child_by_field_name("name")
                if alias is not None:
                    scope.bound.add(_text(alias))
            elif kind in _ITEMS:
                name = node.child_by_field_name("name")
                if name is None:
                    continue
                scope.bound.add(_text(name))
                if kind == "function_item":
                    functions[(name.start_point[0], _text(name))] = scope
                body = node.child_by_field_name("body") if kind == "mod_item" else None
                if body is not None:
                    stack.append((body, ModuleScope(parent=scope)))
    return RustScopes(source, root, functions)


def _read_use(node: Node, prefix: str, scope: ModuleScope) -> None:
    """Record what a `use` argument binds: `a::b` binds `b`, `a::b as c` binds `c`,
    `a::{b, c::d}` each of its members, `a::*` a glob of `a`."""
    kind = node.type
    if kind in ("identifier", "crate", "super", "self", "metavariable"):
        if kind == "self" and prefix:
            _bind(scope, prefix.rsplit("::", 1)[-1], prefix)
        else:
            _bind(scope, _text(node), _join(prefix, _text(node)))
    elif kind == "scoped_identifier":
        name = node.child_by_field_name("name")
        if name is not None:
            _bind(scope, _text(name), _join(prefix, _text(node)))
    elif kind == "use_as_clause":
        alias = node.child_by_field_name("alias")
        source = node.child_by_field_name("path")
        if alias is not None and source is not None and _text(alias) != "_":
            _bind(scope, _text(alias), _join(prefix, _text(source)))
    elif kind == "use_wildcard":
        glob = _text(node).rstrip("*").rstrip(":").strip()
        scope.globs.append(_join(prefix, glob) if glob else prefix)
    elif kind == "scoped_use_list":
        path = node.child_by_field_name("path")
        items = node.child_by_field_name("list")
        joined = _join(prefix, _text(path)) if path is not None else prefix
        if items is not None:
            _read_use(items, joined, scope)
    elif kind == "use_list":
        for child in node.named_children:
            _read_use(child, prefix, scope)


def _bind(scope: ModuleScope, name: str, path: str) -> None:
    scope.bound.add(name)
    scope.imported_from.setdefault(name, path.removeprefix("::").split("::")[0])


def _join(prefix: str, path: str) -> str:
    return f"{prefix}::{path}" if prefix else path


def _text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""
