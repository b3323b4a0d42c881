"""`eligo check`."""
