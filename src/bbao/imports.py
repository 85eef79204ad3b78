"""Import modules: the external terms BBAO uses, with their exact labels and real parent chains.

ODK's "refresh imports" step. :func:`refresh_imports` extracts, for every CURIE the curated source uses,
the term and its ancestors from the verified reference (``terms.tsv`` labels, ``fragments/*.ttl`` parent
chains, ``ro-bfo-subset.ttl`` relation axioms) and writes one Turtle module per ontology into
``ontology/imports/``. The modules are committed, so building and reasoning never need the reference:
:func:`load_imports` reads only the shipped modules.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from bbao.errors import BBAOError, Problem
from bbao.prefixes import compress, expand, prefix_of
from bbao.serialize import render_all, write_atomically
from bbao.source import Source

IMPORTS_BASE = "https://w3id.org/bbao/imports/"
#: IAO annotation properties BBAO writes on its own terms.
IAO_ANNOTATION_PROPERTIES = ("IAO:0000115", "IAO:0000119", "IAO:0000116")
#: Terms the build uses whatever the tables say (header and bibliographic records).
ALWAYS = ("IAO:0000115", "IAO:0000119", "IAO:0000116", "IAO:0000013", "ECO:0000304")
#: Prefixes whose modules come from the fragments (parent chains); the others are label-only.
FRAGMENT_PREFIXES = ("GO", "CHEBI", "UBERON", "CL", "MONDO", "HP", "PR")


@dataclass(frozen=True)
class Entity:
    """What the import modules declare about one IRI."""

    iri: str
    kind: URIRef
    label: str


def module_name(curie: str) -> str:
    prefix = prefix_of(curie)
    return "ro" if prefix in ("RO", "BFO") else prefix.lower()


def _read_reference_labels(reference: Path) -> dict[str, str]:
    with (reference / "terms.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["curie"]: row["label"] for row in csv.DictReader(handle, delimiter="\t")}


def refresh_imports(source: Source, reference: Path, out_dir: Path) -> list[Path]:
    """Regenerate ``out_dir/*_import.ttl`` from ``reference`` for the CURIEs ``source`` uses."""
    labels = _read_reference_labels(reference)
    ro = Graph().parse(reference / "ro-bfo-subset.ttl")
    fragments = Graph()
    for path in sorted((reference / "fragments").glob("*.ttl")):
        fragments.parse(path)
    seeds = sorted({c for c in source.used_curies() | set(ALWAYS) if prefix_of(c) not in ("BBAO", "BBAC")})
    problems: list[Problem] = []
    modules: dict[str, Graph] = defaultdict(Graph)
    done: set[URIRef] = set()
    ro_entities = set(ro.subjects(RDF.type, None))

    def declare(graph: Graph, iri: URIRef, kind: URIRef, label: str) -> None:
        graph.add((iri, RDF.type, kind))
        graph.add((iri, RDFS.label, Literal(label)))

    def copy_class(iri: URIRef) -> None:
        """Copy a fragment class with its named parents and 'part of' restrictions, recursively."""
        if iri in done or iri in ro_entities:
            return
        done.add(iri)
        curie = compress(str(iri))
        graph = modules[module_name(curie) if ":" in curie else "other"]
        # terms.tsv wins over a fragment's label: it is the newest verified one
        label = labels.get(curie) or str(fragments.value(iri, RDFS.label) or "")
        declare(graph, iri, OWL.Class, label)
        for parent in sorted(fragments.objects(iri, RDFS.subClassOf), key=str):
            if isinstance(parent, URIRef):
                graph.add((iri, RDFS.subClassOf, parent))
                copy_class(parent)
            elif isinstance(parent, BNode):
                prop = fragments.value(parent, OWL.onProperty)
                filler = fragments.value(parent, OWL.someValuesFrom)
                if isinstance(prop, URIRef) and isinstance(filler, URIRef):
                    restriction = BNode()
                    graph.add((iri, RDFS.subClassOf, restriction))
                    graph.add((restriction, RDF.type, OWL.Restriction))
                    graph.add((restriction, OWL.onProperty, prop))
                    graph.add((restriction, OWL.someValuesFrom, filler))
                    copy_class(filler)

    for curie in seeds:
        iri = URIRef(expand(curie))
        prefix = prefix_of(curie)
        if iri in ro_entities:
            continue
        if prefix in FRAGMENT_PREFIXES or (iri, RDF.type, OWL.Class) in fragments:
            if (iri, RDF.type, OWL.Class) not in fragments:
                problems.append(Problem(str(reference / "fragments"), f"{curie} is not in the fragments"))
                continue
            copy_class(iri)
        elif curie in labels:
            kind = OWL.AnnotationProperty if curie in IAO_ANNOTATION_PROPERTIES else (
                OWL.ObjectProperty if prefix == "RO" else OWL.Class)
            declare(modules[module_name(curie)], iri, kind, labels[curie])
            if prefix == "RO":
                modules["ro"].add((iri, RDFS.comment, Literal(
                    "Declared with its label from the verified reference; its RO axioms are not in the shipped subset.")))
        else:
            problems.append(Problem(str(reference / "terms.tsv"), f"{curie} is used by the source but not verified in the reference"))
    if problems:
        raise BBAOError(problems)

    ro_headers = set(ro.subjects(RDF.type, OWL.Ontology))
    for triple in ro:
        if triple[0] not in ro_headers:
            modules["ro"].add(triple)

    files: dict[Path, bytes] = {}
    for name, graph in sorted(modules.items()):
        onto = URIRef(f"{IMPORTS_BASE}{name}_import.owl")
        graph.add((onto, RDF.type, OWL.Ontology))
        origin = "ro-bfo-subset.ttl (RO release 2025-12-17, BFO 2.0)" if name == "ro" else (
            f"fragments/{name}.ttl and terms.tsv" if name in {p.lower() for p in FRAGMENT_PREFIXES} else "terms.tsv")
        graph.add((onto, DCTERMS.source, Literal(f"BBAO verified reference: {origin}")))
        graph.add((onto, RDFS.comment, Literal(
            "Import module generated by `bbao imports` from the verified reference; do not edit by hand.")))
        files.update(render_all(graph, [out_dir / f"{name}_import.ttl"]))
    stale = [p for p in out_dir.glob("*_import.ttl") if p not in files]
    changed = write_atomically(files)
    for path in stale:
        path.unlink()
    return changed


def load_imports(directory: Path) -> tuple[Graph, dict[str, Entity]]:
    """The union of the shipped import modules (without their headers) and what they declare."""
    graph = Graph()
    problems = []
    for path in sorted(directory.glob("*_import.ttl")):
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser exception types
            problems.append(Problem(str(path), f"malformed Turtle: {exc}"))
    if problems:
        raise BBAOError(problems)
    for onto in list(graph.subjects(RDF.type, OWL.Ontology)):
        graph.remove((onto, None, None))
    declared: dict[str, Entity] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.TransitiveProperty):
        for iri in graph.subjects(RDF.type, kind):
            if isinstance(iri, URIRef):
                declared.setdefault(str(iri), Entity(str(iri), kind, str(graph.value(iri, RDFS.label) or "")))
    return graph, declared


__all__ = ["Entity", "refresh_imports", "load_imports"]
