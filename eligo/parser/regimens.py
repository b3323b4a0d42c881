"""`eligo_regimens`: one intervention item per drug, with its dosing.

Drugs come from the intervention lines (`DRUG: Utidelone Capsule Plus
Capecitabine` names two). For each, the first mention in the summary or
description followed by dosing (up to the next drug or the end of its clause)
is the item: dose per administration with its UCUM unit, route where stated,
frequency (once daily → QD, twice a day → BID, every 3 weeks → Q3W), days of
the cycle (days 1-5; day 1 to day 14), and the cycle length, which is the
regimen's ("every 21 days is a cycle") and applies to each of its drugs. A drug
with no dosing anywhere is its name on the intervention line.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from eligo.annotations import Amount, Intervention
from eligo.parser.doc import sections_of
from eligo.units import ucum_code

DRUG_TYPES = ("DRUG", "BIOLOGICAL", "COMBINATION_PRODUCT")
_INTERVENTION = re.compile(r"(?P<type>[A-Z_]+):\s*(?P<name>[^|\n]+)")
_SPLIT_DRUGS = re.compile(r"\s+(?:plus|and|combined with|in combination with|with|\+)\s+|\s*\+\s*|,\s*", re.I)
_FORM_WORDS = re.compile(
    r"\b(?:for injection|injection|injections|tablets?|capsules?|oral solution|solution|infusion|for infusion|"
    r"lyophili[sz]ed powder|powder|concentrate|suspension|sustained[- ]release|extended[- ]release|film[- ]coated)\b",
    re.I,
)
_DOSE = re.compile(
    r"(?<![\w.])(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>(?:mg|g|µg|μg|ug|mcg|iu|u|ml|mmol)(?:\s*/\s*(?:m2|m²|m\^2|kg|d|day|dose))*)(?![a-z])",
    re.I,
)
_ROUTES = (
    (re.compile(r"\b(?:orally|oral|by mouth|p\.?o\.?)\b", re.I), "oral"),
    (re.compile(r"\b(?:intravenous(?:ly)?|i\.v\.|iv|infusion|infused)\b", re.I), "intravenous"),
    (re.compile(r"\b(?:subcutaneous(?:ly)?|s\.c\.|sc)\b", re.I), "subcutaneous"),
    (re.compile(r"\b(?:intramuscular(?:ly)?|i\.m\.|im)\b", re.I), "intramuscular"),
)
_FREQUENCIES = (
    (re.compile(r"\b(?:four times (?:a|per) day|four times daily|qid)\b", re.I), "QID"),
    (re.compile(r"\b(?:three times (?:a|per) day|three times daily|tid|t\.i\.d\.)\b", re.I), "TID"),
    (re.compile(r"\b(?:twice (?:a|per) day|twice daily|two times (?:a|per) day|bid|b\.i\.d\.|every 12 hours|q12h)\b", re.I), "BID"),
    (re.compile(r"\b(?:once (?:a|per) day|once daily|daily|every day|qd|q\.d\.|per day|each day)\b", re.I), "QD"),
    (re.compile(r"\b(?:every (?:4|four) weeks|q4w|every 28 days|once every 4 weeks)\b", re.I), "Q4W"),
    (re.compile(r"\b(?:every (?:3|three) weeks|q3w|every 21 days|once every 3 weeks)\b", re.I), "Q3W"),
    (re.compile(r"\b(?:every (?:2|two) weeks|q2w|biweekly|every 14 days|every other week)\b", re.I), "Q2W"),
    (re.compile(r"\b(?:weekly|once (?:a|per) week|every week|qw)\b", re.I), "QW"),
)
_DAYS = re.compile(
    r"\bdays?\s*(?P<a>\d{1,2})\s*(?:-|–|to|through)\s*(?:day\s*)?(?P<b>\d{1,2})\b"
    r"|\bfor\s+(?P<c>\d{1,2})\s*(?:-|–|to)\s*(?P<d>\d{1,2})\s+days\b"
    r"|\bdays?\s+(?P<e>\d{1,2})(?:\s*(?:,|and)\s*(?P<f>\d{1,2}))(?:\s*(?:,|and)\s*(?P<g>\d{1,2}))?\b",
    re.I,
)
_CYCLE = re.compile(
    r"\bevery\s+(?P<a>\d+)\s+(?P<ua>days?|weeks?)\s+(?:is|as|constitutes|comprises)\s+(?:a|one)\s+(?:treatment\s+)?cycle"
    r"|\b(?P<b>\d+)[- ](?P<ub>days?|weeks?)\s+(?:treatment\s+)?cycles?"
    r"|\bcycles?\s+(?:is|are|of|lasts?|lasting)\s+(?P<c>\d+)\s+(?P<uc>days?|weeks?)",
    re.I,
)


_SCHEDULE_WORDS = re.compile(
    r"\b(?:for\s+\d+\s+\w+|daily|once|twice|weekly|every\s+\d*\s*\w+|orally|oral|intravenous(?:ly)?|iv|receive|receiving|either|the|a|an)\b",
    re.I,
)


def drug_names(line: str) -> list[str]:
    """The drugs an intervention line (or an arm) names, lower case, without forms, doses or schedules."""
    names = []
    cleaned = _SCHEDULE_WORDS.sub(" ", _DOSE.sub(" ", _FORM_WORDS.sub(" ", line)))
    for part in _SPLIT_DRUGS.split(cleaned):
        name = re.sub(r"\s*\([^)]*\)\s*", " ", part)
        name = " ".join(name.split()).strip(" .;:-").lower()
        if name and not re.fullmatch(r"\d+|and|or", name):
            names.append(name)
    return names


def _amount(value: str, unit_text: str) -> Amount | None:
    unit = ucum_code(re.sub(r"\s+", "", unit_text).replace("day", "d"))
    if unit is None:
        return None
    number = value.replace(",", ".")
    return Amount(value=float(number) if "." in number else int(number), unit=unit)


def _cycle(text: str) -> Amount | None:
    match = _CYCLE.search(text)
    if match is None:
        return None
    value = next(v for v in match.group("a", "b", "c") if v)
    unit_text = next(u for u in match.group("ua", "ub", "uc") if u)
    return Amount(value=int(value), unit="wk" if unit_text.lower().startswith("week") else "d")


def _days(clause: str) -> list[tuple[int, int]] | None:
    match = _DAYS.search(clause)
    if match is None:
        return None
    if match.group("a"):
        return [(int(match.group("a")), int(match.group("b")))]
    if match.group("c"):
        return [(int(match.group("c")), int(match.group("d")))]
    return [(int(d), int(d)) for d in match.group("e", "f", "g") if d]


def _dosing(name: str, clause: str, text: str, start: int, end: int, cycle: Amount | None) -> Intervention:
    dose_match = _DOSE.search(clause)
    dose = _amount(dose_match.group("value"), dose_match.group("unit")) if dose_match else None
    route = next((route for pattern, route in _ROUTES if pattern.search(clause)), None)
    frequency = next((code for pattern, code in _FREQUENCIES if pattern.search(clause)), None)
    return Intervention(
        span=(start, end), text=text[start:end], name=name, dose=dose, route=route, frequency=frequency, days=_days(clause), cycle=cycle
    )


def find_regimens(text: str, lines: list[tuple[int, int]], prose: list[tuple[int, int]]) -> list[Intervention]:
    """Interventions named on `lines` (intervention lines), with dosing from `prose` ranges."""
    named: list[tuple[str, int, int]] = []
    for start, end in lines:
        for match in _INTERVENTION.finditer(text, start, end):
            if match.group("type") not in DRUG_TYPES:
                continue
            for name in drug_names(match.group("name")):
                position = text.lower().find(name, match.start("name"), match.end("name"))
                if position < 0:
                    position, length = match.start("name"), len(match.group("name").rstrip())
                else:
                    length = len(name)
                named.append((name, position, position + length))
    if not named:
        return []
    cycle = next((c for c in (_cycle(text[s:e]) for s, e in prose) if c), None)
    names = [n for n, _, _ in named]
    found = []
    for name, line_start, line_end in named:
        item = None
        for start, end in prose:
            for mention in re.finditer(re.escape(name), text[start:end], re.I):
                m_start = start + mention.start()
                following = (re.search(re.escape(other), text[m_start + 1 : end], re.I) for other in names if other != name)
                stop = min([m_start + 1 + m.start() for m in following if m] + [end])
                clause_end = text.find(";", m_start, stop)
                clause_end = clause_end if clause_end > 0 else stop
                sentence = re.search(r"\.\s+(?=[A-Z])", text[m_start:clause_end])
                clause_end = m_start + sentence.start() + 1 if sentence else clause_end
                clause = text[m_start:clause_end]
                if _DOSE.search(clause):
                    item = _dosing(name, clause, text, m_start, m_start + len(clause.rstrip(" .;,")), cycle)
                    break
            if item:
                break
        found.append(item or Intervention(span=(line_start, line_end), text=text[line_start:line_end], name=name))
    return found


@Language.factory("eligo_regimens")
def make_regimens(nlp: Language, name: str):
    def regimens(doc: Doc) -> Doc:
        lines = [(s.start, s.end) for s in sections_of(doc, "interventions")]
        prose = [(s.start, s.end) for s in sections_of(doc, "title", "summary", "overview", "description")]
        doc._.interventions = find_regimens(doc.text, lines, prose)
        return doc

    return regimens
