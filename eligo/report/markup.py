"""Protocol text as HTML: spans wrapped in elements, blocks inserted between lines.

Highlights may overlap without nesting (a threshold that starts inside a
mention and ends after it). HTML cannot cross elements, so an element closed
under another one is closed and reopened: it is then written in pieces that
share its `data-hl` number, and the pieces' text, joined, is still exactly
`text[start:end]`. Outer elements (criterion boxes) open first and are never
the ones split when they end.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Element:
    """`text[start:end]` wrapped in `<tag attrs>`; `attrs` on the first piece only, `repeat` on
    every piece."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    repeat: dict[str, str] = field(default_factory=dict)
    level: int = 0

    def open(self, first: bool) -> str:
        attrs = {**self.repeat, **(self.attrs if first else {"data-piece": "more"})}
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
        return f"<{self.tag}{rendered}>"

    def close(self) -> str:
        return f"</{self.tag}>"


def block_offsets(text: str, offsets: list[int], elements: list[Element]) -> list[int]:
    """Where a block about each offset goes: after the end of its line, outside every element."""
    merged: list[list[int]] = []
    for start, end in sorted((e.start, e.end) for e in elements if e.start < e.end):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _ in merged]
    placed = []
    for offset in offsets:
        at = text.find("\n", offset)
        while at != -1:
            index = bisect_right(starts, at) - 1
            if index < 0 or at >= merged[index][1]:
                break
            at = text.find("\n", merged[index][1])
        placed.append(len(text) if at == -1 else at + 1)
    return placed


def render(text: str, elements: list[Element], blocks: dict[int, list[str]] | None = None) -> str:
    """`text` escaped, with every element around its span and each block (ready HTML) at its
    offset."""
    blocks = blocks or {}
    starts: dict[int, list[Element]] = defaultdict(list)
    for element in elements:
        if element.start < element.end:
            starts[element.start].append(element)
    bounds = sorted({0, len(text), *starts, *(e.end for e in elements if e.start < e.end), *blocks})
    out: list[str] = []
    stack: list[Element] = []
    for here, after in zip(bounds, bounds[1:] + [None]):
        ending = [index for index, element in enumerate(stack) if element.end == here]
        if ending:
            reopened = [e for e in stack[ending[0] :] if e.end != here]
            out.extend(e.close() for e in reversed(stack[ending[0] :]))
            del stack[ending[0] :]
            for element in reopened:
                out.append(element.open(first=False))
                stack.append(element)
        out.extend(blocks.get(here, ()))
        for element in sorted(starts.get(here, ()), key=lambda e: (-e.end, e.level)):
            out.append(element.open(first=True))
            stack.append(element)
        if after is not None:
            out.append(escape(text[here:after], quote=False))
    out.extend(e.close() for e in reversed(stack))
    return "".join(out)
