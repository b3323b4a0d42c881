"""The report's page templates, style sheet and script, inlined into every page.

Pages must open offline and travel as one e-mail attachment, so the CSS and
JavaScript are read from this package and written into each page, never linked.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Jinja with HTML autoescaping; `style` and `script` hold the inline assets."""
    env = Environment(
        loader=PackageLoader("eligo.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    assets = files("eligo.report.templates")
    env.globals["style"] = Markup(assets.joinpath("report.css").read_text(encoding="utf-8"))
    env.globals["script"] = Markup(assets.joinpath("report.js").read_text(encoding="utf-8"))
    return env
