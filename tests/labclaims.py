"""Claims of a lab's own graph, built by hand for tests of the modules that read claims back."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from bbao.model import CLAIM_CLASS, FIELD_PROPERTY, LITERAL_FIELDS, iri


def add_claim(graph: Graph, curie: str, **fields: str | tuple[str, ...] | None) -> None:
    """Add the claim ``curie`` (a BBAC CURIE) to ``graph``: typed as a claim, with each field of
    :data:`bbao.model.FIELD_PROPERTY` given (a CURIE, a literal for the literal fields, a tuple for several
    values; ``None`` leaves the field out)."""
    node = iri(curie)
    graph.add((node, RDF.type, CLAIM_CLASS))
    for name, value in fields.items():
        for one in (value,) if isinstance(value, str) else value or ():
            graph.add((node, FIELD_PROPERTY[name], Literal(one) if name in LITERAL_FIELDS else iri(one)))
