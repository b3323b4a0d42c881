"""The index page of a folder's reports: one row per protocol, linking to its page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from eligo.report.page import SEVERITIES, STATUS_TEXT, Summary
from eligo.report.templates import environment


@dataclass(frozen=True)
class Entry:
    """A protocol of the index: its page (`href`) and summary, or why it has no page."""

    name: str
    href: str | None
    summary: Summary | None = None
    problem: str | None = None


def build_index(entries: list[Entry], title: str) -> str:
    """The index page: totals over all pages, then one row per protocol."""
    summaries = [e.summary for e in entries if e.summary is not None]
    coverage = {s: sum(summary.coverage[s] for summary in summaries) for s in STATUS_TEXT}
    codes: Counter[str] = Counter()
    for summary in summaries:
        codes.update(summary.codes)
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            title=title,
            entries=entries,
            coverage=coverage,
            codes=sorted(codes.items()),
            status_text=STATUS_TEXT,
            severities=SEVERITIES,
        )
    )
