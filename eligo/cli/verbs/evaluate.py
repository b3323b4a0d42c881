"""`eligo eval`."""
