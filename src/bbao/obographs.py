"""The full ontology as an OBO Graphs JSON document (``bbao.json``), the form oaklib, pronto (fastobo-graphs) and
many OBO tools read (https://github.com/geneontology/obographs).

ROBOT writes this format with the OWL API (``robot convert -o x.json``), which is not available to a Python
package; no maintained Python library translates OWL to OBO Graphs (pronto's and oaklib's converters read an OBO
document or their own models, and pronto's RDF/XML reader drops the defined classes and axiom annotations, see
README "OBO tools"). The translation here follows obographs-java's ``FromOwl`` for the axioms BBAO has:

- a node per declared entity (``CLASS``, ``PROPERTY`` with its ``propertyType``, ``INDIVIDUAL``), its id the
  entity's IRI, its ``lbl`` the ``rdfs:label`` (untagged first, then ``@en``), its ``meta`` the definition
  (IAO:0000115), synonyms (``oboInOwl:has*Synonym``), xrefs (``oboInOwl:hasDbXref``), comments, subsets,
  ``owl:deprecated`` and every other annotation as a basic property value;
- an edge per ``SubClassOf`` a named class (``is_a``) or an existential restriction over a named property and
  class (the property), per ``SubObjectPropertyOf`` (``subPropertyOf``), ``InverseObjectProperties``
  (``inverseOf``), class assertion of an individual (``rdf:type``) and object property assertion between two
  named individuals (the property); ``owl:allValuesFrom`` restrictions give ``allValuesFromEdges``;
- equivalences between named classes as ``equivalentNodesSets``, an equivalence to an intersection of named
  classes and existential restrictions as a ``logicalDefinitionAxiom`` (others, with unions or nesting, have
  no OBO Graphs form and are left out, as obographs-java leaves them out);
- named domains and ranges as ``domainRangeAxioms``, chains of named properties as ``propertyChainAxioms``.

The document is deterministic: every list sorted, keys sorted, one byte sequence per graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from bbao.errors import BBAOError
from bbao.model import DEFINITION, OBOINOWL

__all__ = ["SYNONYM_SCOPES", "obograph", "render_obograph"]

#: oboInOwl synonym property -> the ``pred`` OBO Graphs gives a synonym of that scope.
SYNONYM_SCOPES: Final = {OBOINOWL[name]: name for name in (
    "hasExactSynonym", "hasRelatedSynonym", "hasBroadSynonym", "hasNarrowSynonym")}
_XREF: Final = OBOINOWL.hasDbXref
_SUBSET: Final = OBOINOWL.inSubset
#: Annotations with a place of their own in a node's meta, or written as its ``lbl``.
_OWN_PLACE: Final = {RDFS.label, DEFINITION, RDFS.comment, _XREF, _SUBSET, OWL.deprecated, *SYNONYM_SCOPES}
#: OWL entity type -> (node type, property type).
_NODE_TYPES: Final = {
    OWL.Class: ("CLASS", None),
    OWL.ObjectProperty: ("PROPERTY", "OBJECT"),
    OWL.AnnotationProperty: ("PROPERTY", "ANNOTATION"),
    OWL.DatatypeProperty: ("PROPERTY", "DATA"),
    OWL.NamedIndividual: ("INDIVIDUAL", None),
}
#: Properties of an entity that are axioms (edges and the like), not annotations.
_LOGICAL: Final = {
    RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.inverseOf, RDFS.domain, RDFS.range,
    OWL.propertyChainAxiom, OWL.disjointWith, OWL.equivalentProperty, OWL.propertyDisjointWith,
}


def _rdf_list(g: Graph, head: Node) -> list[Node] | None:
    """The items of the RDF list at ``head``, or None when it is not a well-formed list."""
    items: list[Node] = []
    seen: set[Node] = set()
    while head != RDF.nil:
        if head in seen or not isinstance(head, BNode):
            return None
        seen.add(head)
        first, rest = g.value(head, RDF.first), g.value(head, RDF.rest)
        if first is None or rest is None:
            return None
        items.append(first)
        head = rest
    return items


def _existential(g: Graph, node: Node) -> tuple[str, str] | None:
    """(property, filler) of ``node`` when it is ``ObjectSomeValuesFrom(P, C)`` with P and C named."""
    if not isinstance(node, BNode) or (node, RDF.type, OWL.Restriction) not in g:
        return None
    prop, filler = g.value(node, OWL.onProperty), g.value(node, OWL.someValuesFrom)
    if isinstance(prop, URIRef) and isinstance(filler, URIRef):
        return str(prop), str(filler)
    return None


def _value(term: Node) -> str:
    return str(term)


def _label(g: Graph, subject: URIRef) -> str | None:
    labels = [o for o in g.objects(subject, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        return None
    return str(min(labels, key=lambda o: (o.language not in (None, ""), o.language != "en", str(o.language), str(o))))


def _meta(g: Graph, subject: URIRef) -> dict[str, Any]:
    """The ``meta`` object of a node (empty parts left out)."""
    meta: dict[str, Any] = {}
    definitions = sorted(str(o) for o in g.objects(subject, DEFINITION))
    if definitions:
        meta["definition"] = {"val": definitions[0]}
    synonyms = sorted(
        ({"pred": scope, "val": str(o)} for p, scope in SYNONYM_SCOPES.items() for o in g.objects(subject, p)),
        key=lambda s: (s["pred"], s["val"]))
    if synonyms:
        meta["synonyms"] = synonyms
    xrefs = sorted(str(o) for o in g.objects(subject, _XREF))
    if xrefs:
        meta["xrefs"] = [{"val": x} for x in xrefs]
    comments = sorted(str(o) for o in g.objects(subject, RDFS.comment))
    if comments:
        meta["comments"] = comments
    subsets = sorted(str(o) for o in g.objects(subject, _SUBSET))
    if subsets:
        meta["subsets"] = subsets
    if any(str(o).lower() == "true" for o in g.objects(subject, OWL.deprecated)):
        meta["deprecated"] = True
    values = sorted(
        {(str(p), _value(o)) for p, o in g.predicate_objects(subject)
         if p not in _OWN_PLACE and p not in _LOGICAL and not isinstance(o, BNode)
         and (isinstance(o, Literal) or _is_annotation(g, p))})
    if values:
        meta["basicPropertyValues"] = [{"pred": p, "val": v} for p, v in values]
    return meta


def _is_annotation(g: Graph, prop: Node) -> bool:
    """Whether ``prop`` is declared an annotation property (an IRI value of it is an annotation, not an edge)."""
    return (prop, RDF.type, OWL.AnnotationProperty) in g


def _entities(g: Graph) -> Iterator[tuple[URIRef, str, str | None]]:
    """(IRI, node type, property type) of every declared named entity, the first of :data:`_NODE_TYPES`."""
    kinds: dict[URIRef, tuple[str, str | None]] = {}
    for owl_type, kind in _NODE_TYPES.items():
        for subject in g.subjects(RDF.type, owl_type):
            if isinstance(subject, URIRef) and subject not in kinds:
                kinds[subject] = kind
    for subject in sorted(kinds):
        yield subject, *kinds[subject]


def obograph(triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, Any]:
    """The OBO Graphs document (``{"graphs": [graph]}``) of an OWL ontology given as RDF triples, translated as the
    module docstring says. An rdflib Graph is read as it is (not copied, not changed); other triples are put in a
    new Graph. Raises :class:`BBAOError` when the triples hold no ``owl:Ontology`` or more than one."""
    if isinstance(triples, Graph):
        g = triples
    else:
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in triples)
    ontologies = sorted(s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    if len(ontologies) != 1:
        raise BBAOError(f"an OBO Graphs document needs one ontology header; the graph has {len(ontologies)}")
    ontology = ontologies[0]
    nodes: list[dict[str, Any]] = []
    edges: set[tuple[str, str, str]] = set()
    all_values: set[tuple[str, str, str]] = set()
    equivalents: set[tuple[str, ...]] = set()
    definitions: dict[str, dict[str, Any]] = {}
    domain_range: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"domainClassIds": set(), "rangeClassIds": set()})
    chains: set[tuple[str, tuple[str, ...]]] = set()
    for subject, kind, property_type in _entities(g):
        node: dict[str, Any] = {"id": str(subject), "type": kind}
        if property_type is not None:
            node["propertyType"] = property_type
        label = _label(g, subject)
        if label is not None:
            node["lbl"] = label
        meta = _meta(g, subject)
        if meta:
            node["meta"] = meta
        nodes.append(node)
        sub = str(subject)
        for parent in g.objects(subject, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                edges.add((sub, "is_a", str(parent)))
            elif (some := _existential(g, parent)) is not None:
                edges.add((sub, *some))
            elif isinstance(parent, BNode) and (parent, RDF.type, OWL.Restriction) in g:
                prop, filler = g.value(parent, OWL.onProperty), g.value(parent, OWL.allValuesFrom)
                if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                    all_values.add((sub, str(prop), str(filler)))
        for parent in g.objects(subject, RDFS.subPropertyOf):
            if isinstance(parent, URIRef):
                edges.add((sub, "subPropertyOf", str(parent)))
        for inverse in g.objects(subject, OWL.inverseOf):
            if isinstance(inverse, URIRef):
                edges.add((sub, "inverseOf", str(inverse)))
        if kind == "INDIVIDUAL":
            for cls in g.objects(subject, RDF.type):
                if isinstance(cls, URIRef) and cls not in _NODE_TYPES:
                    edges.add((sub, "rdf:type", str(cls)))
            for p, o in g.predicate_objects(subject):
                if isinstance(o, URIRef) and (p, RDF.type, OWL.ObjectProperty) in g:
                    edges.add((sub, str(p), str(o)))
        for equivalent in g.objects(subject, OWL.equivalentClass):
            if isinstance(equivalent, URIRef):
                equivalents.add(tuple(sorted((sub, str(equivalent)))))
            elif (logical := _logical_definition(g, sub, equivalent)) is not None:
                definitions[sub] = logical
        for domain in g.objects(subject, RDFS.domain):
            if isinstance(domain, URIRef) and kind == "PROPERTY":
                domain_range[sub]["domainClassIds"].add(str(domain))
        for range_ in g.objects(subject, RDFS.range):
            if isinstance(range_, URIRef) and property_type == "OBJECT":
                domain_range[sub]["rangeClassIds"].add(str(range_))
        for chain in g.objects(subject, OWL.propertyChainAxiom):
            links = _rdf_list(g, chain)
            if links and all(isinstance(link, URIRef) for link in links):
                chains.add((sub, tuple(str(link) for link in links)))
    graph: dict[str, Any] = {
        "id": str(ontology),
        "meta": _graph_meta(g, ontology),
        "nodes": nodes,
        "edges": [{"sub": s, "pred": p, "obj": o} for s, p, o in sorted(edges)],
    }
    if all_values:
        graph["allValuesFromEdges"] = [{"sub": s, "pred": p, "obj": o} for s, p, o in sorted(all_values)]
    if equivalents:
        graph["equivalentNodesSets"] = [{"nodeIds": list(ids)} for ids in sorted(equivalents)]
    if definitions:
        graph["logicalDefinitionAxioms"] = [definitions[key] for key in sorted(definitions)]
    if domain_range:
        graph["domainRangeAxioms"] = [
            {"predicateId": prop, **{k: sorted(v) for k, v in parts.items() if v}}
            for prop, parts in sorted(domain_range.items())]
    if chains:
        graph["propertyChainAxioms"] = [{"predicateId": p, "chainPredicateIds": list(links)}
                                        for p, links in sorted(chains)]
    return {"graphs": [graph]}


def _logical_definition(g: Graph, defined: str, expression: Node) -> dict[str, Any] | None:
    """The OBO Graphs logical definition of ``defined`` when ``expression`` is an intersection of named classes
    and existential restrictions over named properties and classes; else None (no OBO Graphs form)."""
    operands = g.value(expression, OWL.intersectionOf) if isinstance(expression, BNode) else None
    members = _rdf_list(g, operands) if operands is not None else None
    if not members:
        return None
    genus: list[str] = []
    restrictions: list[dict[str, str]] = []
    for member in members:
        if isinstance(member, URIRef):
            genus.append(str(member))
        elif (some := _existential(g, member)) is not None:
            restrictions.append({"propertyId": some[0], "fillerId": some[1]})
        else:
            return None
    restrictions.sort(key=lambda r: (r["propertyId"], r["fillerId"]))
    return {"definedClassId": defined, "genusIds": sorted(genus), "restrictions": restrictions}


def _graph_meta(g: Graph, ontology: URIRef) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    version = g.value(ontology, OWL.versionIRI)
    if version is not None:
        meta["version"] = str(version)
    values = sorted({(str(p), str(o)) for p, o in g.predicate_objects(ontology)
                     if p not in (RDF.type, OWL.versionIRI, OWL.imports) and not isinstance(o, BNode)})
    if values:
        meta["basicPropertyValues"] = [{"pred": p, "val": v} for p, v in values]
    return meta


def render_obograph(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """:func:`obograph` of ``triples`` as UTF-8 JSON (keys sorted, two-space indent, final newline): the bytes of
    ``bbao.json``. Raises :class:`BBAOError` as :func:`obograph` does."""
    return (json.dumps(obograph(triples), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
