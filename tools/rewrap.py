"""Moves the package to ruff's line length of 100 in one go, for the lead to run once after the
parallel branches are merged (reformatting while they are open would make every one of them
conflict).

    python tools/rewrap.py [--limit 100] [PATH ...]        (default PATH: eligo)

It sets `line-length` in pyproject.toml, drops the `[tool.ruff.format]` exclusions, runs `ruff
format`, and then rewraps what the formatter leaves long: blocks of full-line comments (re-flowed at
their indentation), trailing comments (moved above their line), prose paragraphs of docstrings (not
lists, tables, code or doctests) and string literals (split into implicitly concatenated pieces, in
parentheses where they stand outside brackets); it puts back the `# noqa` pragmas the formatter
moved. The lines it still cannot fix are listed, then the modules longer than the guard rail's 400
lines. Running it again changes nothing. Standard library and ruff only.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400  # tests/test_guard_rails.py
_PRAGMA = re.compile(r"#\s*(?:noqa|type:|fmt:|pragma|pyright:|mypy:|ruff:)")
_LIST_ITEM = re.compile(r"^(?:[-*+•]\s|\d+[.)]\s|\(?[a-z0-9]\)\s|>>>|\.\.\.|\|)")
_STRING_PREFIX = re.compile(r"^([rRbBuUfF]{0,2})('''|\"\"\"|'|\")")


# --- pyproject.toml ---------------------------------------------------------------


def configure(pyproject: Path, limit: int) -> bool:
    """Sets `line-length = limit` under [tool.ruff] and removes the [tool.ruff.format] `exclude`
    list (with the section and its comment when nothing else is left in it). Whether the file
    changed."""
    text = pyproject.read_text(encoding="utf-8")
    new = re.sub(
        r"(?m)^(\[tool\.ruff\]\n(?:(?!\[).*\n)*?)line-length = \d+",
        rf"\g<1>line-length = {limit}",
        text,
    )
    section = re.search(r"(?m)^\[tool\.ruff\.format\]\n((?:(?!\[).*\n)*)", new)
    if section is not None:
        body = re.sub(r"(?m)^exclude = \[[^\]]*\]\n", "", section.group(1))
        if body.strip():
            new = new[: section.start(1)] + body + new[section.end(1) :]
        # the section held only the exclusions: it goes, with the comment lines right above it
        else:
            start = section.start()
            lines = new[:start].split("\n")[:-1]
            while lines and lines[-1].startswith("#"):
                lines.pop()
            new = "\n".join(lines) + "\n" + new[section.end() :].lstrip("\n")
    if new != text:
        pyproject.write_text(new, encoding="utf-8")
    return new != text


# --- what ruff finds ---------------------------------------------------------------


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def long_lines(paths: list[str], limit: int) -> dict[Path, list[int]]:
    """File -> the 1-based rows ruff's E501 reports at `limit`."""
    run = ruff(
        "check",
        "--no-cache",
        "--select",
        "E501",
        "--line-length",
        str(limit),
        "--output-format",
        "json",
        *paths,
    )
    found: dict[Path, list[int]] = {}
    for item in json.loads(run.stdout or "[]"):
        found.setdefault(Path(item["filename"]), []).append(item["location"]["row"])
    return found


# --- comments ---------------------------------------------------------------------


def _comment_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) row ranges (0-based) of consecutive full-line comments at one indentation."""
    blocks, start = [], None
    for i, line in enumerate([*lines, ""]):
        stripped = line.lstrip()
        is_comment = (
            stripped.startswith("#")
            and not stripped.startswith("#!")
            and not _PRAGMA.match(stripped)
        )
        if start is not None and (not is_comment or _indent(line) != _indent(lines[start])):
            blocks.append((start, i))
            start = None
        if is_comment and start is None:
            start = i
    return blocks


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _fill(words: list[str], first: str, rest: str, limit: int) -> list[str]:
    wrapper = textwrap.TextWrapper(
        width=limit,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.wrap(" ".join(words)) if words else [first.rstrip()]


def rewrap_comments(lines: list[str], rows: set[int], limit: int) -> list[str]:
    """Re-flows each long paragraph of a comment block that has a row in `rows` (0-based). A
    paragraph is a run of comment lines; an empty `#` line or an indented one (code, a table) ends
    it, a list item starts one (its lines re-flowed under its text)."""
    out = list(lines)
    for start, end in reversed(_comment_blocks(lines)):
        if not any(start <= r < end for r in rows):
            continue
        indent = _indent(lines[start])
        runs: list[list[int]] = []  # runs of rows: a paragraph, or one row kept as it is
        for row in range(start, end):
            body = lines[row].strip()[1:]
            text = body[1:] if body.startswith(" ") else body
            if not text.strip() or text.startswith(" ") or text.lstrip().startswith("|"):
                runs.append([row])
                runs.append([])
            elif _LIST_ITEM.match(text) or not runs or not runs[-1]:
                runs.append([row])
            else:
                runs[-1].append(row)
        new: list[str] = []
        for run in runs:
            if not run:
                continue
            texts = [lines[r].strip()[1:] for r in run]
            prose = all(t.strip() and not t[1:].startswith(" ") and "|" not in t[:3] for t in texts)
            if not prose or not any(r in rows for r in run):
                new += [lines[r] for r in run]
                continue
            words = " ".join(texts).split()
            hanging = " " * (len(words[0]) + 1) if _LIST_ITEM.match(texts[0].strip()) else ""
            new += _fill(words, f"{indent}# ", f"{indent}# {hanging}", limit)
        out[start:end] = new
    return out


def move_trailing_comments(source: str, rows: set[int]) -> str:
    """Moves a trailing comment (not a pragma) of a row in `rows` (1-based) to its own line above
    the statement's first line of that row, at that row's indentation."""
    lines = source.splitlines(keepends=True)
    moves: dict[int, str] = {}
    inside: set[int] = (
        set()
    )  # rows a multi-line string goes on into: no line can be put before them
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            row, col = tok.start
            inside.update(range(row + 1, tok.end[0] + 1) if tok.type == tokenize.STRING else ())
            if (
                tok.type == tokenize.COMMENT
                and row in rows
                and lines[row - 1][:col].strip()
                and not _PRAGMA.match(tok.string)
            ):
                moves[row] = tok.string
    except (tokenize.TokenError, SyntaxError):
        return source
    for row in sorted(moves, reverse=True):
        line = lines[row - 1]
        code = line[: line.rindex(moves[row])].rstrip()
        if (
            code.endswith("\\")
            or row in inside
            or (row > 1 and lines[row - 2].rstrip().endswith("\\"))
        ):
            continue
        lines[row - 1] = code + "\n"
        lines.insert(row - 1, _indent(line) + moves[row] + "\n")
    return "".join(lines)


# --- docstrings ---------------------------------------------------------------------


def _docstrings(tree: ast.AST) -> list[ast.Constant]:
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.append(first.value)
    return found


def _prose(paragraph: list[str], indent: str) -> bool:
    """A paragraph of plain sentences: no list item, table, doctest, code block or literal block."""
    for line in paragraph:
        text = line.strip()
        if _LIST_ITEM.match(text) or text.startswith(("```", ":", "..")) or text.endswith("::"):
            return False
        if line.strip() and _indent(line) != indent and line is not paragraph[0]:
            return False
    return True


def rewrap_docstrings(source: str, rows: set[int], limit: int) -> str:
    """Re-flows the prose paragraphs of each docstring that has a row in `rows` (1-based)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.splitlines(keepends=True)
    for node in sorted(_docstrings(tree), key=lambda n: n.lineno, reverse=True):
        first, last = node.lineno, node.end_lineno or node.lineno
        if not any(first <= r <= last for r in rows):
            continue
        text = "".join(lines[first - 1 : last])
        opening = _STRING_PREFIX.match(text.lstrip())
        if (
            opening is None
            or not text.startswith(_indent(text) + opening.group(0))
            or len(opening.group(2)) != 3
            or not text.rstrip().endswith(opening.group(2))
        ):
            continue
        indent = _indent(lines[first - 1])
        block = text.rstrip("\n").split("\n")
        lead = indent + opening.group(0)
        if text[len(lead) :].startswith(
            " "
        ):  # the formatter's space before a docstring's opening quote
            lead += " "
        block[0] = block[0][len(lead) :]
        quote = opening.group(2)
        block[-1] = block[-1][: len(block[-1].rstrip()) - len(quote)]
        paragraphs: list[list[str]] = [[]]
        for line in block:
            if line.strip():
                paragraphs[-1].append(line)
            else:
                paragraphs.append([])
        new: list[str] = []
        for index, paragraph in enumerate(paragraphs):
            if index > 0:
                new.append("")  # the blank line between paragraphs
            if not paragraph:
                continue
            opens, closes = index == 0, index == len(paragraphs) - 1
            body = [indent + paragraph[0] if opens else paragraph[0], *paragraph[1:]]
            widths = [len(line) for line in body]
            widths[0] += len(lead) - len(indent) if opens else 0
            widths[-1] += len(quote) if closes else 0
            long = max(widths) > limit
            if not long or not _prose(body, indent):
                new += body
                continue
            words = " ".join(body).split()
            if closes and block[-1].strip():
                words[-1] += quote  # the closing quotes stay on the last line, counted in its width
            filled = _fill(words, lead if opens else indent, indent, limit)
            if opens:
                filled[0] = filled[0][len(lead) :]
            if closes and block[-1].strip():
                filled[-1] = filled[-1][: -len(quote)]
            new += [line.rstrip() for line in filled]
        new[0] = lead + new[0].lstrip() if paragraphs[0] else lead
        new[-1] = (
            new[-1] + quote
            if block[-1].strip()
            else (new[-1] if new[-1].strip() else indent) + quote
        )
        lines[first - 1 : last] = [line + "\n" for line in new]
    return "".join(lines)


# --- string literals ----------------------------------------------------------------


def _cut_points(body: str, raw: bool, fstring: bool) -> tuple[list[int], list[int]]:
    """Offsets in a one-line string literal's body where it may be cut (never inside an escape
    sequence or an f-string's replacement field, never just after a backslash): those after a space,
    and all."""
    spaced: list[int] = []
    anywhere: list[int] = []
    depth, i = 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            following = body[i + 1 : i + 2]
            if raw or following not in "xuUN01234567" or not following:
                i += 2
            elif following == "N":
                i = body.index("}", i) + 1 if "}" in body[i:] else len(body)
            else:
                digits = {"x": 2, "u": 4, "U": 8}.get(following)
                i += (
                    2 + digits
                    if digits
                    else 1 + len(re.match(r"[0-7]{1,3}", body[i + 1 :]).group())
                )
        elif fstring and body.startswith(("{{", "}}"), i):
            i += 2
        else:
            depth += {"{": 1, "}": -1}.get(char, 0) if fstring else 0
            i += 1
        if depth == 0 and 0 < i < len(body):
            anywhere.append(i)
            if body[i - 1] == " ":
                spaced.append(i)
    return spaced, anywhere


def _pieces(body: str, width: int, raw: bool, fstring: bool) -> list[str] | None:
    """`body` cut into pieces of at most `width` characters: after a space where there is one, else
    between the alternatives or groups of a pattern ("a|b", "(?:"), else anywhere it may be cut."""
    spaced, anywhere = _cut_points(body, raw, fstring)
    grouping = [c for c in anywhere if body[c] in "|(" or body[c - 1] in "|)"]
    pieces, start = [], 0
    while len(body) - start > width:
        near = [c for c in spaced if start + width // 2 < c <= start + width]
        near = near or [c for c in grouping if start + width // 2 < c <= start + width]
        fitting = near or [c for c in anywhere if start < c <= start + width]
        if not fitting:
            return None
        pieces.append(body[start : fitting[-1]])
        start = fitting[-1]
    return [*pieces, body[start:]]


def split_strings(source: str, rows: set[int], limit: int) -> str:
    """Splits each one-line, non-docstring string literal on a row in `rows` (1-based) that makes
    the row long into implicitly concatenated pieces, one a line; outside brackets the pieces get
    parentheses."""
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, tokenize.TokenError):
        return source
    docs = {(n.lineno, n.col_offset) for n in _docstrings(tree)}
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    depth = 0
    for tok in tokens:
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        row, col = tok.start
        if (
            tok.type != tokenize.STRING
            or row not in rows
            or tok.end[0] != row
            or (row, col) in docs
        ):
            continue
        if len(lines[row - 1].rstrip("\n")) <= limit:
            continue
        opening = _STRING_PREFIX.match(tok.string)
        if opening is None or len(opening.group(2)) == 3 or "b" in opening.group(1).lower():
            continue
        prefix, quote = opening.groups()
        body = tok.string[len(prefix) + 1 : -1]
        indent = _indent(lines[row - 1]) + "    "
        # the formatter leaves the first piece where the literal starts, the others at `indent`
        width = limit - max(len(indent), col if col < limit // 2 else 0) - len(prefix) - 2 - 2
        pieces = _pieces(body, width, "r" in prefix.lower(), "f" in prefix.lower())
        if pieces is None or len(pieces) < 2:
            continue
        parts = [f"{prefix}{quote}{piece}{quote}" for piece in pieces]
        if "f" in prefix.lower():  # a piece without a replacement field needs no f
            bare = prefix.replace("f", "").replace("F", "")
            parts = [
                p if "{" in piece or "}" in piece else f"{bare}{quote}{piece}{quote}"
                for p, piece in zip(parts, pieces)
            ]
        joined = ("\n" + indent).join(parts)
        text = (
            joined if depth > 0 else "(\n" + indent + joined + "\n" + _indent(lines[row - 1]) + ")"
        )
        edits.append((row, col, tok.end[1], text))
    for row, start, end, text in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + text + line[end:]
    return "".join(lines)


# --- pragmas ------------------------------------------------------------------------


def restore_pragmas(paths: list[str]) -> int:
    """Puts back each `# noqa` the formatter moved off the row of its violation (a statement split
    over lines keeps its trailing comment on its last line): the violations ruff reports now, other
    than line length, are those. How many rows it changed."""
    run = ruff("check", "--no-cache", "--ignore", "E501", "--output-format", "json", *paths)
    found: dict[Path, list[tuple[int, str]]] = {}
    for item in json.loads(run.stdout or "[]"):
        found.setdefault(Path(item["filename"]), []).append((item["location"]["row"], item["code"]))
    changed = 0
    for path, violations in found.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        tree = ast.parse("\n".join(lines))
        ends = {
            n.lineno: n.end_lineno or n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt)
        }
        for row, code in sorted(violations):
            last = max((end for start, end in ends.items() if start <= row <= end), default=row)
            pragma = f"# noqa: {code}"
            for other in range(row, last + 1):
                match = re.search(rf"\s*#\s*noqa:[^#]*\b{code}\b.*$", lines[other - 1])
                if match is not None and other != row:
                    pragma = match.group().strip()
                    lines[other - 1] = lines[other - 1][: match.start()]
                    break
            if "noqa" not in lines[row - 1]:
                lines[row - 1] += "  " + pragma
                changed += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def regenerate_schema() -> bool:
    """Writes the published JSON Schema of the rules anew, as `eligo schema -o` does: it carries the
    AST's docstrings, line breaks and all. Whether it changed."""
    target = ROOT / "eligo" / "grammar" / "eligo-rules-1.schema.json"
    code = (
        "import sys; from eligo.grammar.schema import schema_text; sys.stdout.write(schema_text())"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0 or not target.is_file():
        print(f"the JSON Schema was not regenerated: {run.stderr[-500:]}", file=sys.stderr)
        return False
    changed = target.read_text(encoding="utf-8") != run.stdout
    target.write_text(run.stdout, encoding="utf-8")
    return changed


# --- the run ------------------------------------------------------------------------


def _apply(paths: list[str], limit: int, fix) -> int:
    """Runs `fix(source, rows)` on each file with long rows; how many files changed."""
    changed = 0
    for path, rows in long_lines(paths, limit).items():
        source = path.read_text(encoding="utf-8")
        new = fix(source, set(rows))
        if new == source:
            continue
        try:
            ast.parse(new)
        except SyntaxError as error:  # a bug of this script: the file is left as it was, and said
            print(
                f"{path.relative_to(ROOT)}: not rewrapped, the result would not parse ({error})",
                file=sys.stderr,
            )
            continue
        path.write_text(new, encoding="utf-8")
        changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths", nargs="*", default=["eligo"], help="files or folders, relative to the repository"
    )
    parser.add_argument("--limit", type=int, default=100, help="the line length (default 100)")
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not (ROOT / p).exists()]
    if missing:
        print(f"rewrap: no such path in {ROOT}: {', '.join(missing)}", file=sys.stderr)
        return 2
    if configure(ROOT / "pyproject.toml", args.limit):
        print(f"pyproject.toml: line-length {args.limit}, no format exclusions")
    limit = args.limit
    steps = [
        ("trailing comments", lambda s, r: move_trailing_comments(s, r)),
        (
            "comment blocks",
            lambda s, r: "".join(
                f + "\n" for f in rewrap_comments(s.split("\n")[:-1], {x - 1 for x in r}, limit)
            ),
        ),
        ("docstrings", lambda s, r: rewrap_docstrings(s, r, limit)),
        ("string literals", lambda s, r: split_strings(s, r, limit)),
    ]
    for _ in range(2):  # a second round for what the formatter moved after the first
        formatted = ruff("format", "--no-cache", *args.paths)
        if formatted.returncode != 0:
            print(formatted.stderr, file=sys.stderr)
            return 1
        for name, fix in steps:
            changed = _apply(args.paths, limit, fix)
            if changed:
                print(f"{name}: {changed} files rewrapped")
    ruff("format", "--no-cache", *args.paths)
    restored = restore_pragmas(args.paths)
    if restored:
        print(f"noqa pragmas: {restored} put back on the rows of their violations")
    if regenerate_schema():
        print(
            "eligo/grammar/eligo-rules-1.schema.json: regenerated (it quotes the AST's docstrings)"
        )
    remaining = long_lines(args.paths, limit)
    count = sum(len(rows) for rows in remaining.values())
    for path, rows in sorted(remaining.items()):
        for row in rows:
            print(f"{path.relative_to(ROOT)}:{row}: longer than {limit} columns")
    print(f"{count} lines longer than {limit} columns remain")
    too_long = [
        (p, n)
        for folder in args.paths
        for p in sorted((ROOT / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    for path, lines in too_long:
        print(f"{path.relative_to(ROOT)}: {lines} lines (more than {MAX_MODULE_LINES})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
