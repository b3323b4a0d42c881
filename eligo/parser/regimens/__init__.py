"""`eligo_regimens`: the interventions of a protocol, one item per drug, with its dosing.

Drugs come from two places:

* the intervention lines of the record layout (`DRUG: Utidelone Capsule Plus
  Capecitabine|DRUG: Placebo`): every `DRUG`/`BIOLOGICAL`/`DIETARY_SUPPLEMENT`
  entry names one drug or more (split at "plus", "and", "+", "combined with", "or");
* running text (summary, overview, detailed description): a listed name, or
  any name written right next to a dose ("mirtazapine 15 mg", "Utidelone
  Capsule: 60mg/m2/d", "40 mg of adalimumab").

The item of a drug is its first mention that gives dosing (a dose, a
frequency or days of the cycle), as the spec asks; a listed drug whose dosing
is never given is still an item, at its entry in the intervention line, with
null fields. Dosing is read from the mention to the end of its clause or the
next drug: the dose with its UCUM unit as written ("60mg/m2/d" stays
`mg/m2/d`), the route only where stated (a dosage form does not set it), the
frequency, the days within the cycle. Frequency, days and cycle written after
the last of several drugs joined by "and"/"plus" are shared by all of them.
The cycle length is a property of the regimen: the nearest cycle statement of
the paragraph ("Every 21 days is a cycle", "21-day cycles", "each cycle is 28
days"); such a statement is never read as a frequency. "every 21 days" in a
drug's own dosing is its frequency (Q3W), since it is then given once a cycle.
Names are lower case, without dosage forms ("tablets", "capsule", "for
injection") and without parenthesised abbreviations or brand names.

The package holds, by what each reads: `vocabulary` (the terms of
`data/regimens.jsonl`), `mention` (a drug named in the text), `listings` (the
intervention lines), `prose` (names in running text), `dosing` (dose, route,
frequency, days), `cycles` (cycle statements), `merge` (one item per drug) and
`component` (the `eligo_regimens` spaCy component).
"""

from eligo.parser.regimens.component import PROSE_SECTIONS, find_regimens, make_regimens
from eligo.parser.regimens.listings import drug_names, listed_drugs
from eligo.parser.regimens.vocabulary import RegimenVocabulary

__all__ = [
    "PROSE_SECTIONS",
    "RegimenVocabulary",
    "drug_names",
    "find_regimens",
    "listed_drugs",
    "make_regimens",
]
