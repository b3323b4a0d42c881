"""`eligo report` without a browser: span markup, the highlight adapter, the page's text, the CLI."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from eligo.annotations import CriterionItem
from eligo.api import compile_source
from eligo.cli.app import Exit
from eligo.facts import CriterionFacts, ThresholdFact
from eligo.grammar import ast
from eligo.phrases import scan
from eligo.structure import marks, sentences
from eligo.report import build_page
from eligo.report.highlights import highlights
from eligo.report.markup import Element, render
from eligo.source import read_source

# CRLF, a full-width comparator and mojibake: the parser reads normalised text, the page shows the file's.
AWKWARD = (
    "Eligibility\r\nInclusion Criteria:\r\n* Age \uff1e= 18 years\r\n"
    "* ANC \u00e2\u2030\u00a5 1.5 x 10^9/L within 14 days before randomization\r\n"
    "* Good major organ function\r\nExclusion Criteria:\r\n* Pregnancy or breast-feeding\r\n"
)


class SourceText(HTMLParser):
    """The `.source` block of a page: its text (blocks left out) and the text of every criterion and highlight."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside .source
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.pieces: dict[str, list[str]] = {}
        self.spans: dict[str, tuple[int, int]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if attrs.get("class") == "source":
                self.depth, self.stack = 1, []
            return
        self.depth += 1
        self.stack.append((tag, attrs))
        key = attrs.get("data-id") or (f"hl{attrs['data-hl']}" if "data-hl" in attrs else None)
        if key and "data-start" in attrs:
            self.spans[key] = (int(attrs["data-start"]), int(attrs["data-end"]))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.stack:
                self.stack.pop()

    def handle_data(self, data):
        if not self.depth or any("diag" in a.get("class", "") or "sr-only" in a.get("class", "") for _, a in self.stack):
            return
        self.text.append(data)
        keys = {a.get("data-id") for _, a in self.stack if a.get("data-id")} | {f"hl{a['data-hl']}" for _, a in self.stack if "data-hl" in a}
        for key in keys:
            self.pieces.setdefault(key, []).append(data)


def source_text(html: str) -> SourceText:
    parser = SourceText()
    parser.feed(html)
    return parser


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab <&\n", min_size=1, max_size=40).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6))
))
def test_overlapping_elements_are_written_in_pieces_that_join_to_their_text(case):
    text, pairs = case
    elements = [
        Element(min(a, b), max(a, b), "mark", attrs={"data-start": str(min(a, b)), "data-end": str(max(a, b))}, repeat={"data-hl": str(n)}, level=n % 2)
        for n, (a, b) in enumerate(pairs)
    ]
    parsed = source_text(f'<div class="source">{render(text, elements, {len(text) // 2: ["<div class=diag>x</div>"]})}</div>')
    assert "".join(parsed.text) == text
    for n, element in enumerate(elements):
        if element.start < element.end:
            assert "".join(parsed.pieces[f"hl{n}"]) == text[element.start : element.end]


def test_every_box_and_highlight_is_the_file_text_at_its_span(tmp_path):
    path = tmp_path / "awkward.txt"
    path.write_bytes(AWKWARD.encode("utf-8"))
    page = build_page(read_source(path))
    parsed = source_text(page.html)
    assert "".join(parsed.text) == AWKWARD
    kinds = {"value", "window", "unresolved"}
    assert sum(key.startswith("hl") for key in parsed.spans) >= len(kinds)
    assert [key for key in parsed.spans if not key.startswith("hl")] == ["I1", "I2", "I3", "E1"]
    for key, (start, end) in parsed.spans.items():
        assert "".join(parsed.pieces[key]) == AWKWARD[start:end], key
    assert kinds <= set(re.findall(r'data-kind="(\w+)"', page.html))
    coverage = compile_source(read_source(path)).coverage
    assert page.summary.coverage == {"full": coverage.full, "partial": coverage.partial, "none": coverage.none}
    assert page.summary.coverage["none"] >= 1 and "E201" in page.summary.codes


def test_page_is_self_contained(tmp_path):
    path = tmp_path / "awkward.txt"
    path.write_bytes(AWKWARD.encode("utf-8"))
    html = build_page(read_source(path)).html
    lowered = html.lower()
    assert "<link" not in lowered and " src=" not in lowered and "http://" not in lowered and "https://" not in lowered
    assert "<style>" in html and "<script>" in html and len(html) < 100_000


def _facts(text: str) -> CriterionFacts:
    criterion = CriterionItem(id="I1", kind="inclusion", span=(0, len(text)), text=text)
    threshold = ThresholdFact(span=(0, 6), text=text[:6], concept="age", op=">=", value=18, unit="a")
    return CriterionFacts(criterion=criterion, thresholds=(threshold,), phrases=tuple(scan(text)), sentences=tuple(sentences(text)), marks=tuple(marks(text)))


class SpannedCompare(ast.Compare):
    """A compare atom with provenance, as the faithful-rules work adds it."""

    span: ast.SourceSpan | None = None


def test_provenance_spans_replace_the_facts_of_their_kind():
    text = "Age >= 18 years"
    plain = ast.Compare(concept="age", op=">=", value=ast.Quantity(value=18, unit="a"))
    from_facts = highlights(_facts(text), plain, text)
    assert [(h.kind, h.text) for h in from_facts] == [("value", "Age >=")]
    spanned = SpannedCompare(concept="age", op=">=", value=ast.Quantity(value=18, unit="a"), span=ast.SourceSpan(start=0, end=9, line=1, col=1))
    assert [(h.kind, h.text) for h in highlights(_facts(text), spanned, text)] == [("value", "Age >= 18")]
    wrong = SpannedCompare(concept="age", op=">=", value=ast.Quantity(value=18, unit="a"), span=ast.SourceSpan(start=4, end=99, line=1, col=5))
    assert highlights(_facts(text), wrong, text) == []


def test_one_file_gives_one_page_and_a_folder_pages_and_an_index(cli, tmp_path):
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "a.txt").write_bytes(AWKWARD.encode("utf-8"))
    (folder / "b.txt").write_text("Inclusion Criteria:\n- Age >= 18 years\n", encoding="utf-8")
    result = cli("report", folder / "a.txt", "-o", tmp_path / "a.html")
    assert result.exit_code == Exit.OK, result.output
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = cli("report", folder, "-o", tmp_path / "site")
    assert result.exit_code == Exit.OK, result.output
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["a.html", "b.html", "index.html"]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="a.html"' in index and 'href="b.html"' in index


def test_bad_inputs_get_a_message_and_no_page(cli, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = cli("report", tmp_path / "empty.txt", "-o", tmp_path / "empty.html")
    assert result.exit_code == Exit.BAD_INPUT and "empty protocol" in result.output
    assert not (tmp_path / "empty.html").exists()
    assert cli("report", tmp_path, tmp_path / "empty.txt").exit_code == Exit.USAGE
    (tmp_path / "ok.txt").write_text("Inclusion Criteria:\n- Age >= 18 years\n", encoding="utf-8")
    result = cli("report", tmp_path, "-o", tmp_path / "site")
    assert result.exit_code == Exit.BAD_INPUT
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html", "ok.html"]
    assert "empty protocol" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert cli("report", tmp_path / "missing.txt", "-o", tmp_path / "m.html").exit_code == Exit.BAD_INPUT


def test_what_eligo_check_finds_stands_at_the_criterion_it_names(tmp_path):
    path = tmp_path / "contradiction.txt"
    path.write_text("Inclusion Criteria:\n- Age >= 18 years\nExclusion Criteria:\n- Age >= 12 years\n", encoding="utf-8")
    page = build_page(read_source(path))
    assert page.summary.codes.get("C105") == 1 and page.summary.severities["error"] == 1
    assert re.search(r'<div class="diag error"[^>]*data-code="C105"[^>]*data-criterion="E1"', page.html)
