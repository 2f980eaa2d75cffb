"""Property tests over Hypothesis, with a fresh step log for every generated example.

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
            current_scenario().restart_steps()
            test(*args, **kwargs)

        settings = hypothesis.settings(max_examples=max_examples, deadline=None)
        return cast(TestFunction, settings(hypothesis.given(**strategies)(run_one_example)))

    return decorate
