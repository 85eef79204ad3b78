"""SHACL validation of the ontology and of users' own data, with the shipped shapes.

Two engines run the same shapes: ``fast`` (pyshacl-turbo, a Rust engine with pySHACL's API; the
default) and ``pyshacl`` (the reference implementation). Tests hold them to identical results on the
shipped ontology, on every shape case and on generated data with injected errors; measured here on the
shipped ontology: 0.06 s against 11 s. The fast engine reads the data into rdflib-turbo's native
dataset (:func:`native_data`), which it validates in place; at 1M triples that is 10.6 s instead of
22 s from an rdflib Graph, and reading takes 7 s instead of building the Graph in Python.

User files are untrusted: they are read by the one reader of users' files, :mod:`bbao.userdata` (Oxigraph's
strict parsers, which never fetch anything: no owl:imports, no remote JSON-LD contexts, no XML external
entities; no relative IRI, no CURIE written for an IRI; the line and column of an error); both engines run
with ``do_owl_imports=False`` and no inference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from bbao import paths
from bbao.artifacts import SYNTAXES, RdfSyntax, parse_product, syntax_of
from bbao.errors import BBAOError
from bbao.prefixes import display as compress
from bbao.progress import interruptible, step
from bbao.serialize import render_all
from bbao.tables import format_table
from bbao.userdata import quiet_ill_typed_literals, read_rdf, user_triples

__all__ = [
    "COLUMNS", "ENGINES", "SHIPPED", "Result", "Validation", "format_results", "native_data", "native_engine_ready",
    "read_rdf", "shapes_graph", "shipped_graph", "validate", "validate_graph", "write_report",
]

#: The SHACL engines: ``fast`` (pyshacl-turbo, the default) and ``pyshacl`` (the reference).
ENGINES = ("fast", "pyshacl")
#: The products the shapes check claims against: the ontology and its relation graph (files: :data:`MAIN`).
SHIPPED = ("full", "relation-graph", "tentative-relation-graph")
#: The columns of printed results (fields of :class:`Result`).
COLUMNS = ("severity", "focus", "path", "value", "message")
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass(frozen=True)
class Result:
    """One row of a validation report, with IRIs shown as CURIEs."""

    severity: str
    focus: str
    path: str
    message: str
    component: str
    value: str = ""


@dataclass
class Validation:
    """What a validation found: whether the data conforms, its results (sorted by severity, focus, path,
    message) and the engine's SHACL validation report graph."""

    conforms: bool
    results: list[Result]
    report: Graph


def native_engine_ready() -> bool:
    """Whether rdflib-turbo's native dataset can be handed to pyshacl-turbo: both wheels must be
    built from the same SHACL engine (their fingerprints match), or pyshacl-turbo refuses it."""
    try:
        import pyshacl_turbo._native as shacl
        import rdflib_turbo._native as native
    except ImportError:
        return False
    return bool(getattr(native, "SHACL_ENGINE_FINGERPRINT", None) == shacl.SHACL_ENGINE_FINGERPRINT)


def native_data(files: list[Path] | None = None, fmt: str | None = None, *, progress: bool = False) -> object:
    """The shipped ontology and the user's ``files`` in rdflib-turbo's native dataset, for the fast
    engine. Why: pyshacl-turbo validates a native dataset in place, while an rdflib Graph is first
    built triple by triple in Python (21 s at 1M triples) and then copied into the engine (~5 s).
    User files still go through Oxigraph's strict parsers (errors with file and line, nothing
    fetched); each file's blank nodes get fresh names in the dataset. Raises :class:`BBAOError` for a bad
    user file or a missing release file."""
    import rdflib_turbo

    dataset = rdflib_turbo.Dataset()
    for product in SHIPPED:
        parse_product(product, dataset)
    for path in files or []:
        text = pyoxigraph.serialize(user_triples(path, fmt, progress=progress), format=SYNTAXES["nt"].oxigraph)
        with step(f"indexing {path.name} for validation", progress):
            dataset.parse(data=text, format=SYNTAXES["nt"].rdflib)
    return dataset


def shipped_graph() -> Graph:
    """The release ontology together with its relation graph (what claims are checked against:
    :data:`SHIPPED`), as a new rdflib Graph; raises :class:`BBAOError` when a file is missing."""
    graph = Graph()
    for product in SHIPPED:
        parse_product(product, graph)
    return graph


def shapes_graph() -> Graph:
    """The shipped SHACL shapes (``shapes/bbao-shapes.ttl`` under :func:`bbao.paths.shapes_dir`)."""
    path = paths.shapes_dir() / "bbao-shapes.ttl"
    return Graph().parse(path, format=syntax_of(path).rdflib)


def _curies(text: str) -> str:
    """``text`` with every http(s) IRI in it shown as a CURIE (trailing punctuation kept outside)."""
    return _IRI.sub(lambda m: compress(m.group(0).rstrip(".,:;)")) + m.group(0)[len(m.group(0).rstrip(".,:;)")):], text)


def _show(node: object) -> str:
    """A node of the report: an IRI as a CURIE, a blank node as ``_:id``, a literal as its text."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return compress(str(node))
    return str(node)


def _show_value(node: object) -> str:
    """The offending value (``sh:value``) as a user wrote it: an IRI as a CURIE, a literal quoted with its
    language tag or datatype (so ``"negative"@en`` shows why it is not ``"negative"``), "" for none.

    >>> _show_value(Literal("negative", lang="en")), _show_value(Literal("x")), _show_value(None)
    ('"negative"@en', '"x"', '')
    """
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language}'
        if node.datatype is not None and str(node.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{node}"^^{compress(str(node.datatype))}'
        return f'"{node}"'
    return _show(node)


def _engine(name: str):  # type: ignore[no-untyped-def]
    """The validation module for an engine name (both expose pySHACL's ``validate``)."""
    if name == "fast":
        import pyshacl_turbo

        return pyshacl_turbo
    if name == "pyshacl":
        import pyshacl

        return pyshacl
    raise BBAOError(f"unknown validation engine {name!r} (choose {' or '.join(ENGINES)})")


def validate_graph(data: Graph | object, shapes: Graph | None = None, engine: str = "fast") -> Validation:
    """Run ``shapes`` (default :func:`shapes_graph`) over ``data``, an rdflib Graph or (fast engine only)
    the dataset of :func:`native_data`, with ``engine`` (one of :data:`ENGINES`); nothing is fetched,
    nothing inferred. A literal whose text does not fit its datatype is a result (``sh:datatype``), not a
    logged traceback (:func:`bbao.userdata.quiet_ill_typed_literals`). The results are the report's
    top-level ones (not the nested ``sh:detail``), IRIs shown as CURIEs. Raises :class:`BBAOError` for an
    unknown engine."""
    module, shacl = _engine(engine), shapes if shapes is not None else shapes_graph()
    with quiet_ill_typed_literals():  # an XML literal that is no XML is reported by sh:datatype, not logged
        conforms, report, _ = interruptible(lambda: module.validate(  # Ctrl-C seen during the native engine
            data, shacl_graph=shacl, advanced=True, inference="none", do_owl_imports=False, allow_warnings=True))
    rows = []
    top = report.value(predicate=RDF.type, object=SH.ValidationReport)
    for result in report.objects(top, SH.result):  # not the nested sh:detail results
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        rows.append(Result(
            severity=severity,
            focus=_show(report.value(result, SH.focusNode)),
            path=_show(report.value(result, SH.resultPath)),
            message=_curies(messages[0]) if messages else "",
            component=_show(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            value=_show_value(report.value(result, SH.value)),
        ))
    rows.sort(key=lambda r: (r.severity, r.focus, r.path, r.message, r.value))
    return Validation(bool(conforms), rows, report)


def validate(files: list[Path] | None = None, fmt: str | None = None, engine: str = "fast", *,
             progress: bool = False) -> Validation:
    """Validate the shipped ontology (:data:`SHIPPED`), merged with the user's ``files`` when given (syntax
    from ``fmt``, else each file's extension). The fast engine reads them into a native dataset when
    rdflib-turbo matches pyshacl-turbo (:func:`native_engine_ready`), else into a Graph. Raises
    :class:`BBAOError` for an unknown engine (before any file is read) or a bad file."""
    _engine(engine)  # an unknown engine is refused before any file is read
    if engine == "fast" and native_engine_ready():
        data: object = native_data(files, fmt, progress=progress)
    else:
        data = shipped_graph()
        for number, path in enumerate(files or []):
            read_rdf(path, fmt, data, tag=f"f{number}x", progress=progress)
    with step(f"validating with {'pyshacl-turbo' if engine == 'fast' else 'pyshacl'}", progress and bool(files)):
        return validate_graph(data, engine=engine)


def format_results(results: list[Result], fmt: str = "table") -> str:
    """The results as ``bbao validate`` prints them: :func:`bbao.tables.format_table` of :data:`COLUMNS`
    in ``fmt``. Raises :class:`ValueError` for an unknown ``fmt``."""
    return format_table(COLUMNS, [(r.severity, r.focus, r.path, r.value, r.message) for r in results], fmt)


def report_syntax(path: Path) -> RdfSyntax:
    """The syntax a SHACL validation report is written in at ``path``: Turtle (``.ttl``) or JSON-LD
    (``.json``, ``.jsonld``), from its extension. Call it before validating, so a wrong name costs nothing.

    Raises :class:`BBAOError` naming the file for any other extension."""
    refusal = BBAOError("write the report as Turtle (.ttl) or JSON-LD (.json, .jsonld)", file=path)
    try:
        syntax = syntax_of(path)
    except BBAOError:
        raise refusal from None
    if syntax not in (SYNTAXES["turtle"], SYNTAXES["jsonld"]):
        raise refusal
    return syntax


def write_report(validation: Validation, path: Path) -> None:
    """Write the SHACL validation report graph to ``path``, atomically, in the syntax of its extension
    (:func:`report_syntax`), rendered deterministically by :func:`bbao.serialize.render_all`.

    Raises :class:`BBAOError` naming the file for an extension other than .ttl, .json, .jsonld (nothing is
    written)."""
    from bbao.serialize import write_atomically

    syntax = report_syntax(path)
    rendered = render_all(validation.report, [path.with_suffix(syntax.suffixes[0])])
    write_atomically({path: next(iter(rendered.values()))})
