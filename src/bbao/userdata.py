"""Users' RDF files, read strictly: the format from ``--format`` or the extension, Oxigraph's parsers
(which never fetch anything: no owl:imports, no remote JSON-LD contexts, no XML external entities), and
errors that name the file and line. Validation and the query engines read user data through here:
as Oxigraph triples (:func:`user_triples`) or into an rdflib Graph (:func:`read_rdf`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef

from bbao.errors import BBAOError, Problem
from bbao.progress import counting

#: File extension -> Oxigraph format, for the RDF syntaxes users send.
EXTENSIONS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".xml": pyoxigraph.RdfFormat.RDF_XML,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
}
#: ``--format`` names -> Oxigraph format.
FORMAT_NAMES: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
}

def checked_format(path: Path, fmt: str | None) -> pyoxigraph.RdfFormat:
    """The Oxigraph format for a user's file, after the checks that need no parsing."""
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise BBAOError(f"unknown format {fmt!r} (choose {', '.join(FORMAT_NAMES)})", file=path)
    rdf_format = FORMAT_NAMES[fmt] if fmt else EXTENSIONS.get(path.suffix.lower())
    if rdf_format is None:
        raise BBAOError(
            f"cannot tell the RDF syntax from the extension {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(EXTENSIONS))} or pass --format", file=path)
    if not path.is_file():
        raise BBAOError("file not found", file=path)
    if path.stat().st_size == 0:
        raise BBAOError("empty file: no RDF in it", file=path)
    return rdf_format


def user_triples(path: Path, fmt: str | None, *, progress: bool = False) -> Iterator[pyoxigraph.Triple]:
    """The triples of a user's file, parsed strictly (named graphs are merged into one graph);
    raise :class:`BBAOError` naming file and line, or saying the file holds no triple."""
    rdf_format = checked_format(path, fmt)
    count = 0
    try:
        for quad in counting(pyoxigraph.parse(path=str(path), format=rdf_format), f"reading {path.name}", progress):
            count += 1
            yield quad.triple
    except SyntaxError as exc:
        message = exc.msg or str(exc)
        raise BBAOError([Problem(str(path), f"invalid {rdf_format.name}: {message}", line=getattr(exc, "lineno", None))]) from exc
    except (OSError, ValueError) as exc:
        raise BBAOError(f"unreadable {rdf_format.name}: {exc}", file=path) from exc
    if count == 0:
        raise BBAOError("no triples in the file", file=path)


def _term(term: object, prefix: str) -> URIRef | BNode | Literal:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(f"{prefix}{term.value}")
    assert isinstance(term, pyoxigraph.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # RDF 1.1: the same literal; rdflib tells them apart
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def read_rdf(path: Path, fmt: str | None = None, graph: Graph | None = None, tag: str = "u", *, progress: bool = False) -> Graph:
    """Parse a user's RDF file strictly into ``graph``; raise :class:`BBAOError` naming file and line.
    With ``progress``, a bar counts the triples read (on a terminal only). Blank nodes are prefixed
    with ``tag`` so that two files' ``_:b0`` stay two nodes."""
    graph = graph if graph is not None else Graph()
    for triple in user_triples(path, fmt, progress=progress):
        s, p, o = triple.subject, triple.predicate, triple.object
        graph.add((_term(s, tag), _term(p, tag), _term(o, tag)))  # type: ignore[arg-type]
    return graph
