"""Deterministic serialization: the same graph always gives the same bytes, whatever the process.

rdflib names blank nodes at random and iterates its store in insertion order, so graphs are first
canonicalized (blank nodes get names derived from their content and from where they hang) and rebuilt
in sorted triple order before any writer sees them. rdflib's own ``to_canonical_graph`` does the same for
arbitrary graphs but took 4.6 s on the 7k-triple ontology per call; OWL's blank nodes are trees
(restrictions, lists, axiom annotations), for which hashing content and parent is enough and fast. Writes are atomic: every file of a build is
rendered in memory first and only then moved into place, so a failure leaves good output untouched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import hashlib

import pyoxigraph
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from bbao.prefixes import PREFIX_MAP, VOCAB_PREFIXES

FORMATS = {".ttl": "turtle", ".nt": "nt", ".owl": "xml", ".jsonld": "json-ld"}


def _oxi(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    return pyoxigraph.NamedNode(str(term))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def blank_node_names(graph: Graph) -> dict[BNode, BNode]:
    """Content- and context-derived names for the blank nodes of ``graph``.

    A node's content hash covers its outgoing triples (recursively); its name adds the triples that
    point at it, so equal restrictions under different classes stay apart.
    """
    content: dict[BNode, str] = {}

    def content_of(node: BNode, trail: frozenset[BNode] = frozenset()) -> str:
        if node in content:
            return content[node]
        if node in trail:  # a cycle: not produced by OWL, but never loop on it
            return "cycle"
        parts = sorted(
            p.n3() + " " + (content_of(o, trail | {node}) if isinstance(o, BNode) else o.n3())
            for p, o in graph.predicate_objects(node)
        )
        content[node] = _digest(*parts)
        return content[node]

    names: dict[BNode, BNode] = {}

    def name_of(node: BNode, trail: frozenset[BNode] = frozenset()) -> BNode:
        if node in names:
            return names[node]
        incoming = sorted(
            (name_of(s, trail | {node}) if isinstance(s, BNode) and s not in trail else s).n3() + " " + p.n3()
            for s, p in graph.subject_predicates(node)
        )
        names[node] = BNode("b" + _digest(content_of(node), *incoming)[:24])
        return names[node]

    nodes = {x for triple in graph for x in triple if isinstance(x, BNode)}
    for node in nodes:
        name_of(node)
    return names


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` with content-derived blank node names, filled in sorted order."""
    names = blank_node_names(graph)

    def rename(x: Node) -> Node:
        return names.get(x, x) if isinstance(x, BNode) else x

    canon = [(rename(s), rename(p), rename(o)) for s, p, o in graph if not (p == RDF.type and o == RDF.List)]
    out = Graph()
    for triple in sorted(canon, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)  # type: ignore[arg-type]
    return out


def _bind(graph: Graph, used_prefixes: Mapping[str, str]) -> None:
    for prefix, ns in used_prefixes.items():
        graph.bind(prefix, ns, override=True, replace=True)


def render(graph: Graph, fmt: str) -> bytes:
    """Serialize ``graph`` (already canonical) in ``fmt``: turtle, nt, pretty-xml or json-ld."""
    if fmt == "nt":
        text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = sorted(set(line for line in text.splitlines() if line.strip()))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "xml":
        # rdflib's RDF/XML writers follow set order (varies with PYTHONHASHSEED); Oxigraph's writes
        # triples in the order given, grouped by subject.
        triples = sorted(graph, key=lambda t: tuple(x.n3() for x in t))
        return pyoxigraph.serialize(
            (pyoxigraph.Triple(_oxi(s), _oxi(p), _oxi(o)) for s, p, o in triples),  # type: ignore[arg-type]
            format=pyoxigraph.RdfFormat.RDF_XML,
            prefixes={k: v for k, v in VOCAB_PREFIXES.items() if k != "bbao"},
        )
    if fmt == "json-ld":
        context = {**VOCAB_PREFIXES, **{p: ns for p, ns in PREFIX_MAP.items()}}
        data = json.loads(graph.serialize(format="json-ld", context=context, encoding="utf-8"))
        return (json.dumps(_sorted_json(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def _sorted_json(value: object) -> object:
    """Sort every JSON-LD list whose order carries no meaning (all of them outside @list)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def render_all(graph: Graph, paths: list[Path]) -> dict[Path, bytes]:
    """Render one graph to several files, the format taken from each file's extension.

    CURIE prefixes (``GO:``, ``HGNC:``...) are bound only for Turtle, where ``GO:0001649`` is a valid
    name; RDF/XML needs XML names, so it writes ``obo:GO_0001649``-style names or full IRIs."""
    canon = canonical(graph)
    out = {}
    for path in paths:
        fmt = FORMATS[path.suffix]
        ready = Graph()
        _bind(ready, VOCAB_PREFIXES)
        if fmt == "turtle":
            _bind(ready, PREFIX_MAP)
        for triple in canon:
            ready.add(triple)
        out[path] = render(ready, fmt)
    return out


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file via a temporary sibling and ``os.replace``; returns the files that changed."""
    staged: list[tuple[Path, Path]] = []
    changed: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.read_bytes() == data:
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            staged.append((Path(tmp), path))
        for tmp, path in staged:
            os.replace(tmp, path)
            changed.append(path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return changed
