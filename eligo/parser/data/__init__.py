"""The parser's data files (section headings, comparators, word lists, cues), each validated by a
schema when loaded."""
