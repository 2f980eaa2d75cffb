"""The example domain of the kit's examples: a shopping cart."""

from __future__ import annotations
