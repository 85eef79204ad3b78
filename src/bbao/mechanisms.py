"""The review's mechanisms: named, signed causal chains of claims, curated in two tables beside claims.tsv.

A mechanism (``BBAM:0000001``) is a set of claims, its *steps*, linked step to step: "NE raises RANKL
expression" leads into "RANKL promotes osteoclast differentiation". Each step keeps its own claim, so its
evidence, excerpt, context and knowledge level; chains fork (one step leading into several), join (several
into one) and may close a loop. This is GO-CAM's shape (activities linked by causal relations, README "Mechanisms")
with BBAO's claims as the links.

``ontology/src/mechanisms.tsv`` names each mechanism::

    mechanism     label                                   direction  description
    BBAM:0000001  noradrenaline from sympathetic nerves…  top-down   Sympathetic nerves release …

``ontology/src/mechanism-steps.tsv`` lists its steps, one row per (mechanism, claim), with the steps of the
same mechanism that lead into it (``upstream``, several separated by ``|``)::

    mechanism     claim         upstream
    BBAM:0000001  BBAC:0000007
    BBAM:0000001  BBAC:0000157  BBAC:0000007

A step may follow another only where the first one's effect reaches what acts in the second, which the build
checks (:func:`join`): the second's subject is the first's object (RANKL), or one of the first's mediators
(leptin restrains neuropeptide signalling *mediated by NPY*; NPY then acts), or its anatomical or cell context
(the skeleton, where bone remodeling happens, then acts on the brain), or the first is not a regulation but a
carrying relation (participates in, produced by, molecularly interacts with, has phenotype, …) and both have the
same subject (ucOC crosses the blood-brain barrier; ucOC then binds GPR158).

A chain's net sign is the product of its steps' signs (:func:`step_sign`): relieving an inhibition is positive;
a carrying step passes the sign on; a step with an unsigned regulation ("regulates", "correlated with") leaves the
chain unsigned.

>>> MECHANISM_COLUMNS, STEP_COLUMNS
(('mechanism', 'label', 'direction', 'description'), ('mechanism', 'claim', 'upstream'))
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from bbao.errors import Problem
from bbao.model import AXIS_DIRECTIONS, FIELD_PROPERTY, iri
from bbao.source import Claim, Source, TableReader, split_cell

__all__ = [
    "CARRYING_RELATIONS",
    "HAS_STEP",
    "JOINS",
    "MECHANISMS",
    "MECHANISM_CLASS",
    "MECHANISM_COLUMNS",
    "STEPS",
    "STEP_COLUMNS",
    "STEP_SIGN",
    "UPSTREAM_STEP_OF",
    "Mechanism",
    "Step",
    "check_mechanisms",
    "join",
    "mechanism_triples",
    "read_mechanisms",
    "step_sign",
]

#: The tables' file names, beside claims.tsv.
MECHANISMS: Final = "mechanisms.tsv"
STEPS: Final = "mechanism-steps.tsv"
#: Their columns, in order.
MECHANISM_COLUMNS: Final = ("mechanism", "label", "direction", "description")
STEP_COLUMNS: Final = ("mechanism", "claim", "upstream")
#: 'brain-bone axis mechanism' (terms.tsv), the class of the mechanism individuals.
MECHANISM_CLASS: Final = iri("BBAO:0000066")
#: 'has step' (mechanism -> claim) and 'upstream step of' (claim -> claim): annotation properties (terms.tsv),
#: so that the links between claims, which are information about the review, stay out of OWL reasoning.
HAS_STEP: Final = iri("BBAO:0000122")
UPSTREAM_STEP_OF: Final = iri("BBAO:0000123")
#: 'chain step sign' (claim -> xsd:integer 1, -1 or 0): :func:`step_sign`, written on every claim that is a step,
#: so that a SPARQL query multiplies a chain's sign without knowing which relations carry an entity on.
STEP_SIGN: Final = iri("BBAO:0000124")
#: Relations that state no regulation but carry an entity on to the next step: its presence, its movement, its
#: binding, its origin, its phenotype. A step with one of them passes the chain's sign on unchanged, and the
#: next step may have the same subject (see :func:`join`). Source: the relation definitions of RO
#: (``../shared/reference/ro-bfo-subset.ttl``), none of which is a regulation.
CARRYING_RELATIONS: Final = frozenset({
    "RO:0000056",  # participates in
    "RO:0002215",  # capable of
    "RO:0002436",  # molecularly interacts with
    "RO:0003000",  # produces
    "RO:0003001",  # produced by
    "RO:0002206",  # expressed in
    "RO:0002200",  # has phenotype
    "RO:0004020",  # disease has basis in dysfunction of
    "RO:0004003",  # has material basis in germline mutation in
    "RO:0004013",  # is causal germline mutation in
})
Join = Literal["object", "mediator", "context", "same subject"]
#: How one step leads into the next, in the order :func:`join` tries them.
JOINS: Final[tuple[Join, ...]] = ("object", "mediator", "context", "same subject")
_MECHANISM_ID = re.compile(r"BBAM:\d{7}")


@dataclass(frozen=True)
class Step:
    """One row of mechanism-steps.tsv: a claim of a mechanism and the claims (of the same mechanism) leading into it."""

    mechanism: str
    claim: str
    upstream: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Mechanism:
    """One row of mechanisms.tsv with its steps, in the table's order."""

    id: str
    label: str
    direction: str
    description: str
    steps: tuple[Step, ...]
    line: int

    @property
    def claims(self) -> tuple[str, ...]:
        """The claim ids of its steps, in the table's order."""
        return tuple(s.claim for s in self.steps)


def step_sign(claim: Claim) -> int:
    """The sign a step gives a chain: 1 (``positive``, or a carrying relation), -1 (``negative``) or 0 (an unsigned
    regulation or association: the chain's sign is then unknown).

    >>> from bbao.source import Claim
    >>> step_sign(Claim("BBAC:1", "CHEBI:33569", "RO:0002597", "GO:0001649", "negative", "s", "x", ()))
    -1
    >>> step_sign(Claim("BBAC:2", "BBAO:0000010", "RO:0000056", "BBAO:0000014", "none", "s", "x", ()))
    1
    >>> step_sign(Claim("BBAC:3", "UBERON:0001017", "RO:0002596", "GO:0046849", "none", "s", "x", ()))
    0
    """
    if claim.sign == "positive":
        return 1
    if claim.sign == "negative":
        return -1
    return 1 if claim.relation in CARRYING_RELATIONS else 0


def join(upstream: Claim, downstream: Claim) -> Join | None:
    """How ``upstream``'s effect reaches what acts in ``downstream`` (a :data:`JOINS` value), or None when it does
    not: ``downstream``'s subject is ``upstream``'s object, one of its mediators, one of its anatomical or cell
    contexts, or (``upstream`` having a :data:`CARRYING_RELATIONS` relation) ``upstream``'s own subject.

    >>> from bbao.source import Claim
    >>> ne_rankl = Claim("BBAC:7", "CHEBI:33569", "RO:0003003", "PR:000002107", "positive", "s", "x", ())
    >>> rankl = Claim("BBAC:157", "PR:000002107", "RO:0002598", "GO:0030316", "positive", "s", "x", ())
    >>> join(ne_rankl, rankl), join(rankl, ne_rankl)
    ('object', None)
    """
    subject = downstream.subject
    if subject == upstream.object:
        return "object"
    if subject in upstream.mediator:
        return "mediator"
    if subject in upstream.anatomical_context or subject in upstream.cell_context:
        return "context"
    if upstream.relation in CARRYING_RELATIONS and subject == upstream.subject:
        return "same subject"
    return None


def read_mechanisms(source: Source, problems: list[Problem]) -> list[Mechanism] | None:
    """The mechanisms of ``source.directory`` with their steps (rows that pass their own checks: a ``BBAM:``
    id of seven digits seen once, a label, a :data:`bbao.model.AXIS_DIRECTIONS` direction; a step of a known
    mechanism, a claim id, not twice in one mechanism, not upstream of itself; an upstream named twice counts
    once). Each defect is appended to ``problems`` (file, line, column) and its row left out; the steps of a
    mechanism whose own row was refused are not reported again, nor are mechanisms without steps when the steps
    table could not be read at all. None when the source has neither table; a missing half is a problem."""
    mechanisms_path, steps_path = source.directory / MECHANISMS, source.directory / STEPS
    if not mechanisms_path.is_file() and not steps_path.is_file():
        return None
    heads: dict[str, tuple[int, dict[str, str]]] = {}
    rejected: set[str] = set()  # rows already reported: their steps are not reported again
    reader = TableReader(mechanisms_path, MECHANISM_COLUMNS, problems)
    before = len(problems)
    for line, row in reader.rows():
        mid = row["mechanism"]
        rejected.add(mid)
        if not _MECHANISM_ID.fullmatch(mid):
            reader.problem(line, "mechanism", f"mechanism id {mid!r} must be BBAM: followed by 7 digits")
        elif mid in heads:
            reader.problem(line, "mechanism", f"duplicate mechanism id {mid} (first on line {heads[mid][0]})")
        elif not row["label"]:
            reader.problem(line, "label", f"{mid} has no label")
        elif row["direction"] not in AXIS_DIRECTIONS:
            reader.problem(line, "direction",
                           f"{mid}: direction {row['direction']!r} must be one of {', '.join(AXIS_DIRECTIONS)}")
        else:
            heads[mid] = (line, row)
            rejected.discard(mid)
    unreadable = len(problems) > before and not heads  # the whole table was refused (header, encoding)
    steps: dict[str, list[Step]] = defaultdict(list)
    step_reader = TableReader(steps_path, STEP_COLUMNS, problems)
    before = len(problems)
    step_rows = step_reader.rows()
    steps_unreadable = len(problems) > before and not step_rows
    seen: dict[tuple[str, str], int] = {}
    for line, row in step_rows:
        mid, cid = row["mechanism"], row["claim"]
        if mid in rejected or unreadable:
            continue  # its mechanism's row is reported already
        if mid not in heads:
            step_reader.problem(line, "mechanism", f"{mid!r} is not a mechanism of {MECHANISMS}")
        elif not cid.startswith("BBAC:"):
            step_reader.problem(line, "claim", f"step {cid!r} must be a claim id (BBAC:nnnnnnn)")
        elif (mid, cid) in seen:
            step_reader.problem(line, "claim", f"{cid} is a step of {mid} twice (first on line {seen[mid, cid]})")
        elif cid in split_cell(row["upstream"]):
            step_reader.problem(line, "upstream", f"{cid} is named upstream of itself: a step cannot lead into itself")
        else:
            seen[mid, cid] = line
            steps[mid].append(Step(mid, cid, tuple(dict.fromkeys(split_cell(row["upstream"]))), line))
    if steps_unreadable:  # every mechanism would lack steps: the table's own problem says why
        return []
    return [Mechanism(mid, row["label"], row["direction"], row["description"], tuple(steps[mid]), line)
            for mid, (line, row) in heads.items()]


def check_mechanisms(source: Source) -> list[Problem]:
    """Every problem of the mechanism tables against ``source``: each row's own (:func:`read_mechanisms`), a
    mechanism without steps, a step that is not a claim of claims.tsv, an upstream step that is not a step of the
    same mechanism, and a link whose steps do not :func:`join` (the message names both claims, their subject and
    object). Nothing when the source has no mechanism tables."""
    problems: list[Problem] = []
    mechanisms = read_mechanisms(source, problems)
    if mechanisms is None:
        return problems
    claims = {c.id: c for c in source.claims}
    path = str(source.directory / STEPS)
    upstream_column = STEP_COLUMNS.index("upstream") + 1
    for m in mechanisms:
        if not m.steps:
            problems.append(Problem(str(source.directory / MECHANISMS), f"{m.id} has no steps in {STEPS}",
                                    line=m.line))
        own = set(m.claims)
        for step in m.steps:
            if step.claim not in claims:
                problems.append(Problem(path, f"{m.id}: {step.claim} is not a claim of claims.tsv", line=step.line,
                                        column=STEP_COLUMNS.index("claim") + 1, field="claim"))
                continue
            for up in step.upstream:
                if up not in own:
                    problems.append(Problem(path, f"{m.id}: upstream {up} is not a step of {m.id}", line=step.line,
                                            column=upstream_column, field="upstream"))
                elif up in claims and join(claims[up], claims[step.claim]) is None:
                    u, d = claims[up], claims[step.claim]
                    problems.append(Problem(
                        path, f"{m.id}: {up} ({u.subject} -> {u.object}) does not lead into {d.id} "
                              f"({d.subject} -> {d.object}): the subject of {d.id} must be the object, a mediator or "
                              f"a context of {up}, or its subject when {up}'s relation carries it on",
                        line=step.line, column=upstream_column, field="upstream"))
    return problems


def mechanism_triples(mechanisms: list[Mechanism], claims: list[Claim], doi: URIRef) -> Graph:
    """The mechanisms as RDF: each an individual of :data:`MECHANISM_CLASS` with its label, identifier, axis
    direction (BBAO:0000116), description (dcterms:description) and source (the review's DOI), linked to its
    claims by :data:`HAS_STEP`; each link between two steps as ``upstream`` :data:`UPSTREAM_STEP_OF` ``downstream``
    (a link holds whichever mechanism states it: it says that one claim's effect reaches the next); each step
    claim of ``claims`` with its :data:`STEP_SIGN`."""
    by_id = {c.id: c for c in claims}
    g = Graph()
    for cid in sorted({s.claim for m in mechanisms for s in m.steps} & by_id.keys()):
        g.add((iri(cid), STEP_SIGN, RDFLiteral(step_sign(by_id[cid]))))
    for m in mechanisms:
        node = iri(m.id)
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, MECHANISM_CLASS))
        g.add((node, RDFS.label, RDFLiteral(m.label)))
        g.add((node, DCTERMS.identifier, RDFLiteral(m.id)))
        g.add((node, DCTERMS.source, doi))
        g.add((node, FIELD_PROPERTY["direction"], RDFLiteral(m.direction)))
        if m.description:
            g.add((node, DCTERMS.description, RDFLiteral(m.description)))
        for step in m.steps:
            g.add((node, HAS_STEP, iri(step.claim)))
            for up in step.upstream:
                g.add((iri(up), UPSTREAM_STEP_OF, iri(step.claim)))
    return g
