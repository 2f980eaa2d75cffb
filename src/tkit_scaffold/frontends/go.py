"""The Go frontend: turns a ``_test.go`` file into the shared model with tree-sitter.

What it recognises, in the terms of ``go test`` and of the libraries Go suites use:

- tests: top-level ``func TestXxx(t *testing.T)`` (``testing`` under any import name);
  everything inside the body, ``t.Run`` subtests included, belongs to that test. Ginkgo
  specs (``It``/``Specify`` in ``Describe``/``Context``/``When``, and each ``Entry`` of a
  ``DescribeTable``) are tests too, scoped by their containers; a suite's runner
  (``RunSpecs``) is none;
- the kit: the import whose last path element is one of ``go_kit_packages``, under its
  alias, its own name or a dot import (and a file of the kit package itself);
- foreign assertions: testify ``assert.*`` (soft) and ``require.*`` (hard), gomega
  ``Expect``/``Ω``/``Eventually``/``Consistently`` (the whole chain);
- helper assertions: ``t.Error``/``Errorf``/``Fatal``/``Fatalf``/``Fail``/``FailNow``,
  the kit's ``Golden``, calls of functions named ``assert…``, ``check…``, ``expect…`` or
  ``require…``, and, for a test with no check of its own, a call that checks through a
  helper (given the test's ``t``, or a function or closure of the file that checks);
- sleeps, skips (``t.Skip``, Ginkgo's ``Skip`` and pending ``PIt``/``XIt``…), panic
  checks, Ginkgo focus and every comment.

The calls of each test are found by a tree-sitter query; comments, and outside the tests
the places that can name a Ginkgo focus, are found from their bytes and looked up in the
tree, so most of the tree is never walked. The first syntax error is found by a cursor,
and expressions are modelled to a bounded depth, so pathologically nested input cannot
exhaust the Python stack.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import tree_sitter_go
from tree_sitter import Language as TreeSitterLanguage
from tree_sitter import Node, Parser, Query, QueryCursor

from tkit_scaffold.frontends._checks import ConfiguredHelpers, LocalHelpers
from tkit_scaffold.frontends._treesitter import (
    Source,
    comment_nodes,
    descendants,
    first_syntax_error,
)
from tkit_scaffold.model import (
    KIT_FAILURE_MATCHERS,
    Assertion,
    AssertionKind,
    Comment,
    Expr,
    ExprKind,
    Focus,
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
    slot_constructor,
)
from tkit_scaffold.vocabulary import Vocabulary, load_vocabulary

_GO = TreeSitterLanguage(tree_sitter_go.language())
_SCAN_QUERY = Query(
    _GO,
    """
    (call_expression) @call
    (type_conversion_expression) @call
    (func_literal) @closure
    """,
)

# Deeper operands and inner matchers are cut off (the cut node becomes OTHER): rules look
# one or two levels down, and results must stay shallow enough to pickle and compare.
_MAX_EXPR_DEPTH = 32

_UNQUALIFIED = ""  # the qualifier of a name reached through a dot import
# The kit's golden-file check is not a matcher of the vocabulary, yet it is a check.
_KIT_GOLDEN = "Golden"

_TESTIFY_ASSERT = "github.com/stretchr/testify/assert"
_TESTIFY_REQUIRE = "github.com/stretchr/testify/require"
_GOMEGA = "github.com/onsi/gomega"
_RAPID = "pgregory.net/rapid"
_GINKGO = "github.com/onsi/ginkgo"

# testify functions that take no *testing.T and check nothing.
_TESTIFY_NON_ASSERTIONS = frozenset(
    {"New", "ObjectsAreEqual", "ObjectsAreEqualValues", "CallerInfo", "HTTPBody"}
)
_TESTIFY_PANICS = {
    "Panics": False,
    "Panicsf": False,
    "PanicsWithValue": True,
    "PanicsWithValuef": True,
    "PanicsWithError": True,
    "PanicsWithErrorf": True,
}
_T_FAILURES = frozenset({"Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow"})
_T_SKIPS = {"Skip": None, "Skipf": True, "SkipNow": False}  # None: has a reason iff args
_GOMEGA_CHECKS = frozenset(
    {
        "Expect",
        "Ω",
        "ExpectWithOffset",
        "Eventually",
        "EventuallyWithOffset",
        "Consistently",
        "ConsistentlyWithOffset",
    }
)
_GINKGO_FOCUS = frozenset(
    {
        "FIt",
        "FDescribe",
        "FContext",
        "FWhen",
        "FEntry",
        "FDescribeTable",
        "FDescribeTableSubtree",
        "FSpecify",
    }
)
# The prefix must end a camelCase word: `checkResult`, `assert_ok` and a table's
# `tt.assertion(t, ...)` are helpers, `checkout` and `required` are not.
_HELPER_NAME = re.compile(r"(?i:assert(?:ions?)?|check|expect|require|verify)(?![a-z])")
# Ginkgo's specs, their containers and the tables whose body each Entry runs; the
# focused (F), pending (P) and excluded (X) variants share the base name.
_GINKGO_SPECS = frozenset({"It", "Specify", "Entry"})
_GINKGO_TABLES = frozenset({"DescribeTable"})
_GINKGO_CONTAINERS = frozenset(
    {"Describe", "Context", "When", "DescribeTable", "DescribeTableSubtree"}
)
_GINKGO_NAMES = _GINKGO_SPECS | _GINKGO_CONTAINERS
_GINKGO_AFTER_EACH = frozenset({"AfterEach", "JustAfterEach"})
# The Ginkgo calls a container tree is read for, with their focused, pending and excluded
# variants (`FIt`, `PDescribe`, ...), as bytes of the callee's last name.
_GINKGO_CALL_NAMES = frozenset(
    (prefix + name).encode() for name in _GINKGO_NAMES for prefix in ("", "F", "P", "X")
) | frozenset(name.encode() for name in _GINKGO_AFTER_EACH | _GINKGO_FOCUS)
_GINKGO_NODE_BYTES = re.compile(rb"\b[FPX]?(?:Describe|Context|When|It|Specify)\w*\s*\(")
# A check written in a helper's body: a failure through a `testing.T`/`TB` (`t.Errorf`),
# testify, gomega (`Expect`, `g.Eventually`, `Ω`).
_DIRECT_CHECK = re.compile(
    rb"\.\s*(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\s*\("
    rb"|\b(?:assert|require)\s*\.\s*[A-Z]\w*\s*\("
    rb"|(?<![\w])(?:Expect|Eventually|Consistently)\w*\s*\(" + "|\u03a9\\s*\\(".encode()
)
_CALL = re.compile(rb"([A-Za-z_]\w*)\s*\(")
_STEP_KINDS = {kind.value: kind for kind in StepKind}
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_STRINGS = frozenset({"interpreted_string_literal", "raw_string_literal"})
_COMMENT = frozenset({"comment"})
_new_comment = slot_constructor(Comment)
# Where a Ginkgo focus can be named: a focused container or spec (`FIt`, `FDescribeTable`,
# ...) or the `Focus` decorator. No `\b` in the pattern: it keeps the regex engine from
# skipping ahead to each `F`, fifty times slower on the Go corpus; a match inside a longer
# name finds a node that is not a focus and is passed over.
_FOCUS_CANDIDATE = re.compile(rb"F[A-Z]|Focus")
_MAJOR_VERSION = re.compile(r"v[0-9]+")
_GOPKG_VERSION = re.compile(r"\.v[0-9]+$")
_ESCAPE = re.compile(
    r"\\(?:([abfnrtv\\'\"])|([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))"
)
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
}


def parse(path: str, source: str, options: FrontendOptions) -> TestFile:
    """The model of one Go file; a syntax error is reported in the result, never raised."""
    try:
        text = Source(source)
    except UnicodeEncodeError as error:  # lone surrogates: the text has no UTF-8 form
        span = LineIndex(source).span(error.start, error.end)
        message = "the file is not valid UTF-8 text"
        return TestFile(path, Language.GO, source, parse_error=ParseError(message, span))
    root = Parser(_GO).parse(text.data).root_node
    imports = _read_imports(root, text, options)
    scan = _Scan(text, imports, _kit_table(load_vocabulary()), options.check_helpers)
    tests = scan.run(root)
    return TestFile(
        path=path,
        language=Language.GO,
        source=source,
        tests=tests,
        comments=tuple(scan.comments),
        focused=tuple(scan.focused),
        parse_error=_parse_error(root, text),
        uses_kit=imports.uses_kit,
    )


# ---------------------------------------------------------------------------- imports


@dataclass
class _Imports:
    """The names under which each package of interest is visible ("" after a dot import)."""

    testing: set[str] = field(default_factory=set)
    kit: set[str] = field(default_factory=set)
    time: set[str] = field(default_factory=set)
    testify_assert: set[str] = field(default_factory=set)
    testify_require: set[str] = field(default_factory=set)
    gomega: set[str] = field(default_factory=set)
    rapid: set[str] = field(default_factory=set)
    ginkgo: set[str] = field(default_factory=set)
    packages: set[str] = field(default_factory=set)
    uses_kit: bool = False


def _read_imports(root: Node, text: Source, options: FrontendOptions) -> _Imports:
    imports = _Imports()
    for node in root.children:
        if node.type == "package_clause":
            package = node.named_children[0] if node.named_children else None
            if package is not None and text.text_of(package) in options.go_kit_packages:
                # The kit's own tests live in its package and call it unqualified.
                imports.kit.add(_UNQUALIFIED)
                imports.uses_kit = True
        elif node.type == "import_declaration":
            for spec in descendants(node):
                if spec.type == "import_spec":
                    _add_import(imports, spec, text, options)
    return imports


def _add_import(imports: _Imports, spec: Node, text: Source, options: FrontendOptions) -> None:
    path_node = spec.child_by_field_name("path")
    if path_node is None:
        return
    path = _string_value(path_node, text)
    if not path:
        return
    elements = path.split("/")
    alias_node = spec.child_by_field_name("name")
    alias = None if alias_node is None else text.text_of(alias_node)
    if alias == "_":
        if elements[-1] in options.go_kit_packages:
            imports.uses_kit = True
        return
    name = _UNQUALIFIED if alias == "." else alias or _package_name(elements)
    imports.packages.add(name)
    if elements[-1] in options.go_kit_packages:
        imports.kit.add(name)
        imports.uses_kit = True
    elif path == "testing":
        imports.testing.add(name)
    elif path == "time":
        imports.time.add(name)
    elif path == _TESTIFY_ASSERT:
        imports.testify_assert.add(name)
    elif path == _TESTIFY_REQUIRE:
        imports.testify_require.add(name)
    elif path == _RAPID:
        imports.rapid.add(name)
    elif path == _GOMEGA:
        imports.gomega.add(name)
    elif path == _GINKGO or path.startswith(_GINKGO + "/"):
        imports.ginkgo.add(name)


def _package_name(elements: list[str]) -> str:
    """The conventional package name of an import path (`…/ginkgo/v2` -> `ginkgo`)."""
    last = elements[-1]
    if _MAJOR_VERSION.fullmatch(last) and len(elements) > 1:
        last = elements[-2]
    return _GOPKG_VERSION.sub("", last)


# ------------------------------------------------------------------------------- scan


@dataclass(frozen=True)
class _KitName:
    category: str  # "steps", "assertions" or "matchers"
    canonical: str


@cache
def _kit_table(vocabulary: Vocabulary) -> dict[str, _KitName]:
    return {
        entry.spelling(Language.GO): _KitName(entry.category, entry.name)
        for entry in vocabulary.entries
    }


@dataclass
class _TestBuilder:
    name_node: Node
    node: Node
    t_names: set[str]
    steps: list[Step] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    sleeps: list[Sleep] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    raises: list[RaisesCheck] = field(default_factory=list)
    calls: list[Node] = field(default_factory=list)  # in document order
    # A Ginkgo spec's full text, scenario id and container path (a `TestXxx` function's
    # come from its name).
    spec: tuple[str, str, str] | None = None


class _Container(NamedTuple):
    """A Ginkgo container (`Describe`, `Context`, `When`, `DescribeTable`, ...)."""

    node: Node
    callee: _Callee
    base: str  # the name without a focus or pending prefix
    text: str  # as Ginkgo prints it ("when ..." for `When`)


class _Callee(NamedTuple):  # a tuple: one is built for every call of a file
    qualifier: str  # the package or receiver name, "" for a plain function name
    name: str
    name_node: Node

    @property
    def form(self) -> str:
        return f"{self.qualifier}.{self.name}" if self.qualifier else self.name


class _Scan:
    def __init__(
        self,
        text: Source,
        imports: _Imports,
        kit_names: dict[str, _KitName],
        check_helpers: tuple[str, ...] = (),
    ) -> None:
        self.text = text
        self.imports = imports
        self.kit_names = kit_names
        self.comments: list[Comment] = []
        self.focused: list[Focus] = []
        self.configured_helpers = ConfiguredHelpers(check_helpers)
        self._root: Node | None = None
        self._checking: LocalHelpers[bytes, list[Node]] | None = None
        # Closures bound to a name (`check := func(...) {...}`) that check: helpers too.
        self._closure_helpers: dict[bytes, Node] = {}
        # Byte ranges of the Ginkgo containers whose `AfterEach` checks every spec in them
        # (`AfterEach(func() { Expect(Goroutines()).NotTo(HaveLeaked()) })`).
        self._checked_after: list[tuple[int, int, Node]] = []
        # Qualifiers whose calls inside a test may matter whatever the name.
        self._checked_packages = imports.kit | imports.testify_assert | imports.testify_require

    def run(self, root: Node) -> tuple[TestCase, ...]:
        tests: list[TestCase] = []
        self.comments = [
            self._comment(node) for node in comment_nodes(root, self.text.data, _COMMENT)
        ]
        # Outside a test only Ginkgo's focus is recorded (its specs are declared at the top
        # level): see `_focus_calls`.
        ginkgo = bool(self.imports.ginkgo)
        # The query finds the few nodes of interest without visiting every node in Python.
        cursor = QueryCursor(_SCAN_QUERY)
        self._root = root
        builders: list[_TestBuilder] = []
        for top in root.children:
            test = self._test_of(top)
            if test is None:
                if ginkgo and self._declares_specs(top):
                    builders.extend(self._ginkgo_specs(cursor.captures(top)))
                elif ginkgo:
                    for call in self._focus_calls(top):
                        self._call(call, None)
                continue
            captures = cursor.captures(top)
            self._note_closures(captures.get("closure", ()))
            for closure in captures.get("closure", ()):
                test.t_names.update(self._t_parameters(closure))
            test.calls = sorted(captures.get("call", ()), key=_document_order)
            for call in test.calls:
                self._call(call, test)
            if not _runs_ginkgo_specs(test):
                builders.append(test)
        for test in builders:
            if not test.assertions and not test.raises:
                self._add_helper_check(test)
            tests.append(self._finish(test))
        return tuple(tests)

    # -- checks made through helpers

    def _note_closures(self, closures: Iterable[Node]) -> None:
        for closure in closures:
            name = _bound_name(closure)
            if name is not None:
                self._closure_helpers[name] = closure

    def _checked_after_each(self, test: _TestBuilder) -> bool:
        start = test.node.start_byte
        for low, high, after in self._checked_after:
            if low <= start < high:
                span = self.text.span(after)
                test.assertions.append(Assertion(AssertionKind.HELPER, span, "AfterEach"))
                return True
        return False

    def _add_helper_check(self, test: _TestBuilder) -> None:
        """For a test with no check of its own: the first call that checks through a
        helper. A helper given the test's `t` (`testStrings(t, x, y)`,
        `tt.assert(t, got)`) can fail the test, as Go helpers do; a function, method or
        closure of this file that checks (directly or through another) is a check too,
        and so is a call the project names in `check-helpers`."""
        if test.spec is not None and self._checked_after_each(test):
            return
        checking = self._checking_helpers()
        for call in test.calls:
            if call.type != "call_expression":
                continue
            callee = self._callee(call)
            if callee is not None and callee.qualifier in test.t_names:
                continue  # t.Run, t.Log, t.Helper: not a helper's check
            arguments = _arguments(call)
            function = call.child_by_field_name("function")
            form = callee.form if callee is not None else self.text.text_of(function or call)
            if (
                (self._may_check_with_t(callee) and any(self._is_t(a, test) for a in arguments))
                or (callee is not None and callee.name.encode() in checking)
                or (self.configured_helpers and self.configured_helpers.matches(form))
            ):
                args = tuple(self._expr(argument) for argument in arguments)
                span = self.text.span(call)
                test.assertions.append(Assertion(AssertionKind.HELPER, span, form, args=args))
                return

    def _may_check_with_t(self, callee: _Callee | None) -> bool:
        """Whether a call given the test's `t` can be a helper that checks: a function of
        the package (`testStrings(t, x, y)`) or of an imported one (`goleak.VerifyNone(t)`),
        not a step of the kit, testify's `assert.New(t)` or a method of a value
        (`cart.Add(t)`, unless named like a check)."""
        if callee is None:
            return False
        qualifier = callee.qualifier
        if qualifier in self.imports.kit:
            return False
        if qualifier in self.imports.testify_assert or qualifier in self.imports.testify_require:
            return callee.name not in _TESTIFY_NON_ASSERTIONS
        return qualifier == _UNQUALIFIED or qualifier in self.imports.packages

    def _checking_helpers(self) -> LocalHelpers[bytes, list[Node]]:
        """The file's functions, methods and named closures (those of one name together),
        asked lazily whether they check: only the ones a test calls are read."""
        if self._checking is None:
            data = self.text.data

            def checks_directly(nodes: list[Node]) -> bool:
                return any(
                    _DIRECT_CHECK.search(data, node.start_byte, node.end_byte) for node in nodes
                )

            def callees(nodes: list[Node]) -> Iterator[bytes]:
                for node in nodes:
                    yield from _CALL.findall(data, node.start_byte, node.end_byte)

            bodies: dict[bytes, list[Node]] = {
                name: [closure] for name, closure in self._closure_helpers.items()
            }
            for top in self._root.children if self._root is not None else ():
                if top.type in ("function_declaration", "method_declaration"):
                    name_node = top.child_by_field_name("name")
                    if name_node is not None and name_node.text is not None:
                        bodies.setdefault(name_node.text, []).append(top)
            self._checking = LocalHelpers(bodies, checks_directly, callees)
        return self._checking

    # -- Ginkgo

    def _declares_specs(self, top: Node) -> bool:
        """Whether a declaration outside the tests may hold Ginkgo containers or specs
        (`var _ = Describe(...)`): told from its bytes, so other declarations are not
        searched."""
        return _GINKGO_NODE_BYTES.search(self.text.data, top.start_byte, top.end_byte) is not None

    def _ginkgo_specs(self, captures: dict[str, list[Node]]) -> list[_TestBuilder]:
        """The specs of a Ginkgo container tree: `It`/`Specify` (their own body) and each
        `Entry` of a `DescribeTable` (the table's body), each a test whose scenario id
        joins its container and spec texts, with the calls of its body."""
        self._note_closures(captures.get("closure", ()))
        calls = sorted(captures.get("call", ()), key=_document_order)
        specs: list[_TestBuilder] = []
        bodies: dict[tuple[int, int], list[_TestBuilder]] = {}  # disjoint byte ranges
        ginkgo_calls: list[tuple[Node, _Callee]] = []
        # The containers enclosing the current call, outermost first: calls come in
        # document order, so each container is read once, not once per spec in it.
        open_containers: list[_Container] = []
        for call in calls:
            # Most calls are not Ginkgo's: tell from the callee's last name, in bytes.
            function = call.child_by_field_name("function")
            if function is None:
                continue
            if function.type == "selector_expression":
                function = function.child_by_field_name("field")
            if function is None or function.text not in _GINKGO_CALL_NAMES:
                continue
            callee = self._callee(call)
            if callee is None or callee.qualifier not in self.imports.ginkgo:
                continue
            ginkgo_calls.append((call, callee))
            while open_containers and open_containers[-1].node.end_byte <= call.start_byte:
                open_containers.pop()
            if not _declared_in(call, open_containers[-1].node if open_containers else None):
                continue  # inside a spec or a setup node: a fixture suite, not this one's
            base = _ginkgo_base(callee.name)
            if base in _GINKGO_CONTAINERS:
                open_containers.append(self._container(call, callee, base))
                continue
            if base not in _GINKGO_SPECS:
                continue
            table = None
            if base == "Entry":
                innermost = open_containers[-1] if open_containers else None
                if innermost is None or innermost.base not in _GINKGO_TABLES:
                    continue  # a DescribeTableSubtree's entries: its specs are the Its
                table = innermost.node
            spec = self._spec(call, callee, open_containers)
            if spec is None:
                continue
            specs.append(spec)
            body = _function_argument(call if table is None else table)
            if body is not None:
                bodies.setdefault((body.start_byte, body.end_byte), []).append(spec)
            elif table is not None or len(_arguments(call)) > 1:
                # The table or spec runs a named function (`DescribeTable("x", checkSum,
                # ...)`, `It("x", rt.T("x"))`): its checks are out of sight, so say nothing
                # rather than guess.
                span = self.text.span(call if table is None else table)
                spec.assertions.append(Assertion(AssertionKind.HELPER, span, "DescribeTable"))
        ranges = sorted(bodies)
        starts = [start for start, _ in ranges]
        for call in calls:
            index = bisect.bisect_right(starts, call.start_byte) - 1
            if index < 0 or call.end_byte > ranges[index][1]:
                continue
            # A table's body runs for each of its entries: its findings are the first
            # entry's, so that each is reported once; the others share its checks.
            first, *others = bodies[ranges[index]]
            first.calls.append(call)
            self._call(call, first)
            for other in others:
                other.calls.append(call)
        for call, callee in ginkgo_calls:
            index = bisect.bisect_right(starts, call.start_byte) - 1
            if index >= 0 and call.end_byte <= ranges[index][1]:
                continue  # seen by `_call` with its spec
            self._focus(call, callee, None)
            if callee.name in _GINKGO_AFTER_EACH:
                self._note_after_each(call)
        for first, *others in bodies.values():
            if first.assertions or first.raises:
                span = first.assertions[0].span if first.assertions else first.raises[0].span
                for other in others:
                    other.assertions.append(Assertion(AssertionKind.HELPER, span, "DescribeTable"))
        return specs

    def _note_after_each(self, call: Node) -> None:
        """An `AfterEach` that checks covers the specs of its container."""
        body = _function_argument(call)
        if body is None:
            return
        if _DIRECT_CHECK.search(self.text.data, body.start_byte, body.end_byte) is None:
            return
        container = next(_ancestor_calls(call), None)
        if container is not None:
            self._checked_after.append((container.start_byte, container.end_byte, call))

    def _container(self, call: Node, callee: _Callee, base: str) -> _Container:
        arguments = _arguments(call)
        text = self._spec_text(arguments[0]) if arguments else ""
        if base == "When" and not text.lower().startswith("when "):
            text = f"when {text}"  # as Ginkgo prints it
        return _Container(call, callee, base, text)

    def _spec(
        self, call: Node, callee: _Callee, containers: list[_Container]
    ) -> _TestBuilder | None:
        arguments = _arguments(call)
        if not arguments:
            return None
        builder = _TestBuilder(arguments[0], call, set())
        # `PIt`, `XIt`, `PDescribe`, ...: pending, so the spec does not run, and Ginkgo
        # takes no reason for it.
        for marked in (callee, *(container.callee for container in reversed(containers))):
            if marked.name != _ginkgo_base(marked.name) and marked.name[0] in "PX":
                builder.skips.append(Skip(self.text.span(marked.name_node), marked.form, False))
        texts = [(container.base, container.text) for container in containers]
        text = self._spec_text(arguments[0])
        if _ginkgo_base(callee.name) == "Entry" and arguments[0].type not in _STRINGS:
            # `Entry(nil, 1, 2)` or `Entry(EntryDescription("%d"), 1)`: Ginkgo names the
            # entry after its parameters.
            parameters = ", ".join(self.text.text_of(argument) for argument in arguments[1:])
            text = f"Entry: {parameters}"
        full_text = " ".join(part for part in (*(text for _, text in texts), text) if part)
        builder.spec = (full_text, _spec_scenario_id(texts, text), _spec_scope(texts))
        return builder

    def _spec_text(self, node: Node) -> str:
        if node.type in _STRINGS:
            return _string_value(node, self.text) or ""
        return self.text.text_of(node)

    def _focus_calls(self, top: Node) -> list[Node]:
        """The calls of a declaration outside the tests that may record a Ginkgo focus, in
        document order: those named like a focused container or spec (`FIt`, `g.FDescribe`)
        and those with a `Focus` argument. They are found from the bytes that can spell
        either, so the declaration's tree (a whole Ginkgo suite, often) is not walked."""
        data = self.text.data
        calls: dict[tuple[int, int], Node] = {}
        end = top.end_byte
        candidate = _FOCUS_CANDIDATE.search(data, top.start_byte, end)
        while candidate is not None:
            at = candidate.start()
            call = _call_of_name(top.descendant_for_byte_range(at, at + 1))
            if call is not None:
                calls[(call.start_byte, call.end_byte)] = call
            candidate = _FOCUS_CANDIDATE.search(data, candidate.end(), end)
        return sorted(calls.values(), key=_document_order)

    # -- tests

    def _test_of(self, node: Node) -> _TestBuilder | None:
        if node.type != "function_declaration":
            return None
        name_node = node.child_by_field_name("name")
        parameters = node.child_by_field_name("parameters")
        if (
            name_node is None
            or parameters is None
            or not _is_test_name(self.text.text_of(name_node))
        ):
            return None
        if node.child_by_field_name("result") or node.child_by_field_name("type_parameters"):
            return None
        declarations = [child for child in parameters.named_children if child.type != "comment"]
        if len(declarations) != 1 or declarations[0].type != "parameter_declaration":
            return None
        declaration = declarations[0]
        names = declaration.children_by_field_name("name")
        if len(names) > 1 or not self._is_testing_t(declaration.child_by_field_name("type")):
            return None
        t_names = {self.text.text_of(names[0])} if names else set()
        return _TestBuilder(name_node, node, t_names - {"_"})

    def _is_testing_t(self, type_node: Node | None) -> bool:
        return self._is_pointer_to(type_node, self.imports.testing, "T")

    def _is_pointer_to(self, type_node: Node | None, packages: set[str], name: str) -> bool:
        if type_node is None or type_node.type != "pointer_type" or not type_node.named_children:
            return False
        return self._is_type(type_node.named_children[0], packages, name)

    def _is_type(self, node: Node, packages: set[str], name: str) -> bool:
        """Whether ``node`` names type ``name`` of one of ``packages`` ("" after a dot import)."""
        if node.type == "qualified_type":
            package = node.child_by_field_name("package")
            type_name = node.child_by_field_name("name")
            return (
                package is not None
                and type_name is not None
                and self.text.text_of(package) in packages
                and self.text.text_of(type_name) == name
            )
        if node.type == "type_identifier":
            return _UNQUALIFIED in packages and self.text.text_of(node) == name
        return False

    def _t_parameters(self, func_literal: Node) -> set[str]:
        """Names of the closure parameters that stand for a test: `*testing.T` (subtests),
        `testing.TB` (helpers) and `*rapid.T` (a property's checks, like `rt.Fatalf`)."""
        parameters = func_literal.child_by_field_name("parameters")
        found: set[str] = set()
        if parameters is None:
            return found
        for declaration in parameters.named_children:
            if declaration.type != "parameter_declaration":
                continue
            type_node = declaration.child_by_field_name("type")
            if type_node is None:
                continue
            if (
                self._is_testing_t(type_node)
                or self._is_type(type_node, self.imports.testing, "TB")
                or self._is_pointer_to(type_node, self.imports.rapid, "T")
            ):
                found.update(
                    self.text.text_of(n) for n in declaration.children_by_field_name("name")
                )
        return found - {"_"}

    def _finish(self, test: _TestBuilder) -> TestCase:
        if test.spec is not None:
            name, scenario, scope = test.spec
        else:
            name = self.text.text_of(test.name_node)
            scenario, scope = scenario_id(name), ""
        return TestCase(
            name=name,
            scenario_id=scenario,
            span=self.text.span(test.node),
            name_span=self.text.span(test.name_node),
            scope=scope,
            steps=tuple(test.steps),
            assertions=tuple(test.assertions),
            sleeps=tuple(test.sleeps),
            skips=tuple(test.skips),
            raises=tuple(test.raises),
        )

    # -- comments and calls

    def _comment(self, node: Node) -> Comment:
        # From the node's own row and byte column: a file has thousands of comments, and
        # a full span (two offsets looked up) showed in profiles.
        row, byte_column = node.start_point
        start = node.start_byte
        before = self.text.data[start - byte_column : start]
        if before.isascii():
            return _new_comment(
                row + 1, byte_column + 1, self.text.text_of(node), not before.strip()
            )
        prefix = before.decode("utf-8", errors="replace")
        return _new_comment(row + 1, len(prefix) + 1, self.text.text_of(node), not prefix.strip())

    def _call(self, call: Node, test: _TestBuilder | None) -> None:
        if call.type == "call_expression":
            # Most calls are of nothing the model records: tell from the callee alone,
            # before the arguments are looked at.
            callee = self._callee(call)
            if callee is None or not self._may_matter(callee, test):
                return
            arguments = None if test is None else _arguments(call)
        else:
            parts = self._call_parts(call)
            if parts is None:
                return
            callee, arguments, _ = parts
        if callee.qualifier in self.imports.ginkgo:
            self._focus(call, callee, arguments)
        if test is None or arguments is None:
            return
        if callee.qualifier in self.imports.ginkgo and callee.name == "Skip":
            has_reason = any(not self._is_blank_string(argument) for argument in arguments)
            test.skips.append(Skip(self.text.span(call), callee.form, has_reason))
            return
        if callee.qualifier in self.imports.kit and callee.name in self.kit_names:
            self._kit_call(call, callee, arguments, test)
        elif callee.qualifier in self.imports.kit and callee.name == _KIT_GOLDEN:
            args = tuple(self._expr(argument) for argument in arguments[1:])
            test.assertions.append(
                Assertion(AssertionKind.HELPER, self.text.span(call), callee.form, args=args)
            )
        elif self._is_testify(callee, arguments, test):
            self._testify(call, callee, arguments, test)
        elif callee.qualifier in test.t_names:
            self._t_method(call, callee, arguments, test)
        elif callee.qualifier in self.imports.time and callee.name == "Sleep":
            test.sleeps.append(Sleep(self.text.span(call), callee.form))
        elif self.imports.gomega and callee.name in _GOMEGA_CHECKS:
            # `Expect(x).To(Equal(y))`, `g.Expect(x)` on a `NewWithT(t)` value: Gomega's
            # assertions, foreign to the kit as testify's are.
            test.assertions.append(
                Assertion(
                    AssertionKind.FOREIGN,
                    self._chain_span(call),
                    callee.form,
                    args=tuple(self._expr(argument) for argument in arguments),
                )
            )
        elif self._is_helper_check(callee, arguments, test):
            test.assertions.append(
                Assertion(
                    AssertionKind.HELPER,
                    self.text.span(call),
                    callee.form,
                    args=tuple(self._expr(argument) for argument in arguments),
                )
            )

    def _may_matter(self, callee: _Callee, test: _TestBuilder | None) -> bool:
        """False only for a call that no branch of :meth:`_call` would record."""
        qualifier = callee.qualifier
        if qualifier in self.imports.ginkgo:
            return True
        if test is None:
            return False
        name = callee.name
        return (
            qualifier in self._checked_packages
            or qualifier in test.t_names
            or (name == "Sleep" and qualifier in self.imports.time)
            or (name in _GOMEGA_CHECKS and bool(self.imports.gomega))
            or _HELPER_NAME.match(name) is not None
        )

    def _callee(self, call: Node) -> _Callee | None:
        function = call.child_by_field_name("function")
        if function is not None and function.type == "index_expression":
            function = function.child_by_field_name("operand")  # explicit type arguments
        return None if function is None else self._name_reference(function)

    def _call_parts(self, node: Node) -> tuple[_Callee, list[Node], Node | None] | None:
        """Callee, arguments and argument list of a call. With one argument and explicit
        type arguments (`tk.Eq[int](3)`) Go's grammar cannot tell a call from a
        conversion, and tree-sitter reads a conversion."""
        if node.type == "call_expression":
            callee = self._callee(node)
            if callee is None:
                return None
            return callee, _arguments(node), node.child_by_field_name("arguments")
        if node.type != "type_conversion_expression":
            return None
        generic = node.child_by_field_name("type")
        operand = node.child_by_field_name("operand")
        named = None if generic is None else generic.child_by_field_name("type")
        if generic is None or generic.type != "generic_type" or named is None or operand is None:
            return None
        if named.type == "type_identifier":
            callee = _Callee(_UNQUALIFIED, self.text.text_of(named), named)
        elif named.type == "qualified_type":
            package = named.child_by_field_name("package")
            name = named.child_by_field_name("name")
            if package is None or name is None:
                return None
            callee = _Callee(self.text.text_of(package), self.text.text_of(name), name)
        else:
            return None
        return callee, [operand], None

    def _name_reference(self, node: Node) -> _Callee | None:
        """A bare name (`Eq`) or a name qualified by an identifier (`tk.Eq`, `t.Errorf`)."""
        if node.type == "identifier":
            return _Callee(_UNQUALIFIED, self.text.text_of(node), node)
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            field_node = node.child_by_field_name("field")
            if operand is not None and field_node is not None and operand.type == "identifier":
                return _Callee(
                    self.text.text_of(operand), self.text.text_of(field_node), field_node
                )
        return None

    def _focus(self, call: Node, callee: _Callee, arguments: list[Node] | None) -> None:
        """Focus by name (`FIt`) or by decorator (`It("…", Focus, …)`); ``arguments``
        None: the call's own."""
        if callee.name in _GINKGO_FOCUS:
            self.focused.append(Focus(self.text.span(call), callee.form))
        if self.text.data.find(b"Focus", call.start_byte, call.end_byte) < 0:
            return  # no argument can be the decorator
        for argument in _arguments(call) if arguments is None else arguments:
            decorator = self._name_reference(argument)
            if (
                decorator is not None
                and decorator.name == "Focus"
                and decorator.qualifier in self.imports.ginkgo
            ):
                self.focused.append(Focus(self.text.span(argument), decorator.form))

    def _kit_call(
        self, call: Node, callee: _Callee, arguments: list[Node], test: _TestBuilder
    ) -> None:
        kit_name = self.kit_names[callee.name]
        step_kind = _STEP_KINDS.get(kit_name.canonical)
        if kit_name.category == "steps" and step_kind is not None:
            test.steps.append(self._step(call, step_kind, arguments))
        elif kit_name.category == "assertions":
            matcher = self._matcher(arguments[2], 0) if len(arguments) > 2 else None
            test.assertions.append(
                Assertion(
                    AssertionKind.KIT,
                    self._statement_span(call),
                    callee.form,
                    soft=kit_name.canonical == "expect_that",
                    actual=self._expr(arguments[1]) if len(arguments) > 1 else None,
                    matcher=matcher,
                )
            )
        elif kit_name.canonical in KIT_FAILURE_MATCHERS:
            test.raises.append(
                RaisesCheck(
                    self.text.span(call),
                    kit_name.canonical,
                    exception=None,
                    has_message_check=KIT_FAILURE_MATCHERS[kit_name.canonical],
                )
            )

    def _step(self, call: Node, kind: StepKind, arguments: list[Node]) -> Step:
        description_node = arguments[1] if len(arguments) > 1 else None
        description = None
        if description_node is not None and description_node.type in _STRINGS:
            description = _string_value(description_node, self.text)
        return Step(
            kind,
            self._statement_span(call),
            description,
            None if description_node is None else self.text.span(description_node),
        )

    def _is_testify(self, callee: _Callee, arguments: list[Node], test: _TestBuilder) -> bool:
        qualifier = callee.qualifier
        if (
            qualifier not in self.imports.testify_assert
            and qualifier not in self.imports.testify_require
        ):
            return False
        if callee.name in _TESTIFY_NON_ASSERTIONS or not arguments:
            return False
        # A dot-imported testify is only recognisable by the `t` it is given.
        return qualifier != _UNQUALIFIED or self._is_t(arguments[0], test)

    def _testify(
        self, call: Node, callee: _Callee, arguments: list[Node], test: _TestBuilder
    ) -> None:
        span = self.text.span(call)
        test.assertions.append(
            Assertion(
                AssertionKind.FOREIGN,
                span,
                callee.form,
                soft=callee.qualifier in self.imports.testify_assert,
                args=tuple(self._expr(argument) for argument in arguments[1:]),
            )
        )
        message_check = _TESTIFY_PANICS.get(callee.name)
        if message_check is not None:
            test.raises.append(RaisesCheck(span, callee.form, None, message_check))

    def _t_method(
        self, call: Node, callee: _Callee, arguments: list[Node], test: _TestBuilder
    ) -> None:
        span = self.text.span(call)
        if callee.name in _T_FAILURES:
            args = tuple(self._expr(argument) for argument in arguments)
            test.assertions.append(Assertion(AssertionKind.HELPER, span, callee.form, args=args))
        elif callee.name in _T_SKIPS:
            has_reason = _T_SKIPS[callee.name]
            if has_reason is None:
                has_reason = any(not self._is_blank_string(argument) for argument in arguments)
            test.skips.append(Skip(span, callee.form, has_reason))

    def _is_helper_check(self, callee: _Callee, arguments: list[Node], test: _TestBuilder) -> bool:
        qualifier = callee.qualifier
        if qualifier in self.imports.ginkgo and callee.name == "RunSpecs":
            return True  # a Ginkgo suite's entry test: its specs hold the checks
        if not _HELPER_NAME.match(callee.name) or qualifier in self.imports.rapid:
            # `rapid.Check` runs a property; the checks are the ones inside it.
            return False
        if qualifier == _UNQUALIFIED or qualifier in self.imports.packages:
            return True
        # A method (`suite.checkTotal(t, …)`, `mock.AssertExpectations(t)`) counts only when
        # handed the test's `t`: `gateway.ExpectCall(…)` sets a mock up, it checks nothing yet.
        return bool(arguments) and self._is_t(arguments[0], test)

    def _is_t(self, node: Node, test: _TestBuilder) -> bool:
        return node.type == "identifier" and self.text.text_of(node) in test.t_names

    def _is_blank_string(self, node: Node) -> bool:
        if node.type not in _STRINGS:
            return False
        value = _string_value(node, self.text)
        return value is not None and not value.strip()

    def _chain_span(self, call: Node) -> Span:
        """The whole method chain a call starts: `Expect(x).To(Equal(y))` from `Expect(x)`."""
        node = call
        parent = node.parent
        while parent is not None and parent.type in ("selector_expression", "call_expression"):
            head = parent.child_by_field_name(
                "operand" if parent.type == "selector_expression" else "function"
            )
            if head is None or (head.start_byte, head.end_byte) != (node.start_byte, node.end_byte):
                break
            node, parent = parent, parent.parent
        return self.text.span(node)

    def _statement_span(self, call: Node) -> Span:
        parent = call.parent
        if parent is not None and parent.type == "expression_statement":
            return self.text.span(parent)
        return self.text.span(call)

    # -- expressions

    def _matcher(self, node: Node, depth: int) -> MatcherCall | None:
        parts = self._call_parts(node) if depth <= _MAX_EXPR_DEPTH else None
        if parts is None:
            return None
        callee, arguments, argument_list = parts
        kit_name = self.kit_names.get(callee.name)
        in_kit = callee.qualifier in self.imports.kit
        if not in_kit or kit_name is None or kit_name.category != "matchers":
            return None
        return MatcherCall(
            name=kit_name.canonical,
            args=tuple(self._expr(argument, depth + 1) for argument in arguments),
            span=self.text.span(node),
            name_span=self.text.span(callee.name_node),
            args_span=self._inside_parentheses(node if argument_list is None else argument_list),
            inner=tuple(
                matcher
                for matcher in (self._matcher(argument, depth + 1) for argument in arguments)
                if matcher is not None
            ),
        )

    def _inside_parentheses(self, node: Node) -> Span | None:
        """The text between the first `(` child of ``node`` and its matching `)`."""
        opening = next((child for child in node.children if child.type == "("), None)
        closing = next((child for child in reversed(node.children) if child.type == ")"), None)
        if opening is None or closing is None or closing.is_missing:
            return None
        start = self.text.char_offset(opening.end_byte)
        return self.text.lines.span(start, max(start, self.text.char_offset(closing.start_byte)))

    def _expr(self, node: Node, depth: int = 0) -> Expr:
        for _ in range(_MAX_EXPR_DEPTH):
            if node.type != "parenthesized_expression" or len(node.named_children) != 1:
                break
            node = node.named_children[0]
        text = self.text.text_of(node)
        span = self.text.span(node)
        kind = node.type
        if kind in ("int_literal", "float_literal", "rune_literal", "unary_expression"):
            number = _number(node, self.text)
            if number is not None:
                number_kind = ExprKind.FLOAT if isinstance(number, float) else ExprKind.INT
                return Expr(number_kind, text, span, value=number)
        elif kind in _STRINGS:
            return Expr(ExprKind.STRING, text, span, value=_string_value(node, self.text))
        elif kind in ("true", "false"):
            return Expr(ExprKind.BOOL, text, span, value=kind == "true")
        elif kind == "nil":
            return Expr(ExprKind.NONE, text, span)
        elif kind == "identifier":
            return Expr(ExprKind.NAME, text, span)
        elif depth < _MAX_EXPR_DEPTH:
            compound = self._compound(node, text, span, depth)
            if compound is not None:
                return compound
        return Expr(ExprKind.OTHER, text, span)

    def _compound(self, node: Node, text: str, span: Span, depth: int) -> Expr | None:
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            arguments = _arguments(node)
            if (
                function is not None
                and function.type == "identifier"
                and self.text.text_of(function) == "len"
                and len(arguments) == 1
            ):
                return Expr(
                    ExprKind.LEN, text, span, operands=(self._expr(arguments[0], depth + 1),)
                )
        elif node.type == "binary_expression":
            operator = node.child_by_field_name("operator")
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if (
                operator is not None
                and operator.type in _COMPARISONS
                and left is not None
                and right is not None
            ):
                operands = (self._expr(left, depth + 1), self._expr(right, depth + 1))
                return Expr(
                    ExprKind.COMPARISON, text, span, operator=operator.type, operands=operands
                )
        return None


# ---------------------------------------------------------------------------- helpers


def _call_of_name(node: Node | None) -> Node | None:
    """The call that ``node``, a name, is the callee of (`FIt(…)`, `g.FIt(…)`) or a plain
    argument of (`It("…", Focus, …)`, `It("…", g.Focus, …)`), if any."""
    if node is None or node.type not in ("identifier", "field_identifier"):
        return None
    reference, parent = node, node.parent
    if parent is not None and parent.type == "selector_expression":
        if node.type != "field_identifier":
            return None  # the qualifier, not the name
        reference, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "call_expression":
        function = parent.child_by_field_name("function")
        if function is None:
            return None
        same = (function.start_byte, function.end_byte) == (
            reference.start_byte,
            reference.end_byte,
        )
        return parent if same else None
    if parent.type == "argument_list" and parent.parent is not None:
        return parent.parent if parent.parent.type == "call_expression" else None
    return None


def _runs_ginkgo_specs(test: _TestBuilder) -> bool:
    """Whether a `TestXxx` function is a Ginkgo suite's runner (`RunSpecs(t, "...")`):
    the suite's scenarios are its specs, and the runner is none of them."""
    return any(
        assertion.kind is AssertionKind.HELPER and assertion.form.endswith("RunSpecs")
        for assertion in test.assertions
    )


def _ginkgo_base(name: str) -> str:
    """`FIt` -> `It`, `PDescribe` -> `Describe`, `XEntry` -> `Entry`; others unchanged."""
    if len(name) > 1 and name[0] in "FPX" and name[1:] in _GINKGO_NAMES:
        return name[1:]
    return name


def _declared_in(call: Node, container: Node | None) -> bool:
    """Whether a Ginkgo call is declared directly in ``container``'s body (or at the top
    level when None), not inside a spec, a setup node or a helper's closure."""
    node = call.parent
    owner = node.parent if node is not None and node.type == "argument_list" else None
    if owner is not None and container is not None and _same(owner, container):
        return True  # an `Entry` among its table's arguments
    while node is not None and node.type != "func_literal":
        node = node.parent
    if node is None:
        return container is None
    arguments = node.parent
    owner = arguments.parent if arguments is not None else None
    return container is not None and owner is not None and _same(owner, container)


def _same(first: Node, second: Node) -> bool:
    return (first.start_byte, first.end_byte) == (second.start_byte, second.end_byte)


def _ancestor_calls(node: Node) -> Iterator[Node]:
    """The calls that enclose ``node``, innermost first."""
    parent = node.parent
    while parent is not None:
        if parent.type == "call_expression":
            yield parent
        parent = parent.parent


def _function_argument(call: Node) -> Node | None:
    """The first function literal among a call's arguments: a spec's or a table's body."""
    for argument in _arguments(call):
        if argument.type == "func_literal":
            return argument
    return None


def _bound_name(closure: Node) -> bytes | None:
    """The name a closure is bound to (`check := func(...) {...}`, `var check = func...`)."""
    values = closure.parent
    declaration = values.parent if values is not None else None
    if values is None or declaration is None or values.type != "expression_list":
        return None
    if declaration.type in ("short_var_declaration", "assignment_statement"):
        left = declaration.child_by_field_name("left")
        names = left.named_children if left is not None else []
    elif declaration.type == "var_spec":
        names = declaration.children_by_field_name("name")
    else:
        return None
    if len(names) != 1 or names[0].type != "identifier":
        return None
    return names[0].text


_SPEC_WORD = re.compile(r"[^0-9A-Za-z]+")
# Symbols that tell two spec texts apart (`should support >` and `should support >=`),
# spelled as words so that different texts keep different scenario ids.
_SPEC_SYMBOLS = re.compile(r">=|<=|==|!=|&&|\|\||\[\]|[<>+*%&|!]")
_SPEC_SYMBOL_WORDS = {
    ">=": "at least",
    "<=": "at most",
    "==": "equal to",
    "!=": "not equal to",
    "&&": "and",
    "||": "or",
    "[]": "slice of",
    "<": "less than",
    ">": "greater than",
    "+": "plus",
    "*": "pointer to",
    "%": "percent",
    "&": "address of",
    "|": "pipe",
    "!": "not",
}


def _spec_scenario_id(containers: list[tuple[str, str]], text: str) -> str:
    """A spec's scenario id, as the kit's names read: each `Context`/`When` text is a
    `when` part (Ginkgo prints `When("x")` as "when x"), the spec's text the `then` part
    (`It("should add")` -> `then_should_add`); a `Describe` names the subject, which is
    the spec's scope."""
    parts: list[str] = []
    for base, container_text in containers:
        if base in ("Context", "When") and container_text.strip():
            words = container_text.strip()
            if not words.lower().startswith(("when ", "given ")):
                words = f"when {words}"
            parts.append(words)
    words = text.strip()
    if words and not words.lower().startswith("then "):
        words = f"then {words}"  # the spec states the outcome, however it is worded
    parts.append(words)
    spelled = _SPEC_SYMBOLS.sub(
        lambda symbol: f" {_SPEC_SYMBOL_WORDS[symbol[0]]} ", " ".join(parts)
    )
    return _SPEC_WORD.sub("_", spelled.lower()).strip("_")


def _spec_scope(containers: list[tuple[str, str]]) -> str:
    return " ".join(text.strip() for _, text in containers if text.strip())


def _document_order(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


def _arguments(call: Node) -> list[Node]:
    argument_list = call.child_by_field_name("arguments")
    if argument_list is None:
        return []
    return [child for child in argument_list.named_children if child.type != "comment"]


def _is_test_name(name: str) -> bool:
    """`go test`'s rule: `Test` alone, or followed by anything but a lowercase letter."""
    return name.startswith("Test") and (len(name) == 4 or not name[4].islower())


def scenario_id(name: str) -> str:
    """`TestHTTPServer` -> `http_server`, `TestCart_Total` -> `cart_total`."""
    words = name.removeprefix("Test")
    pieces: list[str] = []
    for index, char in enumerate(words):
        if index and char.isupper():
            previous = words[index - 1]
            following = words[index + 1] if index + 1 < len(words) else ""
            ends_lower_word = previous.islower() or previous.isdigit()
            ends_acronym = previous.isupper() and following.islower()
            if ends_lower_word or ends_acronym:
                pieces.append("_")
        pieces.append(char.lower())
    return "_".join(part for part in "".join(pieces).split("_") if part)


def _parse_error(root: Node, text: Source) -> ParseError | None:
    node = first_syntax_error(root)
    if node is None or _valid_go_after_all(root, text):
        return None
    node = _unexpected_token(node)
    return ParseError(_error_message(node, text), text.span(node))


# Builtins that tree-sitter-go parses as taking a type, so that `new("a")` is an error to
# it; a package may declare its own `new` or `make`, and then the call is valid Go.
_TYPE_TAKING_BUILTINS = frozenset({b"new", b"make"})


def _valid_go_after_all(root: Node, text: Source) -> bool:
    """Whether a file tree-sitter rejects is valid Go: every error lies in the arguments
    of a `new(...)`/`make(...)` call (a package that shadows the builtin), or `gofmt -e`,
    the toolchain's own parser, accepts the file when it is installed. A file the
    language accepts is never reported as a parse error."""
    errors = [node for node in descendants(root) if node.type == "ERROR" or node.is_missing]
    if errors and all(_in_builtin_call_arguments(node) for node in errors):
        return True
    return _gofmt_accepts(text.data)


def _in_builtin_call_arguments(error: Node) -> bool:
    arguments = error.parent
    call = arguments.parent if arguments is not None else None
    if arguments is None or call is None or arguments.type != "argument_list":
        return False
    function = call.child_by_field_name("function")
    return (
        call.type == "call_expression"
        and function is not None
        and function.type == "identifier"
        and function.text in _TYPE_TAKING_BUILTINS
    )


def _gofmt_accepts(data: bytes) -> bool:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        return False
    try:
        completed = subprocess.run(
            [gofmt, "-e"], input=data, capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return completed.returncode == 0


def _unexpected_token(error: Node) -> Node:
    """The token a compiler would complain about: tree-sitter often wraps a well-formed
    prefix (`var s = "x"`) together with the stray token (`)`) in one ERROR node."""
    for child in error.children:
        if child.is_named and not child.has_error:
            continue
        return error if child.start_byte == error.start_byte else child
    return error


def _error_message(node: Node, text: Source) -> str:
    if node.is_missing:
        return f"syntax error: missing `{node.type}`"
    snippet = text.text_of(node).strip().split("\n", 1)[0]
    if not snippet:
        return "syntax error: unexpected end of file"
    if len(snippet) > 40:
        snippet = snippet[:40] + "…"
    return f"syntax error: unexpected `{snippet}`"


def _number(node: Node, text: Source) -> int | float | None:
    """The value of a numeric literal, a rune literal, or a signed one (`-5`)."""
    sign = 1
    if node.type == "unary_expression":
        operator = node.child_by_field_name("operator")
        operand = node.child_by_field_name("operand")
        if operator is None or operand is None or operator.type not in ("-", "+"):
            return None
        if operand.type not in ("int_literal", "float_literal"):
            return None
        sign = -1 if operator.type == "-" else 1
        node = operand
    literal = text.text_of(node)
    value: int | float | None
    if node.type == "int_literal":
        value = _go_int(literal)
    elif node.type == "float_literal":
        value = _go_float(literal)
    elif node.type == "rune_literal":
        value = _go_rune(literal)
    else:
        return None
    return None if value is None else sign * value


def _go_int(literal: str) -> int | None:
    digits = literal.replace("_", "")
    try:
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return int(digits, 8)  # the legacy octal form: 0755
        return int(digits, 0)
    except ValueError:
        return None


def _go_float(literal: str) -> float | None:
    digits = literal.replace("_", "")
    try:
        if digits[:2].lower() == "0x":
            return float.fromhex(digits)
        return float(digits)
    except ValueError:
        return None


def _go_rune(literal: str) -> int | None:
    body = literal[1:-1]
    match = _ESCAPE.fullmatch(body)
    if match is not None:
        simple, octal, hexadecimal, short, long = match.groups()
        if simple is not None:
            return ord(_SIMPLE_ESCAPES[simple])
        return int(octal, 8) if octal else int(hexadecimal or short or long, 16)
    return ord(body) if len(body) == 1 else None


def _string_value(node: Node, text: Source) -> str | None:
    """The value of a Go string literal; None when its bytes are not valid UTF-8."""
    literal = text.text_of(node)
    if node.type == "raw_string_literal":
        return literal[1:-1].replace("\r", "")  # Go drops carriage returns from raw strings
    if len(literal) < 2 or not literal.endswith('"'):
        return None
    return _decode_interpreted(literal[1:-1])


def _decode_interpreted(body: str) -> str | None:
    if "\\" in _ESCAPE.sub("", body):
        return None  # an invalid escape: the compiler would reject the literal
    decoded = bytearray()
    position = 0
    for match in _ESCAPE.finditer(body):
        decoded += body[position : match.start()].encode("utf-8", "surrogatepass")
        simple, octal, hexadecimal, short, long = match.groups()
        if simple is not None:
            decoded += _SIMPLE_ESCAPES[simple].encode()
        elif octal is not None or hexadecimal is not None:
            byte = int(octal, 8) if octal is not None else int(hexadecimal, 16)
            if byte > 0xFF:
                return None
            decoded.append(byte)
        else:
            code_point = int(short or long, 16)
            if code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
                return None
            decoded += chr(code_point).encode("utf-8")
        position = match.end()
    decoded += body[position:].encode("utf-8", "surrogatepass")
    try:
        return decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
