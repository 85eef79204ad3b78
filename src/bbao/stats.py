"""Counts a curator or user wants first: terms per source ontology, claims per section, relation, sign and
knowledge level, and the review's statements the coverage table ties to claims.

A term is a class or property with an IRI (``owl:Class``, ``owl:ObjectProperty``,
``owl:AnnotationProperty``), counted under the prefix of its CURIE (BBAO's prefix map; ``other`` when no
prefix fits). Claims are read with :func:`bbao.claims.read_claims`. The statements come from the curated
source's ``coverage.tsv`` (:mod:`bbao.coverage`), when the source is there (a clone of the repository, or the
copy inside an installed wheel) and has that table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.claims import ClaimRecord, read_claims
from bbao.errors import BBAOError, Problem
from bbao.mechanisms import HAS_STEP, MECHANISM_CLASS, UPSTREAM_STEP_OF
from bbao.model import ESTABLISHED, KNOWLEDGE_LEVELS
from bbao.prefixes import compress, prefix_of

__all__ = ["TERM_TYPES", "Coverage", "Stats", "compute", "format_stats", "read_coverage_summary"]

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
    ``claims_by_sign``: sign -> claims; ``claims_by_level``: knowledge level -> claims (every level of
    :data:`bbao.model.KNOWLEDGE_LEVELS`, zero included); ``minted``: BBAO's own terms; ``external``: terms of
    other ontologies (neither BBAO nor ``other``); ``claims``: claim individuals; ``coverage``: the review's
    statements in the coverage table, or ``None`` when it was not read (:func:`read_coverage_summary`);
    ``mechanisms``, ``mechanism_steps`` and ``step_links``: mechanism individuals, their 'has step' links to claims
    and the 'upstream step of' links between claims (:mod:`bbao.mechanisms`)."""

    terms_by_ontology: Counter[str]
    claims_by_section: Counter[str]
    claims_by_relation: Counter[str]
    claims_by_sign: Counter[str]
    minted: int
    external: int
    claims: int
    claims_by_level: Counter[str]
    coverage: Coverage | None = None
    mechanisms: int = 0
    mechanism_steps: int = 0
    step_links: int = 0


@dataclass(frozen=True)
class Coverage:
    """The coverage table's statements per status (:func:`bbao.coverage.summary`: ``statements``, ``covered``,
    ``out_of_scope``), or why they could not be counted (``problem``, with ``counts`` empty)."""

    counts: dict[str, int]
    problem: str = ""


def read_coverage_summary(source_dir: Path | None = None) -> Coverage | None:
    """The statements of ``coverage.tsv`` in ``source_dir`` (default: the curated source,
    :func:`bbao.paths.source_dir`) per status; ``None`` when there is no such folder or table.

    Reading it loads the curated source (:func:`bbao.source.load_source`: a few TSV files, no import module):
    a source that does not load, or a table with defective rows, gives a :class:`Coverage` naming the
    problem rather than counts that would be wrong."""
    from bbao import coverage, paths
    from bbao.source import load_source

    directory = source_dir if source_dir is not None else paths.source_dir()
    if not (directory / coverage.COVERAGE).is_file():
        return None
    try:
        source = load_source(directory)
    except BBAOError as exc:
        return Coverage({}, f"the curated source does not load ({len(exc.problems)} problems; "
                            "`bbao build` lists them)")
    problems: list[Problem] = []
    statements = coverage.read_coverage(source, problems)
    if statements is None:
        return None
    if problems:
        return Coverage({}, f"{len(problems)} problems in {coverage.COVERAGE} (`bbao build` lists them)")
    return Coverage(coverage.summary(statements))


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


def compute(graph: Graph, *, coverage: bool = True, source_dir: Path | None = None) -> Stats:
    """The counts of a graph: the built ontology (:func:`bbao.store.load_graph`) or any graph with claims.

    With ``coverage`` (the default, for ``bbao stats``), the statements of the coverage table in ``source_dir``
    (default: the curated source beside the release) are counted too (:func:`read_coverage_summary`); pass
    ``coverage=False`` for a graph that is not the project's release."""
    by_ontology = terms_by_ontology(graph)
    claims = read_claims(graph)

    def count(values: Iterable[str]) -> Counter[str]:
        return Counter(value or MISSING for value in values)

    by_level: Counter[str] = Counter({level: 0 for level in KNOWLEDGE_LEVELS})
    by_level.update(count(c.knowledge_level for c in claims))
    minted = by_ontology.get("BBAO", 0)
    return Stats(
        terms_by_ontology=by_ontology,
        claims_by_section=count(c.section for c in claims),
        claims_by_relation=count(_relation_name(graph, c) for c in claims),
        claims_by_sign=count(c.sign for c in claims),
        minted=minted,
        external=sum(by_ontology.values()) - minted - by_ontology.get(OTHER, 0),
        claims=len(claims),
        claims_by_level=by_level,
        coverage=read_coverage_summary(source_dir) if coverage else None,
        mechanisms=len(set(graph.subjects(RDF.type, MECHANISM_CLASS))),
        mechanism_steps=len(set(graph.subject_objects(HAS_STEP))),
        step_links=len(set(graph.subject_objects(UPSTREAM_STEP_OF))),
    )


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, ties by name."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _levels(counts: Counter[str]) -> list[tuple[str, int]]:
    """The model's levels in its order (zero included), then any other value by name."""
    known = [(level, counts.get(level, 0)) for level in KNOWLEDGE_LEVELS]
    return known + sorted((k, v) for k, v in counts.items() if k not in KNOWLEDGE_LEVELS and v)


def _coverage_line(coverage: Coverage) -> str:
    if coverage.problem:
        return f"review statements: not counted: {coverage.problem}"
    counts = coverage.counts
    return (f"review statements: {counts['statements']} ({counts['covered']} covered by claims, "
            f"{counts['out_of_scope']} out of scope)")


def format_stats(stats: Stats) -> str:
    """The counts as text: totals (the review's statements when counted, the mechanisms when there are any),
    then one indented line per ontology,
    section, relation, sign and knowledge level (most frequent first; signs by name, levels in the model's
    order, with how many are OWL axioms). No trailing line break."""
    lines = [f"claims: {stats.claims}", f"terms: {stats.minted} minted (BBAO), {stats.external} external"]
    if stats.coverage is not None:
        lines.append(_coverage_line(stats.coverage))
    if stats.mechanisms:
        lines.append(f"mechanisms: {stats.mechanisms} ({stats.mechanism_steps} steps, "
                     f"{stats.step_links} links between steps)")
    lines += ["", "terms per source ontology:"]
    lines += [f"  {k:<10} {v:>5}" for k, v in _by_count(stats.terms_by_ontology)]
    lines += ["", "claims per review section:"]
    lines += [f"  {v:>4}  {k}" for k, v in _by_count(stats.claims_by_section)]
    lines += ["", "claims per relation:"]
    lines += [f"  {v:>4}  {k}" for k, v in _by_count(stats.claims_by_relation)]
    lines += ["", "claims per sign:"]
    lines += [f"  {v:>4}  {k}" for k, v in sorted(stats.claims_by_sign.items())]
    established = stats.claims_by_level.get(ESTABLISHED, 0)
    lines += ["", f"claims per knowledge level ({established} established, OWL axioms; "
                  f"{stats.claims - established} not established, in the tentative relation graph):"]
    lines += [f"  {v:>4}  {k}" for k, v in _levels(stats.claims_by_level)]
    return "\n".join(lines)
