"""`eligo report`: a self-contained HTML page per protocol for its authors.

The page shows the protocol text with every criterion boxed and the words that
became rules highlighted by kind, the compiled rule of the selected criterion,
every diagnostic at its line, and the endpoints, regimens and design. An index
page lists many protocols' pages.
"""

from eligo.report.index import build_index
from eligo.report.page import Page, Summary, build_page

__all__ = ["Page", "Summary", "build_index", "build_page"]
