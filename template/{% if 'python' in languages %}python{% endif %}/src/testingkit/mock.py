"""A strict mock: only expected calls are allowed, and every expectation must be met.

    gateway = Mock("gateway")
    gateway.expect_call("charge").with_args(1500).times(1).returns("ok")

A call that no expectation accepts fails at once (and is remembered, in case the code
under test swallows the error); ``verify()`` fails when an expectation got too few calls.
Mocks register with the running scenario, so the pytest plugin verifies them when the
test ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from testingkit.bdd import current_scenario
from testingkit.matchers import matches_value
from testingkit.render import render

_ANY_ARGS = "..."


def _times(count: int) -> str:
    return f"{count} time" if count == 1 else f"{count} times"


class Expectation:
    """One expected call: its method, arguments, count and answer."""

    def __init__(self, owner: str, method: str) -> None:
        self._owner = owner
        self.method = method
        self._args: tuple[Any, ...] | None = None
        self._kwargs: dict[str, Any] = {}
        self.expected_calls = 1
        self.actual_calls = 0
        self._answer: Callable[[], Any] = lambda: None

    def with_args(self, *args: Any, **kwargs: Any) -> Expectation:
        """Accept only these arguments; each is a value or a matcher."""
        self._args = args
        self._kwargs = kwargs
        return self

    def times(self, count: int) -> Expectation:
        if count < 0:
            raise ValueError("a call count must not be negative")
        self.expected_calls = count
        return self

    def returns(self, value: Any) -> Expectation:
        self._answer = lambda: value
        return self

    def raises(self, error: Exception) -> Expectation:
        def fail() -> Any:
            raise error

        self._answer = fail
        return self

    def accepts(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        if self._args is None:
            return True
        if len(args) != len(self._args) or kwargs.keys() != self._kwargs.keys():
            return False
        return all(
            matches_value(wanted, given) for wanted, given in zip(self._args, args, strict=True)
        ) and all(matches_value(self._kwargs[key], kwargs[key]) for key in kwargs)

    def is_saturated(self) -> bool:
        return self.actual_calls >= self.expected_calls

    def answer(self) -> Any:
        self.actual_calls += 1
        return self._answer()

    def describe(self) -> str:
        if self._args is None:
            return f"{self._owner}.{self.method}({_ANY_ARGS})"
        return describe_call(self._owner, self.method, self._args, self._kwargs)


def describe_call(owner: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    rendered = [render(arg) for arg in args]
    rendered.extend(f"{key}={render(value)}" for key, value in kwargs.items())
    return f"{owner}.{method}({', '.join(rendered)})"


class Mock:
    """A stand-in whose methods are declared with ``expect_call``."""

    def __init__(self, name: str = "mock") -> None:
        self._mock_name = name
        self._mock_expectations: list[Expectation] = []
        self._mock_unexpected: list[str] = []
        current_scenario().verifiables.append(self)

    def expect_call(self, method: str) -> Expectation:
        expectation = Expectation(self._mock_name, method)
        self._mock_expectations.append(expectation)
        return expectation

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("__"):
            # Protocols such as copy and pickle probe dunders; they are not calls to mock.
            raise AttributeError(method)

        def call(*args: Any, **kwargs: Any) -> Any:
            __tracebackhide__ = True
            return self._mock_dispatch(method, args, kwargs)

        return call

    def _mock_dispatch(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        __tracebackhide__ = True
        same_method = [e for e in self._mock_expectations if e.method == method]
        accepting = [e for e in same_method if e.accepts(args, kwargs)]
        available = next((e for e in accepting if not e.is_saturated()), None)
        if available is not None:
            return available.answer()
        call = describe_call(self._mock_name, method, args, kwargs)
        if accepting:
            extra = accepting[-1]
            extra.actual_calls += 1
            problem = (
                f"unexpected call {call}: expected {extra.describe()} "
                f"{_times(extra.expected_calls)}, this is call {extra.actual_calls}"
            )
        elif same_method:
            wanted = ", ".join(e.describe() for e in same_method)
            problem = f"unexpected call {call}: expected {wanted}"
        else:
            problem = f"unexpected call {call}: no call to {self._mock_name}.{method} was expected"
        self._mock_unexpected.append(problem)
        raise AssertionError(current_scenario().with_steps(problem))

    def failures(self) -> list[str]:
        """Every problem so far: unexpected calls, then expectations not met."""
        problems = list(self._mock_unexpected)
        problems.extend(
            f"expected {e.describe()} to be called {_times(e.expected_calls)}, "
            f"it was called {_times(e.actual_calls)}"
            for e in self._mock_expectations
            if e.actual_calls < e.expected_calls
        )
        return problems

    def verify(self) -> None:
        """Fail if any call was unexpected or any expectation got too few calls."""
        __tracebackhide__ = True
        problems = self.failures()
        if problems:
            raise AssertionError(current_scenario().with_steps("\n".join(problems)))

    def __repr__(self) -> str:
        return f"Mock({self._mock_name!r})"
