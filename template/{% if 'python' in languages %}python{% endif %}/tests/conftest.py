"""Loads the kit's pytest plugin when the project runs from a checkout, not installed."""

from __future__ import annotations

import pytest

from testingkit.plugin import ensure_registered

# The kit's own tests drive pytest itself to check the plugin.
pytest_plugins = ("pytester",)


def pytest_configure(config: pytest.Config) -> None:
    ensure_registered(config)
