"""The Python frontend: reads one test module with libcst and fills the shared model.

Speed matters here (every file of a suite goes through it), so the module is parsed once,
positions are computed once (``PositionProvider``, the only metadata asked for), and the
rest is a single sweep over the nodes that received a position: calls, ``assert``
statements, imports and comments. Each node found inside a test body is given to that
test by its position, so the tree is never walked twice.

Kit names are recognised by what they resolve to, not by how they are spelled: the sweep
tracks imports itself (``from testingkit import given as arrange``, ``import testingkit
as tk``), which is all the name resolution a test module needs and much cheaper than
libcst's scope analysis.
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Protocol, TypeVar

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

from tkit_scaffold.model import (
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

# libcst counts lines the way CPython's tokenizer does: "\r\n", a lone "\r" or "\n".
_NEWLINE = re.compile(r"\r\n?|\n")
_BRACKETS = re.compile(r"[()\[\]{}]")
# CPython refuses more than 200 nested brackets; libcst takes seconds to find that out.
_PYTHON_MAX_NESTING = 200

# unittest's own checks: assertEqual, assert_ (old alias), fail, failIf, failUnlessEqual...
_UNITTEST_CHECK = re.compile(r"assert(?:[A-Z]\w*|_)|fail(?:[A-Z]\w*)?")
# Calls that carry a test's checks elsewhere: assertion helpers (`tm.assert_frame_equal`,
# `self._check_ops(...)`, `verify_result(...)`) and delegation to another test
# (`super().test_x(...)`, `_test(...)`), as real suites such as pandas' do.
_CHECK_HELPER = re.compile(r"_*(?:assert|check|verify|expect)(?:_|[A-Z]|$)\w*|_*test(?:_\w*)?")
_UNITTEST_RAISES_WITH_MESSAGE = frozenset({"assertRaisesRegex", "assertRaisesRegexp"})
_UNITTEST_RAISES = frozenset({"assertRaises"}) | _UNITTEST_RAISES_WITH_MESSAGE
_PYTEST_CHECKS = frozenset(
    {"pytest.raises", "pytest.warns", "pytest.fail", "pytest.deprecated_call"}
)
_SLEEPS = frozenset({"time.sleep", "asyncio.sleep"})
_KIT_RAISES_MATCHERS = frozenset({"fails", "fails_with"})

_SWEPT_NODES = frozenset({cst.Call, cst.Expr, cst.Comment, cst.Assert, cst.Import, cst.ImportFrom})

_COMPARISON_OPERATORS: dict[type[cst.BaseCompOp], str] = {
    cst.Equal: "==",
    cst.NotEqual: "!=",
    cst.LessThan: "<",
    cst.LessThanEqual: "<=",
    cst.GreaterThan: ">",
    cst.GreaterThanEqual: ">=",
    cst.Is: "is",
    cst.IsNot: "is not",
    cst.In: "in",
    cst.NotIn: "not in",
}


def parse(path: str, source: str, options: FrontendOptions) -> TestFile:
    """Read one Python file into the model; bad input becomes ``parse_error``, never a raise."""
    lines = _Lines(source)
    too_deep = _excess_nesting_error(source, lines)
    if too_deep is not None:
        return _failed(path, source, too_deep)
    try:
        module = cst.parse_module(source)
        positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    except cst.ParserSyntaxError as error:
        return _failed(path, source, _syntax_error(source, lines, error))
    except RecursionError:
        return _failed(path, source, _too_deep(lines))
    except Exception as error:  # libcst has no error hierarchy for input it cannot represent
        message = f"the Python parser could not read the file ({type(error).__name__}: {error})"
        return _failed(path, source, ParseError(message, lines.span(0, 0)))
    try:
        return _Reader(path, source, lines, module, positions, options).read()
    except RecursionError:
        return _failed(path, source, _too_deep(lines))


def scenario_id(name: str) -> str:
    """``test_cart_total`` -> ``cart_total``."""
    for prefix in ("test_", "test"):
        if name.startswith(prefix):
            return name[len(prefix) :].lower()
    return name.lower()


def _too_deep(lines: _Lines) -> ParseError:
    message = "the file nests code deeper than the Python parser can follow"
    return ParseError(message, lines.span(0, 0))


def _failed(path: str, source: str, error: ParseError) -> TestFile:
    return TestFile(path=path, language=Language.PYTHON, source=source, parse_error=error)


# ------------------------------------------------------------------------------ positions


class _Lines:
    """Turns libcst positions (line, 0-based column as libcst counts them) into spans."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.index = LineIndex(source)
        # libcst drops a byte-order mark before counting columns.
        first = 1 if source.startswith("\ufeff") else 0
        self.starts = [first, *(match.end() for match in _NEWLINE.finditer(source))]

    def offset(self, position: CodePosition) -> int:
        line = min(max(position.line, 1), len(self.starts))
        return min(self.starts[line - 1] + position.column, len(self.source))

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, max(start, end))

    def line_start(self, offset: int) -> int:
        return self.starts[max(bisect.bisect_right(self.starts, offset) - 1, 0)]


def _excess_nesting_error(source: str, lines: _Lines) -> ParseError | None:
    """CPython's own error for a file nesting brackets deeper than CPython allows."""
    depths = accumulate(1 if bracket in "([{" else -1 for bracket in _BRACKETS.findall(source))
    if max(depths, default=0) <= _PYTHON_MAX_NESTING:
        return None
    return _python_syntax_error(source, lines)


def _python_syntax_error(source: str, lines: _Lines) -> ParseError | None:
    try:
        ast.parse(source)
    except SyntaxError as error:
        if error.lineno is None:
            return None
        line = CodePosition(error.lineno, max((error.offset or 1) - 1, 0))
        start = lines.offset(line)
        line_end = len(source) if error.lineno >= len(lines.starts) else lines.starts[error.lineno]
        end = min(start + 1, line_end, len(source))
        return ParseError(f"syntax error: {error.msg}", lines.span(start, end))
    except (RecursionError, MemoryError, ValueError):
        return None
    return None


def _syntax_error(source: str, lines: _Lines, error: cst.ParserSyntaxError) -> ParseError:
    # libcst's native parser often places its errors at the start of the file; CPython
    # knows where the error is, so ask it first and keep libcst's word as the fallback
    # (for code CPython accepts and libcst does not).
    from_python = _python_syntax_error(source, lines)
    if from_python is not None:
        return from_python
    start = lines.offset(CodePosition(error.raw_line, error.raw_column))
    message = error.message.splitlines()[0] if error.message else "syntax error"
    return ParseError(f"syntax error: {message}", lines.span(start, min(start + 1, len(source))))


# ------------------------------------------------------------------------------ names


@cache
def _vocabulary_categories() -> dict[str, str]:
    return {entry.name: entry.category for entry in load_vocabulary().entries}


def _dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a chain of names, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _final_name(node: cst.BaseExpression) -> cst.Name | None:
    if isinstance(node, cst.Name):
        return node
    if isinstance(node, cst.Attribute):
        return node.attr
    return None


def _import_bindings(node: cst.Import | cst.ImportFrom) -> Iterator[tuple[str, str]]:
    """(local name, what it refers to) for each name an import binds; ``*`` for a star."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = _dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                yield alias.asname.name.value, full
            else:
                head = full.partition(".")[0]
                yield head, head
        return
    if node.relative or node.module is None:
        return  # relative imports name the project's own modules, never the kit
    module = _dotted(node.module) or ""
    if isinstance(node.names, cst.ImportStar):
        yield "*", module
        return
    for alias in node.names:
        name = _dotted(alias.name) or ""
        local = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            local = alias.asname.name.value
        yield local, f"{module}.{name}"


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

    def bind_import(self, node: cst.Import | cst.ImportFrom) -> None:
        for local, qualified in _import_bindings(node):
            if local == "*":
                self.kit_star = self.kit_star or self.kit.contains(qualified)
            else:
                self.bindings[local] = qualified

    def shadow(self, name: str) -> None:
        self.bindings[name] = None

    def qualified(self, node: cst.BaseExpression) -> str | None:
        """The dotted name ``node`` refers to; a name no import binds is taken as written."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        target = self.bindings.get(head)
        if target is None:
            return dotted
        return target + dot + rest

    def kit_name(self, node: cst.BaseExpression) -> tuple[str, str] | None:
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

    definition: cst.FunctionDef
    scope_name: str
    scope: _Scope
    body_start: int
    body_end: int
    local_imports: list[cst.Import | cst.ImportFrom] = field(default_factory=list)
    calls: list[tuple[cst.Call, bool]] = field(default_factory=list)  # (call, is a statement)
    asserts: list[cst.Assert] = field(default_factory=list)


def _is_literal_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [arg.value for arg in call.args if arg.keyword is None and not arg.star]


def _keyword(call: cst.Call, *names: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in names:
            return arg.value
    return None


def _argument(call: cst.Call, position: int, *names: str) -> cst.BaseExpression | None:
    positional = _positional(call)
    if position < len(positional):
        return positional[position]
    return _keyword(call, *names)


def _string_value(node: cst.BaseExpression) -> str | None:
    if not isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        return None
    # literal_eval warns about invalid escapes such as "\d"; the linter is not the place.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = node.evaluated_value
        except (ValueError, SyntaxError, MemoryError):
            return None
    return value if isinstance(value, str) else None


def _gives_reason(node: cst.BaseExpression | None) -> bool:
    """Whether an argument can hold a reason: anything but a blank string or None."""
    if node is None or _is_literal_none(node):
        return False
    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        value = _string_value(node)
        return value is None or bool(value.strip())
    return True


def _skip_reason_given(qualified: str, call: cst.Call | None) -> bool | None:
    """For a skip decorator: whether it gives a reason; None if it is not a skip."""
    if qualified in ("pytest.mark.skip", "unittest.skip"):
        return call is not None and _gives_reason(_argument(call, 0, "reason"))
    if qualified == "pytest.mark.skipif":
        return call is not None and _gives_reason(_keyword(call, "reason"))
    if qualified in ("unittest.skipIf", "unittest.skipUnless"):
        return call is not None and _gives_reason(_argument(call, 1, "reason"))
    return None


class _Reader:
    def __init__(
        self,
        path: str,
        source: str,
        lines: _Lines,
        module: cst.Module,
        positions: Mapping[cst.CSTNode, CodeRange],
        options: FrontendOptions,
    ) -> None:
        self.path = path
        self.source = source
        self.lines = lines
        self.module = module
        self.positions = positions
        self.kit = _KitModules(options.python_kit_modules)
        self.module_scope = _Scope(self.kit)
        self.testcase_classes: set[str] = set()
        self.tests: list[_TestParts] = []

    # -- spans

    def span(self, node: cst.CSTNode) -> Span:
        code_range = self.positions[node]
        return self.lines.span(
            self.lines.offset(code_range.start), self.lines.offset(code_range.end)
        )

    def written_text(self, node: cst.BaseExpression) -> str:
        """The text of an expression with its own parentheses, which a tuple needs."""
        first: cst.CSTNode = node.lpar[0] if node.lpar else node
        last: cst.CSTNode = node.rpar[-1] if node.rpar else node
        start = self.lines.offset(self.positions[first].start)
        return self.source[start : self.lines.offset(self.positions[last].end)]

    def start(self, node: cst.CSTNode) -> int:
        return self.lines.offset(self.positions[node].start)

    def text(self, span: Span) -> str:
        return self.source[span.start : span.end]

    # -- the file

    def read(self) -> TestFile:
        self._read_statements(self.module.body, top_level=True)
        comments, uses_kit = self._sweep()
        tests = tuple(self._test_case(parts) for parts in self.tests)
        return TestFile(
            path=self.path,
            language=Language.PYTHON,
            source=self.source,
            tests=tests,
            comments=comments,
            uses_kit=uses_kit,
        )

    def _read_statements(self, statements: Sequence[cst.CSTNode], *, top_level: bool) -> None:
        """Module-level bindings and tests, in order. Inside ``if``/``try``/``with`` blocks
        only imports bind: ``except ImportError: given = None`` must not hide the kit."""
        scope = self.module_scope
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Import | cst.ImportFrom):
                        scope.bind_import(small)
                    elif top_level and isinstance(small, cst.Assign | cst.AnnAssign):
                        for name in _assigned_names(small):
                            scope.shadow(name)
            elif isinstance(statement, cst.FunctionDef):
                if top_level:
                    scope.shadow(statement.name.value)
                if statement.name.value.startswith("test"):
                    self._add_test(statement, "")
            elif isinstance(statement, cst.ClassDef):
                if top_level:
                    scope.shadow(statement.name.value)
                if self._derives_from_testcase(statement):
                    self.testcase_classes.add(statement.name.value)
                if self._is_test_class(statement):
                    self._read_class(statement, statement.name.value)
            else:
                for block in _blocks(statement):
                    self._read_statements(block, top_level=False)

    def _is_test_class(self, node: cst.ClassDef) -> bool:
        return node.name.value.startswith("Test") or self._derives_from_testcase(node)

    def _derives_from_testcase(self, node: cst.ClassDef) -> bool:
        """unittest.TestCase and its kin (IsolatedAsyncioTestCase, ...), directly or through
        a class of this module."""
        for base in node.bases:
            if base.keyword is not None:
                continue
            qualified = self.module_scope.qualified(base.value) or ""
            if qualified.endswith("TestCase") or qualified in self.testcase_classes:
                return True
        return False

    def _read_class(self, node: cst.ClassDef, scope_name: str) -> None:
        if not isinstance(node.body, cst.IndentedBlock):
            return
        for statement in node.body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value.startswith("test"):
                self._add_test(statement, scope_name)
            elif isinstance(statement, cst.ClassDef) and self._is_test_class(statement):
                self._read_class(statement, f"{scope_name}.{statement.name.value}")

    def _add_test(self, node: cst.FunctionDef, scope_name: str) -> None:
        body = self.positions[node.body]
        self.tests.append(
            _TestParts(
                definition=node,
                scope_name=scope_name,
                scope=self.module_scope,
                body_start=self.lines.offset(body.start),
                body_end=self.lines.offset(self.positions[node].end),
            )
        )

    # -- the sweep

    def _sweep(self) -> tuple[tuple[Comment, ...], bool]:
        """One pass over every positioned node: each call, assert and import inside a test
        body goes to its test; comments and kit imports are gathered for the whole file."""
        body_starts = [parts.body_start for parts in self.tests]
        statement_calls: set[int] = set()
        comments: list[Comment] = []
        uses_kit = self.module_scope.kit_star

        def owner(node: cst.CSTNode) -> _TestParts | None:
            if not body_starts:
                return None
            offset = self.start(node)
            index = bisect.bisect_right(body_starts, offset) - 1
            if index < 0 or offset >= self.tests[index].body_end:
                return None
            return self.tests[index]

        for node in self.positions:
            # libcst nodes are ABCs, so isinstance is slow; most nodes are rejected here.
            if type(node) not in _SWEPT_NODES:
                continue
            if isinstance(node, cst.Call):
                parts = owner(node)
                if parts is not None:
                    parts.calls.append((node, False))
            elif isinstance(node, cst.Expr):
                statement_calls.add(id(node.value))
            elif isinstance(node, cst.Comment):
                comments.append(self._comment(node))
            elif isinstance(node, cst.Assert):
                parts = owner(node)
                if parts is not None:
                    parts.asserts.append(node)
            elif isinstance(node, cst.Import | cst.ImportFrom):
                uses_kit = uses_kit or self._imports_kit(node)
                parts = owner(node)
                if parts is not None:
                    parts.local_imports.append(node)

        for parts in self.tests:
            parts.calls = [(call, id(call) in statement_calls) for call, _ in parts.calls]
        comments.sort(key=lambda comment: (comment.line, comment.column))
        return tuple(comments), uses_kit

    def _imports_kit(self, node: cst.Import | cst.ImportFrom) -> bool:
        return any(self.kit.contains(qualified) for _, qualified in _import_bindings(node))

    def _comment(self, node: cst.Comment) -> Comment:
        start = self.start(node)
        line, column = self.lines.index.position(start)
        own_line = not self.source[self.lines.line_start(start) : start].strip()
        return Comment(line=line, column=column, text=node.value, own_line=own_line)

    # -- one test

    def _test_case(self, parts: _TestParts) -> TestCase:
        node = parts.definition
        scope = self._test_scope(parts)
        start = self.start(node.decorators[0]) if node.decorators else self.start(node)
        span = self.lines.span(start, self.lines.offset(self.positions[node].end))
        collected = _Collected()
        for decorator in node.decorators:
            self._read_decorator(decorator, collected)
        for call, is_statement in parts.calls:
            self._read_call(call, is_statement, scope, collected)
        for statement in parts.asserts:
            collected.assertions.append(self._bare_assert(statement))
        name = node.name.value
        return TestCase(
            name=name,
            scenario_id=scenario_id(name),
            span=span,
            name_span=self.span(node.name),
            scope=parts.scope_name,
            attributes=tuple(self.text(self.span(decorator)) for decorator in node.decorators),
            steps=_in_order(collected.steps),
            assertions=_in_order(collected.assertions),
            sleeps=_in_order(collected.sleeps),
            skips=_in_order(collected.skips),
            raises=_in_order(collected.raises),
        )

    def _test_scope(self, parts: _TestParts) -> _Scope:
        parameters = _parameter_names(parts.definition.params)
        if not parts.local_imports and not parameters:
            return parts.scope
        scope = parts.scope.child()
        for name in parameters:
            scope.shadow(name)
        for node in parts.local_imports:
            scope.bind_import(node)
        return scope

    def _read_decorator(self, decorator: cst.Decorator, collected: _Collected) -> None:
        expression = decorator.decorator
        call = expression if isinstance(expression, cst.Call) else None
        qualified = self.module_scope.qualified(call.func if call else expression)
        if qualified is None:
            return
        has_reason = _skip_reason_given(qualified, call)
        if has_reason is not None:
            collected.skips.append(Skip(self.span(expression), qualified, has_reason))

    def _read_call(
        self, call: cst.Call, is_statement: bool, scope: _Scope, collected: _Collected
    ) -> None:
        if self._read_kit_call(call, is_statement, scope, collected):
            return
        final = _final_name(call.func)
        if final is None:
            return
        method = final.value
        on_self = (
            isinstance(call.func, cst.Attribute)
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value == "self"
        )
        if on_self and _UNITTEST_CHECK.fullmatch(method):
            collected.assertions.append(self._call_assertion(call, AssertionKind.FOREIGN))
            if method in _UNITTEST_RAISES:
                exception = _argument(call, 0, "expected_exception")
                collected.raises.append(
                    RaisesCheck(
                        span=self.span(call),
                        form=method,
                        exception=self.written_text(exception) if exception else None,
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
            collected.sleeps.append(Sleep(self.span(call), qualified))
        elif qualified == "pytest.skip":
            has_reason = _gives_reason(_argument(call, 0, "reason", "msg"))
            collected.skips.append(Skip(self.span(call), qualified, has_reason))
        elif qualified in _PYTEST_CHECKS:
            collected.assertions.append(self._call_assertion(call, AssertionKind.HELPER))
            if qualified == "pytest.raises":
                collected.raises.append(self._pytest_raises(call))
        elif _CHECK_HELPER.fullmatch(method) or (
            # The kit's golden-file check compares like an assertion, as in Rust and Go.
            method == "golden"
            and qualified is not None
            and scope.kit.contains(qualified.rpartition(".")[0])
        ):
            collected.assertions.append(self._call_assertion(call, AssertionKind.HELPER))

    def _read_kit_call(
        self, call: cst.Call, is_statement: bool, scope: _Scope, collected: _Collected
    ) -> bool:
        kit_name = scope.kit_name(call.func)
        if kit_name is None:
            return False
        name, category = kit_name
        if category == "steps" and is_statement:
            collected.steps.append(self._step(call, StepKind(name)))
        elif category == "assertions":
            collected.assertions.append(self._kit_assertion(call, name, scope))
        elif name in _KIT_RAISES_MATCHERS:
            collected.raises.append(
                RaisesCheck(
                    span=self.span(call),
                    form=name,
                    exception=None,
                    has_message_check=name == "fails_with",
                )
            )
        return True

    def _step(self, call: cst.Call, kind: StepKind) -> Step:
        description = _argument(call, 0, "description")
        return Step(
            kind=kind,
            span=self.span(call),
            description=_string_value(description) if description is not None else None,
            description_span=self.span(description) if description is not None else None,
        )

    def _kit_assertion(self, call: cst.Call, name: str, scope: _Scope) -> Assertion:
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

    def _call_assertion(self, call: cst.Call, kind: AssertionKind) -> Assertion:
        form = _dotted(call.func)
        if form is None:
            final = _final_name(call.func)
            form = final.value if final is not None else self.text(self.span(call.func))
        return Assertion(
            kind=kind,
            span=self.span(call),
            form=form,
            args=tuple(self.expr(arg.value) for arg in call.args),
        )

    def _bare_assert(self, statement: cst.Assert) -> Assertion:
        test = self.expr(statement.test)
        return Assertion(
            kind=AssertionKind.FOREIGN,
            span=self.span(statement),
            form="assert",
            args=(test, *test.operands) if test.kind is ExprKind.COMPARISON else (test,),
        )

    def _pytest_raises(self, call: cst.Call) -> RaisesCheck:
        exception = _argument(call, 0, "expected_exception")
        match = _keyword(call, "match")
        return RaisesCheck(
            span=self.span(call),
            form="pytest.raises",
            exception=self.written_text(exception) if exception is not None else None,
            has_message_check=match is not None and not _is_literal_none(match),
        )

    # -- expressions

    def matcher(self, node: cst.BaseExpression, scope: _Scope) -> MatcherCall | None:
        if not isinstance(node, cst.Call):
            return None
        kit_name = scope.kit_name(node.func)
        name_node = _final_name(node.func)
        if kit_name is None or kit_name[1] != "matchers" or name_node is None:
            return None
        name = kit_name[0]
        inner = (self.matcher(arg.value, scope) for arg in node.args)
        return MatcherCall(
            name=name,
            args=tuple(self.expr(arg.value) for arg in node.args),
            span=self.span(node),
            name_span=self.span(name_node),
            args_span=self._args_span(node),
            inner=tuple(matcher for matcher in inner if matcher is not None),
        )

    def _args_span(self, call: cst.Call) -> Span | None:
        # The call's own span leaves out parentheses around the call itself, so it ends at
        # the closing parenthesis; only whitespace lies between the callee and "(".
        end = self.lines.offset(self.positions[call].end) - 1
        open_paren = self.source.find("(", self.lines.offset(self.positions[call.func].end), end)
        if open_paren < 0:
            return None
        return self.lines.span(open_paren + 1, end)

    def expr(self, node: cst.BaseExpression) -> Expr:
        span = self.span(node)
        text = self.text(span)
        if isinstance(node, cst.Integer | cst.Float):
            return Expr(_number_kind(node), text, span, value=node.evaluated_value)
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
            return Expr(ExprKind.STRING, text, span, value=_string_value(node))
        if isinstance(node, cst.Name):
            return _name_expr(node.value, text, span)
        if (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Minus)
            and isinstance(node.expression, cst.Integer | cst.Float)
        ):
            literal = node.expression
            return Expr(_number_kind(literal), text, span, value=-literal.evaluated_value)
        if isinstance(node, cst.Call) and _dotted(node.func) == "len":
            arguments = node.args
            if len(arguments) == 1 and arguments[0].keyword is None and not arguments[0].star:
                return Expr(ExprKind.LEN, text, span, operands=(self.expr(arguments[0].value),))
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            target = node.comparisons[0]
            return Expr(
                ExprKind.COMPARISON,
                text,
                span,
                operator=_COMPARISON_OPERATORS.get(type(target.operator), "?"),
                operands=(self.expr(node.left), self.expr(target.comparator)),
            )
        return Expr(ExprKind.OTHER, text, span)


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


def _number_kind(node: cst.Integer | cst.Float) -> ExprKind:
    return ExprKind.INT if isinstance(node, cst.Integer) else ExprKind.FLOAT


def _name_expr(name: str, text: str, span: Span) -> Expr:
    if name in ("True", "False"):
        return Expr(ExprKind.BOOL, text, span, value=name == "True")
    if name == "None":
        return Expr(ExprKind.NONE, text, span)
    return Expr(ExprKind.NAME, text, span)


def _assigned_names(node: cst.Assign | cst.AnnAssign) -> Iterator[str]:
    targets = (
        [target.target for target in node.targets]
        if isinstance(node, cst.Assign)
        else [node.target]
    )
    for target in targets:
        if isinstance(target, cst.Name):
            yield target.value


def _parameter_names(params: cst.Parameters) -> list[str]:
    every = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            every.append(star)
    return [param.name.value for param in every if param.name.value not in ("self", "cls")]


def _blocks(statement: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists nested in a compound statement (if/try/with/for/while)."""
    if isinstance(statement, cst.If):
        yield from _suite(statement.body)
        if statement.orelse is not None:
            if isinstance(statement.orelse, cst.If):
                yield [statement.orelse]
            else:
                yield from _suite(statement.orelse.body)
    elif isinstance(statement, cst.Try | cst.TryStar):
        yield from _suite(statement.body)
        for handler in statement.handlers:
            yield from _suite(handler.body)
        if statement.orelse is not None:
            yield from _suite(statement.orelse.body)
        if statement.finalbody is not None:
            yield from _suite(statement.finalbody.body)
    elif isinstance(statement, cst.With | cst.For | cst.While):
        yield from _suite(statement.body)


def _suite(body: cst.BaseSuite) -> Iterator[Sequence[cst.CSTNode]]:
    if isinstance(body, cst.IndentedBlock):
        yield body.body
