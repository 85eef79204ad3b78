"""Context-aware conflict detection between claims: opposite signs on the same target.

Two claims are compared when they have the same subject and either the same object, or objects that are
processes (under BFO 'process', ``BFO:0000015``) in the same cell type (their cell context), as in "central
leptin inhibits osteoblast proliferation" against "peripheral leptin promotes osteoblast differentiation". A
pair with opposite signs is *context-separated* when any context field differs (site, receptor, mediator,
anatomy, cell, taxon, disease, developmental stage, co-treatment: :data:`bbao.model.CONTEXT_FIELDS`): the
review reports both effects, each in its own setting.

A pair in the same context is a *true conflict*, which a curator must resolve, only when both claims are
established (:data:`bbao.model.KNOWLEDGE_LEVELS`): then the ontology asserts both as OWL axioms. When either is
stated less firmly (an association, a clinical observation, an experimental finding, a hypothesis, a future
direction) the pair is *level-separated*: the review sets a finding or a proposal against what it states as
known, or reports findings that disagree, which is not a contradiction among BBAO's axioms (the tentative claims
are no axioms); it is listed, with each side's level, for a curator to read. A claim without a knowledge level (a
user's graph written before BBAO had levels) counts as established, as claims.tsv's default does.

Works on any graph of BBAO claims (read with :func:`bbao.claims.read_claims`), so a lab's own claims merged
with the ontology are checked the same way; a claim without a subject, an object or a sign states no effect
and is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from itertools import combinations
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from bbao.claims import ClaimRecord, read_claims
from bbao.model import CONTEXT_FIELDS, ESTABLISHED, PROCESS
from bbao.prefixes import compress

__all__ = ["OPPOSITE", "ClaimView", "Pair", "find_conflicts", "find_pairs", "format_pairs"]

#: The sign pairs that contradict each other (``none`` contradicts nothing).
OPPOSITE: Final = {("positive", "negative"), ("negative", "positive")}


@dataclass(frozen=True)
class ClaimView:
    """The parts of a claim that conflict detection compares, as CURIEs (IRIs where no prefix fits).

    ``context``: (field, sorted values) for every field of :data:`bbao.model.CONTEXT_FIELDS`, in that
    order; ``object_is_process``: the object is BFO 'process' or a subclass of it in the graph;
    ``knowledge_level``: how firmly the review states the claim (empty when the graph gives none)."""

    id: str
    subject: str
    object: str
    sign: str
    context: tuple[tuple[str, tuple[str, ...]], ...]
    label: str
    object_is_process: bool
    knowledge_level: str = ""

    @classmethod
    def of(cls, claim: ClaimRecord, processes: Collection[URIRef]) -> list[ClaimView]:
        """The views of ``claim``: one per subject, object and sign it states (one, unless a user's claim states
        a field twice, which the SHACL shapes report; each reading is then compared), none when it lacks a
        subject, an object or a sign.

        ``processes``: the process classes of the graph (objects among them are compared per cell type)."""
        context = tuple((name, tuple(sorted(compress(str(v)) for v in values))) for name, values in claim.context())
        return [
            cls(claim.id, compress(str(subject)), compress(str(obj)), str(sign), context, claim.label,
                obj in processes, claim.knowledge_level)
            for subject in claim.every("subject") for obj in claim.every("object") for sign in claim.every("sign")
            if str(sign)
        ]

    def field(self, name: str) -> tuple[str, ...]:
        """The values of context field ``name`` (empty for a field the claim leaves empty)."""
        return dict(self.context).get(name, ())

    @property
    def established(self) -> bool:
        """Whether the review states the claim as established (so BBAO states it as an OWL axiom); a claim
        without a knowledge level counts as established."""
        return self.knowledge_level in ("", ESTABLISHED)

    @property
    def level(self) -> str:
        """The knowledge level to show: the claim's, or ``established?`` when it gives none."""
        return self.knowledge_level or f"{ESTABLISHED}?"


@dataclass(frozen=True)
class Pair:
    """Two claims of one subject with opposite signs on one target: their object (a CURIE) or, for process
    objects, a cell type (``"cell CL:0000062"``); ``differing``: the context fields whose values differ.

    A pair is context-separated when a context field differs, else level-separated when either claim is not
    established, else a true conflict."""

    subject: str
    target: str
    first: ClaimView
    second: ClaimView
    differing: tuple[str, ...]

    @property
    def context_separated(self) -> bool:
        """Whether any context field differs between the two claims."""
        return bool(self.differing)

    @property
    def level_separated(self) -> bool:
        """Whether the claims share their context but either is not established (see the module docstring)."""
        return not self.differing and not (self.first.established and self.second.established)

    @property
    def true_conflict(self) -> bool:
        """Two established claims with opposite signs in the same context: BBAO asserts both."""
        return not self.context_separated and not self.level_separated


def claim_views(graph: Graph) -> list[ClaimView]:
    """The comparable claims of ``graph`` (see :meth:`ClaimView.of`), sorted by identifier."""
    processes = {n for n in graph.transitive_subjects(RDFS.subClassOf, PROCESS) if isinstance(n, URIRef)}
    views = [view for claim in read_claims(graph) for view in ClaimView.of(claim, processes)]
    return sorted(views, key=lambda c: (c.id, c.subject, c.object, c.sign))


def find_pairs(graph: Graph) -> list[Pair]:
    """Every pair of claims with the same subject and target and opposite signs, each pair once, in the
    order of their (subject, target) group, then of their identifiers."""
    groups: dict[tuple[str, str], list[ClaimView]] = defaultdict(list)
    for claim in claim_views(graph):
        groups[(claim.subject, claim.object)].append(claim)
        for cell in claim.field("cell_context") if claim.object_is_process else ():
            groups[(claim.subject, f"cell {cell}")].append(claim)
    pairs: dict[tuple[str, str], Pair] = {}
    for (subject, target), members in sorted(groups.items()):
        for a, b in combinations(members, 2):
            if (a.sign, b.sign) not in OPPOSITE or a.id == b.id or (a.id, b.id) in pairs:
                continue
            differing = tuple(name for name in CONTEXT_FIELDS if a.field(name) != b.field(name))
            pairs[(a.id, b.id)] = Pair(subject, target, a, b, differing)
    return list(pairs.values())


def find_conflicts(graph: Graph) -> tuple[list[Pair], list[Pair]]:
    """(separated pairs, true conflicts), each in the order of :func:`find_pairs`: the separated pairs are the
    context-separated and the level-separated ones (:class:`Pair`), the true conflicts those of two established
    claims in the same context."""
    pairs = find_pairs(graph)
    return [p for p in pairs if not p.true_conflict], [p for p in pairs if p.true_conflict]


def _show(pair: Pair) -> list[str]:
    lines = [f"- {pair.subject} on {pair.target}"]
    for c in (pair.first, pair.second):
        ctx = "; ".join(f"{k}={'|'.join(v)}" for k, v in c.context if v)
        lines.append(f"    {c.id} {c.sign:<8} {c.level:<20} {c.label}" + (f"  [{ctx}]" if ctx else ""))
    if pair.differing:
        lines.append(f"    contexts differ in: {', '.join(pair.differing)}")
    elif pair.level_separated:
        lines.append(f"    same context, but not both established ({pair.first.level} against "
                     f"{pair.second.level}): not a contradiction among BBAO's axioms")
    return lines


def format_pairs(separated: list[Pair], conflicts: list[Pair]) -> str:
    """The report of ``bbao conflicts``: a count and the pairs of each kind (context-separated, level-separated,
    true conflicts), each claim with its sign, knowledge level and non-empty context fields. ``separated`` may
    hold both context- and level-separated pairs (as :func:`find_conflicts` gives them). No trailing line
    break."""
    by_context = [p for p in separated if p.context_separated]
    by_level = [p for p in separated if not p.context_separated]
    out = [f"context-separated opposite-sign claims: {len(by_context)}"]
    for p in by_context:
        out += _show(p)
    out += ["", f"level-separated (same context, opposite sign, not both established): {len(by_level)}"]
    for p in by_level:
        out += _show(p)
    out += ["", f"true conflicts (same context, opposite sign, both established): {len(conflicts)}"]
    for p in conflicts:
        out += _show(p)
    return "\n".join(out)
