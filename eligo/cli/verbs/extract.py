"""`eligo extract`."""
