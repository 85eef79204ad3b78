"""The subclass closure, materialized: one ``sub BBAO:0000052 super`` triple per class and ancestor.

SPARQL's ``rdfs:subClassOf*`` is evaluated per row and slows as a store grows (on Oxigraph: 1.7 ms at
10k triples, 46 ms at 1M, with the same classes), so the bundled queries join against these triples
instead, as Ubergraph does with its redundant graph. They go into their own artifact
(``bbao-closure.ttl``, the ``closure`` product of :mod:`bbao.artifacts`) and named graph, with their own
predicate (:data:`bbao.model.ANCESTOR`) rather than ``rdfs:subClassOf``: a store that unions its graphs
would otherwise show every ancestor as a direct parent to queries that ask for one.

The closure is reflexive (every class is its own ancestor, like the ``*`` path) and follows the asserted
``rdfs:subClassOf`` edges between named classes only (restrictions and inferred axioms are not part of
it, as in the path it replaces).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.model import ANCESTOR
from bbao.serialize import Triple
from bbao.void import artifact_header

__all__ = ["DESCRIPTION", "Edge", "ancestors", "class_edges", "closure_graph", "closure_triples", "header"]

#: A subclass edge between two class IRIs: (subclass, superclass).
Edge = tuple[str, str]
#: What the closure's ontology header says it is.
DESCRIPTION = (
    "For every class of bbao.owl, one triple to itself and to each of its asserted superclasses, "
    "direct or indirect (the reflexive transitive closure of rdfs:subClassOf between named classes), "
    "so that queries join against it instead of evaluating rdfs:subClassOf* paths.")


def ancestors(edges: Iterable[Edge], classes: Iterable[str] = ()) -> dict[str, set[str]]:
    """Every class (of ``classes`` or on an edge) -> itself and all its superclasses, direct or not.

    >>> closure = ancestors([("a", "b"), ("b", "c"), ("c", "a"), ("d", "c")])
    >>> sorted(closure["d"])
    ['a', 'b', 'c', 'd']
    >>> sorted(ancestors([], ["x"])["x"])
    ['x']
    """
    parents: dict[str, set[str]] = {c: set() for c in classes}
    for sub, sup in edges:
        parents.setdefault(sub, set()).add(sup)
        parents.setdefault(sup, set())
    out: dict[str, set[str]] = {}
    for start in parents:
        seen = {start}
        stack = [start]
        while stack:  # depth-first walk; cycles (equivalent classes by mutual subclassing) end at `seen`
            for parent in parents[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        out[start] = seen
    return out


def class_edges(graph: Graph) -> tuple[list[Edge], set[str]]:
    """The asserted ``rdfs:subClassOf`` edges between IRIs of ``graph``, and the IRIs it types ``owl:Class``."""
    edges = [(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subClassOf)
             if isinstance(s, URIRef) and isinstance(o, URIRef)]
    classes = {str(s) for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    return edges, classes


def closure_triples(edges: Iterable[Edge], classes: Iterable[str] = ()) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """The ``sub BBAO:0000052 ancestor`` triples of :func:`ancestors`."""
    for sub, sups in ancestors(edges, classes).items():
        for sup in sups:
            yield URIRef(sub), ANCESTOR, URIRef(sup)


def header(meta: Mapping[str, object]) -> list[Triple]:
    """The closure's ontology header (:func:`bbao.void.artifact_header`) from the release metadata."""
    return artifact_header(meta, "closure", "subclass closure", DESCRIPTION)


def closure_graph(ontology: Graph, meta: Mapping[str, object] | None = None) -> Graph:
    """The closure of ``ontology``'s class hierarchy as a new Graph, with an ontology header when ``meta``
    (the ``[ontology]`` table of metadata.toml) is given."""
    graph = Graph()
    for edge in closure_triples(*class_edges(ontology)):
        graph.add(edge)
    for triple in header(meta) if meta is not None else ():
        graph.add(triple)
    return graph
