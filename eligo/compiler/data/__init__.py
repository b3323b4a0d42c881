"""The compiler's data files (anchors, concept families, word lists), each validated by a schema
when loaded."""
