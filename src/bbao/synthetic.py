"""BBAO-shaped user data for benchmarks and engine comparisons: claims that follow the claim model and
the shapes, with a known set of injected violations.

Each synthetic claim copies a shipped claim (so subjects, relations and objects are of the right kinds)
under a new IRI, with its relation-graph triple; a seeded random 1% carry one injected defect each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from bbao.build import CLAIM_CLASS, FIELD_PROPERTY
from bbao.progress import counting

BASE = "https://example.org/bbao-bench/claim/"

#: Injected defect -> a SHACL constraint component that must report it (others may join in).
DEFECTS = {
    "wrong-sign": "InConstraintComponent",
    "no-evidence": "MinCountConstraintComponent",
    "evidence-not-eco": "PatternConstraintComponent",
    "no-relation-graph-triple": "SPARQLConstraintComponent",
    "site-outside-value-set": "InConstraintComponent",
}


@dataclass
class Synthetic:
    graph: Graph
    claims: int
    injected: dict[str, str]  # claim IRI -> defect


def templates(ontology: Graph) -> list[list[tuple[URIRef, object]]]:
    """The (predicate, object) lists of the shipped claims, in a stable order."""
    out = []
    for claim in sorted(ontology.subjects(RDF.type, CLAIM_CLASS), key=str):
        out.append(sorted(ontology.predicate_objects(claim), key=lambda po: (str(po[0]), str(po[1]))))
    return out


def generate(ontology: Graph, triples: int, seed: int = 7, defect_rate: float = 0.01, *, progress: bool = False) -> Synthetic:
    """About ``triples`` triples of synthetic claims (plus their relation-graph triples); ``progress``
    shows a bar on a terminal for large sizes."""
    rng = random.Random(seed)
    shapes = templates(ontology)
    per_claim = sum(len(t) for t in shapes) / len(shapes) + 1
    count = max(1, int(triples / per_claim))
    graph = Graph()
    injected: dict[str, str] = {}
    kinds = sorted(DEFECTS)
    for i in counting(range(count), "generating claims", progress and triples > 100_000):
        node = URIRef(f"{BASE}{i:07d}")
        pairs = list(rng.choice(shapes))
        defect = kinds[rng.randrange(len(kinds))] if rng.random() < defect_rate else None
        fields = {p: o for p, o in pairs}
        for p, o in pairs:
            if defect == "no-evidence" and p == FIELD_PROPERTY["evidence"]:
                continue
            if defect == "evidence-not-eco" and p == FIELD_PROPERTY["evidence"]:
                o = URIRef("http://purl.obolibrary.org/obo/GO_0008150")
            if defect == "wrong-sign" and p == FIELD_PROPERTY["sign"]:
                o = Literal("inhibits")
            graph.add((node, p, o))
        if defect == "site-outside-value-set":
            graph.add((node, FIELD_PROPERTY["site"], Literal("spinal")))
        if defect != "no-relation-graph-triple":
            s, r, o = (fields[FIELD_PROPERTY[k]] for k in ("subject", "relation", "object"))
            graph.add((s, r, o))  # type: ignore[arg-type]
        else:  # an object that no relation-graph triple (shipped or synthetic) reaches
            graph.remove((node, FIELD_PROPERTY["object"], None))
            graph.add((node, FIELD_PROPERTY["object"], URIRef(f"{BASE}unlinked-object-{i}")))
        if defect:
            injected[str(node)] = defect
    return Synthetic(graph, count, injected)
