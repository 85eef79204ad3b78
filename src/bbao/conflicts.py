"""Context-aware conflict detection between claims: opposite signs on the same target.

Two claims are compared when they have the same subject and either the same object, or objects that are
processes (under BFO 'process') in the same cell type (their cell context), as in "central leptin inhibits osteoblast
proliferation" against "peripheral leptin promotes osteoblast differentiation". A pair with opposite signs
is *context-separated* when any context differs (site, receptor, mediator, anatomy, cell, taxon, disease,
developmental stage, co-treatment): the review reports both effects, each in its own setting. Otherwise it
is a *true conflict*, which a curator must resolve. Works on any graph of BBAO claims, so a lab's own
claims merged with the ontology are checked the same way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from bbao.prefixes import expand

from bbao.build import CLAIM_CLASS, CONTEXT_FIELDS, FIELD_PROPERTY
from bbao.prefixes import compress

OPPOSITE = {("positive", "negative"), ("negative", "positive")}


@dataclass(frozen=True)
class ClaimView:
    """The parts of a claim that conflict detection compares."""

    id: str
    subject: str
    object: str
    sign: str
    context: tuple[tuple[str, tuple[str, ...]], ...]
    label: str
    object_is_process: bool

    def field(self, name: str) -> tuple[str, ...]:
        return dict(self.context).get(name, ())


@dataclass(frozen=True)
class Pair:
    """Two claims of one subject with opposite signs on one target (an object or a cell type)."""

    subject: str
    target: str
    first: ClaimView
    second: ClaimView
    differing: tuple[str, ...]

    @property
    def context_separated(self) -> bool:
        return bool(self.differing)


PROCESS = URIRef(expand("BFO:0000015"))


def _claims(graph: Graph) -> list[ClaimView]:
    out = []
    processes = set(graph.transitive_subjects(RDFS.subClassOf, PROCESS))
    for node in graph.subjects(RDF.type, CLAIM_CLASS):
        if not isinstance(node, URIRef):
            continue
        s, o, sign = (graph.value(node, FIELD_PROPERTY[k]) for k in ("subject", "object", "sign"))
        if s is None or o is None or sign is None:
            continue
        context = tuple(
            (name, tuple(sorted(compress(str(v)) for v in graph.objects(node, FIELD_PROPERTY[name]))))
            for name in CONTEXT_FIELDS
        )
        out.append(ClaimView(compress(str(node)), compress(str(s)), compress(str(o)), str(sign), context,
                             str(graph.value(node, RDFS.label) or ""), o in processes))
    return sorted(out, key=lambda c: c.id)


def find_pairs(graph: Graph) -> list[Pair]:
    """Every pair of claims with the same subject and target and opposite signs."""
    groups: dict[tuple[str, str], list[ClaimView]] = defaultdict(list)
    for claim in _claims(graph):
        groups[(claim.subject, claim.object)].append(claim)
        for cell in claim.field("cell_context") if claim.object_is_process else ():
            groups[(claim.subject, f"cell {cell}")].append(claim)
    pairs: dict[tuple[str, str], Pair] = {}
    for (subject, target), members in sorted(groups.items()):
        for a, b in combinations(members, 2):
            if (a.sign, b.sign) not in OPPOSITE or (a.id, b.id) in pairs:
                continue
            differing = tuple(name for name in CONTEXT_FIELDS if a.field(name) != b.field(name))
            pairs[(a.id, b.id)] = Pair(subject, target, a, b, differing)
    return list(pairs.values())


def find_conflicts(graph: Graph) -> tuple[list[Pair], list[Pair]]:
    """(context-separated pairs, true conflicts)."""
    pairs = find_pairs(graph)
    return [p for p in pairs if p.context_separated], [p for p in pairs if not p.context_separated]


def format_pairs(separated: list[Pair], conflicts: list[Pair]) -> str:
    def show(p: Pair) -> list[str]:
        lines = [f"- {p.subject} on {p.target}"]
        for c in (p.first, p.second):
            ctx = "; ".join(f"{k}={'|'.join(v)}" for k, v in c.context if v)
            lines.append(f"    {c.id} {c.sign:<8} {c.label}" + (f"  [{ctx}]" if ctx else ""))
        if p.differing:
            lines.append(f"    contexts differ in: {', '.join(p.differing)}")
        return lines

    out = [f"context-separated opposite-sign claims: {len(separated)}"]
    for p in separated:
        out += show(p)
    out += ["", f"true conflicts (same context, opposite sign): {len(conflicts)}"]
    for p in conflicts:
        out += show(p)
    return "\n".join(out)
