"""The Python frontend: reads one test module and fills the shared model.

Speed matters here (every file of a suite goes through it). The model is built from
CPython's own parser (``ast``), which gives every node its start and end natively and
runs about ten times faster than building a libcst tree and then resolving libcst's
``PositionProvider`` (a second, full code-generation pass that took two thirds of the
time). Spans are exact character ranges of the source text, identical to the ones libcst
gives (the frontend tests and the rule examples pin them), so fixes remain plain text
edits that keep every byte the fix does not touch.

The rest is a single sweep over the tree: each call, ``assert`` and import found inside a
test body goes to that test. Comments, which ``ast`` drops, are found by one regular
expression scan that steps over string literals.

Kit names are recognised by what they resolve to, not by how they are spelled: the sweep
tracks imports itself (``from testingkit import given as arrange``, ``import testingkit
as tk``), which is all the name resolution a test module needs.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Protocol, TypeVar

from tkit_scaffold.frontends._checks import ConfiguredHelpers, LocalHelpers
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

# Lines end the way CPython's tokenizer ends them: "\r\n", a lone "\r" or "\n".
_NEWLINE = re.compile(r"\r\n?|\n")
_BRACKETS = re.compile(r"[()\[\]{}]")
# CPython refuses more than 200 nested brackets; say so before parsing.
_PYTHON_MAX_NESTING = 200
# Deeper trees than this (e.g. a thousand unary minuses) are refused as too deep, as other
# Python tools refuse them: no real test module comes near it.
_MAX_TREE_DEPTH = 300
# Comments and string literals, so that a "#" inside a string is not taken as a comment.
_COMMENTS_AND_STRINGS = re.compile(
    r"#[^\r\n]*"
    r'|"""(?:\\[\s\S]|[^\\])*?"""'
    r"|'''(?:\\[\s\S]|[^\\])*?'''"
    r'|"(?:\\[\s\S]|[^\\"\r\n])*"'
    r"|'(?:\\[\s\S]|[^\\'\r\n])*'"
)
_DEF_KEYWORDS = re.compile(r"(?:async[\s\\]+)?def[\s\\]+")
_IDENTIFIER = re.compile(r"\w+")

# unittest's own checks: assertEqual, assert_ (old alias), fail, failIf, failUnlessEqual...
_UNITTEST_CHECK = re.compile(r"assert(?:[A-Z]\w*|_)|fail(?:[A-Z]\w*)?")
# Calls that carry a test's checks elsewhere: assertion helpers (`tm.assert_frame_equal`,
# `self._check_ops(...)`, `verify_result(...)`) and delegation to another test
# (`super().test_x(...)`, `_test(...)`), as real suites such as pandas' do.
_CHECK_HELPER = re.compile(r"_*(?:assert|check|verify|expect)(?:_|[A-Z]|$)\w*|_*test(?:_\w*)?")
# pytester's and testdir's result checks: `result.stdout.fnmatch_lines([...])`,
# `result.assert_outcomes(passed=1)`, `reprec.assertoutcome(failed=1)`.
_PYTESTER_CHECKS = frozenset(
    {
        "fnmatch_lines",
        "re_match_lines",
        "no_fnmatch_line",
        "no_re_match_line",
        "assert_outcomes",
        "assertoutcome",
        "assert_contains",
    }
)
_UNITTEST_RAISES_WITH_MESSAGE = frozenset({"assertRaisesRegex", "assertRaisesRegexp"})
_UNITTEST_RAISES = frozenset({"assertRaises"}) | _UNITTEST_RAISES_WITH_MESSAGE
# unittest.TestCase's own checks: the foreign assertions TK301 converts.
_UNITTEST_ASSERTIONS = frozenset(
    {
        *("assertAlmostEqual", "assertAlmostEquals", "assertCountEqual"),
        *("assertDictContainsSubset", "assertDictEqual", "assertEqual", "assertEquals"),
        *("assertFalse", "assertGreater", "assertGreaterEqual", "assertIn", "assertIs"),
        *("assertIsInstance", "assertIsNone", "assertIsNot", "assertIsNotNone"),
        *("assertLess", "assertLessEqual", "assertListEqual", "assertLogs"),
        *("assertMultiLineEqual", "assertNoLogs", "assertNotAlmostEqual"),
        *("assertNotAlmostEquals", "assertNotEqual", "assertNotEquals", "assertNotIn"),
        *("assertNotIsInstance", "assertNotRegex", "assertNotRegexpMatches"),
        *("assertRegex", "assertRegexpMatches", "assertSequenceEqual", "assertSetEqual"),
        *("assertTrue", "assertTupleEqual", "assertWarns", "assertWarnsRegex", "assert_"),
        *("fail", "failIf", "failIfAlmostEqual", "failIfEqual", "failUnless"),
        *("failUnlessAlmostEqual", "failUnlessEqual", "failUnlessRaises"),
    }
)
_UNITTEST_ASSERTIONS |= _UNITTEST_RAISES
_PYTEST_CHECKS = frozenset(
    {"pytest.raises", "pytest.warns", "pytest.fail", "pytest.deprecated_call"}
)
_SLEEPS = frozenset({"time.sleep", "asyncio.sleep"})

_COMPARISON_OPERATORS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}

_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Located = ast.expr | ast.stmt | ast.keyword
_Import = ast.Import | ast.ImportFrom


class _TooDeep(Exception):
    pass


def parse(path: str, source: str, options: FrontendOptions) -> TestFile:
    """Read one Python file into the model; bad input becomes ``parse_error``, never a raise."""
    lines = _Lines(source)
    too_deep = _excess_nesting_error(source, lines)
    if too_deep is not None:
        return _failed(path, source, too_deep)
    try:
        module = _parse_python(source[lines.first :])
    except SyntaxError as error:
        return _failed(path, source, _syntax_error(lines, error))
    except (RecursionError, MemoryError):
        return _failed(path, source, _too_deep(lines))
    except Exception as error:  # e.g. ValueError for input the parser cannot represent
        message = f"the Python parser could not read the file ({type(error).__name__}: {error})"
        return _failed(path, source, ParseError(message, lines.span(0, 0)))
    try:
        return _Reader(path, source, lines, module, options).read()
    except (RecursionError, _TooDeep):
        return _failed(path, source, _too_deep(lines))


def scenario_id(name: str) -> str:
    """``test_cart_total`` -> ``cart_total``."""
    for prefix in ("test_", "test"):
        if name.startswith(prefix):
            return name[len(prefix) :].lower()
    return name.lower()


def _parse_python(source: str) -> ast.Module:
    # Invalid escapes such as "\d" make the parser warn; the linter is not the place.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def _too_deep(lines: _Lines) -> ParseError:
    message = "the file nests code deeper than the Python parser can follow"
    return ParseError(message, lines.span(0, 0))


def _failed(path: str, source: str, error: ParseError) -> TestFile:
    return TestFile(path=path, language=Language.PYTHON, source=source, parse_error=error)


# ------------------------------------------------------------------------------ positions


class _Lines:
    """Turns the parser's positions (line, UTF-8 byte column) into character offsets."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = LineIndex(source)
        # A byte-order mark is not part of the first line as the parser sees it.
        self.first = 1 if source.startswith("\ufeff") else 0
        self.starts = [self.first, *(match.end() for match in _NEWLINE.finditer(source))]
        self.ascii = source.isascii()
        self._encoded: dict[int, bytes] = {}

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and a 0-based column counted in characters."""
        line = min(max(line, 1), len(self.starts))
        return min(self.starts[line - 1] + column, len(self.source))

    def at(self, line: int, byte_column: int) -> int:
        """The offset of a 1-based line and a 0-based column counted in UTF-8 bytes."""
        if byte_column and not self.ascii:
            line = min(max(line, 1), len(self.starts))
            encoded = self._encoded.get(line)
            if encoded is None:
                end = self.starts[line] if line < len(self.starts) else len(self.source)
                text = self.source[self.starts[line - 1] : end]
                encoded = self._encoded[line] = text.encode("utf-8", "surrogatepass")
            byte_column = len(encoded[:byte_column].decode("utf-8", "replace"))
        return self.offset(line, byte_column)

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, max(start, end))

    def line_start(self, offset: int) -> int:
        return self.starts[max(bisect.bisect_right(self.starts, offset) - 1, 0)]


def _excess_nesting_error(source: str, lines: _Lines) -> ParseError | None:
    """CPython's own error for a file nesting brackets deeper than CPython allows."""
    depths = accumulate(1 if bracket in "([{" else -1 for bracket in _BRACKETS.findall(source))
    if max(depths, default=0) <= _PYTHON_MAX_NESTING:
        return None
    try:
        _parse_python(source[lines.first :])
    except SyntaxError as error:
        return _syntax_error(lines, error) if error.lineno is not None else None
    except (RecursionError, MemoryError, ValueError):
        return None
    return None


def _syntax_error(lines: _Lines, error: SyntaxError) -> ParseError:
    if error.lineno is None:
        message = f"syntax error: {error.msg}" if error.msg else "syntax error"
        return ParseError(message, lines.span(0, 0))
    start = lines.offset(error.lineno, max((error.offset or 1) - 1, 0))
    source = lines.source
    line_end = len(source) if error.lineno >= len(lines.starts) else lines.starts[error.lineno]
    end = min(start + 1, line_end, len(source))
    return ParseError(f"syntax error: {error.msg}", lines.span(start, end))


# ------------------------------------------------------------------------------ names


@cache
def _vocabulary_categories() -> dict[str, str]:
    return {entry.name: entry.category for entry in load_vocabulary().entries}


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _final_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _import_bindings(node: _Import) -> Iterator[tuple[str, str]]:
    """(local name, what it refers to) for each name an import binds; ``*`` for a star."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname is not None:
                yield alias.asname, alias.name
            else:
                head = alias.name.partition(".")[0]
                yield head, head
        return
    if node.level or node.module is None:
        return  # relative imports name the project's own modules, never the kit
    for alias in node.names:
        if alias.name == "*":
            yield "*", node.module
            return
        yield alias.asname or alias.name, f"{node.module}.{alias.name}"


@dataclass(frozen=True, slots=True)
class _KitModules:
    names: tuple[str, ...]

    def contains(self, qualified: str) -> bool:
        return any(qualified == name or qualified.startswith(name + ".") for name in self.names)


@dataclass(slots=True)
class _Scope:
    """What the names of one scope refer to: an imported qualified name, or None for a
    name bound to something else (a local def, an assignment, a parameter)."""

    kit: _KitModules
    bindings: dict[str, str | None] = field(default_factory=dict)
    kit_star: bool = False

    def child(self) -> _Scope:
        return _Scope(self.kit, dict(self.bindings), self.kit_star)

    def bind_import(self, node: _Import) -> None:
        for local, qualified in _import_bindings(node):
            if local == "*":
                self.kit_star = self.kit_star or self.kit.contains(qualified)
            else:
                self.bindings[local] = qualified

    def shadow(self, name: str) -> None:
        self.bindings[name] = None

    def qualified(self, node: ast.expr) -> str | None:
        """The dotted name ``node`` refers to; a name no import binds is taken as written."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        target = self.bindings.get(head)
        if target is None:
            return dotted
        return target + dot + rest

    def kit_name(self, node: ast.expr) -> tuple[str, str] | None:
        """(canonical vocabulary name, category) if ``node`` names something of the kit."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        if head in self.bindings:
            target = self.bindings[head]
            if target is None:
                return None
            module, _, spelled = (target + dot + rest).rpartition(".")
            if not module or not self.kit.contains(module):
                return None
        elif self.kit_star and not rest:
            spelled = head
        else:
            return None
        canonical = load_vocabulary().canonical(spelled, Language.PYTHON)
        if canonical is None:
            return None
        return canonical, _vocabulary_categories()[canonical]


# ------------------------------------------------------------------------------ tests


@dataclass(slots=True)
class _TestParts:
    """One test while the sweep fills it."""

    definition: _Function
    scope_name: str
    scope: _Scope
    local_imports: list[_Import] = field(default_factory=list)
    calls: list[ast.Call] = field(default_factory=list)
    asserts: list[ast.Assert] = field(default_factory=list)


def _is_literal_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _positional(call: ast.Call) -> list[ast.expr]:
    return [arg for arg in call.args if not isinstance(arg, ast.Starred)]


def _keyword(call: ast.Call, *names: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg is not None and keyword.arg in names:
            return keyword.value
    return None


def _argument(call: ast.Call, position: int, *names: str) -> ast.expr | None:
    positional = _positional(call)
    if position < len(positional):
        return positional[position]
    return _keyword(call, *names)


def _arguments(call: ast.Call) -> list[ast.expr]:
    """Every argument's value (after ``*``/``**``/``name=``) in the order written."""
    values = [arg.value if isinstance(arg, ast.Starred) else arg for arg in call.args]
    if not call.keywords:
        return values
    if not values:
        return [keyword.value for keyword in call.keywords]
    written: list[tuple[tuple[int, int], ast.expr]] = [
        ((arg.lineno, arg.col_offset), value) for arg, value in zip(call.args, values, strict=True)
    ]
    written.extend(((kw.lineno, kw.col_offset), kw.value) for kw in call.keywords)
    written.sort(key=lambda item: item[0])
    return [value for _, value in written]


# What a test reads of the `ExceptionInfo` that `with pytest.raises(...) as info` binds
# to check the failure it caught: `info.value.args == ...`, `info.match("...")`.
_EXCEPTION_INFO_CHECKS = frozenset({"value", "match", "type", "typename", "errisinstance"})


def _with_later_checks(
    definition: _Function, raises: list[RaisesCheck], span_of: Callable[[ast.Call], Span]
) -> list[RaisesCheck]:
    """The checks, each marked as checking the failure when the test binds its
    `ExceptionInfo` (`as info`) and then reads what was caught: a test that compares
    `info.value.args` is as specific as one that passes `match=`."""
    bound: dict[Span, str] = {}
    read: set[str] = set()
    for node in ast.walk(definition):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and isinstance(
                    item.optional_vars, ast.Name
                ):
                    bound[span_of(item.context_expr)] = item.optional_vars.id
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in _EXCEPTION_INFO_CHECKS
            and isinstance(node.value, ast.Name)
        ):
            read.add(node.value.id)
    return [
        dataclasses.replace(check, has_message_check=True)
        if not check.has_message_check and bound.get(check.span) in read
        else check
        for check in raises
    ]


def _is_zero(node: ast.expr | None) -> bool:
    """``0`` or ``0.0``: `asyncio.sleep(0)` hands control to the event loop, it does not
    wait."""
    return isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value == 0


def _string_value(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _gives_reason(node: ast.expr | None) -> bool:
    """Whether an argument can hold a reason: anything but a blank string or None."""
    if node is None or _is_literal_none(node):
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(node.value.strip())
    return True


def _skip_reason_given(qualified: str, call: ast.Call | None) -> bool | None:
    """For a skip decorator: whether it gives a reason; None if it is not a skip."""
    if qualified in ("pytest.mark.skip", "unittest.skip"):
        return call is not None and _gives_reason(_argument(call, 0, "reason"))
    if qualified == "pytest.mark.skipif":
        return call is not None and _gives_reason(_keyword(call, "reason"))
    if qualified in ("unittest.skipIf", "unittest.skipUnless"):
        return call is not None and _gives_reason(_argument(call, 1, "reason"))
    return None


def _end(node: _Located) -> tuple[int, int]:
    line = node.end_lineno if node.end_lineno is not None else node.lineno
    column = node.end_col_offset if node.end_col_offset is not None else node.col_offset
    return line, column


class _Reader:
    def __init__(
        self, path: str, source: str, lines: _Lines, module: ast.Module, options: FrontendOptions
    ) -> None:
        self.path = path
        self.source = source
        self.lines = lines
        self.module = module
        self.kit = _KitModules(options.python_kit_modules)
        self.module_scope = _Scope(self.kit)
        self.testcase_classes: set[str] = set()
        self.configured_helpers = ConfiguredHelpers(options.check_helpers)
        # The file's own functions and methods that are not tests: the helpers a test may
        # check through (`self.check_roundtrip(x)`, `verify(result)`).
        self.function_helpers: dict[str, _TestParts] = {}
        self.method_helpers: dict[str, list[_TestParts]] = {}
        self._checking: LocalHelpers[str, list[_TestParts]] | None = None
        self.tests: list[_TestParts] = []
        self.statement_calls: set[int] = set()  # ids of calls that are whole statements

    # -- spans

    def bounds(self, node: _Located) -> tuple[int, int]:
        """Where the node is written, without parentheses around it (the parser counts a
        tuple's or a generator's own parentheses as part of it; the model does not)."""
        start = self.lines.at(node.lineno, node.col_offset)
        end = self.lines.at(*_end(node))
        if isinstance(node, ast.Tuple | ast.GeneratorExp) and self.source.startswith("(", start):
            first = node.elt if isinstance(node, ast.GeneratorExp) else next(iter(node.elts), None)
            if first is None:  # "()": an empty span where its content would start
                inner = _skip_trivia(self.source, start + 1, end - 1)
                return inner, inner
            if self._owns_parentheses(start, first):
                return self._inside(start + 1, end - 1, node)
        return start, end

    def _inside(self, start: int, end: int, node: ast.Tuple | ast.GeneratorExp) -> tuple[int, int]:
        """The content between a tuple's own parentheses: from its first element to the
        end of its last one or of a trailing comma, without the space or comments around."""
        start = _skip_trivia(self.source, start, end)
        last = node.elts[-1] if isinstance(node, ast.Tuple) else node
        position = self.lines.at(*_end(last)) if isinstance(node, ast.Tuple) else start
        content_end = position
        while position < end:
            character = self.source[position]
            if character in ",)":
                content_end = position + 1
            elif character == "#":
                position = _line_end(self.source, position) - 1
            elif not (character.isspace() or character == "\\"):
                content_end = position + 1  # a generator's clauses: keep scanning
            position += 1
        return start, content_end

    def _owns_parentheses(self, start: int, first: ast.expr) -> bool:
        """Whether the "(" at ``start`` opens the tuple itself or only its first element."""
        first_start = self.lines.at(first.lineno, first.col_offset)
        opened = self.source.count("(", start, first_start)
        position = self.lines.at(*_end(first))
        closed = 0
        while position < len(self.source):
            character = self.source[position]
            if character == ")":
                closed += 1
            elif not (character.isspace() or character == "\\"):
                break
            position += 1
        return opened > closed

    def span(self, node: _Located) -> Span:
        return self.lines.span(*self.bounds(node))

    def start(self, node: _Located) -> int:
        return self.bounds(node)[0]

    def text(self, span: Span) -> str:
        return self.source[span.start : span.end]

    def name_span(self, node: ast.expr) -> Span:
        """The span of the final identifier of a name or an attribute chain."""
        start, end = self.bounds(node)
        if isinstance(node, ast.Attribute):
            start = end
            while start > 0 and ("a" + self.source[start - 1]).isidentifier():
                start -= 1
        return self.lines.span(start, end)

    def written_text(self, node: ast.expr, call: ast.Call) -> str:
        """The text of an argument of ``call`` with its own parentheses, which a tuple
        needs: ``pytest.raises(((A, B)))`` gives ``((A, B))``."""
        start = self.lines.at(node.lineno, node.col_offset)
        end = self.lines.at(*_end(node))
        low, high = self._inside_parentheses(call)
        openers: list[int] = []
        position = start - 1
        while position >= low and self.source[position] in "( \t\r\n\f\\":
            if self.source[position] == "(":
                openers.append(position)
            position -= 1
        closers: list[int] = []
        position = end
        while (
            position < high
            and len(closers) < len(openers)
            and self.source[position] in ") \t\r\n\f\\"
        ):
            if self.source[position] == ")":
                closers.append(position + 1)
            position += 1
        if closers:
            start, end = openers[len(closers) - 1], closers[-1]
        return self.source[start:end]

    def _inside_parentheses(self, call: ast.Call) -> tuple[int, int]:
        """Offsets just inside the parentheses of the call's arguments."""
        call_end = self.lines.at(*_end(call)) - 1
        open_paren = self.source.find("(", self.lines.at(*_end(call.func)), call_end)
        return open_paren + 1, call_end

    # -- the file

    def read(self) -> TestFile:
        self._read_statements(self.module.body, top_level=True)
        uses_kit = self._sweep()
        tests = tuple(self._test_case(parts) for parts in self.tests)
        return TestFile(
            path=self.path,
            language=Language.PYTHON,
            source=self.source,
            tests=tests,
            comments=self._comments(),
            uses_kit=uses_kit,
        )

    def _read_statements(self, statements: Sequence[ast.stmt], *, top_level: bool) -> None:
        """Module-level bindings and tests, in order. Inside ``if``/``try``/``with`` blocks
        only imports bind: ``except ImportError: given = None`` must not hide the kit."""
        scope = self.module_scope
        for statement in statements:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                scope.bind_import(statement)
            elif isinstance(statement, ast.Assign | ast.AnnAssign):
                if top_level:
                    for name in _assigned_names(statement):
                        scope.shadow(name)
            elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                name = self._def_name(statement)[0]
                if top_level:
                    scope.shadow(name)
                if name.startswith("test"):
                    self._add_test(statement, "")
                else:
                    self.function_helpers[name] = _TestParts(statement, "", scope)
            elif isinstance(statement, ast.ClassDef):
                if top_level:
                    scope.shadow(statement.name)
                self._add_method_helpers(statement)
                if self._derives_from_testcase(statement):
                    self.testcase_classes.add(statement.name)
                if self._is_test_class(statement):
                    self._read_class(statement, statement.name)
            else:
                for block in self._blocks(statement):
                    self._read_statements(block, top_level=False)

    def _def_name(self, node: _Function) -> tuple[str, int]:
        """The function's name as written, and where it starts."""
        start = self.lines.at(node.lineno, node.col_offset)
        keywords = _DEF_KEYWORDS.match(self.source, start)
        found = _IDENTIFIER.match(self.source, keywords.end()) if keywords else None
        if found is None:  # pragma: no cover - the parser accepted a def
            return node.name, start
        return found.group(), found.start()

    def _is_test_class(self, node: ast.ClassDef) -> bool:
        return node.name.startswith("Test") or self._derives_from_testcase(node)

    def _derives_from_testcase(self, node: ast.ClassDef) -> bool:
        """unittest.TestCase and its kin (IsolatedAsyncioTestCase, ...), directly or through
        a class of this module."""
        for base in node.bases:
            value = base.value if isinstance(base, ast.Starred) else base
            qualified = self.module_scope.qualified(value) or ""
            if qualified.endswith("TestCase") or qualified in self.testcase_classes:
                return True
        return False

    def _read_class(self, node: ast.ClassDef, scope_name: str) -> None:
        if not self._indented(node.body):
            return
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                if self._def_name(statement)[0].startswith("test"):
                    self._add_test(statement, scope_name)
            elif isinstance(statement, ast.ClassDef) and self._is_test_class(statement):
                self._read_class(statement, f"{scope_name}.{statement.name}")

    def _add_method_helpers(self, node: ast.ClassDef) -> None:
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                name = statement.name
                if not name.startswith("test"):
                    parts = _TestParts(statement, node.name, self.module_scope)
                    self.method_helpers.setdefault(name, []).append(parts)
            elif isinstance(statement, ast.ClassDef):
                self._add_method_helpers(statement)

    def _add_test(self, node: _Function, scope_name: str) -> None:
        self.tests.append(_TestParts(node, scope_name, self.module_scope))

    def _indented(self, body: Sequence[ast.stmt]) -> bool:
        """Whether a block is an indented one (statements on their own lines) rather than
        statements after the colon (``if x: import y``), which binds nothing here."""
        if not body:
            return False
        first = self.lines.at(body[0].lineno, body[0].col_offset)
        return not self.source[self.lines.line_start(first) : first].strip()

    def _blocks(self, statement: ast.stmt) -> Iterator[Sequence[ast.stmt]]:
        """The statement lists nested in a compound statement (if/try/with/for/while)."""
        if isinstance(statement, ast.If):
            yield from self._suite(statement.body)
            yield from self._suite(statement.orelse)
        elif isinstance(statement, ast.Try | ast.TryStar):
            yield from self._suite(statement.body)
            for handler in statement.handlers:
                yield from self._suite(handler.body)
            yield from self._suite(statement.orelse)
            yield from self._suite(statement.finalbody)
        elif isinstance(statement, ast.With | ast.AsyncWith | ast.For | ast.AsyncFor | ast.While):
            yield from self._suite(statement.body)

    def _suite(self, body: Sequence[ast.stmt]) -> Iterator[Sequence[ast.stmt]]:
        if self._indented(body):
            yield body

    # -- the sweep

    def _sweep(self) -> bool:
        """One pass over the tree: each call, assert and import inside a test body goes to
        its test; whether the file imports the kit anywhere is the answer."""
        tests = {id(parts.definition): parts for parts in self.tests}
        for helper in self.function_helpers.values():
            tests.setdefault(id(helper.definition), helper)
        for helpers in self.method_helpers.values():
            for helper in helpers:
                tests.setdefault(id(helper.definition), helper)
        statement_calls: set[int] = set()
        uses_kit = self.module_scope.kit_star
        stack: list[tuple[ast.AST, _TestParts | None, int]] = [(self.module, None, 0)]
        pop, push = stack.pop, stack.append
        while stack:
            node, owner, depth = pop()
            kind = type(node)
            if kind is ast.Call:
                if owner is not None:
                    owner.calls.append(node)  # type: ignore[arg-type]
            elif kind is ast.Expr:
                statement_calls.add(id(node.value))  # type: ignore[attr-defined]
            elif kind is ast.Assert:
                if owner is not None:
                    owner.asserts.append(node)  # type: ignore[arg-type]
            elif kind is ast.Import or kind is ast.ImportFrom:
                uses_kit = uses_kit or self._imports_kit(node)  # type: ignore[arg-type]
                if owner is not None:
                    owner.local_imports.append(node)  # type: ignore[arg-type]
                continue
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                test = tests.get(id(node))
                if test is not None:
                    for statement in node.body:  # type: ignore[attr-defined]
                        push((statement, test, depth + 1))
                    for child in (*node.decorator_list, node.args, node.returns):  # type: ignore[attr-defined]
                        if child is not None:
                            push((child, owner, depth + 1))
                    continue
            if depth >= _MAX_TREE_DEPTH:
                raise _TooDeep
            for name in kind._fields:
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            push((item, owner, depth + 1))
                elif isinstance(value, ast.AST):
                    push((value, owner, depth + 1))

        for parts in self.tests:
            parts.calls.sort(key=_position_key)
            parts.asserts.sort(key=_position_key)
            parts.local_imports.sort(key=_position_key)
        self.statement_calls = statement_calls
        return uses_kit

    def _imports_kit(self, node: _Import) -> bool:
        return any(self.kit.contains(qualified) for _, qualified in _import_bindings(node))

    def _comments(self) -> tuple[Comment, ...]:
        comments = []
        for match in _COMMENTS_AND_STRINGS.finditer(self.source):
            text = match.group()
            if text[0] != "#":
                continue
            start = match.start()
            line, column = self.lines.index.position(start)
            own_line = not self.source[self.lines.line_start(start) : start].strip()
            comments.append(Comment(line=line, column=column, text=text, own_line=own_line))
        return tuple(comments)

    # -- one test

    def _test_case(self, parts: _TestParts) -> TestCase:
        node = parts.definition
        scope = self._test_scope(parts)
        decorators = [self._decorator_bounds(decorator) for decorator in node.decorator_list]
        start = decorators[0][0] if decorators else self.lines.at(node.lineno, node.col_offset)
        end = self.lines.at(*_end(node))
        while self.source[end - 1] in " \t\f;":  # the parser counts a final ";" in it
            end -= 1
        span = self.lines.span(start, end)
        collected = _Collected()
        for decorator in node.decorator_list:
            self._read_decorator(decorator, collected)
        for call in parts.calls:
            self._read_call(call, id(call) in self.statement_calls, scope, collected)
        if any(not check.has_message_check for check in collected.raises):
            collected.raises = _with_later_checks(node, collected.raises, self.span)
        for statement in parts.asserts:
            collected.assertions.append(self._bare_assert(statement))
        if not collected.assertions and not collected.raises:
            collected.assertions.extend(self._helper_checks(parts))
        name, name_start = self._def_name(node)
        return TestCase(
            name=name,
            scenario_id=scenario_id(name),
            span=span,
            name_span=self.lines.span(name_start, name_start + len(name)),
            scope=parts.scope_name,
            attributes=tuple(self.source[start:end] for start, end in decorators),
            steps=_in_order(collected.steps),
            assertions=_in_order(collected.assertions),
            sleeps=_in_order(collected.sleeps),
            skips=_in_order(collected.skips),
            raises=_in_order(collected.raises),
        )

    # -- checks made through the file's own helpers

    def _helper_checks(self, parts: _TestParts) -> list[Assertion]:
        """The test's calls of helpers of this file that check, directly or through
        other helpers (see `_checks`)."""
        checking = self._checking_helpers()
        found = [
            self._call_assertion(call, AssertionKind.HELPER)
            for call in parts.calls
            if self._local_helper(call) in checking
        ]
        if not found:
            # `@pytest.mark.parametrize("method", [_run_preload, _run_read])` with helpers
            # that check, which the test then calls through its parameter.
            for decorator in parts.definition.decorator_list:
                for node in ast.walk(decorator):
                    if isinstance(node, ast.Name) and (
                        node.id in checking or f".{node.id}" in checking
                    ):
                        span = self.span(node)
                        found.append(Assertion(AssertionKind.HELPER, span, node.id))
                        return found
        return found

    def _checking_helpers(self) -> LocalHelpers[str, list[_TestParts]]:
        """The file's helpers (`name` for a function, `.name` for the methods of that
        name), asked lazily whether they check: only the ones a test calls are read."""
        if self._checking is None:

            def checks_directly(helpers: list[_TestParts]) -> bool:
                return any(part.asserts or self._checks_directly(part) for part in helpers)

            def callees(helpers: list[_TestParts]) -> Iterator[str]:
                for part in helpers:
                    for call in part.calls:
                        callee = self._local_helper(call)
                        if callee is not None:
                            yield callee

            bodies = {name: [part] for name, part in self.function_helpers.items()}
            bodies.update((f".{name}", parts) for name, parts in self.method_helpers.items())
            self._checking = LocalHelpers(bodies, checks_directly, callees)
        return self._checking

    def _checks_directly(self, helper: _TestParts) -> bool:
        collected = _Collected()
        for call in helper.calls:
            self._read_call(call, False, helper.scope, collected)
            if collected.assertions or collected.raises:
                return True
        return False

    def _local_helper(self, call: ast.Call) -> str | None:
        """The key of the helper of this file that ``call`` calls: ``name`` for a module
        function, ``.name`` for a method called on ``self`` or ``cls``."""
        function = call.func
        if isinstance(function, ast.Name):
            name = function.id
            known = name in self.function_helpers
            return name if known and self.module_scope.bindings.get(name) is None else None
        if (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.value.id in ("self", "cls")
            and function.attr in self.method_helpers
        ):
            return f".{function.attr}"
        return None

    def _decorator_bounds(self, expression: ast.expr) -> tuple[int, int]:
        """From the ``@`` to the end of the expression, its own parentheses included."""
        start, end = self.bounds(expression)
        at, opened = start - 1, 0
        while at > 0 and self.source[at] != "@":
            opened += self.source[at] == "("
            at -= 1
        while opened and end < len(self.source):
            if self.source[end] == ")":
                opened -= 1
            elif not (self.source[end].isspace() or self.source[end] == "\\"):
                break
            end += 1
        return max(at, 0), end

    def _test_scope(self, parts: _TestParts) -> _Scope:
        parameters = _parameter_names(parts.definition.args)
        if not parts.local_imports and not parameters:
            return parts.scope
        scope = parts.scope.child()
        for name in parameters:
            scope.shadow(name)
        for node in parts.local_imports:
            scope.bind_import(node)
        return scope

    def _read_decorator(self, expression: ast.expr, collected: _Collected) -> None:
        call = expression if isinstance(expression, ast.Call) else None
        qualified = self.module_scope.qualified(call.func if call else expression)
        if qualified is None:
            return
        has_reason = _skip_reason_given(qualified, call)
        if has_reason is not None:
            collected.skips.append(Skip(self.span(expression), qualified, has_reason))

    def _read_call(
        self, call: ast.Call, is_statement: bool, scope: _Scope, collected: _Collected
    ) -> None:
        if self._read_kit_call(call, is_statement, scope, collected):
            return
        method = _final_name(call.func)
        if method is None:
            return
        on_self = (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self"
        )
        if on_self and _UNITTEST_CHECK.fullmatch(method):
            # `self.assertRoundTrip(x)` defined in this file is the suite's own helper.
            own = method in self.method_helpers and method not in _UNITTEST_ASSERTIONS
            kind = AssertionKind.HELPER if own else AssertionKind.FOREIGN
            collected.assertions.append(self._call_assertion(call, kind))
            if method in _UNITTEST_RAISES:
                exception = _argument(call, 0, "expected_exception")
                collected.raises.append(
                    RaisesCheck(
                        span=self.span(call),
                        form=method,
                        exception=self.written_text(exception, call) if exception else None,
                        has_message_check=method in _UNITTEST_RAISES_WITH_MESSAGE,
                    )
                )
            return
        if on_self and method == "skipTest":
            has_reason = _gives_reason(_argument(call, 0, "reason"))
            collected.skips.append(Skip(self.span(call), "self.skipTest", has_reason))
            return
        qualified = scope.qualified(call.func)
        if qualified in _SLEEPS:
            yields = qualified == "asyncio.sleep" and _is_zero(_argument(call, 0, "delay"))
            collected.sleeps.append(Sleep(self.span(call), qualified, controlled=yields))
        elif qualified == "pytest.skip":
            has_reason = _gives_reason(_argument(call, 0, "reason", "msg"))
            collected.skips.append(Skip(self.span(call), qualified, has_reason))
        elif qualified in _PYTEST_CHECKS:
            collected.assertions.append(self._call_assertion(call, AssertionKind.HELPER))
            if qualified == "pytest.raises":
                collected.raises.append(self._pytest_raises(call))
        elif (
            _CHECK_HELPER.fullmatch(method)
            or method in _PYTESTER_CHECKS
            or (self.configured_helpers and self.configured_helpers.matches(qualified or method))
        ) or (
            # The kit's golden-file check compares like an assertion, as in Rust and Go.
            method == "golden"
            and qualified is not None
            and scope.kit.contains(qualified.rpartition(".")[0])
        ):
            collected.assertions.append(self._call_assertion(call, AssertionKind.HELPER))

    def _read_kit_call(
        self, call: ast.Call, is_statement: bool, scope: _Scope, collected: _Collected
    ) -> bool:
        kit_name = scope.kit_name(call.func)
        if kit_name is None:
            return False
        name, category = kit_name
        if category == "steps" and is_statement:
            collected.steps.append(self._step(call, StepKind(name)))
        elif category == "assertions":
            collected.assertions.append(self._kit_assertion(call, name, scope))
        elif name in KIT_FAILURE_MATCHERS:
            collected.raises.append(
                RaisesCheck(
                    span=self.span(call),
                    form=name,
                    exception=None,
                    has_message_check=KIT_FAILURE_MATCHERS[name],
                )
            )
        return True

    def _step(self, call: ast.Call, kind: StepKind) -> Step:
        description = _argument(call, 0, "description")
        return Step(
            kind=kind,
            span=self.span(call),
            description=_string_value(description) if description is not None else None,
            description_span=self.span(description) if description is not None else None,
        )

    def _kit_assertion(self, call: ast.Call, name: str, scope: _Scope) -> Assertion:
        actual = _argument(call, 0, "actual")
        matcher = _argument(call, 1, "matcher")
        return Assertion(
            kind=AssertionKind.KIT,
            span=self.span(call),
            form=name,
            soft=name == "expect_that",
            actual=self.expr(actual) if actual is not None else None,
            matcher=self.matcher(matcher, scope) if matcher is not None else None,
        )

    def _call_assertion(self, call: ast.Call, kind: AssertionKind) -> Assertion:
        form = _dotted(call.func)
        if form is None:
            final = _final_name(call.func)
            form = final if final is not None else self.text(self.span(call.func))
        return Assertion(
            kind=kind,
            span=self.span(call),
            form=form,
            args=tuple(self.expr(value) for value in _arguments(call)),
        )

    def _bare_assert(self, statement: ast.Assert) -> Assertion:
        test = self.expr(statement.test)
        return Assertion(
            kind=AssertionKind.FOREIGN,
            span=self.span(statement),
            form="assert",
            args=(test, *test.operands) if test.kind is ExprKind.COMPARISON else (test,),
        )

    def _pytest_raises(self, call: ast.Call) -> RaisesCheck:
        exception = _argument(call, 0, "expected_exception")
        match = _keyword(call, "match")
        return RaisesCheck(
            span=self.span(call),
            form="pytest.raises",
            exception=self.written_text(exception, call) if exception is not None else None,
            has_message_check=match is not None and not _is_literal_none(match),
        )

    # -- expressions

    def matcher(self, node: ast.expr, scope: _Scope) -> MatcherCall | None:
        if not isinstance(node, ast.Call):
            return None
        kit_name = scope.kit_name(node.func)
        if kit_name is None or kit_name[1] != "matchers" or _final_name(node.func) is None:
            return None
        arguments = _arguments(node)
        inner = (self.matcher(value, scope) for value in arguments)
        return MatcherCall(
            name=kit_name[0],
            args=tuple(self.expr(value) for value in arguments),
            span=self.span(node),
            name_span=self.name_span(node.func),
            args_span=self._args_span(node),
            inner=tuple(matcher for matcher in inner if matcher is not None),
        )

    def _args_span(self, call: ast.Call) -> Span | None:
        # The call's own span leaves out parentheses around the call itself, so it ends at
        # the closing parenthesis; only whitespace lies between the callee and "(".
        start, end = self._inside_parentheses(call)
        if start <= 0:
            return None
        return self.lines.span(start, end)

    def expr(self, node: ast.expr) -> Expr:
        span = self.span(node)
        text = self.text(span)
        if isinstance(node, ast.Constant):
            return _constant_expr(node.value, text, span)
        if isinstance(node, ast.JoinedStr):
            return Expr(ExprKind.STRING, text, span)
        if isinstance(node, ast.Name):
            return _name_expr(node.id, text, span)
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and type(node.operand.value) in (int, float)
        ):
            value = node.operand.value
            assert isinstance(value, int | float)
            kind = ExprKind.INT if type(value) is int else ExprKind.FLOAT
            return Expr(kind, text, span, value=-value)
        if isinstance(node, ast.Call) and _dotted(node.func) == "len":
            arguments = node.args
            if len(arguments) == 1 and not node.keywords and type(arguments[0]) is not ast.Starred:
                return Expr(ExprKind.LEN, text, span, operands=(self.expr(arguments[0]),))
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            return Expr(
                ExprKind.COMPARISON,
                text,
                span,
                operator=_COMPARISON_OPERATORS.get(type(node.ops[0]), "?"),
                operands=(self.expr(node.left), self.expr(node.comparators[0])),
            )
        return Expr(ExprKind.OTHER, text, span)


def _skip_trivia(source: str, position: int, end: int) -> int:
    """The first offset from ``position`` that is not whitespace, a comment or a line
    continuation."""
    while position < end:
        character = source[position]
        if character == "#":
            position = _line_end(source, position)
        elif character.isspace() or character == "\\":
            position += 1
        else:
            break
    return position


def _line_end(source: str, position: int) -> int:
    found = _NEWLINE.search(source, position)
    return found.start() if found else len(source)


def _position_key(node: _Located) -> tuple[int, int, int, int]:
    # Calls sharing a start (``f(x)(y)``): the inner one first, as a post-order walk gives.
    return (node.lineno, node.col_offset, *_end(node))


def _constant_expr(value: object, text: str, span: Span) -> Expr:
    if value is True or value is False:
        return Expr(ExprKind.BOOL, text, span, value=value)
    if value is None:
        return Expr(ExprKind.NONE, text, span)
    if type(value) is int:
        return Expr(ExprKind.INT, text, span, value=value)
    if type(value) is float:
        return Expr(ExprKind.FLOAT, text, span, value=value)
    if isinstance(value, str):
        return Expr(ExprKind.STRING, text, span, value=value)
    if isinstance(value, bytes):
        return Expr(ExprKind.STRING, text, span)
    return Expr(ExprKind.OTHER, text, span)  # complex numbers, ``...``


@dataclass(slots=True)
class _Collected:
    steps: list[Step] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    sleeps: list[Sleep] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    raises: list[RaisesCheck] = field(default_factory=list)


class _Spanned(Protocol):
    @property
    def span(self) -> Span: ...


_Item = TypeVar("_Item", bound=_Spanned)


def _in_order(items: list[_Item]) -> tuple[_Item, ...]:
    return tuple(sorted(items, key=lambda item: item.span.start))


def _name_expr(name: str, text: str, span: Span) -> Expr:
    if name in ("True", "False"):
        return Expr(ExprKind.BOOL, text, span, value=name == "True")
    if name == "None":
        return Expr(ExprKind.NONE, text, span)
    return Expr(ExprKind.NAME, text, span)


def _assigned_names(node: ast.Assign | ast.AnnAssign) -> Iterator[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Name):
            yield target.id


def _parameter_names(params: ast.arguments) -> list[str]:
    every = [*params.posonlyargs, *params.args, *params.kwonlyargs]
    for star in (params.vararg, params.kwarg):
        if star is not None:
            every.append(star)
    return [param.arg for param in every if param.arg not in ("self", "cls")]
