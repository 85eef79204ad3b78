"""Counts a curator or user wants first: terms per source ontology, claims per section and relation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from bbao.build import CLAIM_CLASS, FIELD_PROPERTY
from bbao.prefixes import compress


@dataclass
class Stats:
    terms_by_ontology: Counter[str]
    claims_by_section: Counter[str]
    claims_by_relation: Counter[str]
    claims_by_sign: Counter[str]
    minted: int
    external: int
    claims: int


def compute(graph: Graph) -> Stats:
    """Counts over the built ontology graph (classes and properties with an IRI, by CURIE prefix)."""
    terms: set[URIRef] = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty):
        terms.update(t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef))
    by_onto: Counter[str] = Counter()
    for t in terms:
        curie = compress(str(t))
        by_onto[curie.split(":", 1)[0] if curie != str(t) else "other"] += 1
    claims = list(graph.subjects(RDF.type, CLAIM_CLASS))
    sections: Counter[str] = Counter(str(graph.value(c, FIELD_PROPERTY["section"])) for c in claims)
    relations: Counter[str] = Counter()
    for c in claims:
        rel = graph.value(c, FIELD_PROPERTY["relation"])
        label = graph.value(rel, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        relations[f"{compress(str(rel))} {label}"] += 1
    signs: Counter[str] = Counter(str(graph.value(c, FIELD_PROPERTY["sign"])) for c in claims)
    minted = by_onto.get("BBAO", 0)
    return Stats(by_onto, sections, relations, signs, minted, sum(by_onto.values()) - minted - by_onto.get("other", 0), len(claims))


def format_stats(stats: Stats) -> str:
    lines = [f"claims: {stats.claims}", f"terms: {stats.minted} minted (BBAO), {stats.external} external", "", "terms per source ontology:"]
    lines += [f"  {k:<10} {v:>5}" for k, v in sorted(stats.terms_by_ontology.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", "claims per review section:"]
    lines += [f"  {v:>4}  {k}" for k, v in sorted(stats.claims_by_section.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", "claims per relation:"]
    lines += [f"  {v:>4}  {k}" for k, v in sorted(stats.claims_by_relation.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", "claims per sign:"]
    lines += [f"  {v:>4}  {k}" for k, v in sorted(stats.claims_by_sign.items())]
    return "\n".join(lines)
