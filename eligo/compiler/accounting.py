"""Coverage accounting: a criterion is compiled fully only when its rule accounts for every content
word.

The parser marks each criterion's content words (`facts.words`: not stop words,
punctuation or the function words of trial text). A word is accounted for when
it lies inside the span of an atom of the rule (a `has`, comparison, count,
window, filter or unresolved part), or inside a cue whose reading is the rule's
structure or its default: a condition, an exception, consent, judgement, or
"history of" (a `has` reads the whole record). A "current" or vague cue counts
only when an atom covers it ("active" as a status filter, "currently" as a
window at screening). A short bracket right after used words restates them
("hepatitis B virus (HBV)", "≥ 75 x 10^9/L (75,000/uL)") when it holds only
names, numbers and abbreviations: "(untreated)", "(chest wall)" say more. The words left over,
grouped into phrases (left-over words with no used word between them), each
become an `unresolved` part with their span, joined the way its syntactic
sibling is (`siblings.py`): a further alternative (`or`) when it is a conjunct
of the coordination holding compiled atoms, a further requirement (`and`) when
it modifies one. Nothing is lost silently.
"""

from __future__ import annotations

from eligo.compiler.atom_targets import Atoms, atom_at, negated_at
from eligo.compiler.exceptions import exception_ranges
from eligo.compiler.frames import named_definitions, present_words, reading_visit, use_frames
from eligo.compiler.index_events import index_events
from eligo.compiler.logic import both, either, narrowed, outside_condition, replaced
from eligo.compiler.names import concept_name, named_part
from eligo.compiler.parts import quote, relative, unresolved
from eligo.compiler.phrase_groups import grouped, ungrouped
from eligo.compiler.restatements import long_forms, restated_units, restatements
from eligo.compiler.shared_premodifiers import shared_premodifiers
from eligo.compiler.siblings import join_of
from eligo.compiler.view import CriterionView
from eligo.datafiles import patterns
from eligo.grammar import ast

READ_CUES = frozenset({"conditional", "exception", "consent", "judgement", "history"})
QUALIFYING = frozenset({"vague", "consent", "judgement"})  # unresolved: qualify an atom
_CUE = patterns("eligo.compiler.data", "accounting_cues.jsonl")


def _pointers(view: CriterionView) -> list[tuple[int, int]]:
    """Sentences and brackets that point elsewhere ("Further details are given in the protocol",
    "(see Appendix 6 for a more comprehensive list)"): they say where to read more, not what is
    required."""
    pieces = list(view.sentences) + [(a + 1, b) for a, b in view.brackets(0, len(view.text))]
    return [
        (a, b)
        for a, b in pieces
        if view.phrase_at("pointer", a + len(view.text[a:b]) - len(view.text[a:b].lstrip()))
    ]


def _atoms(view: CriterionView, rule: ast.Node) -> list[tuple[tuple[int, int], bool]]:
    """What the rule's atoms use, each with whether it names what the rule is about (a head: a
    mention, a comparison, an uncompiled item) rather than qualifies it (a window, a filter, a vague
    word). An unresolved part, a window, a filter, a comparison ("a negative pregnancy test", from
    the measure it names to its value) or an interval ("the time between the end of X and Y") uses
    all its words; a `has` or a count uses the facts it was built from (mentions, thresholds,
    windows inside its span), not the words between them ("two prior lines of endocrine therapy"
    uses no "lines"); an `except` uses the mentions of what it excepts, and an entity every mention
    of it (a repeated name means the same atom, but no atom stands there for a modifier to
    narrow)."""
    used: list[tuple[tuple[int, int], bool]] = []
    words = [relative(word, view.base) for word in view.facts.words]
    deciding: list[tuple[int, int]] = []
    excluded: set[str] = set()
    named: set[tuple[str, str]] = set()
    dating = {n.span for n in index_events(view, 0, view.sentences[-1][1])}  # it dates the rule
    entities: list[tuple[int, int]] = []
    for node in ast.walk(rule):
        if isinstance(node, ast.EntityRef):
            excluded.update(node.excluding)
            named.add((node.type, node.concept))
            if node.span is not None:
                entities.append(node.span)
        if isinstance(node, ast.Located) and node.span is not None:
            if isinstance(node, ast.Window):
                used.append((node.span, False))
            elif isinstance(
                node, ast.Filter
            ):  # a filter is part of its entity ("uncontrolled hypertension")
                used.append((node.span, True))
            elif isinstance(node, ast.Unresolved):
                used.append((node.span, node.reason not in QUALIFYING and node.span not in dating))
            elif isinstance(node, ast.Interval | ast.Compare | ast.InRange | ast.InSet):
                used.append((node.span, True))
                if not isinstance(node, ast.Interval):  # "Baseline BMI > 45": the latest value
                    when = view.ending("measured_when", 0, node.span[0])
                    used += [(when.span(), False)] if when else []
                    visit = reading_visit(view, node.span[1], words)  # "... at visit 1"
                    used += [(visit, False)] if visit else []
            else:
                deciding.append(node.span)
                if isinstance(node, ast.Count):  # "recurrent X" counted (pass `recurrences`)
                    cue = view.phrase_at("recurrence", node.span[0])
                    used += [(cue.span(), False)] if cue else []
    facts = [
        (named_part(view, f), True)
        for f in view.facts.mentions
        if concept_name(f.concept) in excluded
        or (f.type, concept_name(f.concept)) in named
        or any(a <= f.span[0] - view.base and f.span[1] - view.base <= b for a, b in entities)
    ]  # a mention inside an atom's span that no entity of the rule names or holds was dropped
    facts += [(relative(f.span, view.base), True) for f in view.facts.thresholds]
    facts += [(relative(f.span, view.base), False) for f in view.facts.windows]
    used += [(f, head) for f, head in facts if any(a <= f[0] and f[1] <= b for a, b in deciding)]
    used += [
        (relative(m.span, view.base), False)
        for m in view.facts.mentions
        if concept_name(m.concept) in excluded
    ]
    used += [
        (named_part(view, m), False)
        for m in view.facts.mentions
        if (m.type, concept_name(m.concept)) in named
    ]
    return used


def _premodifies(view: CriterionView, end: int, side: str | None, sibling: Neighbour) -> bool:
    """Whether the phrase ending at `end` stands right before the atom it modifies ("oral
    anticoagulants"), not tied to it by words ("psychosis related to dementia")."""
    return side == "after" and not view.text[end : sibling[0]].strip(" -")


def _written(window: ast.Window | None) -> bool:
    """Whether words say the window (a present use or state dated at screening by default has an
    empty span: "Insulin use for 12 months" has no time of its own before the length)."""
    return window is not None and (window.span is None or window.span[0] < window.span[1])


def _alternative_break(view: CriterionView, start: int, end: int) -> bool:
    """Whether ", or" outside brackets stands in [start, end) (inside one it lists a bracket's own
    items): a left-over phrase never runs across it ("at the screening visit, or chronic dialysis",
    "sterile or, practicing": the words of two alternatives)."""
    found = _CUE["alternative_break"].finditer(view.text, start, end)
    return any(not view.bracketed(m.start(), 0, len(view.text)) for m in found)


def leftovers(
    view: CriterionView, rule: ast.Node, atoms: list[tuple[tuple[int, int], bool]] | None = None
) -> list[tuple[int, int]]:
    """The phrases of content words no atom or read cue accounts for, in criterion coordinates
    (`atoms`: the rule's `_atoms`, when the caller has read them)."""
    atoms = _atoms(view, rule) if atoms is None else atoms
    used = [span for span, _ in atoms] + [
        (start, end) for cue, start, end in view.cue_spans if cue.category in READ_CUES
    ]
    used += [m.span() for m in view.phrases("instance")]  # the examples pass reads them
    used += [  # and the sequelae pass "X complications (...)"
        m.span()
        for a, _ in view.brackets(0, len(view.text))
        for m in [view.ending("sequela", 0, a)]
        if m
    ]
    used += view.optional_details()  # a preference requires nothing
    for kind in ("allowance", "preference"):  # a permission is the rule's structure (E207)
        used += [m.span() for m in view.phrases(kind)]
    used += _pointers(view)
    words = [relative(word, view.base) for word in view.facts.words]
    used += restatements(view, rule, used, words)
    used += restated_units(view, rule, used, words)
    forms = long_forms(view, used, words)
    used += forms
    used += use_frames(view, used, words, forms) + named_definitions(view, used, words)
    used += present_words(view, rule, words)
    found: list[tuple[int, int]] = []
    joining, last = False, 0
    for start, end in words:
        if any(a <= start and end <= b for a, b in used):
            joining = False
        elif (
            joining
            and not any(last <= a and b <= start for a, b in used)
            and not _alternative_break(view, last, start)
        ):
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
            joining = True
        last = end
    return found


Neighbour = tuple[
    int, bool, tuple[int, int]
]  # where the used words end (before) or start (after), whether a head, their span


def _neighbours(
    atoms: list[tuple[tuple[int, int], bool]], start: int, end: int
) -> tuple[Neighbour | None, Neighbour | None]:
    """The nearest used words before [start, end) and after it (a head first where two start or end
    together)."""
    before = max(
        ((b, head, (a, b)) for (a, b), head in atoms if b <= start),
        default=None,
        key=lambda x: (x[0], x[1]),
    )
    after = min(
        ((a, head, (a, b)) for (a, b), head in atoms if a >= end),
        default=None,
        key=lambda x: (x[0], not x[1]),
    )
    return before, after


def _qualified(
    view: CriterionView,
    atoms: list[tuple[tuple[int, int], bool]],
    end: int,
    after: Neighbour | None,
) -> Neighbour | None:
    """ "Moderate or severe asthma", "moderate to severe": a phrase coordinated with a qualifier
    right before an atom qualifies it too; the atom, or None."""
    if after is None or after[1] or not _CUE["joined"].fullmatch(view.text[end : after[0]]):
        return None
    stop = after[2][1]
    return next(
        (
            (a, True, (a, b))
            for (a, b), head in atoms
            if head and a >= stop and not view.text[stop:a].strip()
        ),
        None,
    )


def _first_names(
    view: CriterionView, sibling: tuple[int, int], start: int
) -> list[tuple[int, int]]:
    """ "Ongoing dialysis or dialysis is planned", "pregnancy, or planning a pregnancy": where the
    name at `sibling`, which the phrase at `start` modifies, was written before, behind "or". Only
    the same words repeat a name ("drug hypersensitivity, or allergic disease" are two
    alternatives' own words)."""
    mentions = [
        (relative(m.span, view.base), " ".join(m.text.lower().split())) for m in view.facts.mentions
    ]
    repeat = next((m for m in mentions if m[0][0] <= sibling[0] and sibling[1] <= m[0][1]), None)
    if repeat is None:
        return []
    stop = min(start, repeat[0][0])
    return [
        span
        for span, words in mentions
        if words == repeat[1]
        and span[1] <= stop
        and any(
            not view.bracketed(m.start(), 0, len(view.text))
            for m in _CUE["or"].finditer(view.text, span[1], stop)
        )
    ]


def account(view: CriterionView, rule: ast.Node) -> tuple[ast.Node, list[tuple[int, int]]]:
    """The rule with an unresolved part for each left-over phrase, joined as its sibling is (a
    modifier narrows the atom next to it), and those phrases; a word that opens a coordination
    narrows each member first ("ocular inflammation or infection": `shared_premodifiers`)."""
    rule = shared_premodifiers(view, rule)
    atoms = _atoms(view, rule)
    found = leftovers(view, rule, atoms)
    atoms = atoms + [
        ((start, end), False) for cue, start, end in view.cue_spans if cue.category in READ_CUES
    ]
    words = [relative(word, view.base) for word in view.facts.words]
    atoms += [
        (bracket, True) for bracket in restatements(view, rule, [span for span, _ in atoms], words)
    ]  # part of what they restate
    atoms += [(form, True) for form in long_forms(view, [span for span, _ in atoms], words)]
    vague = {
        n.span for n in ast.walk(rule) if isinstance(n, ast.Unresolved) and n.reason in QUALIFYING
    }
    seen_through = [
        (span, head) for span, head in atoms if span not in vague
    ]  # "suffering from significant X"
    exceptions = exception_ranges(view, 0, len(view.text))
    seen: dict[str, int] = {}
    narrowing: list[ast.Node] = []
    alternatives: list[ast.Node] = []
    Joined = list[tuple[ast.Node, tuple[int, int] | None]]  # a part, and the member it premodifies
    local: dict[int, tuple[ast.Node, Joined, Joined]] = {}
    read: dict[bool, Atoms] = {}  # the rule's candidate atoms: it does not change in this loop
    rule = grouped(rule)  # "Uncontrolled BP ≥ 170/100": both members narrowed
    for start, end in found:
        phrase = quote(view.text[start:end], 80)
        seen[phrase] = seen.get(phrase, 0) + 1
        again = (
            f" (occurrence {seen[phrase]})" if seen[phrase] > 1 else ""
        )  # equal parts would merge into one
        part = unresolved(
            "unsupported",
            f"{phrase!r}{again} is not compiled: no part of the rule uses it",
            (start, end),
        )
        before, after = _neighbours(seen_through, start, end)
        excepted = any(
            a <= start < b for a, b in exceptions
        )  # what an exception names is never an alternative
        qualified = _qualified(view, atoms, end, _neighbours(atoms, start, end)[1])
        if excepted:
            joined, side = "and", None
        elif qualified is not None:
            joined, side, after = "and", "after", qualified
        else:
            dated = atom_at(view, rule, before[2], read=read) if before is not None else None
            joined, side = join_of(
                view,
                start,
                end,
                before[:2] if before else None,
                after[:2] if after else None,
                view.exclusion,
                isinstance(dated, ast.Exists) and _written(dated.window),
            )
        # a modifier narrows its atom where that does not widen the rule; a conjunct joins the atom
        # it is listed with
        sibling = before if side == "before" else after if side == "after" else None
        target = (
            atom_at(view, rule, sibling[2], joined == "or", read) if sibling is not None else None
        )
        target = outside_condition(rule, target) if joined == "or" else target
        premodifier = sibling is not None and _premodifies(view, end, side, sibling)
        if target is None and joined == "and" and sibling is not None and premodifier:
            # "no oral anticoagulants": words right before the negated name, never its window
            target = negated_at(view, rule, (start, end), sibling[2], read) if sibling[1] else None
        if joined == "and" and target is not None and sibling is not None:
            # the repeat is an alternative of its own: what modifies it must not narrow the atom
            # its first occurrence built, so it is a further alternative of that atom
            first = [
                f
                for near in (before, after)
                if near is not None
                for f in _first_names(view, near[2], start)
            ]
            joined = (
                "or" if any(atom_at(view, rule, f, read=read) is target for f in first) else joined
            )
        if target is not None:
            _, modifiers, conjuncts = local.setdefault(id(target), (target, [], []))
            member = sibling[2] if joined == "and" and sibling is not None and premodifier else None
            (modifiers if joined == "and" else conjuncts).append((part, member))
        else:
            (alternatives if joined == "or" else narrowing).append(part)
    for target, modifiers, conjuncts in local.values():
        new = target
        for modifier, near in modifiers:  # "aspirin or oral anticoagulants": the member only
            new = narrowed(new, near, modifier)
        for conjunct, _ in conjuncts:  # "X with Y, or Z": (X and Y) or Z
            new = either(new, conjunct)
        rule = replaced(rule, target, new)
    for leftover in narrowing:
        rule = both(rule, leftover)
    rule = ungrouped(rule)
    for leftover in alternatives:
        rule = either(rule, leftover)
    return rule, found
