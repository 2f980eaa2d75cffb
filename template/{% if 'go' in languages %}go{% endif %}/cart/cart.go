// Package cart is the example domain of the template: a shopping cart whose scenarios
// are written the same way in every language of the project.
package cart

import (
	"errors"
	"fmt"
	"strings"
)

// Item is one line of a cart.
type Item struct {
	Name           string
	UnitPriceCents int64
	Quantity       int64
}

// LineTotalCents is the price of the whole line.
func (i Item) LineTotalCents() int64 { return i.UnitPriceCents * i.Quantity }

// Gateway takes payments.
type Gateway interface {
	Charge(amountCents int64) error
}

// Cart holds items in the order they were added.
type Cart struct {
	items           []Item
	discountPercent int64
}

// New returns an empty cart.
func New() *Cart { return &Cart{} }

// Add puts quantity units of an item at a unit price in cents into the cart.
func (c *Cart) Add(name string, unitPriceCents int64, quantity int64) error {
	if quantity <= 0 {
		return errors.New("quantity must be positive")
	}
	if unitPriceCents < 0 {
		return errors.New("price must not be negative")
	}
	c.items = append(c.items, Item{Name: name, UnitPriceCents: unitPriceCents, Quantity: quantity})
	return nil
}

// Remove takes every line of the named item out of the cart.
func (c *Cart) Remove(name string) error {
	kept := c.items[:0]
	for _, item := range c.items {
		if item.Name != name {
			kept = append(kept, item)
		}
	}
	if len(kept) == len(c.items) {
		return fmt.Errorf("no item named %q", name)
	}
	c.items = kept
	return nil
}

// Items returns the lines of the cart in insertion order.
func (c *Cart) Items() []Item { return append([]Item{}, c.items...) }

// Names returns the names of the lines of the cart in insertion order.
func (c *Cart) Names() []string {
	names := make([]string, len(c.items))
	for i, item := range c.items {
		names[i] = item.Name
	}
	return names
}

// ApplyDiscount reduces the total by percent (0 to 100); a later discount replaces an
// earlier one.
func (c *Cart) ApplyDiscount(percent int64) error {
	if percent < 0 || percent > 100 {
		return errors.New("discount must be between 0 and 100")
	}
	c.discountPercent = percent
	return nil
}

// Total is the sum of the line totals less the discount, rounded down to a cent.
func (c *Cart) Total() int64 {
	var sum int64
	for _, item := range c.items {
		sum += item.LineTotalCents()
	}
	return sum * (100 - c.discountPercent) / 100
}

// Checkout charges the total to the gateway, once.
func (c *Cart) Checkout(gateway Gateway) error {
	if len(c.items) == 0 {
		return errors.New("cannot check out an empty cart")
	}
	return gateway.Charge(c.Total())
}

// Receipt lists each line, then the total, one per line.
func (c *Cart) Receipt() string {
	var out strings.Builder
	for _, item := range c.items {
		fmt.Fprintf(&out, "%s x%d @ %d = %d\n", item.Name, item.Quantity, item.UnitPriceCents, item.LineTotalCents())
	}
	fmt.Fprintf(&out, "total: %d\n", c.Total())
	return out.String()
}
