"""`eligo compile`."""
