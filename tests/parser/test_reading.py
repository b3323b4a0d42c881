"""Reading protocols: decoding, normalisation, sections and criteria."""

from __future__ import annotations

import codecs

import pytest
from fixture_files import SEEDS, fixture_path

from eligo.parser import analyse, extract, infer_kind, parse
from eligo.parser.normalise import normalise
from eligo.source import InputError, read_source, source_from_text

FIXTURES = fixture_path("criteria")


def _cases():
    for line in (FIXTURES / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, expected = line.split(" | ", 1)
            yield name, [tuple(item.split(": ", 1)) for item in expected.split(" || ")]


@pytest.mark.parametrize(("name", "expected"), list(_cases()))
def test_layouts(name, expected):
    annotations = extract(read_source(FIXTURES / name))
    got = [(c.kind, c.text.replace("\r", "").replace("\n", "\\n")) for c in annotations.criteria]
    assert got == expected


def test_seed_000_has_8_inclusion_and_32_exclusion_criteria():
    criteria = extract(read_source(SEEDS / "000_0f814b264ca6570a.txt")).criteria
    assert [c.kind for c in criteria].count("inclusion") == 8 and [c.kind for c in criteria].count("exclusion") == 32
    texts = [c.text for c in criteria]
    assert "Combined diseases and medical history" not in texts and "Research treatment related" not in texts
    assert texts[-1].endswith("affect their ability to complete the study.") and "\n" in texts[-1]


@pytest.mark.parametrize("seed", ["001_59815f63e06642be.txt", "002_8c8d6eab7ca31e48.txt"])
def test_record_layout_sections(seed):
    doc, _ = parse(read_source(SEEDS / seed))
    kinds = [s.kind for s in doc._.sections]
    assert kinds == ["title", "summary", "conditions", "interventions", "primary_outcomes", "secondary_outcomes", "description"]
    assert doc._.criteria == []


def test_mojibake_and_full_width_forms_map_back_to_the_original():
    text = "Objective Response Rate （ORR）, clearanceã€‚ done"
    normalised = normalise(text)
    assert "(ORR)" in normalised.text and "clearance。" in normalised.text
    start = normalised.text.index("(ORR)")
    assert text[slice(*normalised.original_span(start, start + 5))] == "（ORR）"
    start = normalised.text.index("clearance")
    assert text[slice(*normalised.original_span(start, start + 10))] == "clearanceã€‚"


def test_abbreviations_are_detected():
    facts = analyse(read_source(SEEDS / "000_0f814b264ca6570a.txt"))
    assert ("ECOG PS", "Eastern Cooperative Oncology Group Performance Status") in facts.abbreviations
    assert "NMPA" in dict(facts.abbreviations)


def test_header_less_files_take_their_kind_from_the_name():
    assert infer_kind("NCT00050349_exc.txt") == "exclusion" and infer_kind("NCT00050349_inc.txt") == "inclusion"
    criteria = extract(source_from_text("Pregnant\nActive infection\n", "x_exc.txt")).criteria
    assert [c.kind for c in criteria] == ["exclusion", "exclusion"]
    assert [c.kind for c in extract(source_from_text("Pregnant\n", "x.txt"), kind="exclusion").criteria] == ["exclusion"]


def test_a_bare_criteria_file_is_one_criterion_a_line():
    """Chia style: a long line that stops mid-sentence is not hard-wrapped onto a lower-case next line."""
    text = "patient already treated by medicines which could interfere with the study \r\nlow level of vitamin B12\r\n"
    criteria = extract(source_from_text(text, "x_exc.txt")).criteria
    assert [c.text for c in criteria] == ["patient already treated by medicines which could interfere with the study", "low level of vitamin B12"]


# --- decoding -------------------------------------------------------------------------------


def test_cp1252_and_utf16_are_decoded_with_a_warning(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Inclusion Criteria:\n- Age ≥ 18 years – café\n".encode("cp1252", errors="replace"))
    source = read_source(latin)
    assert source.encoding == "cp1252" and source.diagnostics[0].severity == "warning" and "café" in source.text
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "Inclusion Criteria:\n- Age ≥ 18 years\n".encode("utf-16-le"))
    source = read_source(utf16)
    assert source.encoding == "utf-16" and "≥ 18" in source.text
    assert [t.value for t in extract(source).thresholds] == [18]


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Inclusion Criteria:\n- Age >= 18 years\n")
    assert read_source(path).text.startswith("Inclusion")


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "E002"), (b"  \n\t\n", "E002"), (b"%PDF-1.7\n\x00\x01binary", "E003"), (b"\x00\x01\x02\x03" * 50, "E003")],
)
def test_unreadable_inputs_are_refused_with_a_diagnostic(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert caught.value.diagnostic.code == code and str(path) in caught.value.diagnostic.headline()


def test_missing_and_oversized_files(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr("eligo.source.MAX_BYTES", 1024)
    with pytest.raises(InputError, match="limit"):
        read_source(big)


# --- every development file ---------------------------------------------------------------


@pytest.mark.parametrize("folder", ["ctgov-dev/texts", "lct-dev/texts", "chia-dev/texts"])
def test_every_development_file_is_read(shared_data, folder):
    from eligo.parser import analyse_many

    paths = sorted((shared_data / folder).glob("*.txt"))
    sources = [read_source(p, allow_empty=True) for p in paths]
    for facts, source in zip(analyse_many(sources), sources):
        errors = facts.annotations.span_errors(source.text)
        assert not errors, (source.name, errors[:2])


@pytest.mark.parametrize("heading", ["[Exclusion Criteria]", "【Exclusion Criteria】", "Exclution Criteria:"])
def test_bracketed_and_misspelt_headings(heading):
    text = f"Inclution Criteria:\n- Age > 18\n{heading}\n- Pregnant\n"
    assert [(c.kind, c.text) for c in extract(source_from_text(text, "x.txt")).criteria] == [("inclusion", "Age > 18"), ("exclusion", "Pregnant")]


def test_short_forms_are_found_as_scispacys_matcher_finds_them():
    """`ExactWords` (a PhraseMatcher, linear) gives the matches of scispaCy's `Matcher`, in its order."""
    import spacy
    from spacy.matcher import Matcher

    from eligo.parser.abbreviations import ExactWords

    nlp = spacy.blank("en")
    doc = nlp("a b a b c a b x a b c a a a b")
    matcher, exact = Matcher(nlp.vocab), ExactWords(nlp.vocab)
    for key, words in {"k1": ["a", "b"], "k2": ["b"], "k3": ["a", "b", "c"], "k4": ["a"], "k5": ["a", "a"]}.items():
        for one in (matcher, exact):
            one.add(key, [[{"ORTH": word} for word in words]])
    assert exact(doc) == matcher(doc)
    exact.remove("k1")
    matcher.remove("k1")
    assert exact(doc) == matcher(doc)


def test_brackets_are_found_as_scispacys_matcher_finds_them():
    """`Parentheses` (bracket positions) gives the matches of the bounded `Matcher` pattern, in its
    order: nested, unbalanced, adjacent and too-long brackets alike."""
    import random

    import spacy
    from spacy.matcher import Matcher

    from eligo.parser.abbreviations import MAX_WORDS, Parentheses

    nlp = spacy.blank("en")
    matcher, brackets = Matcher(nlp.vocab), Parentheses(nlp.vocab, MAX_WORDS)
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": f"{{1,{MAX_WORDS}}}"}, {"ORTH": ")"}]])
    draw = random.Random(17)
    texts = ["a ( b ( c ) d ) e ( ( x ) )", "( a ) ) ) ( ( ( b c ) ) (", "( )"]
    texts += ["x ( a b c d e f g h ) ( a b c d e f g h i )"]  # eight words inside, then nine
    texts += [
        " ".join(draw.choice("(()) ab") for _ in range(draw.randrange(1, 60))) for _ in range(300)
    ]
    for text in texts:
        doc = nlp(text)
        assert brackets(doc) == [tuple(m) for m in matcher(doc)], text
