"""Eligo's general data files (concepts, units, phrases, diagnostic codes, NegEx terms), each
validated by a schema when loaded."""
