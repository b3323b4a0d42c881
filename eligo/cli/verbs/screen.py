"""`eligo screen`."""
