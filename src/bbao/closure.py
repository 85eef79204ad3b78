"""The subclass closure, materialized: one ``sub BBAO:0000052 super`` triple per class and ancestor.

SPARQL's ``rdfs:subClassOf*`` is evaluated per row and slows as a store grows (on Oxigraph: 1.7 ms at
10k triples, 46 ms at 1M, with the same classes), so the bundled queries join against these triples
instead, as Ubergraph does with its redundant graph. They go into their own artifact
(``bbao-closure.ttl``) and named graph, with their own predicate rather than ``rdfs:subClassOf``: a store
that unions its graphs would otherwise show every ancestor as a direct parent to queries that ask for one.

The closure is reflexive (every class is its own ancestor, like the ``*`` path) and follows the asserted
``rdfs:subClassOf`` edges between named classes only (restrictions and inferred axioms are not part of
it, as in the path it replaces).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.build import describe_artifact
from bbao.prefixes import BBAO_NS

CLOSURE_FILE = "bbao-closure.ttl"
#: The annotation property of the closure (declared with its definition in ``ontology/src/terms.tsv``).
ANCESTOR = URIRef(f"{BBAO_NS}BBAO_0000052")

Edge = tuple[str, str]


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
    """The asserted ``rdfs:subClassOf`` edges between IRIs of ``graph``, and its declared classes."""
    edges = [(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subClassOf)
             if isinstance(s, URIRef) and isinstance(o, URIRef)]
    classes = {str(s) for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    return edges, classes


def closure_triples(edges: Iterable[Edge], classes: Iterable[str] = ()) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """The ``sub BBAO:0000052 ancestor`` triples of :func:`ancestors`."""
    for sub, sups in ancestors(edges, classes).items():
        for sup in sups:
            yield URIRef(sub), ANCESTOR, URIRef(sup)


def closure_graph(ontology: Graph, meta: Mapping[str, object] | None = None) -> Graph:
    """The closure of ``ontology``'s class hierarchy as a graph, with an ontology header when ``meta``
    (the release metadata) is given."""
    graph = Graph()
    for triple in closure_triples(*class_edges(ontology)):
        graph.add(triple)
    if meta is not None:
        describe_artifact(graph, CLOSURE_FILE, "subclass closure", (
            "For every class of bbao.owl, one triple to itself and to each of its asserted superclasses, "
            "direct or indirect (the reflexive transitive closure of rdfs:subClassOf between named classes), "
            "so that queries join against it instead of evaluating rdfs:subClassOf* paths."), meta)
    return graph


__all__ = ["ANCESTOR", "CLOSURE_FILE", "ancestors", "class_edges", "closure_graph", "closure_triples"]
