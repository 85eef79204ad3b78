"""Read claim individuals back from any graph: one reader for every consumer of claims.

A claim individual (``BBAO:0000001``) carries its fields as BBAO annotation properties
(:data:`bbao.model.FIELD_PROPERTY`). :func:`read_claims` turns each into a :class:`ClaimRecord`, a typed,
immutable record with every field, multi-valued fields sorted, so the documentation, the diagram, conflict
detection, the statistics and ``bbao diff`` all see the same claims from the same graph. It works on the
built ontology and on users' graphs alike: a claim missing its subject, relation or object is still read
(with ``None`` there); a consumer that needs them skips it.

>>> from rdflib import Graph, Literal
>>> from bbao.model import iri
>>> g = Graph()
>>> node = iri("BBAC:0000001")
>>> for triple in [(node, RDF.type, CLAIM_CLASS), (node, FIELD_PROPERTY["subject"], iri("CHEBI:33569")),
...                (node, FIELD_PROPERTY["sign"], Literal("negative")),
...                (node, FIELD_PROPERTY["site"], Literal("peripheral"))]:
...     _ = g.add(triple)
>>> [(c.id, c.sign, c.site, c.object) for c in read_claims(g)]
[('BBAC:0000001', 'negative', ('peripheral',), None)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from bbao.model import CLAIM_CLASS, CONTEXT_FIELDS, FIELD_PROPERTY, PROPERTY_FIELD
from bbao.prefixes import compress

__all__ = ["ClaimRecord", "Term", "read_claims"]

#: A value of a claim field: an IRI, or (in users' graphs) a literal or blank node where an IRI belongs.
Term = URIRef | BNode | Literal


@dataclass(frozen=True)
class ClaimRecord:
    """One claim individual as read from a graph, whatever the graph says: nothing is dropped.

    Fields that should hold IRIs hold what the graph has (an IRI, or the literal or blank node a user wrote
    by mistake, which the SHACL shapes report), as :data:`Term`; fields that should hold text hold the
    value's string form. Multi-valued fields are tuples sorted by their string form. A single-valued field
    with several values (which the shapes also report) holds the first in that order; a missing one is
    ``None`` (terms) or ``""`` (text). ``statements`` holds every (predicate, object) pair of the individual
    except ``rdf:type``, sorted, for consumers that compare whole individuals (``bbao diff``)."""

    node: URIRef
    label: str
    subject: Term | None
    relation: Term | None
    object: Term | None
    sign: str
    section: str
    direction: str
    excerpt: str
    receptor: tuple[Term, ...]
    mediator: tuple[Term, ...]
    anatomical_context: tuple[Term, ...]
    cell_context: tuple[Term, ...]
    taxon: tuple[Term, ...]
    disease_context: tuple[Term, ...]
    developmental_context: tuple[str, ...]
    site: tuple[str, ...]
    cotreatment: tuple[Term, ...]
    evidence: tuple[Term, ...]
    comment: str
    statements: tuple[tuple[URIRef, Node], ...]
    knowledge_level: str = ""
    reported_evidence: tuple[Term, ...] = ()
    example: tuple[Term, ...] = ()
    receptor_location: tuple[Term, ...] = ()

    @property
    def id(self) -> str:
        """The claim's CURIE (``BBAC:0000001``), or its IRI when no prefix fits."""
        return compress(str(self.node))

    def values(self, field: str) -> tuple[Term | str, ...]:
        """The values of a claim field (a name of :data:`bbao.model.CLAIM_FIELDS` but ``claim``), as a tuple.

        Raises :class:`KeyError` for a name that is not a claim field."""
        if field not in FIELD_PROPERTY or field == "claim":
            raise KeyError(field)
        value = getattr(self, field)
        if isinstance(value, tuple):
            return value
        return () if value in (None, "") else (value,)

    def every(self, field: str) -> tuple[Node, ...]:
        """Every value the graph gives the claim for ``field`` (a claim field's name), sorted by string form:
        for a single-valued field stated twice, both values (the record's attribute holds the first).

        Raises :class:`KeyError` for a name that is not a claim field."""
        prop = FIELD_PROPERTY[field]
        return tuple(o for p, o in self.statements if p == prop)

    def context(self) -> tuple[tuple[str, tuple[Term | str, ...]], ...]:
        """(field, values) for every context field of :data:`bbao.model.CONTEXT_FIELDS`, in that order."""
        return tuple((name, self.values(name)) for name in CONTEXT_FIELDS)


def _sorted(values: Iterator[Node]) -> list[Node]:
    return sorted(values, key=str)


def _record(graph: Graph, node: URIRef) -> ClaimRecord:
    statements = sorted(((p, o) for p, o in graph.predicate_objects(node) if p != RDF.type and isinstance(p, URIRef)),
                        key=lambda po: (str(po[0]), str(po[1])))
    by_field: dict[str, list[Node]] = {}
    for p, o in statements:
        name = PROPERTY_FIELD.get(str(p))
        if name is not None:
            by_field.setdefault(name, []).append(o)

    def terms(name: str) -> tuple[Term, ...]:
        return tuple(v for v in _sorted(iter(by_field.get(name, []))) if isinstance(v, URIRef | BNode | Literal))

    def texts(name: str) -> tuple[str, ...]:
        return tuple(str(v) for v in _sorted(iter(by_field.get(name, []))))

    def one_term(name: str) -> Term | None:
        found = terms(name)
        return found[0] if found else None

    def one_text(name: str) -> str:
        found = texts(name)
        return found[0] if found else ""

    def annotation(predicate: URIRef) -> str:
        found = _sorted(graph.objects(node, predicate))
        return str(found[0]) if found else ""

    return ClaimRecord(
        node=node, label=annotation(RDFS.label), subject=one_term("subject"), relation=one_term("relation"),
        object=one_term("object"), sign=one_text("sign"), section=one_text("section"),
        direction=one_text("direction"), excerpt=one_text("excerpt"), receptor=terms("receptor"),
        mediator=terms("mediator"), anatomical_context=terms("anatomical_context"),
        cell_context=terms("cell_context"), taxon=terms("taxon"), disease_context=terms("disease_context"),
        developmental_context=texts("developmental_context"), site=texts("site"),
        cotreatment=terms("cotreatment"), evidence=terms("evidence"), comment=annotation(RDFS.comment),
        statements=tuple(statements), knowledge_level=one_text("knowledge_level"),
        reported_evidence=terms("reported_evidence"), example=terms("example"),
        receptor_location=terms("receptor_location"),
    )


def read_claims(graph: Graph) -> list[ClaimRecord]:
    """Every claim individual of ``graph`` (subjects typed ``BBAO:0000001`` with an IRI), sorted by IRI."""
    nodes = sorted({n for n in graph.subjects(RDF.type, CLAIM_CLASS) if isinstance(n, URIRef)}, key=str)
    return [_record(graph, node) for node in nodes]
