"""Users' RDF files, read strictly: the syntax from ``--format`` or the extension (both as
:mod:`bbao.artifacts` names them), Oxigraph's parsers (which never fetch anything: no owl:imports, no remote
JSON-LD contexts, no XML external entities), and errors that name the file and line. Validation and the
query engines read user data through here: as Oxigraph triples (:func:`user_triples`) or into an rdflib
Graph (:func:`read_rdf`, terms converted by :func:`bbao.rdfterms.from_oxigraph`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from bbao.artifacts import SYNTAXES, syntax_of
from bbao.errors import BBAOError, Problem
from bbao.progress import counting
from bbao.rdfterms import from_oxigraph

__all__ = ["checked_format", "read_rdf", "user_triples"]


def checked_format(path: Path, fmt: str | None) -> pyoxigraph.RdfFormat:
    """The Oxigraph format of a user's file: ``fmt`` (a key of :data:`bbao.artifacts.SYNTAXES`, the
    ``--format`` values) when given, else the syntax of the file's extension
    (:func:`bbao.artifacts.syntax_of`), after the checks that need no parsing.

    Raises :class:`BBAOError` naming the file for an unknown ``fmt``, an extension that is no RDF syntax,
    a missing file or an empty one."""
    if fmt is not None:
        if fmt not in SYNTAXES:
            raise BBAOError(f"unknown format {fmt!r} (choose {', '.join(SYNTAXES)})", file=path)
        syntax = SYNTAXES[fmt]
    else:
        try:
            syntax = syntax_of(path)
        except BBAOError as exc:
            known = sorted(suffix for s in SYNTAXES.values() for suffix in s.suffixes)
            raise BBAOError(
                f"cannot tell the RDF syntax from the extension {path.suffix or '(none)'!r}; "
                f"use one of {', '.join(known)} or pass --format", file=path) from exc
    if not path.is_file():
        raise BBAOError("file not found", file=path)
    if path.stat().st_size == 0:
        raise BBAOError("empty file: no RDF in it", file=path)
    return syntax.oxigraph


def user_triples(path: Path, fmt: str | None, *, progress: bool = False) -> Iterator[pyoxigraph.Triple]:
    """The triples of a user's file (syntax: :func:`checked_format`), parsed strictly (named graphs are
    merged into one graph; blank node labels are the file's, so a reader of several files must keep them
    apart, as :func:`read_rdf` does with its tag). With ``progress``, a bar counts them on a terminal.

    Raises :class:`BBAOError` naming file and line for a syntax error, and naming the file when it is
    unreadable, holds no triple, or holds an RDF 1.2 triple term (which no engine but Oxigraph reads)."""
    rdf_format = checked_format(path, fmt)
    count = 0
    try:
        for quad in counting(pyoxigraph.parse(path=str(path), format=rdf_format), f"reading {path.name}", progress):
            count += 1
            triple = quad.triple
            if isinstance(triple.subject, pyoxigraph.Triple) or isinstance(triple.object, pyoxigraph.Triple):
                raise BBAOError(f"triple {count} holds an RDF 1.2 triple term, which BBAO does not read", file=path)
            yield triple
    except SyntaxError as exc:
        message = exc.msg or str(exc)
        raise BBAOError([Problem(str(path), f"invalid {rdf_format.name}: {message}",
                                 line=getattr(exc, "lineno", None))]) from exc
    except (OSError, ValueError) as exc:
        raise BBAOError(f"unreadable {rdf_format.name}: {exc}", file=path) from exc
    if count == 0:
        raise BBAOError("no triples in the file", file=path)


def read_rdf(path: Path, fmt: str | None = None, graph: Graph | None = None, tag: str = "u", *,
             progress: bool = False) -> Graph:
    """Parse a user's RDF file strictly (:func:`user_triples`) into ``graph`` (default: a new Graph) and
    return it; raises :class:`BBAOError` naming file and line. With ``progress``, a bar counts the triples
    read (on a terminal only). Blank nodes are prefixed with ``tag`` so that two files' ``_:b0`` stay two
    nodes."""
    graph = graph if graph is not None else Graph()
    for triple in user_triples(path, fmt, progress=progress):
        graph.add((from_oxigraph(triple.subject, tag), from_oxigraph(triple.predicate, tag),
                   from_oxigraph(triple.object, tag)))
    return graph
