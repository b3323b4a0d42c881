"""Routes from the codes patient records carry (ICD-10-CM, SNOMED CT) to the concepts rules name,
added at build time (`build.py`), each one that can only narrow, never widen.

A rule binds a mention to a MONDO or HPO concept; a record counts as every code above its own
(`Terminology.closure`). Without a route, a record of ICD-10-CM E11.42 "Type 2 diabetes mellitus
with diabetic polyneuropathy" is no diabetic neuropathy, and one of I73.9 "Peripheral vascular
disease, unspecified" no peripheral vascular disease. The routes:

- `title_parents`: an ICD-10-CM title (or a SNOMED CT one) is a combination ("X with Y", "X due
  to Y", "Y in X") or a residual ("X, unspecified", "X, uncomplicated", "X NOS"); the code is a kind
  of each part that names a condition of MONDO, HPO or SNOMED CT exactly (name or synonym, one
  concept in that system), so each such concept becomes a *parent* of the code: E11.42 falls
  under diabetic polyneuropathy, I73.9 under peripheral vascular disease, and no record of the
  general concept counts as the residual code. A kind's title is a part too: "Other X", "Other
  specified X" and "<cause>-induced X" are kinds of X (E16.1 "Other hypoglycemia" and E16.0
  "Drug-induced hypoglycemia without coma", siblings of "Hypoglycemia, unspecified"; K86.1 "Other
  chronic pancreatitis"), never a class ("Other disorders of X"); so is a cause's adjective before
  a condition (`caused`: "Mumps pancreatitis" B26.3, "Tuberculous meningitis", "Alcoholic
  cardiomyopathy", "Diabetic retinopathy" are kinds of pancreatitis, meningitis ...), never a
  site's ("Pulmonary hypertension" is no hypertension) nor a negated cause's ("Nondiabetic ...").
  A nonessential modifier in a title's one noun phrase is a part too: "Chronic systolic
  (congestive) heart failure" is coded the same with the bracketed word or without it, so I50.22
  falls under congestive heart failure by ICD-10-CM's own convention, not only through HPO's heart
  failure.
- `place_hpo_snomed`: HPO's SNOMED CT cross-references are equivalences only where one-to-one or
  of the same name: 911 HPO terms list several SNOMED codes, of which at most one can be the same
  concept; the others fall under the term ("Peripheral arterial stenosis" lists "Peripheral
  vascular disease" too, which made every vascular disease a stenosis).
- `group_parents`: an ICD-10-CM chapter, block or category titled for a class ("Diseases of liver",
  "Other diseases of the respiratory system", "Ischemic heart diseases", "Injuries to the head")
  is a kind of the concept of MONDO, HPO or SNOMED CT that the class's singular name names exactly
  ("liver disease", "respiratory system disease", "injury of head"), so the tree below it (K76.0
  fatty liver, J96.10 chronic respiratory failure, I25.10 coronary artery disease) reaches the
  broad concept criteria name; "Other" and "Certain" say what else the class holds, not what it is.
- `abnormality_parents`: HPO's "Abnormality of the liver" is no "Disorder of liver" but holds it:
  a symptom (hepatomegaly, syncope) or a gallbladder disease is no disease of the organ.
- `named_routes.py`: codes whose title says what they are ("... cholecystectomy", "Pregnant state")
  under the curated concept they are a kind of.
- `inclusion_parent`: a name that is only an ICD-10-CM inclusion term of a code (not its title)
  names something the code includes, so the code is a parent, not an equivalent ("Intermittent
  claudication" is included in I73.9; I73.9 is not claudication).

What no source carries is not made up: MONDO's copy ships no cross-references, and MONDO, ICD-10-CM
and SNOMED CT GPS carry no UMLS CUI, so a CUI joins only HPO terms among themselves (the store's
`UMLS:` cross-codes already do).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from eligo.lexicon import surface_key
from eligo.terminology.sources import Term

# the systems whose concepts a part of an ICD-10-CM title may name, and the types that are
# conditions (a part naming a drug or a procedure is a cause, not what the patient has)
PART_SYSTEMS = ("MONDO", "HP", "SNOMED")
PART_TYPES = frozenset({"condition", "finding"})
# chapters whose titles are no diagnosis of the patient's own: history, encounters, contact,
# external causes ("Personal history of X with Y", "Contact with X")
SKIPPED_CHAPTERS = ("Z", "V", "W", "X", "Y")
_COMBINATION = re.compile(r"\s+(?:with|due to|in(?!\s+situ\b))\s+", re.IGNORECASE)
_NOT_A_PART = re.compile(
    r"\b(?:other|unspecified|specified|elsewhere|complications?|manifestations?|without|"
    r"site|sites|part|region)\b",
    re.IGNORECASE,
)
# a head before "of" that is no condition the patient has ("History of X", "Absence of X")
_NO_HEAD = re.compile(
    r"^(?:(?:personal |family )?history|absence|lack|loss|deficiency|fear|carrier|removal|"
    r"exposure|contact|suspected|risk|at risk|observation|screening|underdosing|presence|"
    r"supervision|assessment|finding|disorders?|diseases?)$",
    re.IGNORECASE,
)
# ICD-10-CM's nonessential modifier inside a title's one noun phrase: "Systolic (congestive) heart
# failure" is coded the same with the bracketed word or without it, so it is a kind of "congestive
# heart failure"; no bracket beside another, no phrase of several ("following (induced) termination
# of pregnancy" is no termination)
_NONESSENTIAL = re.compile(
    r"^(?:[A-Za-z][\w-]*\s+)+\(([A-Za-z][\w\s-]*)\)\s+([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)*)$"
)
_PHRASE_WORDS = frozenset(
    {"of", "with", "without", "due", "to", "in", "on", "and", "or", "following", "after", "by"}
    | {"nos", "unspecified", "other"}  # a residual's bracket ("Myocardial infarction (acute) NOS")
)
# a residual's words: "unspecified" (of an organism too: "Pneumonia, unspecified organism"),
# "uncomplicated", "NOS", ICD-10-CM's "not elsewhere classified" ("Chronic pain, not elsewhere
# classified" is chronic pain that no other code of the chapter names)
_RESIDUAL = re.compile(
    r",?\s*(?:\bunspecified(?:\s+organism)?\b|\buncomplicated\b|\bNOS\b|"
    r"\bnot elsewhere classified\b)\s*,?",
    re.IGNORECASE,
)
# a kind's words before the condition it is a kind of: "Other hypoglycemia", "Other specified
# hypothyroidism", "Drug-induced hypoglycemia", "Alcohol-induced chronic pancreatitis" (ICD-10-CM's
# siblings of "Hypoglycemia, unspecified" in E16); "Other disorders of X" is a class, no X
_KIND_OF = re.compile(
    r"^(?:other\s+(?:and\s+)?(?:specified\s+)?|[a-z]+-induced\s+)+", re.IGNORECASE
)
# a cause's adjective before the condition it causes, after words of course or stage: ICD-10-CM's
# chapter 1 classifies an infection by the condition it makes ("Mumps pancreatitis" B26.3, "Late
# syphilitic meningitis" A52.13, "Gonococcal arthritis" A54.42, "Candidal stomatitis" B37.0), and
# a toxic or metabolic cause names the condition the same way ("Alcoholic cardiomyopathy" I42.6,
# "Diabetic retinopathy"): the code is a kind of that condition. Only causes: a site's adjective
# names another condition ("Pulmonary hypertension" is no hypertension, "Portal hypertension"
# neither), and a negated cause ("Nondiabetic", "Non-alcoholic") is no cause
_CAUSE = (
    "alcoholic|diabetic|viral|bacterial|fungal|mycotic|parasitic|infective|septic|tuberculous|"
    "syphilitic|gonococcal|chlamydial|candidal|mumps|measles|rubella|varicella|zoster|herpetic|"
    "herpesviral|cytomegaloviral|toxoplasma|meningococcal|pneumococcal|streptococcal|"
    "staphylococcal|salmonella|listerial|amebic|actinomycotic|diphtheritic"
)
_CAUSED = re.compile(
    rf"^(?:(?:acute|chronic|late|early|secondary|primary|congenital|latent)\s+)*(?:{_CAUSE})\s+",
    re.IGNORECASE,
)


def _system(code: str) -> str:
    return code.partition(":")[0]


def name_index(terms: Iterable[Term]) -> dict[str, dict[str, set[str]]]:
    """Concepts of PART_SYSTEMS that are conditions, by the key of each name and synonym, by
    system."""
    index: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for term in terms:
        if _system(term.code) in PART_SYSTEMS and term.type in PART_TYPES:
            for name in (term.name, *term.aliases):
                index[surface_key(name)][_system(term.code)].add(term.code)
    return index


def nonessential_part(title: str) -> str | None:
    """The condition a title with a nonessential modifier in its one noun phrase is a kind of: the
    bracketed word and the words after it ("Chronic systolic (congestive) heart failure" ->
    "congestive heart failure"), else None."""
    found = _NONESSENTIAL.match(title.strip())
    if found is None or _PHRASE_WORDS & set(title.lower().replace("(", " ").split()):
        return None
    return f"{found.group(1).strip()} {found.group(2).strip()}"


def kind_of(part: str) -> str:
    """The condition a part names a kind of by its leading words ("Other hypoglycemia",
    "Drug-induced hypoglycemia" -> "hypoglycemia"), else "": never a class ("Other disorders of
    pancreas"), nor a title only like it ("Lupus-like syndrome")."""
    core = _KIND_OF.sub("", part).strip()
    if core == part or _GROUP.match(core) or re.search(r"-like\b", core, re.IGNORECASE):
        return ""
    return core


def caused(part: str) -> str:
    """The condition a part names after its cause's adjective ("Mumps pancreatitis" ->
    "pancreatitis", "Late syphilitic meningitis" -> "meningitis"), else "" (`_CAUSED`)."""
    core = _CAUSED.sub("", part).strip()
    return "" if core == part else kind_of(f"other {core}")


def title_parts(title: str) -> list[str]:
    """The conditions a combination or residual ICD-10-CM title is a kind of: "Type 2 diabetes
    mellitus with diabetic polyneuropathy" -> both; "Peripheral vascular disease, unspecified" ->
    "Peripheral vascular disease"; "Gangrene of foot" -> itself and its head "Gangrene" (not
    "History" of "History of X"); a part saying "other", "unspecified", "site" ... names no
    condition of its own and is left out; "in" joins two parts only where neither is a place ("in
    situ" is no part); a nonessential modifier's phrase (`nonessential_part`)."""
    modified = nonessential_part(title)
    if modified is not None:
        return [modified]
    title = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", title).strip(" ,")
    kept = re.split(r"\s+without\s+", title, flags=re.IGNORECASE)[0]
    residual = _RESIDUAL.sub(" ", kept).strip(" ,")
    parts = [p.strip(" ,") for p in _COMBINATION.split(residual)]
    kind = kind_of(title) or caused(title)
    if len(parts) == 1 and residual == title and " of " not in title and not kind:
        return []  # neither a combination nor a residual: the title is the concept itself
    found = []
    for part in parts:
        head = part.split(" of ")[0].strip(" ,") if " of " in part else ""
        kind = kind_of(part)
        candidates = (part, head, kind, caused(kind or part))
        found += [p for p in candidates if p and not _NOT_A_PART.search(p)]
    return [p for p in dict.fromkeys(found) if not _NO_HEAD.match(p)]


def title_parents(terms: list[Term], index: dict[str, dict[str, set[str]]]) -> int:
    """Give each ICD-10-CM code, and each SNOMED CT condition, the concepts its title's parts name
    exactly (one in a system) as parents; returns how many edges were added."""
    added = 0
    for term in terms:
        local = term.code.partition(":")[2]
        if term.type not in PART_TYPES or (
            term.code.startswith("ICD10CM:") and local.startswith(SKIPPED_CHAPTERS)
        ):
            continue
        for part in title_parts(term.name):
            for system in PART_SYSTEMS:
                codes = index.get(surface_key(part), {}).get(system, set())
                parent = next(iter(codes)) if len(codes) == 1 else term.code
                if parent != term.code and parent not in term.parents:
                    term.parents.append(parent)
                    added += 1
    return added


_GROUP = re.compile(
    r"^(?:(?:other|certain)\s+)?(?:(?P<head>diseases|disorders|injuries|infections)\s+(?:of|to)\s+"
    r"(?:the\s+)?(?P<of>.+)|(?P<kind>.+?)\s+(?P<tail>diseases|disorders|injuries|defects))$",
    re.IGNORECASE,
)
_SINGULAR = {
    "diseases": "disease",
    "disorders": "disorder",
    "injuries": "injury",
    "infections": "infection",
    "defects": "defect",
}
# heads that name the class alone: "Infections of kidney in pregnancy" are infections, whatever
# the site ("diseases" alone names no concept a criterion means)
_CLASS_HEADS = frozenset({"infection"})


def group_names(title: str) -> list[str]:
    """The singular names of the class a group's title names: "Other diseases of the respiratory
    system" -> "respiratory system disease", "disease of respiratory system", ... "Ischemic heart
    diseases" -> "ischemic heart disease", ...; "Other coagulation defects" -> "coagulation defect";
    "Infections of kidney in pregnancy" -> ..., and "infection" alone; [] for a title of another
    shape."""
    found = _GROUP.match(title.strip())
    if found is None:
        return []
    if found.group("of"):
        what, head = found.group("of"), _SINGULAR[found.group("head").lower()]
        heads = (head,) if head not in ("disease", "disorder") else ("disease", "disorder")
        alone = [head] if head in _CLASS_HEADS else []
        return [n for h in heads for n in (f"{what} {h}", f"{h} of {what}")] + alone
    what, head = found.group("kind"), _SINGULAR[found.group("tail").lower()]
    heads = (head,) if head not in ("disease", "disorder") else ("disease", "disorder")
    return [f"{what} {h}" for h in heads]


def group_parents(terms: list[Term], index: dict[str, dict[str, set[str]]]) -> int:
    """Give each ICD-10-CM code titled for a class the concepts its singular name names exactly (one
    in a system) as parents; returns how many edges were added."""
    added = 0
    for term in terms:
        if term.code.partition(":")[2].startswith(SKIPPED_CHAPTERS):
            continue
        for name in group_names(term.name):
            for codes in index.get(surface_key(name), {}).values():
                parent = next(iter(codes))
                if len(codes) == 1 and parent not in term.parents and parent not in term.xrefs:
                    term.parents.append(parent)
                    added += 1
    return added


# an HPO grouping of phenotypes of an organ ("Abnormality of the liver", "Abnormal lung
# morphology"), and a disease of the organ ("Disorder of liver", "movement disorder")
_ABNORMALITY = re.compile(r"^abnormal(?:ity)?\b", re.IGNORECASE)
_DISEASE = re.compile(r"\b(?:disorders?|diseases?)\b", re.IGNORECASE)


def abnormality_parents(groups: dict[str, list[Term]]) -> int:
    """An HPO term grouping the phenotypes of an organ is no disease of it: "Abnormality of the
    liver" holds hepatomegaly, jaundice and (HPO's biliary system below the liver) gallstones, so
    as the same concept as SNOMED CT's 235856003 |Disorder of liver| it made a record of R16.0
    hepatomegaly or K80.20 gallstones a liver disease, and "Abnormality of the cardiovascular
    system" made syncope (R55) a cardiovascular disease, against ICD-10-CM, which keeps symptoms
    (chapter 18) and gallbladder disorders (K80-K87) apart from the organ's diseases. Such a
    cross-code to a condition named a disorder or a disease becomes a parent edge (the disease is
    one kind of the abnormality); returns how many were turned."""
    abnormal = {t.code: t for t in groups.get("hpo", ()) if _ABNORMALITY.match(t.name)}
    listed = defaultdict(set)  # the abnormalities that list each code as a cross-code
    for term in abnormal.values():
        for code in term.xrefs:
            listed[code].add(term.code)
    turned = 0
    for other in (t for name in ("mondo", "snomed") for t in groups.get(name, ())):
        if other.type != "condition" or not _DISEASE.search(other.name):
            continue
        for code in sorted(listed[other.code] | (set(other.xrefs) & abnormal.keys())):
            term = abnormal[code]
            term.xrefs = [x for x in term.xrefs if x != other.code]
            other.xrefs = [x for x in other.xrefs if x != code]
            other.parents.append(code)
            turned += 1
    return turned


def take_hpo_snomed(hpo: list[Term]) -> dict[str, list[str]]:
    """HPO's own SNOMED CT cross-references, taken off its terms (`place_hpo_snomed` puts back the
    exact ones once the cross-codes by name are known)."""
    given = {}
    for term in hpo:
        snomed = [x for x in term.xrefs if x.startswith("SNOMED:")]
        if snomed:
            given[term.code] = snomed
            term.xrefs = [x for x in term.xrefs if not x.startswith("SNOMED:")]
    return given


def place_hpo_snomed(groups: dict[str, list[Term]], given: dict[str, list[str]]) -> None:
    """HPO's SNOMED CT cross-references back as equivalences where exact: one-to-one (the term
    lists one, no other term lists it) or the same name. Of a term's several, the others are mostly
    narrower ("Osteopetrosis" lists "Infantile malignant osteopetrosis"): the SNOMED CT concept
    falls under the term, unless a name already makes it another concept of its own (MONDO's
    "peripheral vascular disease", which "Peripheral arterial stenosis" also lists, is no
    stenosis); a code outside the Global Patient Set is left out. A name is the same when it is one
    of the term's, or the same single word with another ending ("Obese" of "Obesity")."""
    index = {t.code: t for terms in groups.values() for t in terms}
    listing: dict[str, int] = defaultdict(int)
    for snomed in given.values():
        for code in snomed:
            listing[code] += 1
    for code, snomed in sorted(given.items()):
        term = index[code]
        names = {surface_key(n) for n in (term.name, *term.aliases)}
        for other in snomed:
            target = index.get(other)
            if (len(snomed) == 1 and listing[other] == 1) or (
                target is not None and _same_word(surface_key(target.name), names)
            ):
                term.xrefs.append(other)
            elif target is not None and not any(x.startswith("MONDO:") for x in target.xrefs):
                target.parents.append(code)


def _same_word(name: str, names: set[str]) -> bool:
    """Whether `name` is one of `names`, or a single word that differs from a single word among
    them only after all but the last letter of the shorter ("obese", "obesity"; "anemic",
    "anemia"), the adjective of a noun."""
    if name in names:
        return True
    if " " in name:
        return False
    for other in names:
        if " " in other:
            continue
        shorter = min(len(name), len(other))
        if shorter >= 5 and name[: shorter - 1] == other[: shorter - 1]:
            return True
    return False


def inclusion_parent(term: Term, other: Term, key: str) -> bool:
    """Whether `term`'s name `key` is only an inclusion term of the ICD-10-CM code `other` (not
    its title): then `other` is made a parent of `term`, and `True` says the edge took the place of
    a cross-code."""
    if _system(other.code) != "ICD10CM" or key == surface_key(other.name):
        return False
    if other.code not in term.parents:
        term.parents.append(other.code)
    return True
