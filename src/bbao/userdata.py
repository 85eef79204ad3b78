"""Users' RDF files, read strictly, by every command that reads them (``validate``, ``conflicts``,
``query --data`` on every engine, ``diff``, ``report FILE``): the one reader of BBAO.

The syntax comes from ``--format`` or the extension (both as :mod:`bbao.artifacts` names them), and
Oxigraph's parsers read the file; they never fetch anything (no owl:imports, no remote JSON-LD context,
no XML external entity). On top of them, this reader refuses what would otherwise be read wrongly or
silently dropped, each time naming the file, and the line where the parser or the text gives one:

- a relative IRI (Turtle ``<x>`` without ``@base``, RDF/XML ``rdf:about="x"`` without ``xml:base``,
  JSON-LD ``"@id": "x"`` without ``@base``): there is no base to resolve it against (the file's location is
  no identifier), and JSON-LD would drop the node without a word;
- a CURIE of a prefix BBAO knows (:data:`bbao.prefixes.PREFIX_MAP`) written where an IRI belongs
  (``<GO:0001649>``, ``"@id": "GO:0001649"``): every parser takes it for an absolute IRI of scheme ``GO``;
- a JSON-LD key or ``@type`` that its ``@context`` does not define (JSON-LD would drop it without a word;
  a nested ``"@context": null`` clears this check with every other definition);
- a JSON-LD ``@context`` given by reference (a URL or a file name): nothing is fetched, so inline it;
- an RDF 1.2 triple term, which no engine but Oxigraph reads.

A UTF-8 byte-order mark at the start of a file is skipped (Oxigraph's Turtle and N-Triples parsers refuse
it). Each file is summed up (:class:`Reading`: triples, claims); on a terminal (``progress``) a bar counts
the triples and a line says what was read, and that the file holds no claim when it holds none.

Triples come out as Oxigraph triples (:func:`user_triples`), into an rdflib Graph (:func:`read_rdf`, terms
converted by :func:`bbao.rdfterms.from_oxigraph`) or into an Oxigraph store (:func:`load_into`)."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

import pyoxigraph
from rdflib import Graph
from rdflib.namespace import RDF

from bbao.artifacts import SYNTAXES, syntax_of
from bbao.errors import BBAOError, Problem
from bbao.model import CLAIM_CLASS
from bbao.prefixes import CONVERTER, PREFIX_MAP
from bbao.progress import counting, interruptible, step
from bbao.rdfterms import from_oxigraph, to_oxigraph

__all__ = ["RELATIVE_BASE", "UNDEFINED_VOCAB", "Reading", "checked_format", "load_into", "quiet_ill_typed_literals",
           "read_rdf", "user_triples"]

#: The base IRI a JSON-LD file is read with, so that a relative IRI comes out resolved against it and can be
#: refused (read without a base, Oxigraph's JSON-LD parser drops a relative IRI, and the node with it).
#: The scheme is no registered URI scheme: no absolute IRI of a user's file starts with it.
RELATIVE_BASE: Final = "bbao-relative-iri:/"
#: The ``@vocab`` a JSON-LD file is read under (its own ``@vocab`` and terms take precedence), so that a key
#: or type its context does not define comes out under it and can be refused (JSON-LD drops it).
UNDEFINED_VOCAB: Final = "bbao-undefined-term:"
_RELATIVE_SCHEME: Final = RELATIVE_BASE.split(":", 1)[0]
_UNDEFINED_SCHEME: Final = UNDEFINED_VOCAB.split(":", 1)[0]
#: A JSON-LD file is read as the ``@graph`` of this wrapper, on the file's first line (its lines keep their
#: numbers): the wrapper's context holds :data:`UNDEFINED_VOCAB`, the file's own context is applied on top.
_JSONLD_HEAD: Final = b'{"@context": {"@vocab": "' + UNDEFINED_VOCAB.encode() + b'"}, "@graph": '
_JSONLD_TAIL: Final = b"}"
#: The first bytes of a file that starts with a UTF-8 byte-order mark.
_BOM: Final = b"\xef\xbb\xbf"
#: How many bad IRIs one error lists (a file written with a wrong convention has thousands).
_MAX_PROBLEMS: Final = 20
_RDF_TYPE: Final = to_oxigraph(RDF.type)
_CLAIM: Final = to_oxigraph(CLAIM_CLASS)
#: Oxigraph's prefix of a syntax error's message: the position, which the Problem carries instead.
_POSITION: Final = re.compile(
    r"^Parser error (?:at line \d+ (?:between columns \d+ and \d+|column \d+)|between line \d+ column \d+ and line \d+ "
    r"column \d+): ")
_RELATIVE_XML: Final = re.compile(r"error while parsing IRI '(.*)': No scheme found in an absolute IRI")
_NO_SCHEME: Final = "No scheme found in an absolute IRI"
#: The syntaxes with a ``@base`` directive (the others take absolute IRIs only).
_WITH_BASE: Final = (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.TRIG, pyoxigraph.RdfFormat.N3)
_REMOTE_CONTEXT: Final = "LoadDocumentCallback"


@dataclass
class Reading:
    """What was read from one user's file: its name, syntax (Oxigraph's name, ``Turtle``), how many triples
    and how many claims (subjects typed ``BBAO:0000001`` 'brain-bone axis claim',
    :data:`bbao.model.CLAIM_CLASS`). Filled while the triples are read; ``str()`` is the summary line.

    >>> str(Reading("lab.ttl", "Turtle", triples=10, claims=1))
    'read lab.ttl (Turtle): 10 triples, 1 claim'
    >>> str(Reading("classes.ttl", "Turtle", triples=1))
    'read classes.ttl (Turtle): 1 triple, no claim (no subject typed BBAO:0000001 brain-bone axis claim)'
    """

    name: str
    syntax: str
    triples: int = 0
    claims: int = 0

    def __str__(self) -> str:
        triples = f"{self.triples} triple{'' if self.triples == 1 else 's'}"
        if not self.claims:
            return f"read {self.name} ({self.syntax}): {triples}, no claim (no subject typed BBAO:0000001 " \
                   "brain-bone axis claim)"
        return f"read {self.name} ({self.syntax}): {triples}, {self.claims} claim{'' if self.claims == 1 else 's'}"


def _is_obographs(path: Path) -> bool:
    """Whether ``path`` starts as an OBO Graphs JSON document does (``{"graphs": [``), reading its first 4 KiB."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    except OSError:
        return False
    return re.match(r'\{\s*"graphs"\s*:\s*\[', head) is not None and '"@context"' not in head


def checked_format(path: Path, fmt: str | None) -> pyoxigraph.RdfFormat:
    """The Oxigraph format of a user's file: ``fmt`` (a key of :data:`bbao.artifacts.SYNTAXES`, the
    ``--format`` values) when given, else the syntax of the file's extension
    (:func:`bbao.artifacts.syntax_of`), after the checks that need no parsing.

    Raises :class:`BBAOError` naming the file for a folder, an unknown ``fmt``, an extension that is no RDF
    syntax, a missing file, an empty one, or an OBO Graphs JSON document (``bbao.json``: JSON, not JSON-LD)."""
    if path.is_dir():
        raise BBAOError("a folder, not a file: name the RDF files in it", file=path)
    rdf_format = _format(path, fmt)
    if rdf_format == pyoxigraph.RdfFormat.JSON_LD and _is_obographs(path):
        raise BBAOError("an OBO Graphs JSON document (as bbao.json is), not JSON-LD: it holds no RDF to read; give "
                        "an RDF file (bbao.owl, bbao.ttl, bbao.nt or bbao.jsonld for BBAO itself)", file=path)
    if not path.is_file():
        raise BBAOError("file not found", file=path)
    if path.stat().st_size == 0:
        raise BBAOError("empty file: no RDF in it", file=path)
    return rdf_format


def _format(path: Path, fmt: str | None) -> pyoxigraph.RdfFormat:
    """The Oxigraph format of ``fmt``, else of ``path``'s extension (see :func:`checked_format`)."""
    if fmt is not None:
        if fmt not in SYNTAXES:
            raise BBAOError(f"unknown format {fmt!r} (choose {', '.join(SYNTAXES)})", file=path)
        return SYNTAXES[fmt].oxigraph
    try:
        return syntax_of(path).oxigraph
    except BBAOError as exc:
        known = sorted(suffix for s in SYNTAXES.values() for suffix in s.suffixes)
        raise BBAOError(
            f"cannot tell the RDF syntax from the extension {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(known)} or pass --format", file=path) from exc


def user_triples(path: Path, fmt: str | None, *, progress: bool = False, reading: Reading | None = None,
                 data: bytes | None = None) -> Iterator[pyoxigraph.Triple]:
    """The triples of a user's file (syntax: :func:`checked_format`), read strictly (see the module: no
    relative IRI, no CURIE for an IRI, no undefined JSON-LD term, no remote JSON-LD context, no triple term;
    nothing fetched). Named graphs are merged into one graph; blank node labels are the file's, so a reader
    of several files must keep them apart, as :func:`read_rdf` does with its tag. ``data``: the bytes to
    read instead of the file, ``path`` then only names them (and gives the syntax). ``reading``: filled with
    the counts as the triples are read. With ``progress``, a bar counts them on standard error and a
    summary line (:class:`Reading`) follows.

    Raises :class:`BBAOError` naming the file and, where known, the line and column: a syntax error, a
    relative IRI, a CURIE used as an IRI (with its expansion), an undefined JSON-LD term, a JSON-LD context
    given by reference, an RDF 1.2 triple term; naming the file when it is unreadable or holds no triple.
    No triple is yielded after a refused IRI, and the error comes once the whole file is read (listing up to
    20 IRIs)."""
    rdf_format = _format(path, fmt) if data is not None else checked_format(path, fmt)
    reading = reading if reading is not None else Reading(path.name, rdf_format.name)
    reading.name, reading.syntax = path.name, rdf_format.name
    base = RELATIVE_BASE if rdf_format == pyoxigraph.RdfFormat.JSON_LD else None
    bad: dict[str, str] = {}  # refused IRI -> its scheme
    claims: set[pyoxigraph.NamedNode | pyoxigraph.BlankNode] = set()
    checked: set[pyoxigraph.NamedNode] = set()  # predicates and datatypes: few, each checked once

    def refused(iri: str) -> bool:
        scheme = iri[:iri.find(":")]
        if scheme in PREFIX_MAP or scheme == _RELATIVE_SCHEME or scheme == _UNDEFINED_SCHEME:
            if len(bad) <= _MAX_PROBLEMS:
                bad.setdefault(iri, scheme)
            return True
        return False

    try:
        with _opened(path, data, rdf_format) as source:
            quads = pyoxigraph.parse(source, format=rdf_format, base_iri=base)
            for quad in counting(quads, f"reading {path.name}", progress):
                reading.triples += 1
                subject, predicate, obj = quad.subject, quad.predicate, quad.object
                kind = type(obj)
                if kind is pyoxigraph.Triple or type(subject) is pyoxigraph.Triple:
                    raise BBAOError(f"triple {reading.triples} holds an RDF 1.2 triple term, which BBAO does not "
                                    "read", file=path)
                # the scheme of each IRI (a literal's datatype too): a known CURIE prefix or the relative base
                failed = type(subject) is pyoxigraph.NamedNode and refused(subject.value)
                if predicate not in checked:
                    failed |= refused(predicate.value)
                    checked.add(predicate)
                if kind is pyoxigraph.NamedNode:
                    failed |= refused(obj.value)
                elif kind is pyoxigraph.Literal and obj.datatype not in checked:
                    failed |= refused(obj.datatype.value)
                    checked.add(obj.datatype)
                if predicate == _RDF_TYPE and obj == _CLAIM:
                    claims.add(subject)
                if not (failed or bad):
                    yield quad.triple
    except SyntaxError as exc:
        raise _syntax_error(path, data, rdf_format, exc) from exc
    except MemoryError as exc:  # Oxigraph's parsers hold at most 16 MiB of one token (a literal, a line)
        raise BBAOError(f"a literal or token after triple {reading.triples} is longer than the {rdf_format.name} "
                        f"reader takes ({exc}): split the text or keep it out of the file", file=path) from exc
    except (OSError, ValueError) as exc:
        raise BBAOError(f"unreadable {rdf_format.name}: {exc}", file=path) from exc
    reading.claims = len(claims)
    if bad:
        text = _text(path, data)
        problems = [_bad_iri(path, text, iri, scheme) for iri, scheme in list(bad.items())[:_MAX_PROBLEMS]]
        if len(bad) > _MAX_PROBLEMS:
            problems.append(Problem(str(path), f"... and more such IRIs (the first {_MAX_PROBLEMS} are listed)"))
        raise BBAOError(problems)
    if reading.triples == 0:
        raise BBAOError("no triples in the file", file=path)
    if progress:
        print(reading, file=sys.stderr, flush=True)


@contextmanager
def _opened(path: Path, data: bytes | None, rdf_format: pyoxigraph.RdfFormat) -> Iterator[bytes | IO[bytes]]:
    """What Oxigraph parses: ``data``, else the file, past a UTF-8 byte-order mark in either; a JSON-LD
    document inside the ``@graph`` of a wrapper (:data:`UNDEFINED_VOCAB`)."""
    if rdf_format == pyoxigraph.RdfFormat.JSON_LD:
        yield _JSONLD_HEAD + (data if data is not None else path.read_bytes()).removeprefix(_BOM) + _JSONLD_TAIL
        return
    if data is not None:
        yield data.removeprefix(_BOM)
        return
    with path.open("rb") as stream:
        if stream.read(len(_BOM)) != _BOM:
            stream.seek(0)
        yield stream


def _text(path: Path, data: bytes | None) -> str:
    """The text of the file (or of ``data``), for pointing at a line; empty when it cannot be read."""
    try:
        raw = data if data is not None else path.read_bytes()
    except OSError:
        return ""
    return raw.decode("utf-8-sig", "replace")


def _line_of(text: str, needles: tuple[str, ...]) -> int | None:
    """The first line (1-based) of ``text`` holding any of ``needles``, or ``None``."""
    for number, line in enumerate(text.splitlines(), 1):
        if any(needle in line for needle in needles):
            return number
    return None


def _bad_iri(path: Path, text: str, iri: str, scheme: str) -> Problem:
    """The problem of an IRI the reader refuses: a relative IRI resolved against :data:`RELATIVE_BASE`, a
    JSON-LD key or type put under :data:`UNDEFINED_VOCAB`, or a CURIE of a known prefix; the line is the first
    one of ``text`` (the file's) holding it as written."""
    if scheme == _UNDEFINED_SCHEME:
        term = iri.removeprefix(UNDEFINED_VOCAB)
        return Problem(str(path), f"{term!r} is no IRI and the @context does not define it (JSON-LD would drop "
                                  "it): define it in the @context, set @vocab, or write the IRI in full",
                       line=_line_of(text, (f'"{term}"',)))
    if scheme == _RELATIVE_SCHEME:
        written = iri.removeprefix(RELATIVE_BASE)
        return Problem(str(path), f"relative IRI {written!r}: there is no base to resolve it against (JSON-LD "
                                  "would drop it); write the IRI in full (https://...) or set @base in the @context",
                       line=_line_of(text, (f'"{written}"',)))
    expansion = CONVERTER.expand(iri)
    hint = f"expand it ({expansion})" if expansion else f"expand it with the prefix {scheme}: {PREFIX_MAP[scheme]}"
    return Problem(str(path), f"CURIE used as an IRI: {iri!r} is read as an IRI of scheme {scheme!r}; {hint}",
                   line=_line_of(text, (f"<{iri}>", f'"{iri}"', f"'{iri}'")))


def _syntax_error(path: Path, data: bytes | None, rdf_format: pyoxigraph.RdfFormat, exc: SyntaxError) -> BBAOError:
    """The :class:`BBAOError` of a parser's SyntaxError: position as line and column, and plain words for a
    relative IRI and a JSON-LD context given by reference."""
    message = _POSITION.sub("", exc.msg or str(exc))
    line, column = exc.lineno, exc.offset
    if rdf_format == pyoxigraph.RdfFormat.JSON_LD and line == 1 and column is not None:
        column = max(1, column - len(_JSONLD_HEAD))  # the wrapper stands on the first line
    if message == _NO_SCHEME and line is not None and column is not None and exc.end_offset:
        lines = _text(path, data).splitlines()
        written = lines[line - 1][column - 1:exc.end_offset - 1] if line <= len(lines) else ""
        way_out = "or declare @base" if rdf_format in _WITH_BASE else f"{rdf_format.name} takes absolute IRIs only"
        return BBAOError([Problem(str(path), f"relative IRI {written}: there is no base to resolve it against; "
                                             f"write the IRI in full (https://...) {way_out}", line, column)])
    relative = _RELATIVE_XML.search(message)
    if relative:
        written = relative.group(1)
        return BBAOError([Problem(
            str(path), f"relative IRI {written!r}: there is no base to resolve it against; write the IRI in full "
                       "(https://...) or set xml:base on the root element",
            line=_line_of(_text(path, data), (f'"{written}"', f"'{written}'", f'"{written.lstrip("#")}"')))])
    if _REMOTE_CONTEXT in message:
        return _remote_context(path, data)
    return BBAOError([Problem(str(path), f"invalid {rdf_format.name}: {message}", line, column)])


def _remote_context(path: Path, data: bytes | None) -> BBAOError:
    """The error for a JSON-LD file whose ``@context`` (or a context's ``@import``) is a reference, which
    would have to be fetched: each reference named with its line."""
    text = _text(path, data)
    references: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str) and item not in references:
                            references.append(item)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    try:
        walk(json.loads(text))
    except ValueError:
        pass
    advice = ("BBAO fetches nothing and reads no other file: put the context in the file as a JSON object "
              "(BBAO's prefixes: ontology/bbao.context.jsonld)")
    if not references:
        return BBAOError(f"the JSON-LD @context is given by reference; {advice}", file=path)
    return BBAOError([Problem(str(path), f"the JSON-LD @context {ref!r} is a reference, not fetched; {advice}",
                              line=_line_of(text, (f'"{ref}"',))) for ref in references])


def read_rdf(path: Path, fmt: str | None = None, graph: Graph | None = None, tag: str = "u", *,
             progress: bool = False, reading: Reading | None = None, data: bytes | None = None) -> Graph:
    """Parse a user's RDF file strictly (:func:`user_triples`, which says what ``reading`` and ``data``
    are) into ``graph`` (default: a new Graph) and return it; raises :class:`BBAOError` naming file and
    line. With ``progress``, a bar counts the triples read and a summary follows (on a terminal only).
    Blank nodes are prefixed with ``tag`` so that two files' ``_:b0`` stay two nodes. A literal whose text
    does not fit its datatype (an XML literal that is no XML, ``"x"^^xsd:integer``) is kept as it is, for
    the shapes to report, without rdflib's warning (:func:`quiet_ill_typed_literals`)."""
    graph = graph if graph is not None else Graph()
    with quiet_ill_typed_literals():
        for triple in user_triples(path, fmt, progress=progress, reading=reading, data=data):
            graph.add((from_oxigraph(triple.subject, tag), from_oxigraph(triple.predicate, tag),
                       from_oxigraph(triple.object, tag)))
    return graph


def load_into(store: pyoxigraph.Store, path: Path, fmt: str | None, graph: pyoxigraph.NamedNode | None = None, *,
              progress: bool = False, data: bytes | None = None) -> Reading:
    """Read a user's file strictly (:func:`user_triples`, which says what ``data`` is) into ``store``, in
    named graph ``graph`` (default: the default graph), and return what was read. Its blank nodes get fresh
    names in the store (Oxigraph's ``bulk_load`` gives them), so they never meet another file's. With
    ``progress``, on a terminal, a bar counts the triples, a summary follows, then the time the store took
    to load them.

    The checked triples are handed to the store as N-Triples (serialized by Oxigraph, held in memory until
    loaded): measured on 100k triples, faster than adding them one by one as Python objects.
    Raises :class:`BBAOError` as :func:`user_triples` does, before the store changes."""
    reading = Reading(path.name, "")
    text = pyoxigraph.serialize(
        user_triples(path, fmt, progress=progress, reading=reading, data=data),
        format=pyoxigraph.RdfFormat.N_TRIPLES)
    with step(f"loading {path.name} into the store", progress):
        interruptible(lambda: store.bulk_load(text, format=pyoxigraph.RdfFormat.N_TRIPLES,
                                              to_graph=graph or pyoxigraph.DefaultGraph()))
    return reading


class _IllTypedLiteral(logging.Filter):
    """Drops rdflib's warning (with a traceback) that a literal's text does not fit its datatype."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")


@contextmanager
def quiet_ill_typed_literals() -> Iterator[None]:
    """Within the block, rdflib builds a literal whose text does not fit its datatype without logging a
    warning and a traceback: the literal is kept (``ill_typed``), and the SHACL shapes report it as data
    (``sh:datatype``). Source of the warning: ``rdflib.term._castLexicalToPython`` (rdflib 7)."""
    logger = logging.getLogger("rdflib.term")
    quiet = _IllTypedLiteral()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
