"""The one model of a test file that every frontend fills and every rule reads.

Frontends (Python via libcst, Rust and Go via tree-sitter) turn source text into a
:class:`TestFile`; rules look only at this model, so one rule covers all three languages.
Everything here is a small frozen dataclass of plain values, so results can cross process
boundaries (``--jobs``) and be cached.

Positions: ``line`` and ``column`` are 1-based; columns and offsets count characters
(code points) of the decoded source text, never bytes, so an edit made from a span can be
applied with plain string slicing.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")


class Language(StrEnum):
    PYTHON = "python"
    RUST = "rust"
    GO = "go"


def slot_constructor(kind: type[_T]) -> Callable[..., _T]:
    """A constructor for a frozen, slotted dataclass that fills its slots directly.

    A frozen dataclass's ``__init__`` assigns each field through ``object.__setattr__``;
    filling the slots with their descriptors is twice as fast, which counts where a run
    builds tens of thousands of spans, comments or findings. The result is the same object
    (equal, same hash). Classes with a ``__post_init__`` or without slots keep their own
    constructor."""
    names = tuple(field.name for field in dataclasses.fields(kind))  # type: ignore[arg-type]
    if "__post_init__" in vars(kind) or tuple(getattr(kind, "__slots__", ())) != names:
        return kind
    namespace: dict[str, Any] = {"new": object.__new__, "kind": kind}
    for index, name in enumerate(names):
        namespace[f"set{index}"] = vars(kind)[name].__set__
    arguments = ", ".join(f"a{index}" for index in range(len(names)))
    body = "".join(f"    set{index}(o, a{index})\n" for index in range(len(names)))
    exec(f"def build({arguments}):\n    o = new(kind)\n{body}    return o\n", namespace)
    built: Callable[..., _T] = namespace["build"]
    return built


@dataclass(frozen=True, slots=True)
class Span:
    """A range of source text: ``start``/``end`` are character offsets (end exclusive)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


_new_span = slot_constructor(Span)


def line_starts(text: str | bytes) -> list[int]:
    """The offset at which each line of ``text`` starts (in characters for a str, in bytes
    for UTF-8 data). Each line starts one past the end of the one before, summed in C from
    the lines' lengths: a Python loop over every character, or over every newline, showed
    in the frontends' profiles."""
    lines = text.split("\n") if isinstance(text, str) else text.split(b"\n")
    starts = list(itertools.accumulate(map((1).__add__, map(len, lines)), initial=0))
    starts.pop()  # the sum past the last line
    return starts


class LineIndex:
    """Converts character offsets of one source text to 1-based line and column."""

    def __init__(self, source: str) -> None:
        self._starts = line_starts(source)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column (columns in characters)."""
        return self._starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return _new_span(start, end, line, column, end_line, end_column)


class StepKind(StrEnum):
    GIVEN = "given"
    WHEN = "when"
    THEN = "then"
    AND = "and"


class ExprKind(StrEnum):
    """What a rule may need to know about an expression, in any language."""

    INT = "int"  # an integer literal
    FLOAT = "float"  # a floating-point literal
    STRING = "string"  # a string literal (any quoting, raw or not)
    BOOL = "bool"  # True/False, true/false
    NONE = "none"  # None, nil (Rust `None` is a NAME: it is a value of Option)
    NAME = "name"  # a plain identifier
    LEN = "len"  # len(x) in Python and Go, x.len() in Rust; operands == (x,)
    COMPARISON = "comparison"  # a binary comparison; operands == (left, right)
    OTHER = "other"  # anything else: calls, attributes, collections, ...

    @property
    def is_literal(self) -> bool:
        return self in _LITERAL_KINDS


_LITERAL_KINDS = frozenset(
    {ExprKind.INT, ExprKind.FLOAT, ExprKind.STRING, ExprKind.BOOL, ExprKind.NONE}
)


@dataclass(frozen=True, slots=True)
class Expr:
    kind: ExprKind
    text: str  # the source text, exactly as written
    span: Span
    # BOOL: True/False; INT: the int; FLOAT: the float; STRING: the decoded str where it is
    # known (None when it cannot be decoded, e.g. f-strings); NAME: None.
    value: bool | int | float | str | None = None
    # COMPARISON only: "==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"
    operator: str | None = None
    operands: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class MatcherCall:
    """A call of a kit matcher, e.g. ``eq(3)``, ``tk.HasLen(2)``, ``not_(is_empty())``."""

    name: str  # the canonical vocabulary name (rules/api.toml): "eq", "has_len", "not"
    args: tuple[Expr, ...]
    span: Span  # the whole call
    name_span: Span  # just the identifier naming the matcher ("Eq" in "tk.Eq(3)")
    args_span: Span | None  # the text between the call's parentheses (None if no parens)
    inner: tuple[MatcherCall, ...] = ()  # matchers passed as arguments (not, each, all_of, ...)


class AssertionKind(StrEnum):
    KIT = "kit"  # assert_that / expect_that of the kit
    FOREIGN = "foreign"  # the forms TK301 flags (bare assert, self.assert*, assert_eq!, testify)
    # other checks that count as an assertion (t.Errorf, tm.assert_*, pytest.raises, ...)
    HELPER = "helper"


@dataclass(frozen=True, slots=True)
class Assertion:
    kind: AssertionKind
    span: Span  # the whole statement or call
    # how it was spelled: "assert_that", "assert", "self.assertEqual", "assert_eq!",
    # "assert.Equal", "t.Errorf", ...
    form: str
    soft: bool = False  # expect_that / ExpectThat / testify assert.* (not require.*)
    actual: Expr | None = None  # KIT: the actual value
    matcher: MatcherCall | None = None  # KIT: the matcher (None if not a recognisable call)
    args: tuple[Expr, ...] = ()  # FOREIGN/HELPER: the arguments as written (Go: without t)


@dataclass(frozen=True, slots=True)
class Step:
    kind: StepKind
    span: Span  # the whole step statement
    description: str | None  # the literal description; None when it is not a literal
    description_span: Span | None


@dataclass(frozen=True, slots=True)
class Sleep:
    span: Span
    form: str  # "time.sleep", "std::thread::sleep", "time.Sleep", ...
    # No wall-clock wait: a sleep under a clock the test controls (tokio's paused clock,
    # `#[tokio::test(start_paused = true)]` or `time::pause()` first), or a zero-length
    # yield such as `asyncio.sleep(0)`.
    controlled: bool = False


@dataclass(frozen=True, slots=True)
class Skip:
    span: Span
    form: str  # "pytest.mark.skip", "pytest.skip", "unittest.skip", "#[ignore]", "t.Skip", ...
    has_reason: bool


@dataclass(frozen=True, slots=True)
class RaisesCheck:
    """A check that code fails: pytest.raises, #[should_panic], the kit's fails/fails_with."""

    span: Span
    form: str  # "pytest.raises", "assertRaises", "#[should_panic]", "fails", "fails_with", ...
    exception: str | None  # the exception type as written (Python), else None
    has_message_check: bool  # match=..., expected = "...", fails_with("...")


# The kit matchers that check a call fails, each with whether it also checks the message.
KIT_FAILURE_MATCHERS: dict[str, bool] = {
    "fails": False,
    "fails_with": True,
    "fails_matching": True,
}


@dataclass(frozen=True, slots=True)
class Focus:
    """A focused Ginkgo container or spec (FIt, FDescribe, FContext, FWhen, ...)."""

    span: Span
    form: str


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    column: int
    text: str  # the whole comment including its marker (`#`, `//`, `/*`)
    own_line: bool  # nothing but whitespace before it on its line


@dataclass(frozen=True, slots=True)
class TestCase:
    __test__ = False  # not a pytest class

    name: str  # as written: test_cart_total, TestCartTotal, cart_total
    scenario_id: str  # snake_case without the language's marker: cart_total
    span: Span  # the whole definition, decorators/attributes included
    name_span: Span  # the identifier
    scope: str = ""  # enclosing class (Python) or module path (Rust), "" at top level
    # Named by a macro invocation (Rust `#[test] fn $name()` in a `macro_rules!` body):
    # its checks are linted where written, its name is not known there.
    generated: bool = False
    attributes: tuple[str, ...] = ()  # decorators (Python) / attributes (Rust), as written
    steps: tuple[Step, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    sleeps: tuple[Sleep, ...] = ()
    skips: tuple[Skip, ...] = ()
    raises: tuple[RaisesCheck, ...] = ()

    def phase_at(self, offset: int) -> StepKind | None:
        """The step phase (given/when/then) in force at ``offset``; ``and`` continues the
        phase before it. None before the first step or in a test without steps."""
        phase: StepKind | None = None
        for step in self.steps:
            if step.span.start > offset:
                break
            if step.kind is not StepKind.AND:
                phase = step.kind
        return phase


@dataclass(frozen=True, slots=True)
class ParseError:
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class TestFile:
    __test__ = False

    path: str  # as given to the linter, with forward slashes
    language: Language
    source: str
    tests: tuple[TestCase, ...] = ()
    comments: tuple[Comment, ...] = ()
    focused: tuple[Focus, ...] = ()
    parse_error: ParseError | None = None
    # Whether the file uses the kit at all (imports it / calls its macros): some rules only
    # make sense for suites that adopted TestingKit.
    uses_kit: bool = False


@dataclass(frozen=True, slots=True)
class FrontendOptions:
    """What a frontend needs to know from the configuration."""

    python_kit_modules: tuple[str, ...] = ("testingkit",)
    go_kit_packages: tuple[str, ...] = ("testingkit",)  # last element of the import path
    rust_kit_crates: tuple[str, ...] = ("testingkit",)
    # ``check-helpers``: names (globs) of the project's own assertion helpers.
    check_helpers: tuple[str, ...] = ()
