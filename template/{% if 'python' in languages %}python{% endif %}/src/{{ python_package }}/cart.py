"""A shopping cart: the example domain, the same in the Rust, Python and Go examples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class ItemNotFoundError(LookupError):
    """Removing an item the cart does not hold."""


class PaymentGateway(Protocol):
    def charge(self, amount_cents: int) -> object: ...


@dataclass(frozen=True, slots=True)
class LineItem:
    name: str
    unit_price_cents: int
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity


class Cart:
    """Items in insertion order; all amounts are integer cents."""

    def __init__(self) -> None:
        self._items: list[LineItem] = []
        self._discount_percent = 0

    def add(self, name: str, unit_price_cents: int, quantity: int) -> None:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        if unit_price_cents < 0:
            raise ValueError("price must not be negative")
        self._items.append(LineItem(name, unit_price_cents, quantity))

    def remove(self, name: str) -> None:
        for index, item in enumerate(self._items):
            if item.name == name:
                del self._items[index]
                return
        raise ItemNotFoundError(f'no item named "{name}"')

    def item_names(self) -> list[str]:
        return [item.name for item in self._items]

    def total(self) -> int:
        subtotal = sum(item.total_cents for item in self._items)
        # Integer arithmetic rounds the discounted total down, in every language.
        return subtotal * (100 - self._discount_percent) // 100

    def apply_discount(self, percent: int) -> None:
        if not 0 <= percent <= 100:
            raise ValueError("discount must be between 0 and 100 percent")
        self._discount_percent = percent

    def checkout(self, gateway: PaymentGateway) -> int:
        """Charge the total once; returns the amount charged."""
        if not self._items:
            raise ValueError("cannot check out an empty cart")
        amount = self.total()
        gateway.charge(amount)
        return amount

    def receipt(self) -> str:
        lines = [
            f"{item.name} x{item.quantity} @ {item.unit_price_cents} = {item.total_cents}"
            for item in self._items
        ]
        lines.append(f"total: {self.total()}")
        return "\n".join(lines) + "\n"
