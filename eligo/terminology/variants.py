"""Other spellings of a name as prose writes it, for `linker.find`: the vocabularies hold one
spelling of a name, criteria write it in others.

A word n-gram of a criterion that is no alias is tried again, only ever by exact alias, as

* its last word singular: "mental illnesses" is mental illness, "neoplasms" neoplasm;
* before a class noun of disorders (`data/mention_words.jsonl`, `class_heads`), a word derived
  another way with the same meaning (`derivations`): "drug dependency" is drug dependence,
  "pancreatic disease" pancreas disease ("renal" and "kidney", "hepatic" and "liver", "cardiac"
  and "heart" name the same organ there; "abnormal kidney function test" stays a test, whose
  value the criterion gives);
* its head put last, where such a head opens a phrase with "of": "diseases of the pancreas" is
  pancreas disease, "abuse of alcohol" alcohol abuse.

Nothing here guesses: a form that is no alias of the store names nothing, and the linker keeps its
other checks (generic words, short names, roots of a hierarchy) for every form.
"""

from __future__ import annotations

from functools import lru_cache

from eligo.datafiles import word_values, words

_DATA = ("eligo.terminology.data", "mention_words.jsonl")
_ARTICLES = frozenset({"the", "a", "an"})
MAX_INVERTED = 3  # words of a name after "of": "diseases of the central nervous system"


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """A plural noun's singular by its ending ("allergies", "wounds"); other words as they are
    (remembered for the process: the linker asks again for every n-gram a word ends)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]  # "illnesses", "abscesses"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _derivations() -> dict[str, tuple[str, ...]]:
    """Each word with the words derived from it that mean the same in a name
    (`derivations`, both ways: "renal" and "kidney")."""
    pairs = word_values(_DATA[0], "derivations", _DATA[1])
    found: dict[str, list[str]] = {}
    for word, other in pairs.items():
        found.setdefault(word, []).append(str(other))
        found.setdefault(str(other), []).append(word)
    return {word: tuple(others) for word, others in found.items()}


@lru_cache(maxsize=1)
def _class_heads() -> frozenset[str]:
    """Head nouns of a class of disorders: a criterion puts them before "of" and the name of what
    they head after it, and an organ's adjective and noun are one before them."""
    return frozenset(words(_DATA[0], "class_heads", _DATA[1]))


@lru_cache(maxsize=16384)
def word_forms(key: str, prefix: bool = False) -> tuple[str, ...]:
    """The keys of an n-gram's other spellings: the last word singular, then, where the n-gram
    ends in a class noun of disorders (`class_heads`: "renal disease", not "renal function test")
    or is the `prefix` of a longer one, each word (of the singular form too) derived another way,
    one word at a time. Remembered for the process: a batch's n-grams repeat, and the linker asks
    for each key once as a prefix and once as a whole."""
    found = [key]
    parts = key.split(" ")
    plural = singular(parts[-1])
    if plural != parts[-1]:
        found.append(" ".join([*parts[:-1], plural]))
    if not prefix and plural not in _class_heads():
        return tuple(found[1:])
    for form in list(found):
        parts = form.split(" ")
        for at, word in enumerate(parts):
            found += [
                " ".join([*parts[:at], other, *parts[at + 1 :]])
                for other in _derivations().get(word, ())
            ]
    return tuple(f for f in dict.fromkeys(found) if f != key)


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    """Words before a head that leave it unmodified (`openers`: "history of diseases of the
    liver", "alcohol or abuse of drugs")."""
    return frozenset(words(_DATA[0], "openers", _DATA[1]))


def inversions(keys: list[str]) -> dict[tuple[int, int], list[str]]:
    """For a text's word keys, the phrases "<head> of [the] <name>" (a head of `class_heads`,
    a name of up to `MAX_INVERTED` words) by their first and last word, each with the keys of
    "<name> <head>" and its other spellings (the head singular, the name's last word as written
    and singular)."""
    found: dict[tuple[int, int], list[str]] = {}
    for at in range(1, len(keys) - 1):
        if keys[at] != "of" or singular(keys[at - 1]) not in _class_heads():
            continue
        if at > 1 and keys[at - 2] not in _openers():
            continue  # "squamous cell cancers of the skin": the head has its own modifiers
        first = at + 2 if keys[at + 1] in _ARTICLES else at + 1
        for last in range(first, min(len(keys), first + MAX_INVERTED)):
            head = singular(keys[at - 1])
            names = [
                " ".join([*keys[first:last], word, head])
                for word in dict.fromkeys([keys[last], singular(keys[last])])
            ]  # "abuse of drugs" is drug abuse
            found[(at - 1, last)] = [f for name in names for f in [name, *word_forms(name)]]
    return found
