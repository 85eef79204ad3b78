"""Run the bundled SPARQL questions (``queries/*.rq``) or a user's file on the embedded store.

Each ``.rq`` file starts with ``#`` comment lines: the first states the question in plain English.
Results come back as rows of strings with IRIs shown as CURIEs, in the order the query sorts them.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from bbao import paths
from bbao.errors import BBAOError
from bbao.prefixes import compress

OUTPUT_FORMATS = ("table", "tsv", "csv", "json")


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    question: str
    text: str


def _question(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines[:1]) if lines else ""


def bundled() -> dict[str, Query]:
    """The bundled queries by name (file name without ``.rq``)."""
    out = {}
    for path in sorted(paths.queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = Query(path.stem, path, _question(text), text)
    return out


def resolve(name_or_file: str) -> Query:
    """A bundled query by name, or a ``.rq`` file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise BBAOError(f"not UTF-8 text ({exc.reason})", file=path) from exc
        return Query(path.stem, path, _question(text), text)
    queries = bundled()
    if name_or_file in queries:
        return queries[name_or_file]
    raise BBAOError(f"unknown query {name_or_file!r}; bundled queries: {', '.join(queries)}")


def _show(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compress(term.value)
    if isinstance(term, (pyoxigraph.Literal, pyoxigraph.BlankNode)):
        return term.value
    return str(term)


def run(query: Query, store: pyoxigraph.Store) -> tuple[list[str], list[list[str]]]:
    """Evaluate ``query`` over the union of the store's graphs; returns (columns, rows)."""
    try:
        result = store.query(query.text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise BBAOError(f"SPARQL syntax error: {exc}", file=query.path) from exc
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise BBAOError("only SELECT queries are supported", file=query.path)
    columns = [v.value for v in result.variables]
    rows = [[_show(solution[c]) for c in columns] for solution in result]
    return columns, rows


def format_rows(columns: list[str], rows: list[list[str]], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1)
    if fmt in ("tsv", "csv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    cut = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cut(v, w).ljust(w) for v, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
