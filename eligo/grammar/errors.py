"""The error of a rules text that does not parse or validate, apart from the parser that raises it.

The JSON reader (`schema.py`) and the file loader (`load.py`) raise it too, and the compiler's
command line reads compiled rules' limits from the loader: keeping the class here lets them
import it without lark, which only reading rule text needs (`parse.py`).
"""

from __future__ import annotations

from eligo.diagnostics import Diagnostic


class RulesError(Exception):
    """A rules text that does not parse or does not validate."""

    def __init__(self, diagnostic: Diagnostic, text: str | None = None):
        super().__init__(diagnostic.headline())
        self.diagnostic = diagnostic
        self.text = text  # the rules text, when it was read, to show the line in error
