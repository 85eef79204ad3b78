"""The one text-table formatter of the command line: aligned text, TSV, CSV or JSON.

>>> print(format_table(["a", "b"], [["x", "long value"]]))
a  b
-  ----------
x  long value
>>> format_table(["a"], [["x,y"]], "csv")
'a\\n"x,y"'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Final

__all__ = ["TABLE_FORMATS", "format_table", "read_tsv"]

#: The output formats of every command that prints rows.
TABLE_FORMATS: Final = ("table", "tsv", "csv", "json")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "table", *,
                 max_width: int | None = None, footer: str | None = None) -> str:
    """``rows`` (lists of cell texts, one per column) under ``columns``, as ``fmt``.

    ``table``: every column but the last padded to its widest cell (cut with "…" beyond ``max_width``
    characters), a rule under the header, then ``footer`` when given; a cell's own text is never trimmed.
    ``tsv``: a header row, cells separated by tabs, with a tab, line break, carriage return or backslash in
    a cell written ``\\t``, ``\\n``, ``\\r``, ``\\\\`` (as SPARQL 1.1's TSV results do), so a row is
    always one line; :func:`read_tsv` reads it back. ``csv``: RFC 4180, by :mod:`csv` (a cell with a comma,
    a quote or a line break is quoted). ``json``: a list of objects keyed by column. No trailing line break.

    Raises :class:`ValueError` for another ``fmt``, a row whose length differs from ``columns``, or a
    ``max_width`` under 1."""
    for number, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise ValueError(f"row {number} has {len(row)} cells for {len(columns)} columns")
    if max_width is not None and max_width < 1:
        raise ValueError(f"max_width must be at least 1, not {max_width}")
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=1)
    if fmt == "tsv":
        return "\n".join("\t".join(_escaped(cell) for cell in row) for row in [columns, *rows])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown table format {fmt!r} (choose {', '.join(TABLE_FORMATS)})")
    cap = max_width if max_width is not None else 1 << 30
    widths = [min(cap, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        *padded, last = (_cut(v, w) for v, w in zip(cells, widths, strict=True))
        text = "  ".join([*(v.ljust(w) for v, w in zip(padded, widths, strict=False)), last])
        return text if last else text.rstrip(" ")

    lines = [line(columns), line(["-" * w for w in widths])]
    lines += [line(row) for row in rows]
    if footer is not None:
        lines.append(footer)
    return "\n".join(lines)


_ESCAPES: Final = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES: Final = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _escaped(cell: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in cell) if any(ch in cell for ch in _ESCAPES) else cell


def _unescaped(cell: str) -> str:
    if "\\" not in cell:
        return cell
    out: list[str] = []
    chars = iter(cell)
    for ch in chars:
        if ch == "\\":
            following = next(chars, "")
            out.append(_UNESCAPES.get(following, "\\" + following))
        else:
            out.append(ch)
    return "".join(out)


def read_tsv(text: str) -> tuple[list[str], list[list[str]]]:
    """The columns and rows of a table written by :func:`format_table` as ``tsv`` (escapes undone).

    >>> read_tsv(format_table(["a", "b"], [["x\\ty", "2"]], "tsv"))
    (['a', 'b'], [['x\\ty', '2']])

    Raises :class:`ValueError` for an empty text or a row whose length differs from the header's."""
    lines = text.rstrip("\n").split("\n")
    if not lines or not lines[0]:
        raise ValueError("no header row")
    columns = [_unescaped(c) for c in lines[0].split("\t")]
    rows = [[_unescaped(c) for c in line.split("\t")] for line in lines[1:]]
    for number, row in enumerate(rows, 2):
        if len(row) != len(columns):
            raise ValueError(f"line {number} has {len(row)} cells for {len(columns)} columns")
    return columns, rows
