"""The subclass closure, materialized: one ``sub BBAO:0000052 super`` triple per class and ancestor, and
beside it the closure over subclass and 'part of' together: one ``sub BBAO:0000053 super`` triple per class
and ancestor-or-whole.

SPARQL's ``rdfs:subClassOf*`` is evaluated per row and slows as a store grows (on Oxigraph: 1.7 ms at
10k triples, 46 ms at 1M, with the same classes), so the bundled queries join against these triples
instead, as Ubergraph does with its redundant graph. They go into their own artifact
(``bbao-closure.ttl``, the ``closure`` product of :mod:`bbao.artifacts`) and named graph, with their own
predicate (:data:`bbao.model.ANCESTOR`) rather than ``rdfs:subClassOf``: a store that unions its graphs
would otherwise show every ancestor as a direct parent to queries that ask for one.

The closure is reflexive (every class is its own ancestor, like the ``*`` path) and follows the asserted
``rdfs:subClassOf`` edges between named classes only (restrictions and inferred axioms are not part of
it, as in the path it replaces).

The second closure (:data:`ANCESTOR_OR_WHOLE`, BBAO:0000053) is what Ubergraph's relation graph gives for
``rdfs:subClassOf`` and BFO 'part of' together: it also follows every asserted ``X SubClassOf (BFO:0000050
some Y)`` between named classes, mixed with the subclass edges in any order (X is_a Y part_of Z is_a W: X
reaches W). So osteoblast differentiation (GO:0001649), part of ossification (GO:0001503) in GO, is under
ossification by BBAO:0000053 but not by BBAO:0000052. Only restrictions on BFO:0000050 itself are followed
(none of the shipped modules restricts a sub-property of it), and no other relation (``regulates`` edges are
in the GO import module, but regulation is not parthood).

The third closure (:data:`SUB_PROPERTY`, BBAO:0000055) is the same for properties: one ``sub BBAO:0000055
super`` triple per object property and each property it is an asserted ``rdfs:subPropertyOf`` of, directly or
not, itself included. A query asks for "a causal relation" as ``?relation BBAO:0000055 RO:0002410`` instead
of ``rdfs:subPropertyOf*``, which Virtuoso 7.2 evaluates wrongly when one query holds several such paths
(see ``queries/brain-to-bone-paths.rq``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Final, NamedTuple

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.model import ANCESTOR, ANCESTOR_OR_WHOLE, SUB_PROPERTY, iri
from bbao.serialize import Triple
from bbao.void import artifact_header

__all__ = [
    "DESCRIPTION", "ClassEdges", "Edge", "ancestors", "class_edges", "closure_graph",
    "closure_triples", "header",
]

#: BFO 'part of': the property of the ``SubClassOf (P some Y)`` restrictions the second closure follows.
_PART_OF: Final = iri("BFO:0000050")

#: An edge between two class IRIs: (subclass, superclass), or (part, whole).
Edge = tuple[str, str]
#: What the closure's ontology header says it is.
DESCRIPTION = (
    "For every class of bbao.owl, one triple to itself and to each of its asserted superclasses, "
    "direct or indirect (the reflexive transitive closure of rdfs:subClassOf between named classes), "
    "so that queries join against it instead of evaluating rdfs:subClassOf* paths; and with BBAO:0000053 "
    "the same over rdfs:subClassOf and 'part of' (BFO:0000050 some) restrictions together, in any order, "
    "as Ubergraph's relation graph has it; and with BBAO:0000055, for every object property, one triple to "
    "itself and to each property of which it is an asserted sub-property, direct or indirect (the reflexive "
    "transitive closure of rdfs:subPropertyOf between named properties).")


class ClassEdges(NamedTuple):
    """What the closures are made of (:func:`class_edges`): the subclass edges, the classes, the
    'part of' edges (``X SubClassOf (BFO:0000050 some Y)`` as ``(X, Y)``), the sub-property edges and the
    object properties. ``closure_triples(*edges)``."""

    subclass_of: list[Edge]
    classes: set[str]
    part_of: list[Edge]
    sub_property_of: list[Edge]
    properties: set[str]


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


def class_edges(graph: Graph) -> ClassEdges:
    """The asserted ``rdfs:subClassOf`` edges between IRIs of ``graph``, the IRIs it types ``owl:Class``, its
    'part of' edges (``X rdfs:subClassOf [owl:onProperty BFO:0000050; owl:someValuesFrom Y]`` between IRIs),
    its ``rdfs:subPropertyOf`` edges between IRIs and the IRIs it types ``owl:ObjectProperty``."""
    edges: list[Edge] = []
    part_of: list[Edge] = []
    for s, o in graph.subject_objects(RDFS.subClassOf):
        if not isinstance(s, URIRef):
            continue
        if isinstance(o, URIRef):
            edges.append((str(s), str(o)))
        elif isinstance(o, BNode) and (o, OWL.onProperty, _PART_OF) in graph:
            part_of += [(str(s), str(whole)) for whole in graph.objects(o, OWL.someValuesFrom)
                        if isinstance(whole, URIRef)]
    classes = {str(s) for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    sub_property_of = [(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subPropertyOf)
                       if isinstance(s, URIRef) and isinstance(o, URIRef)]
    properties = {str(s) for s in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(s, URIRef)}
    return ClassEdges(edges, classes, part_of, sub_property_of, properties)


def closure_triples(edges: Iterable[Edge], classes: Iterable[str] = (), part_of: Iterable[Edge] = (),
                    sub_property_of: Iterable[Edge] = (),
                    properties: Iterable[str] = ()) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """The ``sub BBAO:0000052 ancestor`` triples of :func:`ancestors` over the subclass ``edges``, then the
    ``sub BBAO:0000053 ancestor`` triples over ``edges`` and ``part_of`` together (every class of either
    set is its own ancestor under both; a class only ``part_of`` names only under the second), then the
    ``sub BBAO:0000055 super`` triples over the ``sub_property_of`` edges (every property of ``properties``
    or on an edge is its own super-property).

    >>> found = list(closure_triples([("u:a", "u:b")], [], [("u:b", "u:c")]))
    >>> sorted(o[-1] for s, p, o in found if s == URIRef("u:a") and p == ANCESTOR)
    ['a', 'b']
    >>> sorted(o[-1] for s, p, o in found if s == URIRef("u:a") and p == ANCESTOR_OR_WHOLE)
    ['a', 'b', 'c']
    >>> sorted(o[-1] for s, p, o in closure_triples([], [], [], [("u:p", "u:q")]) if s == URIRef("u:p"))
    ['p', 'q']
    """
    edges, classes = list(edges), list(classes)
    both = [*edges, *part_of]
    for predicate, closure in ((ANCESTOR, ancestors(edges, classes)), (ANCESTOR_OR_WHOLE, ancestors(both, classes)),
                               (SUB_PROPERTY, ancestors(sub_property_of, properties))):
        for sub, sups in closure.items():
            for sup in sups:
                yield URIRef(sub), predicate, URIRef(sup)


def header(meta: Mapping[str, object]) -> list[Triple]:
    """The closure's ontology header (:func:`bbao.void.artifact_header`) from the release metadata."""
    return artifact_header(meta, "closure", "subclass closure", DESCRIPTION)


def closure_graph(ontology: Graph, meta: Mapping[str, object] | None = None) -> Graph:
    """The closures of ``ontology``'s class and property hierarchies (:func:`closure_triples`: subclass,
    subclass with 'part of', sub-property) as a new Graph, with an ontology header when ``meta`` (the
    ``[ontology]`` table of metadata.toml) is given."""
    graph = Graph()
    for edge in closure_triples(*class_edges(ontology)):
        graph.add(edge)
    for triple in header(meta) if meta is not None else ():
        graph.add(triple)
    return graph
