"""Rust: `assert!`, `assert_eq!` and `assert_ne!` become `assert_that!(actual, matcher)`.

The kit's matchers take the expected value by value and need the kit's `Render` (and, for
`has_len`, `is_empty` and `contains`, its `Length` and `Collection`) traits; a fix cannot
see types, so it is safe only where the values are literals or plain bools, and unsafe
(it may not compile) elsewhere. Only tests at the top level of a file are converted: the
kit import is added there, and a nested module would not see it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import tree_sitter_rust
from tree_sitter import Language as TreeSitterLanguage
from tree_sitter import Node, Parser

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.fixes._common import EXPECTED_NAME, Conversion, Matcher, make_fix
from tkit_scaffold.fixes.rust_scope import kit_crates, rust_scopes
from tkit_scaffold.model import Assertion, Expr, ExprKind, Language, TestCase, TestFile
from tkit_scaffold.vocabulary import spell

_RUST = TreeSitterLanguage(tree_sitter_rust.language())
_ORDER = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
_LITERALS = frozenset({ExprKind.INT, ExprKind.FLOAT, ExprKind.STRING, ExprKind.BOOL})
# `x.is_ok()` and the like: the kit's matcher of that state, and of its opposite.
_STATES = {
    "is_ok": ("is_ok", "is_error"),
    "is_err": ("is_error", "is_ok"),
    "is_some": ("is_not_none", "is_none"),
    "is_none": ("is_none", "is_not_none"),
}
_FORMS = {"assert!": "assert", "assert_eq!": "eq", "assert_ne!": "ne"}
# A capitalised name used as a path head, a constructor or a struct literal: a type.
_TYPE_NAME = re.compile(r"\b([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\s*(?=::|\{|\()")
# Types (and variants) of the standard library that the kit renders.
_RENDERED_TYPES = frozenset(
    {"Some", "None", "Ok", "Err", "String", "Vec", "VecDeque", "Box", "Option", "Result"}
    | {"BTreeMap", "BTreeSet", "HashMap", "HashSet"}
)


@cache
def _parser() -> Parser:
    return Parser(_RUST)


def convert(file: TestFile, test: TestCase, assertion: Assertion) -> Fix | None:
    form = _FORMS.get(assertion.form.removeprefix("std::").removeprefix("::std::"))
    if form is None or test.scope or not assertion.args:
        return None
    needed = 1 if form == "assert" else 2
    if len(assertion.args) < needed:
        return None
    operands, extra = assertion.args[:needed], assertion.args[needed:]
    if form == "assert":
        conversion = _truth(operands[0])
    else:
        # assert_eq! needs Debug of both sides, as the kit does to show them.
        conversion = _equality(operands[0], operands[1], negated=form == "ne", debug=True)
    if conversion is None:
        return None
    matcher = conversion.matcher
    call = f"{matcher.name}({', '.join(matcher.args)})"
    if matcher.negated:
        call = f"not({call})"
    # A message (format string and arguments) becomes the kit's context, printed above
    # the failure's two sides.
    context = "".join(f", {arg.text}" for arg in extra)
    replacement = f"assert_that!({conversion.actual}, {call}{context})"
    names = ("assert_that", *matcher.names)
    if not _names_resolve_to_kit(file, names):
        return None
    if conversion.safe and not file.uses_kit and _has_inferred_call(file.source):
        conversion = conversion.with_safety(False)
    return make_fix(file, assertion.span, replacement, conversion, names=names)


def _names_resolve_to_kit(file: TestFile, names: tuple[str, ...]) -> bool:
    """Whether the kit names a conversion writes will mean the kit's once imported: no
    item or other import of the file binds them (a local `fn eq` would shadow the kit's
    glob), and, while the kit is not imported yet, the file does not already use them (an
    import would change what those uses mean)."""
    scopes = rust_scopes(file.source)
    module = scopes.root
    crates = kit_crates(file.uses_kit, scopes)
    kit_in_scope = module.imports_kit(crates)
    for name in names:
        spelled = spell(name, Language.RUST)
        if module.binds_other_than(spelled, crates):
            return False
        explicitly_from_kit = module.imported_from.get(spelled) in crates
        if scopes.uses(spelled) and not (kit_in_scope or explicitly_from_kit):
            return False
    return True


# Calls whose result type Rust infers from how it is used: `x == s.parse().unwrap()` picks
# the one `PartialEq` impl of x's type there is.
_INFERRED_CALL = re.compile(
    r"\.(?:parse|into|try_into|collect|sum|product|unwrap_or_default)\s*\(\s*\)"
    r"|\bDefault::default\s*\(\s*\)"
)


@lru_cache(maxsize=8)
def _has_inferred_call(source: str) -> bool:
    """Whether importing the kit into a file with this text could stop it compiling. A
    crate that a file uses brings its dependencies' trait impls along: through its JSON
    support the kit brings `impl PartialEq<Value> for f64` (and for every number, bool
    and string type), and a comparison that relied on f64 having a single `PartialEq` to
    infer `parse()`'s type no longer compiles. A file that uses the kit already is past
    that point; one with such an inferred call gets only unsafe fixes. Remembered per
    text: every assertion of a file asks."""
    return "()" in source and _INFERRED_CALL.search(source) is not None


def _foreign_type(expression: Expr) -> bool:
    """Whether the expression names a type of the crate (or of another crate):
    `Token::Ident`, `Point { x: 1 }`, `Version::new(1, 0)`. The kit shows values through
    `Debug`, which `assert!` does not ask of them: such a conversion of `assert!(a == b)`
    may not compile, and is not offered."""
    return any(name not in _RENDERED_TYPES for name in _TYPE_NAME.findall(expression.text))


def _equality(left: Expr, right: Expr, *, negated: bool, debug: bool = False) -> Conversion | None:
    if _looks_expected(left) and not _looks_expected(right):
        left, right = right, left  # `assert_eq!(250, total)`: the literal is the expectation
    if left.kind is ExprKind.LEN and len(left.operands) == 1 and not negated:
        collection = left.operands[0].text
        # The kit counts a string's characters, `len()` its bytes; types decide: unsafe.
        if right.kind is ExprKind.INT and right.value == 0:
            return Conversion(collection, Matcher("is_empty"), safe=False)
        return Conversion(collection, Matcher("has_len", (right.text,)), safe=False)
    if not debug and (_foreign_type(left) or _foreign_type(right)):
        return None
    if right.kind is ExprKind.BOOL and left.kind is not ExprKind.BOOL:
        # `assert_eq!(x, true)`: the kit says it with is_true() (no TK303 afterwards).
        wanted = (right.text == "true") != negated
        return Conversion(left.text, Matcher("is_true" if wanted else "is_false"))
    name = "ne" if negated else "eq"
    # The kit's eq compares with the same `PartialEq` as assert_eq!, but takes the
    # expected value by value: a variable would be moved, and a later use of it would
    # not compile. A literal or a value made on the spot is safe.
    safe = right.kind in _LITERALS or (debug and _is_temporary(right.text))
    return Conversion(left.text, Matcher(name, (right.text,)), safe=safe)


def _looks_expected(expression: Expr) -> bool:
    if expression.kind in _LITERALS:
        return True
    return expression.kind is ExprKind.NAME and EXPECTED_NAME.match(expression.text) is not None


# Expressions whose value is made where it is written: moving it into a matcher takes it
# from nobody.
_TEMPORARY = frozenset(
    {
        "call_expression",
        "struct_expression",
        "macro_invocation",
        "reference_expression",
        "binary_expression",
        "string_literal",
        "raw_string_literal",
        "char_literal",
        "integer_literal",
        "float_literal",
        "boolean_literal",
        "scoped_identifier",  # a path: an enum variant, a constant, a function
    }
)


def _is_temporary(text: str) -> bool:
    node = _expression(text)
    return node is not None and _temporary_node(node)


def _temporary_node(node: Node) -> bool:
    kind = node.type
    if kind in ("parenthesized_expression", "unary_expression"):
        return node.named_child_count == 1 and _temporary_node(node.named_children[0])
    if kind in ("tuple_expression", "array_expression"):
        return all(_temporary_node(child) for child in node.named_children)
    if kind == "identifier":
        return _text(node)[:1].isupper()  # a unit struct or a constant, not a variable
    return kind in _TEMPORARY


def _truth(value: Expr) -> Conversion | None:
    if value.kind is ExprKind.COMPARISON and len(value.operands) == 2:
        name = _ORDER.get(value.operator or "")
        if name is None:
            return None
        left, right = value.operands
        if name in ("eq", "ne"):
            return _equality(left, right, negated=name == "ne")
        if _foreign_type(left) or _foreign_type(right):
            return None
        return Conversion(left.text, Matcher(name, (right.text,)), safe=right.kind in _LITERALS)
    if value.kind is ExprKind.BOOL:
        return None  # `assert!(false)` marks unreachable code
    node = _expression(value.text)
    if node is None:
        return None
    negated = False
    if node.type == "unary_expression" and _text(node.children[0]) == "!":
        negated = True
        node = node.children[1]
        while node.type == "parenthesized_expression" and node.named_child_count == 1:
            inner = node.named_children[0]
            node = inner
    method = _method_call(node)
    if method is not None:
        receiver, name, arguments = method
        if name == "is_empty" and not arguments:
            matcher = "is_not_empty" if negated else "is_empty"
            return Conversion(receiver, Matcher(matcher), safe=False)
        if name == "contains" and len(arguments) == 1:
            return _contains(receiver, arguments[0], negated)
        if name in _STATES and not arguments:
            state = _STATES[name][1 if negated else 0]
            return Conversion(receiver, Matcher(state), safe=False)
    if node.type == "binary_expression" and negated:
        return None  # `!(a < b)` is not `a >= b` for NaN
    text = _text(node)
    return Conversion(text, Matcher("is_false" if negated else "is_true"))


def _contains(receiver: str, argument: Node, negated: bool) -> Conversion:
    if argument.type == "reference_expression" and argument.named_child_count == 1:
        # `v.contains(&x)`: a slice or Vec holding x.
        element = _text(argument.named_children[0])
        return Conversion(receiver, Matcher("contains", (element,), negated), safe=False)
    if argument.type in ("string_literal", "raw_string_literal"):
        # `s.contains("x")`: a substring of a string.
        matcher = Matcher("contains_substring", (_text(argument),), negated)
        return Conversion(receiver, matcher, safe=False)
    return Conversion(receiver, Matcher("contains", (_text(argument),), negated), safe=False)


def _expression(text: str) -> Node | None:
    source = f"fn f() {{ ({text}); }}".encode()
    root = _parser().parse(source).root_node
    if root.has_error:
        return None
    function = root.named_children[0]
    body = function.child_by_field_name("body")
    if body is None or not body.named_children:
        return None
    statement = body.named_children[0]
    node = statement.named_children[0] if statement.named_children else None
    if node is None or node.type != "parenthesized_expression":
        return None
    return node.named_children[0] if node.named_child_count == 1 else None


def _method_call(node: Node) -> tuple[str, str, list[Node]] | None:
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or function.type != "field_expression":
        return None
    receiver = function.child_by_field_name("value")
    field = function.child_by_field_name("field")
    if receiver is None or field is None:
        return None
    values = [child for child in arguments.named_children if child.type != "line_comment"]
    return _text(receiver), _text(field), values


def _text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""
