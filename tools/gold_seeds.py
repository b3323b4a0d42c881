"""Hand-curated gold for the seed protocols: quotes and fields typed from reading the texts."""
import json
from pathlib import Path

from eligo.annotations import Annotations

ROOT = Path(__file__).resolve().parents[1]
P = f"{ROOT}/corpus/protocols/"; G = f"{ROOT}/corpus/gold/"

def at(text, quote, nth=0, after=0):
    idx = -1; start = after
    for _ in range(nth + 1):
        idx = text.index(quote, start); start = idx + 1
    return [idx, idx + len(quote)]

def write(name, doc):
    a = Annotations.model_validate(doc)
    text = open(P + name, encoding="utf-8-sig", newline="").read()
    assert not a.span_errors(text), a.span_errors(text)
    open(G + name.replace(".txt", ".json"), "w").write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")

# --- seed 000 -------------------------------------------------------------------
name = "000_0f814b264ca6570a.txt"; t = open(P + name, encoding="utf-8-sig", newline="").read()
headings = {"Combined diseases and medical history", "Tumor related symptoms and treatment", "Research treatment related"}
criteria = []; kind = None; n = {"inclusion": 0, "exclusion": 0}
lines = t.split("\n"); offset = 0; pending = None
for i, line in enumerate(lines):
    if line.startswith("Inclusion Criteria"): kind = "inclusion"
    elif line.startswith("Exclusion Criteria"): kind = "exclusion"
    elif kind and line.startswith("- ") and line[2:] not in headings:
        n[kind] += 1
        start = offset + 2; end = offset + len(line)
        if i + 1 < len(lines) and lines[i + 1] and not lines[i + 1].startswith("- ") and not lines[i + 1].endswith(":"):  # the wrapped last criterion
            end = offset + len(line) + 1 + len(lines[i + 1])
        criteria.append({"id": ("I" if kind == "inclusion" else "E") + str(n[kind]), "kind": kind, "span": [start, end], "text": t[start:end]})
    offset += len(line) + 1
ids = {c["id"]: c for c in criteria}
def crit_of(span):
    return next(c["id"] for c in criteria if c["span"][0] <= span[0] and span[1] <= c["span"][1])
def thr(quote, op, value, unit, concept, nth=0):
    s = at(t, quote, nth); return {"criterion": crit_of(s), "span": s, "text": quote, "concept": concept, "op": op, "value": value, "unit": unit}
def win(quote, op, value, unit, relation, anchor):
    s = at(t, quote); return {"criterion": crit_of(s), "span": s, "text": quote, "op": op, "value": value, "unit": unit, "relation": relation, "anchor": anchor}
thresholds = [
    thr("Age: 18-75 years", ">=", 18, "a", "age"), thr("Age: 18-75 years", "<=", 75, "a", "age"),
    thr("Eastern Cooperative Oncology Group Performance Status (ECOG PS) score: 0-1", ">=", 0, None, "ecog"),
    thr("Eastern Cooperative Oncology Group Performance Status (ECOG PS) score: 0-1", "<=", 1, None, "ecog"),
    thr("at least one measurable lesion", ">=", 1, None, "measurable lesion"),
    thr("above Common Terminology Criteria (CTC) AE grade 1", ">", 1, None, "ctcae grade"),
    thr("≥ CTC AE grade 2", ">=", 2, None, "ctcae grade"),
    thr("urinary protein ≥++", ">=", "++", None, "urine protein"),
    thr("24-hour urinary protein quantification>1.0 g", ">", 1.0, "g/(24.h)", "urine protein 24h"),
]
windows = [
    win("greater than 12 months", ">", 12, "mo", "before", "discovery of recurrence/metastasis"),
    win("within the past 5 years of randomization", "<=", 5, "a", "before", "randomization"),
    win("within 4 weeks prior to randomization", "<=", 4, "wk", "before", "randomization"),
    win("within 6 months prior to the first administration", "<=", 6, "mo", "before", "first administration"),
    win("within 14 days before the start of treatment", "<=", 14, "d", "before", "start of treatment"),
    win("within 3 months prior to the first administration", "<=", 3, "mo", "before", "first administration"),
    win("within 3 weeks prior to the start of study treatment", "<=", 3, "wk", "before", "start of study treatment"),
    win("within 2 weeks prior to the start of study treatment", "<=", 2, "wk", "before", "start of study treatment"),
    win("within 2 weeks before the start of the study treatment", "<=", 2, "wk", "before", "start of the study treatment"),
    win("within 4 weeks before the start of the research treatment", "<=", 4, "wk", "before", "start of the research treatment"),
]
ignored = [{"span": at(t, "HER2 positive"), "text": "HER2 positive", "ignore": True}, {"span": at(t, "HIV positivity"), "text": "HIV positivity", "ignore": True}]
write(name, {"format": "eligo-gold/1", "document": name, "annotated": ["criteria", "thresholds", "windows", "endpoints", "interventions"],
             "criteria": criteria, "thresholds": thresholds + ignored, "windows": windows, "endpoints": [], "interventions": []})
print(name, n, len(thresholds), len(windows))

# --- record layout seeds ------------------------------------------------------------
def endpoints_of(t, line_index, kind, specs):
    lines = t.split("\n"); start = sum(len(l) + 1 for l in lines[:line_index]); line = lines[line_index]
    out = []; pos = 0
    for measure, (name, abbr, frame_text, op, value, unit, anchor) in zip(line.split("|"), specs):
        s = start + pos + (len(measure) - len(measure.lstrip())); e = s + len(measure.strip())
        tf = None if frame_text is None else {"text": frame_text, "op": op, "value": value, "unit": unit, "anchor": anchor}
        assert frame_text is None or t[s:e].endswith(frame_text), (t[s:e], frame_text)
        out.append({"span": [s, e], "text": t[s:e], "kind": kind, "name": name, "abbreviation": abbr, "time_frame": tf})
        pos += len(measure) + 1
    assert len(out) == len(specs)
    return out

name = "001_59815f63e06642be.txt"; t = open(P + name, encoding="utf-8-sig", newline="").read()
up = lambda m: (f"Up to {m} months after study start", "<=", m, "mo", "study start")
eps = endpoints_of(t, 4, "primary", [("Objective response rate", None, "Up to 24 months after study start.", "<=", 24, "mo", "study start")])
eps += endpoints_of(t, 5, "secondary", [
    ("Progression-free survival", None, *up(36)), ("Duration of disease remission", None, *up(24)), ("Disease control rate", None, *up(24)),
    ("Clinical benefit rate", None, *up(24)), ("Overall survival", None, *up(48)), ("Incidence of adverse events", None, *up(36)),
    ("Anti-drug antibody", "ADA", "1 hour Before infusion on Cycle 1 Day1, Cycle 2 Day1, Cycle 4 Day1, Cycle 7 Day1, Cycle 12 Day1, and 30 days after the end of the last infusion. Each cycle is 21 days", None, None, None, None),
    ("HER2", None, *up(24)), ("circulating tumor DNA", "ctDNA", *up(24))])
s = at(t, "TQB2102", 0, t.index("DRUG:"))
interventions = [{"span": s, "text": "TQB2102", "name": "tqb2102", "dose": None, "route": None, "frequency": None, "days": None, "cycle": None}]
write(name, {"format": "eligo-gold/1", "document": name, "annotated": ["criteria", "thresholds", "windows", "endpoints", "interventions"],
             "criteria": [], "thresholds": [], "windows": [], "endpoints": eps, "interventions": interventions})
print(name, len(eps))

name = "002_8c8d6eab7ca31e48.txt"; t = open(P + name, encoding="utf-8-sig", newline="").read()
m18 = ("18 months", "<=", 18, "mo", None)
eps = endpoints_of(t, 6, "primary", [("Objective Response Rate", "ORR", *m18)])
eps += endpoints_of(t, 7, "secondary", [("Progression-Free Survival", "PFS", *m18), ("Disease Control Rate", "DCR", *m18), ("Duration of response", "DoR", *m18),
    ("Overall survival", "OS", *m18), ("Treatment-related Adverse Event-TRAE", None, "Until 28 days after the last dose of treatment", "<=", 28, "d", "last dose of treatment")])
u = "Utidelone Capsule: 60mg/m2/d, once daily, oral on an empty stomach, continuously administered for 1-5 days"
c = "Capecitabine tablets: 1000mg/m2, twice a day (daily dose 2000mg/m2), once in the morning and once in the evening, taken orally within 30 minutes after meals, and continuously administered for 14 days from day 1 to day 14"
interventions = [
    {"span": at(t, u), "text": u, "name": "utidelone", "dose": {"value": 60, "unit": "mg/m2/d"}, "route": "oral", "frequency": "QD", "days": [[1, 5]], "cycle": {"value": 21, "unit": "d"}},
    {"span": at(t, c), "text": c, "name": "capecitabine", "dose": {"value": 1000, "unit": "mg/m2"}, "route": "oral", "frequency": "BID", "days": [[1, 14]], "cycle": {"value": 21, "unit": "d"}},
]
write(name, {"format": "eligo-gold/1", "document": name, "annotated": ["criteria", "thresholds", "windows", "endpoints", "interventions"],
             "criteria": [], "thresholds": [], "windows": [], "endpoints": eps, "interventions": interventions})
print(name, len(eps))
