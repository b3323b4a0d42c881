"""Curated terminology files (JSONL, one concept a line, schema in `eligo.terminology.curated`)."""
