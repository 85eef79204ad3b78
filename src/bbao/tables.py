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

__all__ = ["TABLE_FORMATS", "format_table"]

#: The output formats of every command that prints rows.
TABLE_FORMATS: Final = ("table", "tsv", "csv", "json")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "table", *,
                 max_width: int | None = None, footer: str | None = None) -> str:
    """``rows`` (lists of cell texts, one per column) under ``columns``, as ``fmt``.

    ``table``: columns padded to their widest cell (cut with "…" beyond ``max_width`` characters), a rule
    under the header, the last column unpadded, then ``footer`` when given. ``tsv``/``csv``: a header row,
    written by :mod:`csv` (a cell with the delimiter, a quote or a line break is quoted). ``json``: a list
    of objects keyed by column. No trailing line break.

    Raises :class:`ValueError` for another ``fmt``, a row whose length differs from ``columns``, or a
    ``max_width`` under 1."""
    for number, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise ValueError(f"row {number} has {len(row)} cells for {len(columns)} columns")
    if max_width is not None and max_width < 1:
        raise ValueError(f"max_width must be at least 1, not {max_width}")
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False, indent=1)
    if fmt in ("tsv", "csv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown table format {fmt!r} (choose {', '.join(TABLE_FORMATS)})")
    cap = max_width if max_width is not None else 1 << 30
    widths = [min(cap, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(_cut(v, w).ljust(w) for v, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(columns), line(["-" * w for w in widths])]
    lines += [line(row) for row in rows]
    if footer is not None:
        lines.append(footer)
    return "\n".join(lines)
