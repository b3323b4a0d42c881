"""The regimen vocabulary (`data/regimens.jsonl`): routes, frequencies, dosage forms, dose units,
salts, drug-name suffixes, stop words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from eligo.datafiles import load_jsonl
from eligo.phrases import alternation

TermKind = Literal[
    "route",
    "frequency",
    "form",
    "dose_unit",
    "salt",
    "drug_suffix",
    "stop",
    "administration",
    "auxiliary",
]
_TRAILING_GLOSS = re.compile(r"\s*\([^()]{0,12}\)$")
_PARENTHESIS = re.compile(r"\s*[(\[][^()\[\]]{0,60}[)\]]")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|\d{2,}")
CODE_NAME = re.compile(r"[A-Z]{1,6}-?\d{2,}[A-Za-z0-9-]*|[A-Z]{2,6}")


class RegimenTerm(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: TermKind
    phrases: list[str]
    value: str | None = None
    case_sensitive: bool = False


class _Vocabulary:
    """A kind of term (routes, frequencies) as patterns, each match mapped to its value."""

    def __init__(self, terms: list[RegimenTerm]):
        self.values: dict[str, str] = {}
        self.patterns: list[re.Pattern] = []
        for sensitive in (False, True):
            chosen = [t for t in terms if t.case_sensitive is sensitive]
            if not chosen:
                continue
            for term in chosen:
                for phrase in term.phrases:
                    self.values[self._key(phrase, sensitive)] = term.value or ""
            pattern = rf"(?<![\w.])(?:{alternation(p for t in chosen for p in t.phrases)})(?![\w])"
            self.patterns.append(re.compile(pattern, 0 if sensitive else re.I))
        self._sensitive = [p.flags & re.I == 0 for p in self.patterns]

    @staticmethod
    def _key(text: str, sensitive: bool) -> str:
        key = " ".join(text.split())
        return key if sensitive else key.lower()

    def ending(self, text: str) -> int | None:
        """Where a term ending `text` starts ("... oral", "... intravenous (IV)"), or None."""
        tail = _TRAILING_GLOSS.sub("", text.rstrip())
        best = None
        for pattern in self.patterns:
            for match in pattern.finditer(tail, max(0, len(tail) - 30)):
                if match.end() == len(tail) and (best is None or match.start() < best):
                    best = match.start()
        return best

    def terms(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """Every term in text[start:end]: (value, start, end), in order of start."""
        found = [
            (self.values[self._key(match.group(), sensitive)], match.start(), match.end())
            for pattern, sensitive in zip(self.patterns, self._sensitive)
            for match in pattern.finditer(text, start, end)
        ]
        return sorted(found, key=lambda term: term[1])

    def first(
        self, text: str, start: int, end: int, skip: Iterable[tuple[int, int]] = ()
    ) -> tuple[str, int, int] | None:
        """The earliest term in text[start:end] outside the `skip` spans: (value, start, end)."""
        best = None
        for pattern, sensitive in zip(self.patterns, self._sensitive):
            for match in pattern.finditer(text, start, end):
                if any(a < match.end() and match.start() < b for a, b in skip):
                    continue
                if best is None or match.start() < best[1]:
                    best = (
                        self.values[self._key(match.group(), sensitive)],
                        match.start(),
                        match.end(),
                    )
                break
        return best


class RegimenVocabulary:
    """The regimen vocabulary of `data/regimens.jsonl`, compiled once."""

    def __init__(self, terms: list[RegimenTerm]):
        by_kind: dict[str, list[RegimenTerm]] = {}
        for term in terms:
            by_kind.setdefault(term.kind, []).append(term)
        self.routes = _Vocabulary(by_kind["route"])
        self.frequencies = _Vocabulary(by_kind["frequency"])
        forms = alternation(p for t in by_kind["form"] for p in t.phrases)
        self.trailing_form = re.compile(rf"(?:\s+(?:{forms}))+\s*$", re.I)
        self.leading_form = re.compile(rf"^\s*(?:{forms})\b\s*:?", re.I)
        self.form_after = re.compile(rf"\s*(?:{forms})\b", re.I)
        self.dose_units = frozenset(p for t in by_kind["dose_unit"] for p in t.phrases)
        self.salts = frozenset(p.lower() for t in by_kind["salt"] for p in t.phrases)
        self.stop = frozenset(p.lower() for t in by_kind["stop"] for p in t.phrases)
        self.administration = re.compile(
            r"(?<![\w-])(?:"
            rf"{alternation(p for t in by_kind['administration'] for p in t.phrases)})"
            r"(?![\w-])",
            re.I,
        )
        self.auxiliary = frozenset(p.lower() for t in by_kind["auxiliary"] for p in t.phrases)
        suffixes = alternation(p for t in by_kind["drug_suffix"] for p in t.phrases)
        self.drug_like = re.compile(rf"[a-z]{{2,}}(?:{suffixes})", re.I)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> RegimenVocabulary:
        return cls(load_jsonl("eligo.parser.data", "regimens.jsonl", RegimenTerm))

    def gives(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] opens with auxiliaries and a word of giving ("are given", "will
        be administered"): a passive that gives a drug, not one that reports on it."""
        for word in WORD.finditer(text, start, end):
            if word.group().lower() not in self.auxiliary:
                return self.administration.fullmatch(word.group()) is not None
        return False

    def is_drug_like(self, word: str) -> bool:
        return bool(self.drug_like.fullmatch(word)) or bool(
            CODE_NAME.fullmatch(word) and any(c.isdigit() for c in word)
        )

    def clean_name(self, text: str, start: int, end: int) -> tuple[int, int]:
        """[start, end) of a drug name as written, without a trailing dosage form or bracket."""
        piece = text[start:end]
        while True:
            aside = _PARENTHESIS.search(piece)
            trimmed = _PARENTHESIS.sub("", piece) if aside and aside.end() == len(piece) else piece
            trimmed = self.trailing_form.sub("", trimmed).rstrip(" ,:-")
            if trimmed == piece or not trimmed:
                break
            piece = trimmed
        return start, start + len(piece)
