"""The Rust frontend: tree-sitter-rust syntax trees to the shared test model.

Macro arguments are opaque token trees to tree-sitter. The arguments of the macros that
matter (steps, assertions, macro-form matchers) are parsed again as the arguments of a
call inside a small wrapper function, and every node of that second tree is mapped back
to the file by a constant byte offset. ``proptest! { ... }`` bodies get the same
treatment after their ``x in strategy`` parameter lists are blanked out byte for byte,
so offsets need no mapping table.

Everything walks trees with queries, cursors or explicit stacks: nesting depth is chosen
by the input, and a deeply nested file must not exhaust the Python stack.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

import tree_sitter_rust
from tree_sitter import Language as TSLanguage
from tree_sitter import Node, Parser, Query, QueryCursor

from tkit_scaffold.frontends._checks import ConfiguredHelpers, LocalHelpers
from tkit_scaffold.frontends._treesitter import comment_nodes, first_syntax_error
from tkit_scaffold.model import (
    KIT_FAILURE_MATCHERS,
    Assertion,
    AssertionKind,
    Comment,
    Expr,
    ExprKind,
    FrontendOptions,
    Language,
    LineIndex,
    MatcherCall,
    ParseError,
    RaisesCheck,
    Skip,
    Sleep,
    Span,
    Step,
    StepKind,
    TestCase,
    TestFile,
)
from tkit_scaffold.vocabulary import load_vocabulary

_RUST = TSLanguage(tree_sitter_rust.language())

_COMMENT_TYPES = frozenset({"line_comment", "block_comment"})
_STRING_TYPES = frozenset({"string_literal", "raw_string_literal", "char_literal"})
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_STEP_KINDS = {kind.value: kind for kind in StepKind}
_KIT_ASSERTIONS = {"assert_that": False, "expect_that": True}  # name -> soft
_FOREIGN_ASSERTIONS = frozenset(
    {"assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne"}
)
# Attribute names (last path segment) that make a function a test, besides `...::test`.
_TEST_ATTRIBUTES = frozenset(
    {"test", "rstest", "test_case", "proptest", "quickcheck", "wasm_bindgen_test", "gtest"}
)
# Roots under which a step or assertion macro is still the kit's own (the kit's self-tests
# reach its macros through `crate::`).
_SELF_ROOTS = frozenset({"crate", "$crate"})
# Sleep functions reached by a path; a bare `sleep(..)` counts when imported from these.
_SLEEP_PATHS = frozenset(
    {
        "std::thread::sleep",
        "::std::thread::sleep",
        "thread::sleep",
        "tokio::time::sleep",
        "::tokio::time::sleep",
        "time::sleep",
        "async_std::task::sleep",
        "task::sleep",
    }
)
_SLEEP_IMPORT = re.compile(
    r"(?:std\s*::\s*thread|tokio\s*::\s*time|async_std\s*::\s*task)\s*::\s*"
    r"(?:sleep\b|\{[^}]*\bsleep\b)"
)
# Pausing tokio's clock: later sleeps advance virtual time and wait for nothing.
_PAUSE_PATHS = frozenset({"tokio::time::pause", "::tokio::time::pause", "time::pause"})
_PAUSE_IMPORT = re.compile(r"tokio\s*::\s*time\s*::\s*(?:pause\b|\{[^}]*\bpause\b)")
# `sleep(Duration::ZERO)`, `sleep(Duration::from_millis(0))`: a yield, not a wait.
_ZERO_DURATION = re.compile(
    r"\((?:(?:::)?(?:std|tokio)::time::)?Duration::"
    r"(?:ZERO|from_(?:secs|millis|micros|nanos)(?:_f(?:32|64))?\(0(?:\.0)?\w*\)|new\(0\w*,0\w*\))\)"
)
_START_PAUSED = re.compile(r"\bstart_paused\s*=\s*true\b")
# A check written directly in a body: any assertion macro (`assert_matches!`,
# `assert_ok!`), an explicit failure (`panic!`, `unreachable!`), a check that a result is
# an error (`unwrap_err()`, `expect_err(..)`), a call named like a check
# (`check_strategy_sanity(..)`, `verify_roundtrip(..)`), trybuild's compile checks.
_DIRECT_CHECK = re.compile(
    rb"assert\w*\s*!|\b(?:panic|unreachable)\s*!"
    rb"|\.\s*(?:unwrap_err|expect_err)\s*\("
    rb"|\b(?:assert|check|verify)_\w+\s*(?:::\s*<[^;{}]*?>\s*)?\("
    rb"|\btrybuild\s*::\s*TestCases\b"
    # A static assertion: `is_unpin::<BufWriter<()>>()`, `IsSend(b.wait())`,
    # `require_sync(&x)` do not build unless the property holds.
    rb"|\b_*(?:is|assert)(?:_\w+)?\s*::\s*<[^;]*>\s*\(\s*\)"
    rb"|\b(?:[Ii]s|[Aa]ssert|[Rr]equire)_?(?:[Ss]end|[Ss]ync|[Uu]npin|[Uu]nwind_?[Ss]afe)\w*\s*[(:<]"
)
# A test attribute, for finding the `macro_rules!` bodies that define tests.
_TEST_ATTRIBUTE_BYTES = re.compile(
    rb"#\s*\[\s*(?:[\w$]+\s*::\s*)*(?:"
    + b"|".join(name.encode() for name in sorted(_TEST_ATTRIBUTES))
    + rb")\b"
)
# A call of a function, method or macro: its path and whether it is a macro (`!`).
# Type arguments (`test_parse_err::<f64>(...)`) may come between the name and the `(`.
_CALL = re.compile(
    rb"((?:[A-Za-z_]\w*\s*::\s*)*[A-Za-z_]\w*)\s*(!?)\s*(?:::\s*<[^;{}()]*>\s*)?[(\[{]"
)
_INTEGER_SUFFIX = re.compile(r"(?:[iu](?:8|16|32|64|128|size))$")
_FLOAT_SUFFIX = re.compile(r"f(?:32|64)$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0", "'": "'", '"': '"'}

# Macro arguments are parsed as the arguments of a call: the grammar then splits them on
# their top-level commas, generics and closures included. The newline keeps a trailing
# line comment from swallowing the closing parenthesis.
_ARGS_PREFIX = b"fn __tkit__(){_("
_ARGS_SUFFIX = b"\n);}"
# Operands and matchers nested deeper than this are not looked into: no rule needs them,
# each macro-form matcher level is parsed again (a cost that grows with the square of the
# depth), and a very deep model would not survive pickling between processes.
_MAX_NESTING = 64

_STRUCTURE_TEXT = """
(function_item) @function
(mod_item name: (identifier) body: (declaration_list)) @module
(macro_definition) @macro_definition
(source_file (macro_invocation) @item_macro)
(declaration_list (macro_invocation) @item_macro)
"""
# What a test's body can hold (and a module-level macro such as `proptest!` can be).
_BODY_TEXT = """
(use_declaration) @use
(macro_invocation macro: (identifier) @_name
  (#match? @_name "assert|^(given|when|then|and|expect_that|golden|proptest)$")) @macro
(macro_invocation macro: (scoped_identifier name: (identifier) @_name)
  (#match? @_name "assert|^(given|when|then|and|expect_that|golden|proptest)$")) @macro
(call_expression function: [(identifier) (scoped_identifier)] @_callee
  (#match? @_callee "(sleep|pause)$")) @sleep
(call_expression function: (identifier) @_callee (#match? @_callee "^assert")) @check
(call_expression function: (scoped_identifier name: (identifier) @_callee)
  (#match? @_callee "^assert")) @check
(call_expression function: (field_expression field: (field_identifier) @_callee)
  (#match? @_callee "^assert")) @check
"""
# Paths rooted at a kit crate (`use testingkit::*`, `testingkit::eq(1)`, ...), with the
# crate names filled in per configuration.
_KIT_ROOT_PATTERNS = (
    "(scoped_identifier path: (identifier) @kit)",
    "(scoped_type_identifier path: (identifier) @kit)",
    "(scoped_use_list path: (identifier) @kit)",
    "(use_wildcard (identifier) @kit)",
    "(use_declaration argument: (identifier) @kit)",
    "(use_as_clause path: (identifier) @kit)",
    "(extern_crate_declaration name: (identifier) @kit)",
)


@cache
def _parser() -> Parser:
    return Parser(_RUST)


@cache
def _query(kit_crates: tuple[str, ...]) -> Query:
    # One query, so that the tree is traversed once: traversal is most of its cost.
    patterns = [_STRUCTURE_TEXT, _BODY_TEXT]
    names = " ".join(f'"{crate}"' for crate in kit_crates if _IDENTIFIER.match(crate))
    if names:
        patterns.extend(f"({pattern} (#any-of? @kit {names}))" for pattern in _KIT_ROOT_PATTERNS)
    return Query(_RUST, "\n".join(patterns))


@cache
def _body_query() -> Query:
    return Query(_RUST, _BODY_TEXT)


# A file without these bytes can use the kit nowhere (no kit macro, whatever its path) and
# imports no sleep function, so only its tests need searching: see `_Scan._scan_tests`.
_KIT_MACRO_BYTES = re.compile(
    rb"(?:"
    + b"|".join(name.encode() for name in (*_STEP_KINDS, *_KIT_ASSERTIONS))
    + rb"|golden)\s*!"
)
_SLEEP_IMPORT_BYTES = re.compile(_SLEEP_IMPORT.pattern.encode())


@cache
def _matcher_names() -> dict[str, str]:
    """Rust spelling -> canonical name, for the matchers of the vocabulary."""
    vocabulary = load_vocabulary()
    table: dict[str, str] = {}
    for name in vocabulary.names("matchers"):
        entry = vocabulary.entry(name)
        if entry is not None:
            table[entry.spelling(Language.RUST)] = name
    return table


def parse(path: str, source: str, options: FrontendOptions) -> TestFile:
    """The model of one Rust file; a syntax error is reported in the result, never raised."""
    try:
        data = source.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates: the text has no UTF-8 form
        span = LineIndex(source).span(error.start, error.end)
        message = "the file is not valid UTF-8 text"
        return TestFile(path, Language.RUST, source, parse_error=ParseError(message, span))
    return _Scan(path, source, data, options).run()


# ---------------------------------------------------------------------------- collection


@dataclass
class _Test:
    """A test being collected; byte offsets are into the file's UTF-8 data."""

    name: str
    name_span: Span
    span: Span
    scope: str
    attributes: tuple[str, ...]
    start_byte: int
    end_byte: int
    skips: list[Skip]
    raises: list[RaisesCheck]
    parent: int = -1  # index of the innermost test enclosing this one
    body_start: int = -1  # file byte where the body block starts (-1: unknown)
    generated: bool = False  # named by a metavariable of a `macro_rules!` (`fn $name`)
    steps: list[tuple[int, Step]] = field(default_factory=list)
    assertions: list[tuple[int, Assertion]] = field(default_factory=list)
    sleeps: list[tuple[int, Sleep]] = field(default_factory=list)

    def freeze(self) -> TestCase:
        return TestCase(
            name=self.name,
            scenario_id=self.name,
            span=self.span,
            name_span=self.name_span,
            scope=self.scope,
            generated=self.generated,
            attributes=self.attributes,
            steps=tuple(step for _, step in sorted(self.steps, key=_first)),
            assertions=tuple(item for _, item in sorted(self.assertions, key=_first)),
            sleeps=tuple(sleep for _, sleep in sorted(self.sleeps, key=_first)),
            skips=tuple(self.skips),
            raises=tuple(sorted(self.raises, key=lambda check: check.span.start)),
        )


def _first(pair: tuple[int, object]) -> int:
    return pair[0]


@dataclass(frozen=True, slots=True)
class _Tree:
    """A syntax tree of part of the file: file byte = tree byte + ``delta``."""

    root: Node
    delta: int
    scope: str  # module path of the place the tree was cut from


@dataclass(frozen=True, slots=True)
class _Arg:
    """One macro or call argument; ``node`` is None when it does not parse on its own."""

    node: Node | None
    delta: int
    start: int  # file bytes
    end: int


@dataclass
class _MatcherShape:
    name: str
    node: Node
    name_node: Node
    delta: int
    args: list[_Arg]
    args_range: tuple[int, int] | None  # file bytes


class _Scan:
    def __init__(self, path: str, source: str, data: bytes, options: FrontendOptions) -> None:
        self.path = path
        self.source = source
        self.data = data
        self.positions = _Positions(source, data)
        self.options = options
        self.kit_crates = frozenset(options.rust_kit_crates)
        self.query = _query(tuple(options.rust_kit_crates))
        self.tests: list[_Test] = []
        self.uses_kit = False
        self.imports_sleep = False
        self.events: list[tuple[int, Step | Assertion | Sleep | RaisesCheck]] = []
        self.pauses: list[int] = []  # file bytes where a test pauses tokio's clock
        self.configured_helpers = ConfiguredHelpers(options.check_helpers)
        self.root: Node | None = None
        self._checking: LocalHelpers[bytes, list[Node]] | None = None

    # ------------------------------------------------------------------ driver

    def run(self) -> TestFile:
        root = self.root = _parser().parse(self.data).root_node
        if self._may_use_kit_or_sleep_import():
            captures = QueryCursor(self.query).captures(root)
        else:
            captures = self._scan_tests(root)
        comments = self._comments(comment_nodes(root, self.data, _COMMENT_TYPES))
        self.uses_kit = bool(captures.get("kit"))
        # Tests are still collected from a tree with errors (best effort, as the Go
        # frontend does): tree-sitter confines an error to a small subtree, and one
        # construct the grammar does not know should not hide the rest of the file.
        pending = self._scan_tree(_Tree(root, 0, ""), captures)
        while pending:
            body = pending.pop()
            pending.extend(self._scan_tree(body, QueryCursor(self.query).captures(body.root)))
        error = first_syntax_error(root)
        parse_error = None
        if error is not None:
            parse_error = ParseError(_error_message(error, self.data), self._node_span(error, 0))
        return TestFile(
            self.path,
            Language.RUST,
            self.source,
            tests=self._assign(),
            comments=comments,
            parse_error=parse_error,
            uses_kit=self.uses_kit,
        )

    def _may_use_kit_or_sleep_import(self) -> bool:
        data = self.data
        return (
            any(crate.encode() in data for crate in self.kit_crates)
            or _KIT_MACRO_BYTES.search(data) is not None
            or _SLEEP_IMPORT_BYTES.search(data) is not None
        )

    def _scan_tests(self, root: Node) -> dict[str, list[Node]]:
        """The query's captures for a file that cannot use the kit or import a sleep: the
        module-level functions and modules, and what the tests and the module-level
        macros hold. A query walks every node of the tree in C, a third of the time of
        the parse; outside its tests, such a file holds nothing the model records, and in
        the test suites of Rust crates the tests are a tenth of the source."""
        captures: dict[str, list[Node]] = {
            "function": [],
            "module": [],
            "macro_definition": [],
            "item_macro": [],
            "use": [],
            "macro": [],
            "sleep": [],
            "check": [],
        }
        cursor = QueryCursor(_body_query())
        for item in _module_items(root):
            if item.type == "function_item":
                captures["function"].append(item)
                if not _is_test_function(item):
                    continue
            elif item.type == "mod_item":
                module_name = item.child_by_field_name("name")
                body = item.child_by_field_name("body")
                if (
                    module_name is not None
                    and module_name.type == "identifier"
                    and body is not None
                    and body.type == "declaration_list"
                ):
                    captures["module"].append(item)
                continue
            elif item.type == "macro_definition":
                captures["macro_definition"].append(item)
                continue
            elif item.type != "macro_invocation":
                continue
            captures["item_macro"].append(item)
            for capture, nodes in cursor.captures(item).items():
                if capture in captures:
                    captures[capture].extend(nodes)
        return captures

    def _scan_tree(self, tree: _Tree, captures: dict[str, list[Node]]) -> list[_Tree]:
        """Collects tests and events of one tree; returns the macro bodies to scan next."""
        # Outer modules first, for the scope path: a query does not return nested matches
        # in document order.
        modules = sorted(
            (
                node.start_byte,
                node.end_byte,
                self._text(node.child_by_field_name("name"), tree.delta),
            )
            for node in captures.get("module", [])
        )
        for node in captures.get("use", []):
            if _SLEEP_IMPORT.search(self._text(node, tree.delta)):
                self.imports_sleep = True
        for node in captures.get("function", []):
            self._maybe_test(node, tree, modules)
        more: list[_Tree] = []
        for node in captures.get("macro", []):
            more.extend(self._macro(node, tree, modules))
        for node in captures.get("macro_definition", []):
            more.extend(self._macro_rule_bodies(node, tree, modules))
        for node in captures.get("item_macro", []):
            more.extend(self._item_macro_body(node, tree, modules))
        for node in captures.get("sleep", []):
            self._sleep(node, tree.delta)
        for node in captures.get("check", []):
            self._helper_call(node, tree.delta)
        return more

    def _assign(self) -> tuple[TestCase, ...]:
        """Hands each event to the innermost test that contains it."""
        self.tests.sort(key=lambda test: (test.start_byte, -test.end_byte))
        open_tests: list[int] = []
        for index, test in enumerate(self.tests):
            while open_tests and self.tests[open_tests[-1]].end_byte <= test.start_byte:
                open_tests.pop()
            test.parent = open_tests[-1] if open_tests else -1
            open_tests.append(index)
        starts = [test.start_byte for test in self.tests]
        for position, item in self.events:
            index = bisect.bisect_right(starts, position) - 1
            while index >= 0 and not position < self.tests[index].end_byte:
                index = self.tests[index].parent
            if index < 0:
                continue
            test = self.tests[index]
            if isinstance(item, Step):
                test.steps.append((position, item))
            elif isinstance(item, Assertion):
                test.assertions.append((position, item))
            elif isinstance(item, Sleep):
                if self._clock_paused(test, position):
                    item = Sleep(item.span, item.form, controlled=True)
                test.sleeps.append((position, item))
            else:
                test.raises.append(item)
        for test in self.tests:
            if not test.assertions and not test.raises:
                self._add_helper_checks(test)
        return tuple(test.freeze() for test in self.tests)

    def _add_helper_checks(self, test: _Test) -> None:
        """For a test with no check of its own: the checks it makes through helpers of
        this file (functions, methods, `macro_rules!`) that check, directly or through
        other helpers, and the checks the body writes in forms no query captures
        (`panic!`, `unwrap_err()`)."""
        if test.body_start < 0:
            return
        checking = self._checking_helpers()
        body = self.data[test.body_start : test.end_byte]
        found = _DIRECT_CHECK.search(body)
        if found is not None:
            self._helper_assertion(test, test.body_start + found.start(), found.group())
            return
        for call in _CALL.finditer(body):
            path, bang = call.group(1), call.group(2)
            name = path.rsplit(b"::", 1)[-1].strip() + bang
            form = b"".join(path.split()) + bang
            if name in checking or (
                self.configured_helpers
                and self.configured_helpers.matches(form.decode("utf-8", "replace"))
            ):
                self._helper_assertion(test, test.body_start + call.start(), form)
                return

    def _helper_assertion(self, test: _Test, start: int, text: bytes) -> None:
        trimmed = text.lstrip(b". \t\r\n")
        start += len(text) - len(trimmed)
        trimmed = trimmed.rstrip(b"( \t\r\n")
        form = trimmed.decode("utf-8", "replace")
        span = self._span(start, start + len(trimmed))
        test.assertions.append((start, Assertion(AssertionKind.HELPER, span, form)))

    def _checking_helpers(self) -> LocalHelpers[bytes, list[Node]]:
        """The file's helpers (`name`, or `name!` for a macro; the definitions of one name
        in several modules or `impl` blocks together), asked lazily whether they check:
        only the ones a test calls are read."""
        if self._checking is None:
            data = self.data

            def checks_directly(nodes: list[Node]) -> bool:
                return any(
                    _DIRECT_CHECK.search(data, node.start_byte, node.end_byte) for node in nodes
                )

            def callees(nodes: list[Node]) -> Iterator[bytes]:
                for node in nodes:
                    for call in _CALL.finditer(data, node.start_byte, node.end_byte):
                        yield call.group(1).rsplit(b"::", 1)[-1].strip() + call.group(2)

            bodies: dict[bytes, list[Node]] = {}
            for name, node in _helper_definitions(self.root):
                bodies.setdefault(name, []).append(node)
            self._checking = LocalHelpers(bodies, checks_directly, callees)
        return self._checking

    def _clock_paused(self, test: _Test, position: int) -> bool:
        """Whether tokio's clock is paused at ``position`` of ``test``: the test starts
        paused or called `time::pause()` before."""
        if any(_START_PAUSED.search(attribute) for attribute in test.attributes):
            return True
        return any(test.start_byte <= pause < position for pause in self.pauses)

    # ------------------------------------------------------------------ positions

    def _span(self, start: int, end: int) -> Span:
        return self.positions.span(start, end)

    def _node_span(self, node: Node, delta: int) -> Span:
        return self._span(node.start_byte + delta, node.end_byte + delta)

    def _slice(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8", errors="replace")

    def _text(self, node: Node | None, delta: int) -> str:
        if node is None:
            return ""
        return self._slice(node.start_byte + delta, node.end_byte + delta)

    # ------------------------------------------------------------------ comments

    def _comments(self, nodes: Iterable[Node]) -> tuple[Comment, ...]:
        comments: list[Comment] = []
        for node in nodes:  # in document order
            start, line, column = self.positions.point(node.start_byte)
            # A line comment's node may include its newline (doc comments do).
            body = self._text(node, 0).rstrip("\r\n")
            own_line = self.source[start - column + 1 : start].strip() == ""
            comments.append(Comment(line, column, body, own_line))
        return tuple(comments)

    # ------------------------------------------------------------------ tests

    def _maybe_test(self, node: Node, tree: _Tree, modules: list[tuple[int, int, str]]) -> None:
        attributes = _attributes_before(node)
        if not any(_is_test_attribute(_attribute_path(item)) for item in attributes):
            return
        if not _is_module_level(node):
            return  # rustc does not run a test declared inside a function or an impl
        name_node = node.child_by_field_name("name")
        if name_node is None:
            return
        body = node.child_by_field_name("body")
        delta = tree.delta
        first = attributes[0] if attributes else node
        skips: list[Skip] = []
        raises: list[RaisesCheck] = []
        for item in attributes:
            self._test_attribute(item, delta, skips, raises)
        generated = self.data[name_node.start_byte + delta - 1 : name_node.start_byte + delta]
        self.tests.append(
            _Test(
                name=("$" if generated == b"$" else "") + self._text(name_node, delta),
                name_span=self._node_span(name_node, delta),
                span=self._span(first.start_byte + delta, node.end_byte + delta),
                scope=_scope(tree.scope, modules, node.start_byte),
                attributes=tuple(self._text(item, delta) for item in attributes),
                start_byte=node.start_byte + delta,
                end_byte=node.end_byte + delta,
                body_start=-1 if body is None else body.start_byte + delta,
                generated=generated == b"$",
                skips=skips,
                raises=raises,
            )
        )

    def _test_attribute(
        self, item: Node, delta: int, skips: list[Skip], raises: list[RaisesCheck]
    ) -> None:
        attribute = _attribute(item)
        path = _attribute_path(item)
        if attribute is None or path is None:
            return
        name = self._text(_last_segment(path), delta)
        value = attribute.child_by_field_name("value")
        arguments = attribute.child_by_field_name("arguments")
        span = self._node_span(item, delta)
        if name == "ignore":
            reason = _string_value(value, self._text(value, delta)) if value else None
            has_reason = reason is not None and reason.strip() != ""
            has_reason = has_reason or self._explained_on_its_line(item, delta)
            skips.append(Skip(span, "#[ignore]", has_reason))
        elif name == "cfg_attr" and arguments is not None:
            # `#[cfg_attr(miri, ignore)]`: ignored where the condition holds.
            for piece in _pieces_of(arguments.children[1:-1])[1:]:
                if piece and piece[0].type == "identifier" and piece[0].text == b"ignore":
                    literal = piece[2] if len(piece) > 2 and piece[1].type == "=" else None
                    reason = None
                    if literal is not None:
                        reason = _string_value(literal, self._text(literal, delta))
                    has_reason = reason is not None and reason.strip() != ""
                    has_reason = has_reason or self._explained_on_its_line(item, delta)
                    skips.append(Skip(span, "#[cfg_attr(..., ignore)]", has_reason))
        elif name == "should_panic":
            # `#[should_panic(expected = "...")]` or the older `#[should_panic = "..."]`.
            has_message = value is not None or (
                arguments is not None
                and any(
                    self._text(child, delta) == "expected" for child in arguments.named_children
                )
            )
            raises.append(RaisesCheck(span, "#[should_panic]", None, has_message))

    def _explained_on_its_line(self, item: Node, delta: int) -> bool:
        """Whether a comment says why, where a reader sees it: after the attribute on its
        line (`#[ignore] // flaky on CI, see #5995`), or alone on the line just above it
        (a plain `//` comment, not the test's `///` documentation)."""
        end = item.end_byte + delta
        line_end = self.data.find(b"\n", end)
        rest = self.data[end : len(self.data) if line_end < 0 else line_end].strip()
        if rest.startswith(b"//") and rest.lstrip(b"/!").strip() != b"":
            return True
        start = item.start_byte + delta
        line_start = self.data.rfind(b"\n", 0, start) + 1
        if self.data[line_start:start].strip():
            return False  # the attribute does not start its line
        above_start = self.data.rfind(b"\n", 0, max(line_start - 1, 0)) + 1
        above = self.data[above_start : max(line_start - 1, above_start)].strip()
        return (
            above.startswith(b"//")
            and not above.startswith((b"///", b"//!"))
            and above.lstrip(b"/").strip() != b""
        )

    # ------------------------------------------------------------------ macros

    def _macro(self, node: Node, tree: _Tree, modules: list[tuple[int, int, str]]) -> list[_Tree]:
        path = node.child_by_field_name("macro")
        token_tree = _token_tree(node)
        if path is None or token_tree is None:
            return []
        delta = tree.delta
        name = self._text(_last_segment(path), delta)
        root = (
            self._text(path.child_by_field_name("path"), delta) if path.type != "identifier" else ""
        )
        own = root == "" or root in _SELF_ROOTS or root.lstrip(":") in self.kit_crates
        form = self._text(path, delta) + "!"
        position = node.start_byte + delta
        span = self._node_span(node, delta)
        if name in _STEP_KINDS and own:
            self.uses_kit = True
            self._step(node, token_tree, _STEP_KINDS[name], delta)
        elif name in _KIT_ASSERTIONS and own:
            self.uses_kit = True
            self._kit_assertion(node, token_tree, form, _KIT_ASSERTIONS[name], delta)
        elif name == "proptest":
            return self._proptest(token_tree, tree, modules)
        elif name in _FOREIGN_ASSERTIONS or "assert" in name or (name == "golden" and own):
            if name == "golden":
                self.uses_kit = True
            kind = AssertionKind.FOREIGN if name in _FOREIGN_ASSERTIONS else AssertionKind.HELPER
            args = tuple(self._expr(arg) for arg in self._macro_args(token_tree, delta))
            self.events.append((position, Assertion(kind, span, form, args=args)))
        elif name == "expect_that":  # another crate's expect_that: a check all the same
            args = tuple(self._expr(arg) for arg in self._macro_args(token_tree, delta))
            assertion = Assertion(AssertionKind.HELPER, span, form, soft=True, args=args)
            self.events.append((position, assertion))
        return []

    def _item_macro_body(
        self, node: Node, tree: _Tree, modules: list[tuple[int, int, str]]
    ) -> list[_Tree]:
        """The items of a module-level macro invocation that wraps tests
        (`rt_test! { #[test] fn ... }`, `cfg_not_wasi! { ... }`), parsed where they are
        written. `proptest!` has its own reading (see `_proptest`)."""
        path = node.child_by_field_name("macro")
        token_tree = _token_tree(node)
        if path is None or token_tree is None or token_tree.child_count < 2:
            return []
        if self._text(_last_segment(path), tree.delta) == "proptest":
            return []
        if not _is_module_level(node):
            return []
        start = token_tree.children[0].end_byte + tree.delta
        end = token_tree.children[-1].start_byte + tree.delta
        body = self.data[start:end]
        if _TEST_ATTRIBUTE_BYTES.search(body) is None:
            return []
        scope = _scope(tree.scope, modules, node.start_byte)
        return [_Tree(_parser().parse(body).root_node, start, scope)]

    def _macro_rule_bodies(
        self, node: Node, tree: _Tree, modules: list[tuple[int, int, str]]
    ) -> list[_Tree]:
        """The bodies of a `macro_rules!` that define tests (`#[test] fn $name() {...}`),
        parsed as items where they are written: each `$` of a metavariable is blanked,
        byte for byte, so offsets need no mapping and `$name` reads as `name`."""
        if not _is_module_level(node):
            return []
        delta = tree.delta
        scope = _scope(tree.scope, modules, node.start_byte)
        bodies = []
        for rule in node.named_children:
            body = rule.child_by_field_name("right") if rule.type == "macro_rule" else None
            if body is None or body.child_count < 2:
                continue
            start = body.children[0].end_byte + delta
            end = body.children[-1].start_byte + delta
            text = self.data[start:end]
            if _TEST_ATTRIBUTE_BYTES.search(text) is None:
                continue
            blanked = text.replace(b"$", b" ")
            bodies.append(_Tree(_parser().parse(blanked).root_node, start, scope))
        return bodies

    def _step(self, node: Node, token_tree: Node, kind: StepKind, delta: int) -> None:
        description: str | None = None
        description_span: Span | None = None
        inside = [child for child in token_tree.children[1:-1] if child.type not in _COMMENT_TYPES]
        # The description is the literal first argument (a format string, if more follow).
        if (
            inside
            and inside[0].type in _STRING_TYPES
            and (len(inside) == 1 or inside[1].type == ",")
        ):
            literal = inside[0]
            description = _string_value(literal, self._text(literal, delta))
            description_span = self._node_span(literal, delta)
        step = Step(kind, self._node_span(node, delta), description, description_span)
        self.events.append((node.start_byte + delta, step))

    def _kit_assertion(
        self, node: Node, token_tree: Node, form: str, soft: bool, delta: int
    ) -> None:
        args = self._macro_args(token_tree, delta)
        actual = self._expr(args[0]) if args else None
        matcher = self._matcher(args[1]) if len(args) > 1 else None
        assertion = Assertion(
            AssertionKind.KIT,
            self._node_span(node, delta),
            form,
            soft=soft,
            actual=actual,
            matcher=matcher,
        )
        self.events.append((node.start_byte + delta, assertion))
        for call in _walk_matchers(matcher):
            if call.name in KIT_FAILURE_MATCHERS:
                check = RaisesCheck(call.span, call.name, None, KIT_FAILURE_MATCHERS[call.name])
                self.events.append((node.start_byte + delta, check))

    def _proptest(
        self, token_tree: Node, tree: _Tree, modules: list[tuple[int, int, str]]
    ) -> list[_Tree]:
        """The body of `proptest! { ... }` (test functions) or `proptest!(|(..)| { ... })`."""
        children = token_tree.children[1:-1]
        if not children:
            return []
        delta = tree.delta
        scope = _scope(tree.scope, modules, token_tree.start_byte)
        start = children[0].start_byte + delta
        end = children[-1].end_byte + delta
        blank: list[tuple[int, int]] = []  # file byte ranges of parameter lists
        closure_start: int | None = None
        for index, child in enumerate(children):
            after = children[index + 1 : index + 3]
            kinds = [item.type for item in after]
            if child.type == "fn" and kinds == ["identifier", "token_tree"]:
                blank.append((after[1].start_byte + 1 + delta, after[1].end_byte - 1 + delta))
            elif child.type == "|" and closure_start is None and kinds[:1] == ["token_tree"]:
                closure_start = child.start_byte + delta
                blank.append((after[0].start_byte + 1 + delta, after[0].end_byte - 1 + delta))
        if blank and closure_start is None:
            if token_tree.parent is None or not _is_module_level(token_tree.parent):
                return []  # test functions declared inside a function do not run
            body = _blanked(self.data, start, end, blank)
            return [_Tree(_parser().parse(body).root_node, start, scope)]
        if closure_start is not None:
            body = _blanked(self.data, closure_start, end, blank)
            wrapped = _ARGS_PREFIX + body + _ARGS_SUFFIX
            root = _parser().parse(wrapped).root_node
            return [_Tree(root, closure_start - len(_ARGS_PREFIX), scope)]
        return []

    # ------------------------------------------------------------------ calls

    def _sleep(self, node: Node, delta: int) -> None:
        function = node.child_by_field_name("function")
        if function is None:
            return
        form = "".join(self._text(function, delta).split())
        if form in _PAUSE_PATHS or (form == "pause" and _PAUSE_IMPORT.search(self.source)):
            self.pauses.append(node.start_byte + delta)
        elif form in _SLEEP_PATHS or (form == "sleep" and self.imports_sleep):
            arguments = "".join(self._text(node.child_by_field_name("arguments"), delta).split())
            zero = _ZERO_DURATION.fullmatch(arguments) is not None  # a yield, not a wait
            sleep = Sleep(self._node_span(node, delta), form, controlled=zero)
            self.events.append((node.start_byte + delta, sleep))

    def _helper_call(self, node: Node, delta: int) -> None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None:
            return
        if function.type == "field_expression":
            form = self._text(function.child_by_field_name("field"), delta)
        else:
            form = self._text(function, delta)
        args: tuple[Expr, ...] = ()
        if arguments is not None:
            args = tuple(
                self._expr(_Arg(child, delta, child.start_byte + delta, child.end_byte + delta))
                for child in arguments.named_children
                if child.type not in _COMMENT_TYPES
            )
        assertion = Assertion(AssertionKind.HELPER, self._node_span(node, delta), form, args=args)
        self.events.append((node.start_byte + delta, assertion))

    # ------------------------------------------------------------------ arguments

    def _macro_args(self, token_tree: Node, delta: int) -> list[_Arg]:
        """The arguments of a macro invocation, each parsed as an expression."""
        children = token_tree.children
        if len(children) < 2:
            return []
        start = children[0].end_byte + delta
        closing = children[-1]
        end = (closing.start_byte if not closing.is_missing else closing.end_byte) + delta
        if start >= end:
            return []
        wrapped = _ARGS_PREFIX + self.data[start:end] + _ARGS_SUFFIX
        root = _parser().parse(wrapped).root_node
        shift = start - len(_ARGS_PREFIX)
        if not root.has_error:
            arguments = _wrapper_arguments(root)
            if arguments is not None:
                return [
                    _Arg(child, shift, child.start_byte + shift, child.end_byte + shift)
                    for child in arguments.named_children
                    if child.type not in _COMMENT_TYPES
                ]
        return [
            self._piece(piece_start, piece_end)
            for piece_start, piece_end in _pieces(children[1:-1], delta)
        ]

    def _piece(self, start: int, end: int) -> _Arg:
        """One comma-separated piece of a macro's tokens that did not parse as a whole."""
        wrapped = _ARGS_PREFIX + self.data[start:end] + _ARGS_SUFFIX
        root = _parser().parse(wrapped).root_node
        arguments = _wrapper_arguments(root) if not root.has_error else None
        if arguments is not None:
            named = [
                child for child in arguments.named_children if child.type not in _COMMENT_TYPES
            ]
            if len(named) == 1:
                shift = start - len(_ARGS_PREFIX)
                return _Arg(named[0], shift, start, end)
        return _Arg(None, 0, start, end)

    # ------------------------------------------------------------------ expressions

    def _expr(self, arg: _Arg) -> Expr:
        if arg.node is None:
            return Expr(
                ExprKind.OTHER, self._slice(arg.start, arg.end), self._span(arg.start, arg.end)
            )
        delta = arg.delta
        # Children are built before their parents: collect in pre-order, build in reverse.
        order: list[Node] = []
        stack = [(arg.node, 0)]
        while stack:
            node, depth = stack.pop()
            order.append(node)
            if depth < _MAX_NESTING:
                stack.extend(
                    (operand, depth + 1) for operand in _operand_nodes(_unparenthesized(node))
                )
        built: dict[int, Expr] = {}
        for node in reversed(order):
            built[node.id] = self._make_expr(node, delta, built)
        return built[arg.node.id]

    def _make_expr(self, node: Node, delta: int, built: dict[int, Expr]) -> Expr:
        text = self._text(node, delta)
        span = self._node_span(node, delta)
        core = _unparenthesized(node)
        kind = core.type
        core_text = self._text(core, delta) if core is not node else text
        if kind in ("integer_literal", "float_literal"):
            return _number_expr(core_text, text, span, negative=False)
        if kind == "unary_expression" and core_text.startswith("-"):
            operand = core.named_children[0] if core.named_child_count else None
            if operand is not None and operand.type in ("integer_literal", "float_literal"):
                return _number_expr(self._text(operand, delta), text, span, negative=True)
        if kind in _STRING_TYPES:
            return Expr(ExprKind.STRING, text, span, _string_value(core, core_text))
        if kind == "boolean_literal":
            return Expr(ExprKind.BOOL, text, span, core_text == "true")
        if kind in ("identifier", "self"):
            return Expr(ExprKind.NAME, text, span)
        if kind == "unit_expression":
            return Expr(ExprKind.NONE, text, span)
        operands = tuple(built[node.id] for node in _operand_nodes(core) if node.id in built)
        if kind == "call_expression" and len(operands) == 1:
            return Expr(ExprKind.LEN, text, span, operands=operands)
        if kind == "binary_expression" and len(operands) == 2:
            operator = self._text(core.child_by_field_name("operator"), delta)
            return Expr(ExprKind.COMPARISON, text, span, operator=operator, operands=operands)
        return Expr(ExprKind.OTHER, text, span)

    # ------------------------------------------------------------------ matchers

    def _matcher(self, root: _Arg) -> MatcherCall | None:
        shapes: list[tuple[_Arg, _MatcherShape]] = []
        stack: list[tuple[_Arg, int]] = [(root, 0)]
        while stack:
            arg, depth = stack.pop()
            shape = self._matcher_shape(arg) if depth < _MAX_NESTING else None
            if shape is not None:
                shapes.append((arg, shape))
                stack.extend((inner, depth + 1) for inner in shape.args)
        built: dict[int, MatcherCall] = {}
        for arg, shape in reversed(shapes):
            inner = tuple(built[id(item)] for item in shape.args if id(item) in built)
            args_span = None
            if shape.args_range is not None:
                args_span = self._span(*shape.args_range)
            built[id(arg)] = MatcherCall(
                name=shape.name,
                args=tuple(self._expr(item) for item in shape.args),
                span=self._node_span(shape.node, shape.delta),
                name_span=self._node_span(shape.name_node, shape.delta),
                args_span=args_span,
                inner=inner,
            )
        return built.get(id(root))

    def _matcher_shape(self, arg: _Arg) -> _MatcherShape | None:
        if arg.node is None:
            return None
        node = _unparenthesized(arg.node)
        delta = arg.delta
        names = _matcher_names()
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is not None and function.type == "generic_function":
                function = function.child_by_field_name("function")
            if (
                function is None
                or arguments is None
                or function.type not in ("identifier", "scoped_identifier")
            ):
                return None
            name_node = _last_segment(function)
            name = names.get(self._text(name_node, delta))
            if name is None:
                return None
            args = [
                _Arg(child, delta, child.start_byte + delta, child.end_byte + delta)
                for child in arguments.named_children
                if child.type not in _COMMENT_TYPES
            ]
            closing = arguments.children[-1] if arguments.child_count else None
            args_range = None
            if closing is not None and closing.type == ")" and not closing.is_missing:
                args_range = (arguments.start_byte + 1 + delta, closing.start_byte + delta)
            return _MatcherShape(name, node, name_node, delta, args, args_range)
        if node.type == "macro_invocation":
            path = node.child_by_field_name("macro")
            token_tree = _token_tree(node)
            if path is None or token_tree is None:
                return None
            name_node = _last_segment(path)
            name = names.get(self._text(name_node, delta))
            if name is None:
                return None
            children = token_tree.children
            args_range = None
            if len(children) >= 2 and not children[-1].is_missing:
                args_range = (children[0].end_byte + delta, children[-1].start_byte + delta)
            args = self._macro_args(token_tree, delta)
            return _MatcherShape(name, node, name_node, delta, args, args_range)
        return None


# ---------------------------------------------------------------------------- helpers


class _Positions:
    """Byte offsets of the UTF-8 data to character offsets, lines and columns.

    Built from C-speed splits, line by line; only a line holding non-ASCII text is
    decoded, and only up to the offset asked for.
    """

    def __init__(self, text: str, data: bytes) -> None:
        self.data = data
        text_lines = text.split("\n")
        self.char_starts = list(accumulate((len(line) + 1 for line in text_lines[:-1]), initial=0))
        self.ascii_lines: list[bool] | None = None
        self.byte_starts = self.char_starts
        if len(text) != len(data):
            data_lines = data.split(b"\n")
            lengths = (len(line) + 1 for line in data_lines[:-1])
            self.byte_starts = list(accumulate(lengths, initial=0))
            self.ascii_lines = [
                len(text_line) == len(data_line)
                for text_line, data_line in zip(text_lines, data_lines, strict=True)
            ]

    def point(self, byte_offset: int) -> tuple[int, int, int]:
        """The character offset, 1-based line and 1-based column of a byte offset."""
        line = bisect.bisect_right(self.byte_starts, byte_offset) - 1
        start = self.byte_starts[line]
        if self.ascii_lines is None or self.ascii_lines[line]:
            column = byte_offset - start
        else:
            column = len(self.data[start:byte_offset].decode("utf-8", errors="replace"))
        return self.char_starts[line] + column, line + 1, column + 1

    def span(self, start_byte: int, end_byte: int) -> Span:
        start, line, column = self.point(start_byte)
        end, end_line, end_column = self.point(end_byte)
        return Span(start, end, line, column, end_line, end_column)


def _error_message(node: Node, data: bytes) -> str:
    if node.is_missing:
        return f"syntax error: missing `{node.type}`"
    snippet = data[node.start_byte : node.end_byte].decode("utf-8", "replace").strip()
    snippet = snippet.split("\n", 1)[0]
    if not snippet:
        return "syntax error: unexpected end of file"
    if len(snippet) > 40:
        snippet = snippet[:40] + "…"
    return f"syntax error: unexpected `{snippet}`"


def _module_items(root: Node) -> Iterator[Node]:
    """The items of the file and of its inline modules, in document order (and those that
    error recovery put inside an ERROR node), without entering any function."""
    levels = [iter(root.children)]
    while levels:
        for item in levels[-1]:
            yield item
            body = item.child_by_field_name("body") if item.type == "mod_item" else None
            inner = body if body is not None else item if item.type == "ERROR" else None
            if inner is not None:
                levels.append(iter(inner.children))
                break
        else:
            levels.pop()


def _helper_definitions(root: Node | None) -> Iterator[tuple[bytes, Node]]:
    """The file's functions (in modules and `impl` blocks) that are not tests, and its
    `macro_rules!` macros, each with its name (`name!` for a macro): the helpers a test
    may check through."""
    if root is None:
        return
    for item in _module_items(root):
        if item.type == "impl_item":
            body = item.child_by_field_name("body")
            members = body.children if body is not None else []
        else:
            members = [item]
        for member in members:
            name = member.child_by_field_name("name")
            if name is None or name.text is None:
                continue
            if member.type == "function_item" and not _is_test_function(member):
                yield name.text, member
            elif member.type == "macro_definition":
                yield name.text + b"!", member


def _is_module_level(item: Node) -> bool:
    """Whether ``item`` is declared in a module (the file or an inline ``mod``, error
    recovery aside), where a test must be for the test harness to run it."""
    parent = item.parent
    while parent is not None and parent.type != "source_file":
        if parent.type == "declaration_list":
            module = parent.parent
            if module is None or module.type != "mod_item":
                return False
            parent = module.parent
        elif parent.type == "ERROR":
            parent = parent.parent
        else:
            return False
    return True


def _is_test_function(function: Node) -> bool:
    return any(_is_test_attribute(_attribute_path(item)) for item in _attributes_before(function))


def _attributes_before(function: Node) -> list[Node]:
    """The outer attributes of an item, in source order (comments between them skipped)."""
    attributes: list[Node] = []
    sibling = function.prev_sibling
    while sibling is not None and (
        sibling.type == "attribute_item" or sibling.type in _COMMENT_TYPES
    ):
        if sibling.type == "attribute_item":
            attributes.append(sibling)
        sibling = sibling.prev_sibling
    attributes.reverse()
    return attributes


def _attribute(item: Node) -> Node | None:
    for child in item.named_children:
        if child.type == "attribute":
            return child
    return None


def _attribute_path(item: Node) -> Node | None:
    attribute = _attribute(item)
    if attribute is None or attribute.named_child_count == 0:
        return None
    return attribute.named_children[0]


def _is_test_attribute(path: Node | None) -> bool:
    if path is None or path.type not in ("identifier", "scoped_identifier"):
        return False
    segment = _last_segment(path).text
    return segment is not None and segment.decode("utf-8", errors="replace") in _TEST_ATTRIBUTES


def _last_segment(path: Node) -> Node:
    if path.type == "scoped_identifier":
        name = path.child_by_field_name("name")
        if name is not None:
            return name
    return path


def _token_tree(macro: Node) -> Node | None:
    for child in macro.children:
        if child.type == "token_tree":
            return child
    return None


def _scope(prefix: str, modules: list[tuple[int, int, str]], position: int) -> str:
    names = [name for start, end, name in modules if start <= position < end]
    return "::".join(part for part in (prefix, *names) if part)


def _wrapper_arguments(root: Node) -> Node | None:
    """The `arguments` node of the call in ``fn __tkit__(){_(...)}``."""
    function = root.named_children[0] if root.named_child_count else None
    body = function.child_by_field_name("body") if function is not None else None
    if body is None:
        return None
    for statement in body.named_children:
        call = (
            statement.named_children[0] if statement.type == "expression_statement" else statement
        )
        if call.type == "call_expression":
            return call.child_by_field_name("arguments")
    return None


def _pieces_of(tokens: list[Node]) -> list[list[Node]]:
    """The top-level comma-separated pieces of a token tree's tokens, comments left out."""
    pieces: list[list[Node]] = [[]]
    for token in tokens:
        if token.type in _COMMENT_TYPES:
            continue
        if token.type == ",":
            pieces.append([])
        else:
            pieces[-1].append(token)
    return pieces


def _pieces(tokens: list[Node], delta: int) -> Iterator[tuple[int, int]]:
    """File byte ranges of the top-level comma-separated pieces of a token tree's tokens."""
    start: int | None = None
    end = 0
    for token in tokens:
        if token.type in _COMMENT_TYPES:
            continue
        if token.type == ",":
            if start is not None:
                yield start + delta, end + delta
            start = None
            continue
        if start is None:
            start = token.start_byte
        end = token.end_byte
    if start is not None:
        yield start + delta, end + delta


def _blanked(data: bytes, start: int, end: int, ranges: list[tuple[int, int]]) -> bytes:
    """``data[start:end]`` with the given ranges turned to spaces, newlines kept."""
    body = bytearray(data[start:end])
    for blank_start, blank_end in ranges:
        for index in range(max(blank_start, start) - start, min(blank_end, end) - start):
            if body[index] != 0x0A:
                body[index] = 0x20
    return bytes(body)


def _unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression":
        inner = [child for child in node.named_children if child.type not in _COMMENT_TYPES]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def _operand_nodes(node: Node) -> list[Node]:
    """The sub-expressions an Expr keeps: (x,) of `x.len()`, (left, right) of `a < b`."""
    if node.type == "call_expression":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if (
            function is not None
            and function.type == "field_expression"
            and arguments is not None
            and not any(child.type not in _COMMENT_TYPES for child in arguments.named_children)
        ):
            field_node = function.child_by_field_name("field")
            value = function.child_by_field_name("value")
            if field_node is not None and value is not None and field_node.text == b"len":
                return [value]
        return []
    if node.type == "binary_expression":
        operator = node.child_by_field_name("operator")
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if (
            operator is not None
            and left is not None
            and right is not None
            and operator.type in _COMPARISONS
        ):
            return [left, right]
    return []


def _number_expr(literal: str, text: str, span: Span, *, negative: bool) -> Expr:
    value = _number(literal)
    if value is None:
        return Expr(ExprKind.OTHER, text, span)
    if negative:
        value = -value
    kind = ExprKind.FLOAT if isinstance(value, float) else ExprKind.INT
    return Expr(kind, text, span, value)


def _number(literal: str) -> int | float | None:
    digits = literal.replace("_", "").lower()
    base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2], 10)
    try:
        if base != 10:
            return int(_INTEGER_SUFFIX.sub("", digits[2:]), base)
        if _FLOAT_SUFFIX.search(digits):
            return float(_FLOAT_SUFFIX.sub("", digits))
        stripped = _INTEGER_SUFFIX.sub("", digits)
        if any(char in stripped for char in ".e"):
            return float(stripped)
        return int(stripped, 10)
    except ValueError:
        return None


def _string_value(node: Node | None, text: str) -> str | None:
    """The value of a string, raw string or char literal; None when it cannot be decoded."""
    if node is None:
        return None
    if node.type == "raw_string_literal":
        match = re.match(r'^[bc]?r(#*)"(.*)"\1$', text, re.DOTALL)
        return match.group(2) if match else None
    if node.type not in ("string_literal", "char_literal"):
        return None
    quote = "'" if node.type == "char_literal" else '"'
    body = text.lstrip("bc")
    if len(body) < 2 or body[0] != quote or body[-1] != quote:
        return None
    return _unescape(body[1:-1])


def _unescape(body: str) -> str | None:
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = body[index + 1 : index + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            index += 2
        elif code == "x" and re.match(r"[0-9a-fA-F]{2}", body[index + 2 : index + 4]):
            out.append(chr(int(body[index + 2 : index + 4], 16)))
            index += 4
        elif code == "u":
            match = re.match(r"\{([0-9a-fA-F_]{1,8})\}", body[index + 2 :])
            if match is None:
                return None
            value = int(match.group(1).replace("_", ""), 16)
            if value > 0x10FFFF:
                return None
            out.append(chr(value))
            index += 2 + match.end()
        elif code in ("\n", "\r"):
            # A backslash at the end of a line drops the newline and the next line's indent.
            index += 1
            while index < len(body) and body[index] in " \t\r\n":
                index += 1
        else:
            return None
    return "".join(out)


def _walk_matchers(matcher: MatcherCall | None) -> Iterator[MatcherCall]:
    stack = [matcher] if matcher is not None else []
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.inner))
