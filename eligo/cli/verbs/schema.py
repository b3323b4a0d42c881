"""`eligo schema`."""
