"""The one converter between rdflib and pyoxigraph terms.

rdflib builds and serializes BBAO's graphs; pyoxigraph parses users' files, stores and queries. Terms
cross between them in both directions, always through these two functions.

>>> to_oxigraph(Literal("osteoblast", lang="en"))
<Literal value=osteoblast language=en>
>>> from_oxigraph(pyoxigraph.Literal("x"))
rdflib.term.Literal('x')
>>> from_oxigraph(pyoxigraph.BlankNode("b0"), "u1_")
rdflib.term.BNode('u1_b0')
"""

from __future__ import annotations

from typing import overload

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["OxigraphTerm", "from_oxigraph", "to_oxigraph"]

#: A pyoxigraph RDF term (what SPARQL solutions and triples hold).
OxigraphTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@overload
def to_oxigraph(term: URIRef) -> pyoxigraph.NamedNode: ...
@overload
def to_oxigraph(term: Node) -> OxigraphTerm: ...
def to_oxigraph(term: Node) -> OxigraphTerm:
    """The pyoxigraph term of an rdflib IRI, blank node or literal (language tag and datatype kept).

    Raises :class:`TypeError` for anything else (a variable, a graph, a quoted triple)."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
        return pyoxigraph.Literal(str(term), datatype=datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def from_oxigraph(term: object, bnode_prefix: str = "") -> URIRef | BNode | Literal:
    """The rdflib term of a pyoxigraph term. Blank node labels get ``bnode_prefix`` (so two files'
    ``_:b0`` stay two nodes); ``xsd:string`` literals become plain literals (the same literal in RDF 1.1,
    which rdflib tells apart).

    Raises :class:`TypeError` for anything but an IRI, a blank node or a literal."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(f"{bnode_prefix}{term.value}")
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")
