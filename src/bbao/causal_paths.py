"""Causal chains between two terms through the review's mechanisms: what ``bbao path FROM TO`` answers.

A chain is a sequence of steps of one mechanism (:mod:`bbao.mechanisms`), each linked to the next by 'upstream
step of' (BBAO:0000123), that starts at a step whose subject is FROM, or a kind or part of it, and ends at a step
whose object is TO, or a kind or part of it (the closure BBAO:0000053, is_a and part_of as Ubergraph's relation
graph follows them: regulating osteoblast differentiation regulates ossification). A chain starts as far upstream
as it can: one that an earlier step, also starting at FROM, could lengthen is left out. Steps are not repeated,
so a loop is walked once.

Its net sign is the product of its steps' signs ('chain step sign', BBAO:0000124, written by the build from
:func:`bbao.mechanisms.step_sign`): ``positive``, ``negative``, ``unsigned`` when a step is an unsigned
regulation, or ``none`` when no step regulates anything (each carries an entity on: produced by, has phenotype).
With knowledge levels asked for, the chains are those of the steps at those levels. Its weakest knowledge level
is the weakest of its steps' (:data:`LEVEL_STRENGTH`).

Everything is read from a :class:`bbao.backend.Backend` with SPARQL, so ``bbao path`` answers the same on the
embedded store and on an endpoint holding the release; ``queries/mechanism-paths.rq`` answers the same question
in one SPARQL query (chains of up to :data:`QUERY_MAX_STEPS` steps).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import pyoxigraph

from bbao.backend import Backend
from bbao.errors import BBAOError
from bbao.model import KNOWLEDGE_LEVELS
from bbao.prefixes import CurieError, compress, expand
from bbao.query import is_known

__all__ = [
    "LEVEL_STRENGTH",
    "QUERY_MAX_STEPS",
    "Chain",
    "ChainStep",
    "Network",
    "chain_paths",
    "find_chains",
    "format_chains",
    "read_network",
    "resolve_term",
]

ChainSign = Literal["positive", "negative", "unsigned", "none"]
#: Knowledge levels from the strongest to the weakest, for a chain's weakest level: a stated mechanism, then
#: what experiments show, then what is seen in patients, then a correlation, then what may be, then what should be
#: studied. Every :data:`bbao.model.KNOWLEDGE_LEVELS` value appears once.
LEVEL_STRENGTH: Final[tuple[str, ...]] = (
    "established", "experimental_finding", "clinical_observation", "association", "hypothesis", "future_direction")
assert sorted(LEVEL_STRENGTH) == sorted(KNOWLEDGE_LEVELS)
#: The longest chain ``queries/mechanism-paths.rq`` lists (the tests hold the release to it).
QUERY_MAX_STEPS: Final = 5

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oboInOwl: <http://www.geneontology.org/formats/oboInOwl#>
PREFIX bbao: <https://w3id.org/bbao/>
"""
_STEPS_QUERY = _PREFIXES + """SELECT ?mechanism ?mechanismLabel ?claim ?subject ?object ?stepSign ?sign ?level WHERE {
  ?mechanism a bbao:BBAO_0000066 ; rdfs:label ?mechanismLabel ; bbao:BBAO_0000122 ?claim .
  ?claim bbao:BBAO_0000100 ?subject ; bbao:BBAO_0000102 ?object ; bbao:BBAO_0000124 ?stepSign ;
         bbao:BBAO_0000103 ?sign ; bbao:BBAO_0000118 ?level .
}"""
_STEPS_COLUMNS = ["mechanism", "mechanismLabel", "claim", "subject", "object", "stepSign", "sign", "level"]
_LINKS_QUERY = _PREFIXES + "SELECT ?up ?down WHERE { ?up bbao:BBAO_0000123 ?down . }"
_DETAILS_QUERY = _PREFIXES + """SELECT ?claim ?field ?value ?valueLabel WHERE {
  ?mechanism a bbao:BBAO_0000066 ; bbao:BBAO_0000122 ?claim .
  VALUES ?field { rdfs:label bbao:BBAO_0000101 bbao:BBAO_0000103 bbao:BBAO_0000104 bbao:BBAO_0000106
                  bbao:BBAO_0000107 bbao:BBAO_0000111 bbao:BBAO_0000115 bbao:BBAO_0000121 bbao:BBAO_0000100
                  bbao:BBAO_0000102 }
  ?claim ?field ?value .
  OPTIONAL { ?value rdfs:label ?valueLabel . }
}"""
_NAMES_QUERY = _PREFIXES + """SELECT DISTINCT ?term ?name WHERE {
  ?mechanism a bbao:BBAO_0000066 ; bbao:BBAO_0000122 ?claim .
  ?claim bbao:BBAO_0000100|bbao:BBAO_0000102 ?end .
  ?end bbao:BBAO_0000053 ?term .
  ?term rdfs:label|oboInOwl:hasExactSynonym ?name .
}"""
_BELOW_QUERY = _PREFIXES + "SELECT DISTINCT ?below ?term WHERE { ?below bbao:BBAO_0000053 ?term . }"


@dataclass(frozen=True)
class ChainStep:
    """One step of a chain: its claim (CURIE), the claim's label, subject, relation and object (labels), its sign
    (the claim's: positive, negative or none), knowledge level, receptors, sites and contexts (labels), and the
    review's words."""

    claim: str
    label: str
    subject: str
    relation: str
    object: str
    sign: str
    level: str
    receptors: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    excerpt: str = ""


@dataclass(frozen=True)
class Chain:
    """A chain of one mechanism (CURIE and label): its steps in causal order, net sign, weakest knowledge level."""

    mechanism: str
    mechanism_label: str
    steps: tuple[ChainStep, ...]
    sign: ChainSign
    weakest_level: str

    @property
    def claims(self) -> tuple[str, ...]:
        """The claim CURIEs of its steps, in order."""
        return tuple(s.claim for s in self.steps)


@dataclass
class Network:
    """The mechanisms as read from a backend: for each mechanism its label and step claims; for each claim its
    subject and object IRIs, step sign and level; the links between claims (upstream -> downstream)."""

    labels: dict[str, str] = field(default_factory=dict)
    steps: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ends: dict[str, tuple[str, str]] = field(default_factory=dict)
    signs: dict[str, int] = field(default_factory=dict)
    claim_signs: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    links: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    details: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def _value(term: object) -> str:
    return str(getattr(term, "value", term)) if term is not None else ""


def read_network(backend: Backend) -> Network:
    """The mechanisms, their steps and links on ``backend`` (three SELECT queries). Raises what the backend
    raises (:class:`BBAOError` for an unreachable endpoint)."""
    net = Network()
    columns, rows = backend.select(_STEPS_QUERY, {})
    _expect(columns, _STEPS_COLUMNS, backend)
    for mechanism, label, claim, subject, obj, step, sign, level in rows:
        m, c = _value(mechanism), _value(claim)
        net.labels[m] = _value(label)
        net.steps[m].add(c)
        net.ends[c] = (_value(subject), _value(obj))
        try:
            net.signs[c] = int(_value(step))
        except ValueError as exc:
            raise BBAOError(f"{compress(c)}: its chain step sign (BBAO:0000124) is {_value(step)!r}, not 1, 0 or -1") \
                from exc
        net.claim_signs[c] = _value(sign)
        net.levels[c] = _value(level)
    columns, rows = backend.select(_LINKS_QUERY, {})
    _expect(columns, ["up", "down"], backend)
    for up, down in rows:
        net.links[_value(up)].add(_value(down))
    return net


def _expect(columns: Sequence[str], wanted: Sequence[str], backend: Backend) -> None:
    """Refuse an answer whose columns are not the query's (an endpoint that is no SPARQL 1.1 endpoint)."""
    if list(columns) != list(wanted):
        raise BBAOError(f"the {backend.name} answered with the columns {', '.join(columns) or '(none)'} where "
                        f"{', '.join(wanted)} were asked for: is it a SPARQL 1.1 endpoint?")


def resolve_term(text: str, backend: Backend) -> str:
    """The IRI of ``text``: a CURIE, an absolute IRI (``<…>`` or bare), or a label or exact synonym (any case) of
    a term some mechanism's step starts or ends at, or lies above. Raises :class:`BBAOError` for an unknown
    CURIE prefix, or a label naming no such term or several."""
    text = " ".join(text.split())
    if not text:
        raise BBAOError("an empty term: give a CURIE, an IRI or a label")
    if text.startswith("<") and text.endswith(">"):
        return _known(text[1:-1], text, backend)
    if text.startswith(("http://", "https://")):
        return _known(text, text, backend)
    if ":" in text and " " not in text:
        try:
            return _known(expand(text), text, backend)
        except CurieError as exc:
            raise BBAOError(f"{text}: {exc}") from exc
    _, rows = backend.select(_NAMES_QUERY, {})
    wanted = text.casefold()
    found = sorted({_value(term) for term, name in rows if " ".join(_value(name).split()).casefold() == wanted})
    if len(found) == 1:
        return found[0]
    if not found:
        raise BBAOError(f"no term of any mechanism is named {text!r}: give its CURIE (bbao path lists chains "
                        "between terms that the mechanisms' steps start or end at, or that lie above them)")
    raise BBAOError(f"{text!r} names {len(found)} terms ({', '.join(compress(t) for t in found)}): give a CURIE")


def _known(iri: str, text: str, backend: Backend) -> str:
    """``iri`` when ``backend`` holds a statement about it; else :class:`BBAOError` (a mistyped CURIE is no term,
    not a term without chains)."""
    if not iri.startswith(("http://", "https://", "urn:")) or any(c in iri for c in " <>\"{}|\\^`"):
        raise BBAOError(f"{text!r} is not an absolute http(s) or urn IRI")
    if not is_known(iri, backend):
        raise BBAOError(f"{text} is not a term of BBAO on the {backend.name} store: nothing is said about it")
    return iri


def _below(term: str, backend: Backend) -> set[str]:
    """``term`` and every term under it by is_a and part_of (the closure BBAO:0000053)."""
    _, rows = backend.select(_BELOW_QUERY, {"term": term})
    return {_value(row[0]) for row in rows} | {term}


def _chain_sign(signs: Iterable[int], claim_signs: Iterable[str]) -> ChainSign:
    """The product of the step signs: ``unsigned`` when a step is an unsigned regulation, ``none`` when no step
    regulates anything (each carries an entity on), else ``positive`` or ``negative``."""
    product = 1
    for sign in signs:
        product *= sign
    if product == 0:
        return "unsigned"
    if all(sign == "none" for sign in claim_signs):
        return "none"
    return "positive" if product > 0 else "negative"


def _weakest(levels: Iterable[str]) -> str:
    def rank(level: str) -> int:
        return LEVEL_STRENGTH.index(level) if level in LEVEL_STRENGTH else len(LEVEL_STRENGTH)

    return max(levels, key=rank)


def chain_paths(net: Network, sources: set[str], targets: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Every (mechanism IRI, claim IRIs) chain of ``net`` from a step whose subject is in ``sources`` to a step whose
    object is in ``targets`` (the module's rules: within one mechanism, no step twice, starting as far upstream
    as a step whose subject is in ``sources`` allows), sorted by mechanism and claims."""
    found: set[tuple[str, tuple[str, ...]]] = set()
    for mechanism, own in net.steps.items():
        def extend(path: tuple[str, ...], mechanism: str = mechanism, own: set[str] = own) -> None:
            if net.ends[path[-1]][1] in targets:
                found.add((mechanism, path))
            for nxt in sorted(net.links.get(path[-1], ())):
                if nxt in own and nxt not in path:
                    extend((*path, nxt))

        for start in sorted(own):
            if net.ends[start][0] in sources:
                extend((start,))
    # a chain that a step of its mechanism outside it, also from ``sources``, leads into starts there instead
    return sorted((m, path) for m, path in found
                  if not any(path[0] in net.links.get(up, ()) and net.ends[up][0] in sources
                             for up in net.steps[m] if up not in path))


def find_chains(backend: Backend, start: str, end: str, *, levels: Sequence[str] | None = None) -> list[Chain]:
    """The chains from ``start`` to ``end`` (each a CURIE, an IRI or a label: :func:`resolve_term`) on ``backend``,
    sorted by mechanism and steps; with ``levels``, only chains whose every step has one of those knowledge levels.
    Raises :class:`BBAOError` as :func:`resolve_term` does, and what the backend raises."""
    net = read_network(backend)
    sources, targets = _below(resolve_term(start, backend), backend), _below(resolve_term(end, backend), backend)
    if levels is not None:  # the chains of the steps at those levels (so a chain starts where they allow)
        for m in net.steps:
            net.steps[m] = {c for c in net.steps[m] if net.levels[c] in levels}
    paths = chain_paths(net, sources, targets)
    details = _details(backend) if paths else {}
    return [Chain(compress(m), net.labels[m], tuple(_step(c, net, details) for c in path),
                  _chain_sign((net.signs[c] for c in path), (net.claim_signs[c] for c in path)),
                  _weakest(net.levels[c] for c in path))
            for m, path in paths]


def _details(backend: Backend) -> dict[str, dict[str, list[str]]]:
    """For each step claim: field IRI -> its values shown as labels (else CURIEs or the literal), sorted."""
    _, rows = backend.select(_DETAILS_QUERY, {})
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim, prop, value, label in rows:
        shown = _value(label) or (compress(_value(value)) if isinstance(value, pyoxigraph.NamedNode) else _value(value))
        out[_value(claim)][_value(prop)].add(shown)
    return {c: {p: sorted(v) for p, v in fields.items()} for c, fields in out.items()}


_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_BBAO = "https://w3id.org/bbao/BBAO_0000"


def _step(claim: str, net: Network, details: Mapping[str, Mapping[str, list[str]]]) -> ChainStep:
    d = details.get(claim, {})

    def one(prop: str) -> str:
        values = d.get(prop, [])
        return values[0] if values else ""

    contexts = d.get(_BBAO + "111", []) + [f"in {x}" for x in d.get(_BBAO + "106", []) + d.get(_BBAO + "107", [])]
    receptors = [f"{r} on {loc}" if loc else r for r in d.get(_BBAO + "104", [])
                 for loc in (", ".join(d.get(_BBAO + "121", [])),)]
    sign = net.claim_signs[claim]
    return ChainStep(compress(claim), one(_RDFS_LABEL), one(_BBAO + "100"), one(_BBAO + "101"), one(_BBAO + "102"),
                     sign, net.levels[claim], tuple(receptors), tuple(contexts), one(_BBAO + "115"))


def format_chains(chains: Sequence[Chain], start: str, end: str) -> str:
    """``bbao path``'s text: one block per chain (mechanism, net sign, weakest level, then each step with its
    relation, receptors, contexts, level and the review's words), or a sentence saying there is none."""
    if not chains:
        return f"no chain from {start} to {end} in the review's mechanisms\n"
    lines = [f"{len(chains)} chain{'s' if len(chains) != 1 else ''} from {start} to {end}", ""]
    for number, chain in enumerate(chains, 1):
        lines.append(f"{number}. {chain.sign} (weakest level: {chain.weakest_level}), "
                     f"{chain.mechanism} {chain.mechanism_label}")
        for step in chain.steps:
            where = "; ".join((*(f"via {r}" for r in step.receptors), *step.contexts))
            lines.append(f"   {step.claim} [{step.sign}, {step.level}] {step.subject} --{step.relation}--> "
                         f"{step.object}" + (f" ({where})" if where else ""))
            if step.excerpt:
                lines.append(f"      \"{step.excerpt}\"")
        lines.append("")
    return "\n".join(lines)
