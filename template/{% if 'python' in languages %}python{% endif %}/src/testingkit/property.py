"""Property tests over Hypothesis, with a fresh step log for every generated example.

A failed ``assert_that`` or ``expect_that`` fails the example it ran in, so Hypothesis
shrinks both alike, and the failure lists the steps of the one example it settles on
(plain ``@hypothesis.given`` would list the steps of every example tried).

Hypothesis is an optional dependency (the ``test`` extra); it is imported only when a
property test is declared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from testingkit.bdd import current_scenario

TestFunction = TypeVar("TestFunction", bound=Callable[..., None])


def property_test(
    *, max_examples: int = 100, **strategies: Any
) -> Callable[[TestFunction], TestFunction]:
    """Run the test for generated arguments: ``@property_test(items=st.lists(...))``."""
    import hypothesis

    def decorate(test: TestFunction) -> TestFunction:
        @functools.wraps(test)
        def run_one_example(*args: Any, **kwargs: Any) -> None:
            # Each example replays the scenario from the start; a failure should list
            # the steps of the failing example only.
            scenario = current_scenario()
            scenario.restart_steps()
            recorded = len(scenario.soft_failures)
            test(*args, **kwargs)
            failed = scenario.soft_failures[recorded:]
            if failed:
                # A failed expect_that fails this example, as an assertion would, so
                # Hypothesis shrinks it; only the example it settles on is reported.
                del scenario.soft_failures[recorded:]
                del scenario.soft_mismatches[recorded:]
                raise AssertionError("\n\n".join(failed))

        settings = hypothesis.settings(max_examples=max_examples, deadline=None)
        return cast(TestFunction, settings(hypothesis.given(**strategies)(run_one_example)))

    return decorate
