"""Counts a curator or user wants first: terms per source ontology, claims per section, relation and sign.

A term is a class or property with an IRI (``owl:Class``, ``owl:ObjectProperty``,
``owl:AnnotationProperty``), counted under the prefix of its CURIE (BBAO's prefix map; ``other`` when no
prefix fits). Claims are read with :func:`bbao.claims.read_claims`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.claims import ClaimRecord, read_claims
from bbao.prefixes import compress, prefix_of

__all__ = ["TERM_TYPES", "Stats", "compute", "format_stats"]

#: The RDF types of the counted terms.
TERM_TYPES: Final = (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty)
#: The bucket of terms whose IRI has no CURIE under BBAO's prefix map.
OTHER: Final = "other"
#: Shown for a claim field the claim leaves empty (a user's graph; the build requires them).
MISSING: Final = "(none)"


@dataclass
class Stats:
    """The counts of one graph.

    ``terms_by_ontology``: CURIE prefix (or ``other``) -> number of terms; ``claims_by_section``: review
    section heading -> claims; ``claims_by_relation``: ``"CURIE label"`` of the relation -> claims;
    ``claims_by_sign``: sign -> claims; ``minted``: BBAO's own terms; ``external``: terms of other
    ontologies (neither BBAO nor ``other``); ``claims``: claim individuals."""

    terms_by_ontology: Counter[str]
    claims_by_section: Counter[str]
    claims_by_relation: Counter[str]
    claims_by_sign: Counter[str]
    minted: int
    external: int
    claims: int


def terms_by_ontology(graph: Graph) -> Counter[str]:
    """CURIE prefix -> number of classes and properties (:data:`TERM_TYPES`) with that prefix."""
    terms: set[URIRef] = set()
    for kind in TERM_TYPES:
        terms.update(t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef))
    counts: Counter[str] = Counter()
    for term in terms:
        curie = compress(str(term))
        counts[prefix_of(curie) if curie != str(term) else OTHER] += 1
    return counts


def _relation_name(graph: Graph, claim: ClaimRecord) -> str:
    """``"RO:0002597 capable of negatively regulating"``: the relation's CURIE and ``rdfs:label`` (the CURIE
    alone when the graph has no label for it)."""
    if claim.relation is None:
        return MISSING
    curie, label = compress(str(claim.relation)), graph.value(claim.relation, RDFS.label)
    return curie if label is None else f"{curie} {label}"


def compute(graph: Graph) -> Stats:
    """The counts of a graph: the built ontology (:func:`bbao.store.load_graph`) or any graph with claims."""
    by_ontology = terms_by_ontology(graph)
    claims = read_claims(graph)

    def count(values: Iterable[str]) -> Counter[str]:
        return Counter(value or MISSING for value in values)

    minted = by_ontology.get("BBAO", 0)
    return Stats(
        terms_by_ontology=by_ontology,
        claims_by_section=count(c.section for c in claims),
        claims_by_relation=count(_relation_name(graph, c) for c in claims),
        claims_by_sign=count(c.sign for c in claims),
        minted=minted,
        external=sum(by_ontology.values()) - minted - by_ontology.get(OTHER, 0),
        claims=len(claims),
    )


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, ties by name."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def format_stats(stats: Stats) -> str:
    """The counts as text: totals, then one indented line per ontology, section, relation and sign
    (most frequent first; signs by name). No trailing line break."""
    lines = [f"claims: {stats.claims}", f"terms: {stats.minted} minted (BBAO), {stats.external} external", "",
             "terms per source ontology:"]
    lines += [f"  {k:<10} {v:>5}" for k, v in _by_count(stats.terms_by_ontology)]
    lines += ["", "claims per review section:"]
    lines += [f"  {v:>4}  {k}" for k, v in _by_count(stats.claims_by_section)]
    lines += ["", "claims per relation:"]
    lines += [f"  {v:>4}  {k}" for k, v in _by_count(stats.claims_by_relation)]
    lines += ["", "claims per sign:"]
    lines += [f"  {v:>4}  {k}" for k, v in sorted(stats.claims_by_sign.items())]
    return "\n".join(lines)
