"""Python: bare `assert` and unittest's `self.assert*` become `assert_that(actual, matcher)`.

The statement is re-parsed with libcst from its own text, and the replacement is printed
from the original operand nodes, so each operand keeps its formatting and comments as
written. A conversion that would drop a comment is not offered.
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import lru_cache

import libcst as cst

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.fixes._common import EXPECTED_NAME, Conversion, Matcher, make_fix
from tkit_scaffold.model import Assertion, Language, TestFile
from tkit_scaffold.vocabulary import spell

KIT_MODULE = "testingkit"  # the default kit module; the import step uses the configured one

_ORDER = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
# Builtins that always return a bool: no `bool(...)` is needed around them.
_BOOL_BUILTINS = frozenset({"all", "any", "bool", "callable", "hasattr"})
# Truthiness checks of these have a kit matcher of their own in other kits, not here:
# a fix would have to guess, so none is offered.
_NO_FIX_CALLS = frozenset({"isinstance", "issubclass"})
_ASSERT_KIND = {
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
# unittest method -> (parameter names in order, what it checks)
_UNITTEST: dict[str, tuple[tuple[str, ...], str]] = {
    "assertEqual": (("first", "second"), "=="),
    "assertEquals": (("first", "second"), "=="),
    "assertNotEqual": (("first", "second"), "!="),
    "assertNotEquals": (("first", "second"), "!="),
    "assertTrue": (("expr",), "true"),
    "assertFalse": (("expr",), "false"),
    "assertIsNone": (("obj",), "is None"),
    "assertIsNotNone": (("obj",), "is not None"),
    "assertIn": (("member", "container"), "in"),
    "assertNotIn": (("member", "container"), "not in"),
    "assertGreater": (("a", "b"), ">"),
    "assertGreaterEqual": (("a", "b"), ">="),
    "assertLess": (("a", "b"), "<"),
    "assertLessEqual": (("a", "b"), "<="),
    "assertAlmostEqual": (("first", "second", "places"), "near"),
    "assertNotAlmostEqual": (("first", "second", "places"), "not near"),
}
_EMPTY = cst.Module(body=[])


def _code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def convert(file: TestFile, assertion: Assertion) -> Fix | None:
    text = file.source[assertion.span.start : assertion.span.end]
    try:
        if assertion.form == "assert":
            read = _read_assert(text)
        elif assertion.form.startswith("self.assert"):
            read = _read_unittest(text, assertion.form.removeprefix("self."))
        else:
            return None
    except cst.ParserSyntaxError:
        return None
    if read is None:
        return None
    conversion, message = read
    names = ("assert_that", *conversion.matcher.names)
    if not _names_free(file.source, tuple(spell(name, Language.PYTHON) for name in names)):
        return None
    context = None
    if message is not None and _is_text_literal(message):
        # The kit prints a context message above the failure's two sides.
        context, message = message, None
    replacement = render(conversion, context)
    if not _comments(text) <= _comments(replacement) | _comments(message or ""):
        return None  # a comment inside the statement would be lost
    return make_fix(file, assertion.span, replacement, conversion, names=names, message=message)


def render(conversion: Conversion, context: str | None = None) -> str:
    matcher = conversion.matcher
    call = f"{spell(matcher.name, Language.PYTHON)}({', '.join(matcher.args)})"
    if matcher.negated:
        call = f"{spell('not', Language.PYTHON)}({call})"
    tail = f", {context}" if context is not None else ""
    return f"assert_that({conversion.actual}, {call}{tail})"


def _is_text_literal(code: str) -> bool:
    """A str literal (plain, implicitly joined or formatted): what the kit's `context`
    takes as it is. Any other message (a variable, bytes) is not passed on."""
    try:
        return _is_text(cst.parse_expression(code))
    except cst.ParserSyntaxError:
        return False


def _is_text(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return "b" not in node.prefix.lower()
    if isinstance(node, cst.ConcatenatedString):
        return _is_text(node.left) and _is_text(node.right)
    return isinstance(node, cst.FormattedString)


# ---------------------------------------------------------------- bare assert


def _read_assert(text: str) -> tuple[Conversion, str | None] | None:
    statement = cst.parse_statement(text)
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    node = statement.body[0]
    if not isinstance(node, cst.Assert):
        return None
    message = _code(node.msg) if node.msg is not None else None
    conversion = _read_test(node.test)
    return None if conversion is None else (conversion, message)


def _read_test(test: cst.BaseExpression) -> Conversion | None:
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and not test.lpar:
        target = test.comparisons[0]
        operator = _ASSERT_KIND.get(type(target.operator))
        if operator is None:
            return None
        return _comparison(test.left, operator, target.comparator)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _truth(test.expression, want=False)
    return _truth(test, want=True)


def _comparison(
    left: cst.BaseExpression, operator: str, right: cst.BaseExpression
) -> Conversion | None:
    left, right = _bare(left), _bare(right)
    if operator in ("==", "!="):
        if _looks_expected(left) and not _looks_expected(right):
            left, right = right, left  # `assert 250 == total`: the literal is the expectation
        length = _len_operand(left)
        if length is not None:
            if _is_int(right, 0):
                name = "is_empty" if operator == "==" else "is_not_empty"
                return Conversion(_code(length), Matcher(name))
            if operator == "==":
                return Conversion(_code(length), Matcher("has_len", (_code(right),)))
        if isinstance(right, cst.Name) and _is_bool(right) and not _is_bool(left):
            # `x == True` asks for a value equal to True, which 1 is: the kit's is_true
            # wants the bool itself.
            name = "is_true" if (right.value == "True") == (operator == "==") else "is_false"
            return Conversion(_code(left), Matcher(name), safe=False)
        # The kit's eq is Python's == except that a bool equals only a bool (True == 1 in
        # Python): the same check wherever one side cannot equal a bool.
        safe = _never_equals_bool(left) or _never_equals_bool(right)
        matcher = Matcher("eq" if operator == "==" else "ne", (_code(right),))
        return Conversion(_code(left), matcher, safe)
    if operator in _ORDER:
        length = _len_operand(left)
        if length is not None and operator == ">" and _is_int(right, 0):
            return Conversion(_code(length), Matcher("is_not_empty"))
        if _is_literal(left) and not _is_literal(right):
            # `3 < x` is `x > 3`: a literal on the left defers to the other operand's method.
            left, right, operator = right, left, _FLIPPED[operator]
        return Conversion(_code(left), Matcher(_ORDER[operator], (_code(right),)))
    if operator in ("is", "is not"):
        return _identity(left, operator == "is not", right)
    return _membership(left, operator == "not in", right)


def _identity(
    left: cst.BaseExpression, negated: bool, right: cst.BaseExpression
) -> Conversion | None:
    if not isinstance(right, cst.Name) or right.lpar:
        return None
    if right.value == "None":
        return Conversion(_code(left), Matcher("is_not_none" if negated else "is_none"))
    if right.value in ("True", "False"):  # the kit's is_true/is_false check identity too
        name = "is_true" if right.value == "True" else "is_false"
        return Conversion(_code(left), Matcher(name, negated=negated))
    return None


def _membership(
    element: cst.BaseExpression, negated: bool, collection: cst.BaseExpression
) -> Conversion | None:
    if isinstance(collection, cst.List | cst.Tuple | cst.Set) and not any(
        isinstance(item, cst.StarredElement) for item in collection.elements
    ):
        # A literal list, tuple or set: `in` compares elements with ==, as is_in does with
        # the kit's equality, which differs only where a bool meets 0 or 1 (and `in` also
        # takes the very same object, a NaN included).
        safe = _never_equals_bool(element) or all(
            _never_equals_bool(item.value) for item in collection.elements
        )
        matcher = Matcher("is_in", (_code(collection),), negated)
        return Conversion(_code(element), matcher, safe)
    if _is_string(element) and _looks_textual(collection):
        # A substring check, if the collection is indeed a string.
        matcher = Matcher("contains_substring", (_code(element),), negated)
        return Conversion(_code(collection), matcher, safe=False)
    # `in` means what the collection's __contains__ says (a pandas Series checks its
    # index, a str looks for a substring); contains looks at the elements.
    return Conversion(_code(collection), Matcher("contains", (_code(element),), negated), False)


def _truth(expression: cst.BaseExpression, *, want: bool) -> Conversion | None:
    if _is_constant(expression):
        return None  # `assert False` marks unreachable code, not a check
    if isinstance(expression, cst.Call) and isinstance(expression.func, cst.Name):
        if expression.func.value in _NO_FIX_CALLS:
            return None
        if expression.func.value in _BOOL_BUILTINS:
            return Conversion(_code(expression), Matcher("is_true" if want else "is_false"))
    if isinstance(expression, cst.Comparison) and not want:
        inner = _read_test(expression.with_changes(lpar=[], rpar=[]))
        if inner is not None and not inner.matcher.negated:
            matcher = Matcher(inner.matcher.name, inner.matcher.args, negated=True)
            return Conversion(inner.actual, matcher, inner.safe)
        return None
    # `assert x` asks whether x is truthy; the kit's is_true wants the bool True, so the
    # value goes through bool() to keep the check as it was.
    inner_code = _code(expression.with_changes(lpar=[], rpar=[]))
    return Conversion(f"bool({inner_code})", Matcher("is_true" if want else "is_false"))


# ---------------------------------------------------------------- unittest


def _read_unittest(text: str, method: str) -> tuple[Conversion, str | None] | None:
    spec = _UNITTEST.get(method)
    if spec is None:
        return None
    call = cst.parse_expression(text)
    if not isinstance(call, cst.Call):
        return None
    parameters, check = spec
    values: dict[str, cst.BaseExpression] = {}
    allowed = (*parameters, "msg", *(("delta",) if check.endswith("near") else ()))
    positional = [*parameters, "msg"]
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(positional):
                return None
            values[positional[index]] = arg.value
        elif arg.keyword.value in allowed:
            values[arg.keyword.value] = arg.value
        else:
            return None
    required = parameters[:2] if check.endswith("near") else parameters
    if any(name not in values for name in required):
        return None
    message = _code(values["msg"]) if "msg" in values else None
    conversion = _unittest_conversion(check, [values[name] for name in required], values)
    return None if conversion is None else (conversion, message)


def _unittest_conversion(
    check: str, operands: list[cst.BaseExpression], values: dict[str, cst.BaseExpression]
) -> Conversion | None:
    if check in ("true", "false"):
        return _truth(operands[0], want=check == "true")
    if check in ("is None", "is not None"):
        return _identity(operands[0], check == "is not None", cst.Name("None"))
    if check.endswith("near"):
        return _near(operands, values, negated=check.startswith("not"))
    return _comparison(operands[0], check, operands[1])


def _near(
    operands: list[cst.BaseExpression], values: dict[str, cst.BaseExpression], *, negated: bool
) -> Conversion | None:
    # assertAlmostEqual rounds the difference to `places` digits (7 by default) or checks
    # it against `delta`; near(expected, tolerance) checks |actual - expected| <= tolerance.
    # Close, not identical (rounding at the boundary, infinities): always unsafe.
    if "delta" in values and "places" not in values:
        tolerance = _code(values["delta"])
    elif "delta" not in values:
        places = values.get("places")
        digits = 7
        if places is not None:
            if not isinstance(places, cst.Integer):
                return None
            digits = int(places.value)
        tolerance = repr(0.5 * 10.0**-digits)
    else:
        return None
    matcher = Matcher("near", (_code(operands[1]), tolerance), negated)
    return Conversion(_code(operands[0]), matcher, safe=False)


# ---------------------------------------------------------------- helpers


def _len_operand(node: cst.BaseExpression) -> cst.BaseExpression | None:
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Name)
        and node.func.value == "len"
        and len(node.args) == 1
        and node.args[0].keyword is None
        and not node.args[0].star
        and not node.lpar
    ):
        return node.args[0].value
    return None


# Names that usually hold text: `"x" in <one of these>` looks for a substring.
_TEXTUAL = re.compile(
    r"(?:^|_)(?:text|message|msg|output|out|err|stdout|stderr|repr|str|string|line|html|log|result_str)$"
)


def _is_string(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString)


def _looks_textual(node: cst.BaseExpression) -> bool:
    if _is_string(node):
        return True
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return node.func.value in ("str", "repr", "format")
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr.value in ("getvalue", "read", "read_text", "to_string", "format")
    name = node.attr.value if isinstance(node, cst.Attribute) else getattr(node, "value", None)
    return isinstance(name, str) and _TEXTUAL.search(name.lower()) is not None


def _bare(node: cst.BaseExpression) -> cst.BaseExpression:
    """The operand without parentheses that only group it: `(a + b)` is written `a + b`
    as an argument. A tuple's, a generator's and an assignment expression's own
    parentheses stay."""
    if not node.lpar or isinstance(node, cst.Tuple | cst.GeneratorExp | cst.NamedExpr):
        return node
    if isinstance(node, cst.Yield | cst.Await | cst.Lambda | cst.IfExp):
        return node
    return node.with_changes(lpar=[], rpar=[])


def _is_literal(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    return _is_constant(node) or isinstance(node, cst.FormattedString)


def _looks_expected(node: cst.BaseExpression) -> bool:
    """A literal or a name like `expected`: the value a check compares with."""
    if _is_literal(node):
        return True
    return isinstance(node, cst.Name) and EXPECTED_NAME.match(node.value) is not None


def _never_equals_bool(node: cst.BaseExpression) -> bool:
    """A value that no bool equals: text, None, a number other than 0 and 1, a
    collection display. Where one side of `==` is such a value, the kit's eq (a bool only
    equals a bool) and Python's == agree."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    if _is_string(node) or (isinstance(node, cst.Name) and node.value == "None"):
        return True
    if isinstance(node, cst.Integer | cst.Float | cst.Imaginary):
        try:
            return complex(node.evaluated_value) not in (0, 1)
        except (ValueError, OverflowError):
            return False
    return isinstance(
        node,
        cst.List | cst.Tuple | cst.Set | cst.Dict | cst.ListComp | cst.SetComp | cst.DictComp,
    )


def _is_int(node: cst.BaseExpression, value: int) -> bool:
    return isinstance(node, cst.Integer) and node.evaluated_value == value


def _is_bool(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value in ("True", "False")


def _is_constant(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    return isinstance(
        node,
        cst.Integer | cst.Float | cst.Imaginary | cst.SimpleString | cst.ConcatenatedString,
    )


def _comments(text: str) -> frozenset[str]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return frozenset({text}) if "#" in text else frozenset()
    return frozenset(token.string for token in tokens if token.type == tokenize.COMMENT)


_KIT_IMPORT = re.compile(
    r"^[ \t]*from[ \t]+(?P<module>[\w.]+)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)",
    re.MULTILINE,
)
_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


@lru_cache(maxsize=8)
def _bindings(source: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """The names the kit's from-imports bring in, every other identifier of the file, and
    whether the kit is star-imported."""
    kit_names: set[str] = set()
    star = False
    rest: list[str] = []
    position = 0
    for match in _KIT_IMPORT.finditer(source):
        module = match.group("module")
        if module.split(".")[0] != KIT_MODULE:
            continue
        rest.append(source[position : match.start()])
        position = match.end()
        names = match.group("names").split("#")[0].strip("() \t\n")
        for item in names.replace("\n", " ").split(","):
            parts = item.split()
            if parts == ["*"]:
                star = True
            elif parts:
                kit_names.add(parts[-1])
    rest.append(source[position:])
    others = frozenset(_IDENTIFIER.findall("".join(rest)))
    return frozenset(kit_names), others, star


def _names_free(source: str, names: tuple[str, ...]) -> bool:
    """Whether importing ``names`` from the kit cannot clash with another binding: each is
    already imported from the kit, or not used in the file at all."""
    kit_names, others, star = _bindings(source)
    return all(name in kit_names or star or name not in others for name in names)
