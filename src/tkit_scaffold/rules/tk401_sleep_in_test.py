"""TK401 sleep-in-test: a test that sleeps."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation


class SleepInTest(Rule):
    code = "TK401"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            if any(check.form == "#[should_panic]" for check in test.raises):
                # The sleep is what must fail (tokio's sleep on a runtime being shut
                # down); the test never waits for it.
                continue
            for sleep in test.sleeps:
                if sleep.controlled:
                    continue  # virtual time or a yield: the test does not wait
                yield Violation(
                    sleep.span,
                    f"test `{test.name}` sleeps with `{sleep.form}`, which makes it slow and "
                    "flaky: wait for the condition itself, or inject a clock the test controls",
                )
