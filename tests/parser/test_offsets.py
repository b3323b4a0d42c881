"""Spans map back to the original text exactly, whatever normalisation changed, on lines of any length.

The extraction property: a protocol is rewritten with characters that normalise
back to what it held (full-width forms, ligatures, `½` for `1⁄2`, mojibake), so
the NLP sees the same normalised text; every item must then come back with the
span of the same characters in the rewritten document, `text == document[span]`,
and its names as written there.
"""

from __future__ import annotations

import random

from fixture_files import SEEDS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eligo.annotations import LIST_NAMES
from eligo.parser import extract
from eligo.parser.normalise import normalise
from eligo.source import source_from_text

# Protocols with endpoints and criteria; the last has a line of 2,825 characters.
DOCUMENTS = ("001_59815f63e06642be.txt", "000_0f814b264ca6570a.txt", "NCT04083170_record.txt")
LIGATURES = {"ffi": "ﬃ", "ffl": "ﬄ", "ff": "ﬀ", "fi": "ﬁ", "fl": "ﬂ"}
FRACTIONS = {"1⁄2": "½", "1⁄4": "¼", "3⁄4": "¾"}
CHANGED = "（）［］，：；％＜＞＝ﬁﬂ½¼ã€‚Ã©â€™"


def _rewritten(text: str, rng: random.Random, rate: float) -> tuple[str, list[int]]:
    """`text` with some characters written differently (same normalised text), and where each offset went."""
    out: list[str] = []
    where: list[int] = []
    at = size = 0
    while at < len(text):
        piece, written = text[at], text[at]
        for table in (LIGATURES, FRACTIONS):
            for plain, fancy in table.items():
                if text.startswith(plain, at) and rng.random() < rate:
                    piece, written = plain, fancy
        if len(piece) == 1 and rng.random() < rate:
            if "!" <= piece <= "~" and piece not in "\\":
                written = chr(ord(piece) + 0xFEE0)  # full-width form
            elif not piece.isascii() and piece in "。’é":
                written = piece.encode("utf-8").decode("cp1252")  # mojibake
        for _ in piece:
            where.append(size)
        out.append(written)
        size += len(written)
        at += len(piece)
    where.append(size)
    return "".join(out), where


def _base(name: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text.replace("1/2", "1⁄2").replace("1/4", "1⁄4")


_EXTRACTED: dict[str, object] = {}


def _extracted(name: str):
    if name not in _EXTRACTED:
        _EXTRACTED[name] = extract(source_from_text(_base(name), name))
    return _EXTRACTED[name]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(DOCUMENTS), seed=st.integers(0, 2**32), rate=st.sampled_from([0.02, 0.2, 0.6]))
def test_extracted_spans_hold_the_same_characters_in_a_rewritten_document(name, seed, rate):
    base = _base(name)
    document, where = _rewritten(base, random.Random(seed), rate)
    assert normalise(document).text == normalise(base).text
    expected, got = _extracted(name), extract(source_from_text(document, name))
    assert got.span_errors(document) == []
    for list_name in LIST_NAMES:
        before, after = expected.items(list_name), got.items(list_name)
        assert len(before) == len(after), list_name
        for old, new in zip(before, after):
            assert new.span == (where[old.span[0]], where[old.span[1]]), (list_name, old.text, new.text)
    for endpoint in got.endpoints:
        for value in (endpoint.name, endpoint.abbreviation, endpoint.time_frame and endpoint.time_frame.text):
            assert value is None or value in endpoint.text, (value, endpoint.text)


LINE = st.text(alphabet=st.sampled_from(list("ab1 ,.()") + list(CHANGED)), min_size=0, max_size=400)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=6), repeat=st.sampled_from([1, 12, 300]))
@example(lines=["\u00e2\u00bc\u201a", "1"], repeat=300)  # mojibake cut mid-character: difflib aligned nothing
def test_every_normalised_character_maps_back_within_its_word(lines, repeat):
    text = "\n".join(line * repeat for line in lines)
    normalised = normalise(text)
    previous = (0, 0)
    for at in range(len(normalised.text)):
        start, end = normalised.original_span(at, at + 1)
        assert previous[0] <= start <= end <= len(text)
        assert end - start <= 64 and "\n" not in text[start : end - 1]
        if end - start == 1 and text[start].isascii():
            assert normalised.text[at] == text[start]
        previous = (start, end)


def test_a_long_changed_line_maps_back_character_by_character():
    line = "Objective response rate （ORR） at ½ year, ﬁnal clearanceã€‚ " * 2_000
    normalised = normalise(line)
    for word, written in (("(ORR)", "（ORR）"), ("final", "ﬁnal"), ("rate", "rate")):
        start = normalised.text.rindex(word)
        assert line[slice(*normalised.original_span(start, start + len(word)))] == written


def _normalised_and_extracted(text: str, normal: str, written: str, normalised_as: str):
    """`text` normalised to `normal`, where `normalised_as` maps back to `written`; what
    `eligo extract` finds in it, with every span inside the original text."""
    normalised = normalise(text)
    assert normalised.text == normal
    at = normalised.text.index(normalised_as)
    assert text[slice(*normalised.original_span(at, at + len(normalised_as)))] == written
    got = extract(source_from_text(text, "escaped.txt"))
    assert got.span_errors(text) == []
    return got


def test_markdown_escapes_are_dropped_and_spans_still_map_to_the_original():
    text = "* HbA1c \\>7.0% and BMI 18-30 kg/m\\^2, \\[cohort A\\], a literal \\\\ stays\n"
    normal = "* HbA1c >7.0% and BMI 18-30 kg/m^2, [cohort A], a literal \\ stays\n"
    _normalised_and_extracted(text, normal, ">7.0%", ">7.0%")


def test_export_escapes_are_read_as_their_character_and_spans_still_map_to_the_original():
    text = "Hemoglobin <U+2266>11 g/dl, fever 38<U+2103>, stage <U+2163>; <U+000A> and <U+D800> stay\n"
    normal = "Hemoglobin ≦11 g/dl, fever 38°C, stage IV; <U+000A> and <U+D800> stay\n"
    got = _normalised_and_extracted(text, normal, "<U+2266>11", "≦11")
    assert [(t.text, t.op, t.value, t.unit) for t in got.thresholds][0] == ("Hemoglobin <U+2266>11 g/dl", "<=", 11, "g/dL")
