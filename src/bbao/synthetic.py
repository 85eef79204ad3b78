"""BBAO-shaped user data for benchmarks and engine comparisons: claims that follow the claim model and
the shapes, with a known set of injected violations.

Each synthetic claim copies a shipped claim (so subjects, relations and objects are of the right kinds)
under a new IRI, with its relation-graph triple; a seeded random share (1% by default) carry one injected
defect each, of a kind of :data:`DEFECTS`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from bbao.claims import read_claims
from bbao.mechanisms import STEP_SIGN, UPSTREAM_STEP_OF
from bbao.model import FIELD_PROPERTY, iri
from bbao.progress import counting

__all__ = ["BASE", "DEFECTS", "Synthetic", "Template", "generate", "templates"]

#: The IRI namespace of synthetic claims (``BASE`` + seven digits) and of their unlinked objects.
BASE: Final = "https://example.org/bbao-bench/claim/"

#: Injected defect -> a SHACL constraint component (SHACL Core, https://www.w3.org/TR/shacl/, and
#: SHACL-SPARQL) that the shapes of ``shapes/bbao-shapes.ttl`` report it with (others may join in):
#: a sign outside :data:`bbao.model.SIGNS`, a claim without evidence, evidence that is no ECO term, a claim
#: whose subject-relation-object triple is not in the relation graph, a site outside :data:`bbao.model.SITES`.
DEFECTS: Final = {
    "wrong-sign": "InConstraintComponent",
    "no-evidence": "MinCountConstraintComponent",
    "evidence-not-eco": "PatternConstraintComponent",
    "no-relation-graph-triple": "SPARQLConstraintComponent",
    "site-outside-value-set": "InConstraintComponent",
}
#: The evidence of an ``evidence-not-eco`` claim: GO 'biological_process', a term outside ECO.
NOT_EVIDENCE: Final = iri("GO:0008150")
#: The sign of a ``wrong-sign`` claim and the site of a ``site-outside-value-set`` claim.
WRONG_SIGN: Final = Literal("inhibits")
WRONG_SITE: Final = Literal("spinal")

#: The (predicate, object) pairs of one claim individual, its ``rdf:type`` statements included.
Template = list[tuple[URIRef, Node]]


@dataclass
class Synthetic:
    """Generated claims: ``graph`` holds them and their relation-graph triples, ``claims`` is their number,
    ``injected`` maps the IRI of each defective claim to its kind of defect (a key of :data:`DEFECTS`)."""

    graph: Graph
    claims: int
    injected: dict[str, str]


def templates(ontology: Graph) -> list[Template]:
    """The (predicate, object) pairs of every claim of ``ontology`` (:func:`bbao.claims.read_claims`, so in
    IRI order), its types included, each list sorted by predicate then object. A claim's place in a mechanism
    (its 'upstream step of' links and 'chain step sign', :mod:`bbao.mechanisms`) is not copied: a copy is in
    no mechanism."""
    out = []
    for claim in read_claims(ontology):
        types = [(RDF.type, t) for t in ontology.objects(claim.node, RDF.type)]
        own = [(p, o) for p, o in claim.statements if p not in (UPSTREAM_STEP_OF, STEP_SIGN)]
        out.append(sorted([*types, *own], key=lambda po: (str(po[0]), str(po[1]))))
    return out


def _claim(graph: Graph, node: URIRef, template: Template, defect: str | None, number: int) -> None:
    """Add claim ``node``, a copy of ``template`` with ``defect`` injected, and its relation-graph triple."""
    fields = dict(template)
    for p, o in template:
        if defect == "no-evidence" and p == FIELD_PROPERTY["evidence"]:
            continue
        if defect == "evidence-not-eco" and p == FIELD_PROPERTY["evidence"]:
            o = NOT_EVIDENCE
        if defect == "wrong-sign" and p == FIELD_PROPERTY["sign"]:
            o = WRONG_SIGN
        graph.add((node, p, o))
    if defect == "site-outside-value-set":
        graph.add((node, FIELD_PROPERTY["site"], WRONG_SITE))
    if defect != "no-relation-graph-triple":
        s, r, o = (fields[FIELD_PROPERTY[k]] for k in ("subject", "relation", "object"))
        graph.add((s, r, o))
    else:  # an object that no relation-graph triple (shipped or synthetic) reaches
        graph.remove((node, FIELD_PROPERTY["object"], None))
        graph.add((node, FIELD_PROPERTY["object"], URIRef(f"{BASE}unlinked-object-{number}")))


def generate(ontology: Graph, triples: int, seed: int = 7, defect_rate: float = 0.01, *,
             progress: bool = False) -> Synthetic:
    """About ``triples`` triples of synthetic claims (plus their relation-graph triples), copied from the
    claims of ``ontology`` (the shipped ontology), the same for the same ``seed``.

    Each claim carries a defect with probability ``defect_rate`` (0-1), its kind drawn evenly from
    :data:`DEFECTS`. ``progress`` shows a bar on a terminal for more than 100,000 triples. Raises
    :class:`ValueError` when ``ontology`` has no claim to copy."""
    shapes = templates(ontology)
    if not shapes:
        raise ValueError("the ontology has no claim to copy")
    rng = random.Random(seed)
    per_claim = sum(len(t) for t in shapes) / len(shapes) + 1
    count = max(1, int(triples / per_claim))
    graph = Graph()
    injected: dict[str, str] = {}
    kinds = sorted(DEFECTS)
    for i in counting(range(count), "generating claims", progress and triples > 100_000):
        node = URIRef(f"{BASE}{i:07d}")
        template = rng.choice(shapes)
        defect = kinds[rng.randrange(len(kinds))] if rng.random() < defect_rate else None
        _claim(graph, node, template, defect, i)
        if defect:
            injected[str(node)] = defect
    return Synthetic(graph, count, injected)
