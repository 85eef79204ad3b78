"""Import modules: the external terms BBAO uses, with their exact labels and real parent chains.

ODK's "refresh imports" step. :func:`refresh_imports` extracts, for every CURIE the curated source uses,
the term and its ancestors from the verified reference (``terms.tsv`` labels, ``fragments/*.ttl`` parent
chains, ``ro-bfo-subset.ttl`` relation axioms) and writes one Turtle module per ontology into
``ontology/imports/``. The GO fragment holds ``is_a`` edges only; GO's ``part of`` and ``regulates`` edges
among the GO classes BBAO imports come from the curated table ``ontology/src/go-relations.tsv``
(:func:`read_go_relations`), each written as ``SubClassOf (R some Y)`` with its source as an axiom
annotation. The modules are committed, so building and reasoning never need the reference:
:func:`load_imports` reads only the shipped modules (with Oxigraph's Turtle parser, about 5x faster than
rdflib's on them; the terms are converted by :mod:`bbao.rdfterms`). :func:`base_triples` takes the import
modules back out of a built ontology: the ``base`` product.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from bbao.artifacts import product_iri
from bbao.errors import BBAOError, Problem
from bbao.prefixes import OWN_PREFIXES, compress, expand, prefix_of
from bbao.rdfterms import from_oxigraph
from bbao.serialize import Triple, render_all, write_atomically
from bbao.source import Source, TableReader

__all__ = [
    "ALWAYS", "BASE_DECLARATIONS", "FRAGMENT_PREFIXES", "GO_RELATIONS", "GO_RELATION_COLUMNS", "GO_RELATION_KINDS",
    "IMPORTS_BASE", "VERIFIED_TERMS", "VERIFIED_TERM_COLUMNS", "Entity", "GoRelation", "VerifiedTerm", "base_triples",
    "load_imports", "module_name", "read_go_relations", "read_verified_terms", "refresh_imports",
]

#: The IRI base of the import modules' ontology headers (``{IMPORTS_BASE}go_import.owl``).
IMPORTS_BASE = "https://w3id.org/bbao/imports/"
#: IAO annotation properties BBAO writes on its own terms.
IAO_ANNOTATION_PROPERTIES = ("IAO:0000115", "IAO:0000119", "IAO:0000116")
#: Terms the build uses whatever the tables say (header and bibliographic records).
ALWAYS = ("IAO:0000115", "IAO:0000119", "IAO:0000116", "IAO:0000013", "ECO:0000304")
#: Prefixes whose modules come from the fragments (parent chains); the others are label-only.
FRAGMENT_PREFIXES = ("GO", "CHEBI", "UBERON", "CL", "MONDO", "HP", "PR")
#: What the base keeps of an external entity: its declaration (the rdf:type of one of these kinds,
#: ``owl:TransitiveProperty`` declared as ``owl:ObjectProperty``).
BASE_DECLARATIONS: Final[dict[Node, URIRef]] = {
    OWL.Class: OWL.Class, OWL.ObjectProperty: OWL.ObjectProperty, OWL.TransitiveProperty: OWL.ObjectProperty,
    OWL.AnnotationProperty: OWL.AnnotationProperty, OWL.DatatypeProperty: OWL.DatatypeProperty,
    OWL.NamedIndividual: OWL.NamedIndividual,
}


#: The curated table of GO's own relations among the GO classes BBAO imports, beside terms.tsv.
GO_RELATIONS: Final = "go-relations.tsv"
#: Its columns (plain TSV, read as terms.tsv is): the two ends with their exact GO labels, the relation, and
#: where the edge was read.
GO_RELATION_COLUMNS: Final = ("subject", "subject_label", "relation", "object", "object_label", "source")
#: What the ``relation`` column may hold: ``rdfs:subClassOf`` (GO ``is_a``, only to place a class the GO
#: fragment lacks) or the RO/BFO property of an existential restriction (GO ``part_of``, ``regulates``,
#: ``negatively_regulates``, ``positively_regulates``).
GO_RELATION_KINDS: Final[dict[str, URIRef]] = {
    "rdfs:subClassOf": RDFS.subClassOf,
    "BFO:0000050": URIRef(expand("BFO:0000050")),
    "RO:0002211": URIRef(expand("RO:0002211")),
    "RO:0002212": URIRef(expand("RO:0002212")),
    "RO:0002213": URIRef(expand("RO:0002213")),
}


@dataclass(frozen=True)
class GoRelation:
    """One row of ``go-relations.tsv``: ``subject relation object`` between two GO classes, with their
    labels as the source gives them, the source, and the row's line."""

    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    source: str
    line: int


def read_go_relations(path: Path, problems: list[Problem]) -> list[GoRelation]:
    """The rows of ``go-relations.tsv`` (:data:`GO_RELATION_COLUMNS`) that pass their checks: both ends GO
    CURIEs with a label, a relation of :data:`GO_RELATION_KINDS`, a source, no row twice. Each defect is
    appended to ``problems`` (file, line, column) and its row left out; an absent file gives no rows."""
    if not path.is_file():
        return []
    reader = TableReader(path, GO_RELATION_COLUMNS, problems)
    rows: list[GoRelation] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in reader.rows():
        ok = True
        for end in ("subject", "object"):
            if reader.curie(line, end, row[end]) is None:
                ok = False
            elif prefix_of(row[end]) != "GO":
                reader.problem(line, end, f"{row[end]} is not a GO term")
                ok = False
            if not row[f"{end}_label"]:
                reader.problem(line, f"{end}_label", f"{row[end]} has no label")
                ok = False
        if row["relation"] not in GO_RELATION_KINDS:
            reader.problem(line, "relation", f"unknown relation {row['relation']!r} "
                                             f"(allowed: {', '.join(GO_RELATION_KINDS)})")
            ok = False
        if not row["source"]:
            reader.problem(line, "source", "the edge needs a source")
            ok = False
        key = (row["subject"], row["relation"], row["object"])
        if key in seen:
            reader.problem(line, "subject", f"the same edge as line {seen[key]}")
            ok = False
        if ok:
            seen[key] = line
            rows.append(GoRelation(row["subject"], row["subject_label"], row["relation"], row["object"],
                                   row["object_label"], row["source"], line))
    return rows


#: The curated table of external terms verified outside the shared reference (a release file or an import module
#: of a public OBO repository, named in its ``source``), beside terms.tsv: the PR proteins the reference lacks.
VERIFIED_TERMS: Final = "verified-terms.tsv"
#: Its columns: the term, its exact label in the source, an ancestor the module places it under (a term the
#: reference or this table holds), and where the label was read (repository, path, commit, line).
VERIFIED_TERM_COLUMNS: Final = ("id", "label", "parent", "source")


@dataclass(frozen=True)
class VerifiedTerm:
    """One row of ``verified-terms.tsv``: an external class with its exact label, an ancestor and the source."""

    id: str
    label: str
    parent: str
    source: str
    line: int


def read_verified_terms(path: Path, problems: list[Problem]) -> dict[str, VerifiedTerm]:
    """The rows of ``verified-terms.tsv`` (:data:`VERIFIED_TERM_COLUMNS`) by CURIE, those that pass their checks: a
    CURIE of a known prefix, not BBAO's own, seen once, with a label, a parent CURIE and a source. Each defect is
    appended to ``problems`` (file, line, column) and its row left out; an absent file gives no rows."""
    if not path.is_file():
        return {}
    reader = TableReader(path, VERIFIED_TERM_COLUMNS, problems)
    rows: dict[str, VerifiedTerm] = {}
    for line, row in reader.rows():
        curie, parent = row["id"], row["parent"]
        if reader.curie(line, "id", curie) is None or reader.curie(line, "parent", parent) is None:
            continue
        if prefix_of(curie) in OWN_PREFIXES:
            reader.problem(line, "id", f"{curie} is BBAO's own: mint it in terms.tsv")
        elif curie in rows:
            reader.problem(line, "id", f"{curie} twice (first on line {rows[curie].line})")
        elif not row["label"] or not row["source"]:
            reader.problem(line, "label" if not row["label"] else "source",
                           f"{curie} needs its exact label and the source it was read in")
        else:
            rows[curie] = VerifiedTerm(curie, row["label"], parent, row["source"], line)
    return rows


@dataclass(frozen=True)
class Entity:
    """What the import modules declare about one IRI: its kind (``owl:Class``, ``owl:ObjectProperty``,
    ``owl:AnnotationProperty`` or ``owl:TransitiveProperty``) and its label ("" for none)."""

    iri: str
    kind: URIRef
    label: str


def module_name(curie: str) -> str:
    """The import module a term goes into: ``ro`` for RO and BFO terms, else the lower-case prefix.

    >>> module_name("BFO:0000050"), module_name("GO:0001649")
    ('ro', 'go')
    """
    prefix = prefix_of(curie)
    return "ro" if prefix in ("RO", "BFO") else prefix.lower()


def _read_reference_labels(reference: Path) -> dict[str, str]:
    with (reference / "terms.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["curie"]: row["label"] for row in csv.DictReader(handle, delimiter="\t")}


def refresh_imports(source: Source, reference: Path, out_dir: Path) -> list[Path]:
    """Regenerate ``out_dir/*_import.ttl`` from ``reference`` (the verified reference: ``terms.tsv``,
    ``fragments/*.ttl``, ``ro-bfo-subset.ttl``) and the source's ``verified-terms.tsv`` (terms verified elsewhere,
    each declared with its label, its ancestor and its source) for the CURIEs ``source`` uses; modules no longer
    needed are deleted. Returns the files written. Raises :class:`BBAOError` listing every CURIE that neither
    the reference nor ``verified-terms.tsv`` holds."""
    labels = _read_reference_labels(reference)
    ro = Graph().parse(reference / "ro-bfo-subset.ttl")
    fragments = Graph()
    for path in sorted((reference / "fragments").glob("*.ttl")):
        fragments.parse(path)
    seeds = sorted({c for c in source.used_curies() | set(ALWAYS) if prefix_of(c) not in OWN_PREFIXES})
    problems: list[Problem] = []
    verified = read_verified_terms(source.directory / VERIFIED_TERMS, problems)
    done_verified: set[URIRef] = set()
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
        if curie in verified and (iri, RDF.type, OWL.Class) not in fragments and curie not in labels:
            term = verified[curie]
            done_verified.add(iri)
            declare(modules[module_name(curie)], iri, OWL.Class, term.label)
            modules[module_name(curie)].add((iri, RDFS.subClassOf, URIRef(expand(term.parent))))
            modules[module_name(curie)].add((iri, DCTERMS.source, Literal(term.source)))
            if (URIRef(expand(term.parent)), RDF.type, OWL.Class) in fragments:
                copy_class(URIRef(expand(term.parent)))
            else:
                problems.append(Problem(str(source.directory / VERIFIED_TERMS),
                                        f"{curie}: its parent {term.parent} is not in the fragments", line=term.line))
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
                    "Declared with its label from the verified reference; "
                    "its RO axioms are not in the shipped subset.")))
        else:
            problems.append(Problem(str(reference / "terms.tsv"),
                                    f"{curie} is used by the source but not verified in the reference"))
    relations = read_go_relations(source.directory / GO_RELATIONS, problems)
    if relations:
        go_labels = {str(c): labels.get(compress(str(c))) or str(fragments.value(c, RDFS.label) or "")
                     for c in fragments.subjects(RDF.type, OWL.Class) if prefix_of(compress(str(c))) == "GO"}
        _add_go_relations(modules["go"], relations, go_labels, source.directory / GO_RELATIONS, problems)
    if problems:
        raise BBAOError(problems)

    ro_headers = set(ro.subjects(RDF.type, OWL.Ontology))
    # one label per entity: RO's subset gives some IAO properties ('definition', 'example of usage') the same
    # words twice, plain and "@en", and two labels trip oaklib and ROBOT's multiple_labels check; an entity that
    # another module labels keeps that module's label
    labelled = {s for name, graph in modules.items() if name != "ro" for s in graph.subjects(RDFS.label, None)}
    plain = {(s, str(o)) for s, o in ro.subject_objects(RDFS.label) if isinstance(o, Literal) and not o.language}
    for triple in ro:
        subject, predicate, obj = triple
        if subject in ro_headers:
            continue
        if predicate == RDFS.label and (subject in labelled or (
                isinstance(obj, Literal) and obj.language and (subject, str(obj)) in plain)):
            continue
        modules["ro"].add(triple)

    files: dict[Path, bytes] = {}
    for name, graph in sorted(modules.items()):
        onto = URIRef(f"{IMPORTS_BASE}{name}_import.owl")
        graph.add((onto, RDF.type, OWL.Ontology))
        origin = "ro-bfo-subset.ttl (RO release 2025-12-17, BFO 2.0)" if name == "ro" else (
            f"fragments/{name}.ttl and terms.tsv" if name in {p.lower() for p in FRAGMENT_PREFIXES} else "terms.tsv")
        graph.add((onto, DCTERMS.source, Literal(f"BBAO verified reference: {origin}")))
        if any(module_name(c) == name and URIRef(expand(c)) in done_verified for c in verified):
            graph.add((onto, DCTERMS.source, Literal(
                f"ontology/src/{VERIFIED_TERMS}: terms verified outside the reference, each with its source")))
        if name == "go" and (None, RDF.type, OWL.Axiom) in graph:
            graph.add((onto, DCTERMS.source, Literal(
                f"ontology/src/{GO_RELATIONS}: GO part of and regulates edges, each with its source as an "
                "axiom annotation")))
        graph.add((onto, RDFS.comment, Literal(
            "Import module generated by `bbao imports` from the verified reference; do not edit by hand.")))
        files.update(render_all(graph, [out_dir / f"{name}_import.ttl"]))
    stale = [p for p in out_dir.glob("*_import.ttl") if p not in files]
    changed = write_atomically(files)
    for path in stale:
        path.unlink()
    return changed


def _add_go_relations(go: Graph, relations: list[GoRelation], fragment_labels: dict[str, str], path: Path,
                      problems: list[Problem]) -> None:
    """Write the rows of ``go-relations.tsv`` that concern the GO module ``go`` into it: a named superclass
    for ``rdfs:subClassOf``, else ``SubClassOf (R some Y)``; each with an ``owl:Axiom`` annotation whose
    ``dcterms:source`` is the row's source.

    The table may hold more than the module needs: a row applies when both its ends are in the module (the
    GO classes the source uses and their ancestors), or are intermediates, classes of GO the fragment lacks,
    placed by their ``rdfs:subClassOf`` rows. An intermediate is declared, with the table's label, only while
    it lies between classes of the module: some applied row leads to it and one of its ``rdfs:subClassOf`` rows
    applies. Every end of every row must be a class of the GO fragment (``fragment_labels``: IRI -> label)
    with its exact label there, or such an intermediate, placed and labelled alike in every row; an
    ``rdfs:subClassOf`` row may place only an intermediate (the fragment has GO's is_a edges). Defects go to
    ``problems``."""
    module = {str(s) for s in go.subjects(RDF.type, OWL.Class)}
    between: dict[str, str] = {}  # intermediate IRI -> label
    placed = {expand(r.subject) for r in relations if r.relation == "rdfs:subClassOf"}

    def problem(row: GoRelation, column: str, message: str) -> None:
        problems.append(Problem(str(path), message, line=row.line, column=GO_RELATION_COLUMNS.index(column) + 1,
                                field=column))

    for r in relations:
        if r.relation == "rdfs:subClassOf" and expand(r.subject) in fragment_labels:
            problem(r, "relation", f"{r.subject} is in the GO fragment, which gives its is_a edges: "
                                   "rdfs:subClassOf rows place only classes it lacks")
        for end, label, column in ((r.subject, r.subject_label, "subject_label"),
                                   (r.object, r.object_label, "object_label")):
            iri = expand(end)
            if iri in fragment_labels:
                if fragment_labels[iri] != label:
                    problem(r, column, f"{end} is {fragment_labels[iri]!r} in the GO fragment, not {label!r}")
            elif iri not in placed:
                problem(r, column, f"{end} ({label}) is not in the GO fragment: add a rdfs:subClassOf row to "
                                   "place it under a class the fragment has")
            elif between.setdefault(iri, label) != label:
                problem(r, column, f"{end} is {between[iri]!r} on another row, not {label!r}")
    if problems:
        return
    kept = set(between)
    while True:  # leave out the intermediates that no longer lie between classes of the module
        present = module | kept
        applied = [r for r in relations if expand(r.subject) in present and expand(r.object) in present]
        reached = {expand(r.object) for r in applied}
        up = {expand(r.subject) for r in applied if r.relation == "rdfs:subClassOf"}
        still = {x for x in kept if x in reached and x in up}
        if still == kept:
            break
        kept = still
    for iri in sorted(kept):
        go.add((URIRef(iri), RDF.type, OWL.Class))
        go.add((URIRef(iri), RDFS.label, Literal(between[iri])))
    for r in applied:
        subject, target = URIRef(expand(r.subject)), URIRef(expand(r.object))
        prop = GO_RELATION_KINDS[r.relation]
        if prop == RDFS.subClassOf:
            go.add((subject, RDFS.subClassOf, target))
        else:
            target_node = BNode()
            go.add((subject, RDFS.subClassOf, target_node))
            go.add((target_node, RDF.type, OWL.Restriction))
            go.add((target_node, OWL.onProperty, prop))
            go.add((target_node, OWL.someValuesFrom, target))
        axiom = BNode()
        go.add((axiom, RDF.type, OWL.Axiom))
        go.add((axiom, OWL.annotatedSource, subject))
        go.add((axiom, OWL.annotatedProperty, RDFS.subClassOf))
        go.add((axiom, OWL.annotatedTarget, target if prop == RDFS.subClassOf else target_node))
        go.add((axiom, DCTERMS.source, Literal(r.source)))


_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.TransitiveProperty)


def load_imports(directory: Path) -> tuple[Graph, dict[str, Entity]]:
    """The union of the import modules ``directory/*_import.ttl`` (read in name order, without their
    ontology headers) as a new Graph, and what they declare: IRI -> :class:`Entity`, the first kind of
    ``owl:Class``, ``owl:ObjectProperty``, ``owl:AnnotationProperty``, ``owl:TransitiveProperty`` it is typed
    with and its first label in file order. Blank nodes of different files stay apart.

    Raises :class:`BBAOError` naming each malformed module with the line and column of the mistake."""
    triples: dict[tuple[Node, Node, Node], None] = {}
    problems = []
    for number, path in enumerate(sorted(directory.glob("*_import.ttl"))):
        try:
            for t in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE,
                                      base_iri=path.absolute().as_uri()):
                triples[(from_oxigraph(t.subject, f"m{number}x"), from_oxigraph(t.predicate),
                         from_oxigraph(t.object, f"m{number}x"))] = None
        except SyntaxError as exc:
            problems.append(Problem(str(path), f"malformed Turtle: {exc.msg}", line=exc.lineno, column=exc.offset))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), f"unreadable: {exc}"))
    if problems:
        raise BBAOError(problems)
    headers = {s for s, p, o in triples if p == RDF.type and o == OWL.Ontology}
    kept = [t for t in triples if t[0] not in headers]
    labels: dict[Node, Node] = {}
    kinds: dict[Node, list[Node]] = {}
    for s, p, o in kept:
        if p == RDFS.label:
            labels.setdefault(s, o)
        elif p == RDF.type and o in _KINDS and isinstance(s, URIRef):
            kinds.setdefault(o, []).append(s)
    declared: dict[str, Entity] = {}
    for kind in _KINDS:
        for iri in kinds.get(kind, ()):
            declared.setdefault(str(iri), Entity(str(iri), kind, str(labels.get(iri, ""))))
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in kept)
    return graph, declared


_ANNOTATED = (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)


def _annotated_axioms(triples: list[Triple]) -> dict[tuple[object, ...], set[Triple]]:
    """The ``owl:Axiom`` annotations among ``triples``, keyed by what they say (annotated source, property,
    target, a restriction target by its property and filler, and the annotations), each with its triples,
    the annotated triple and the triples of a restriction target: the same axiom read twice, with other
    blank nodes, has the same key."""
    outgoing: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, BNode):
            outgoing[s].append((p, o))
    found: dict[tuple[object, ...], set[Triple]] = {}
    for node, pairs in outgoing.items():
        if (RDF.type, OWL.Axiom) not in pairs:
            continue
        values = dict(pairs)
        source, prop, target = (values.get(x) for x in _ANNOTATED)
        if source is None or prop is None or target is None:
            continue
        group = {(node, p, o) for p, o in pairs} | {(source, prop, target)}
        said: object = target
        if isinstance(target, BNode):
            restriction = outgoing.get(target, [])
            said = frozenset(restriction)
            group |= {(target, p, o) for p, o in restriction}
        annotations = frozenset((p, o) for p, o in pairs if p not in _ANNOTATED and p != RDF.type)
        found[(source, prop, said, annotations)] = group
    return found


def base_triples(ontology: Iterable[Triple], imported: Iterable[Triple]) -> set[Triple]:
    """The ``base`` product: BBAO's own axioms, i.e. the triples of ``ontology`` that are not the import
    modules' (``imported``), plus a declaration (:data:`BASE_DECLARATIONS`) of every external entity they
    refer to, with the ontology header moved to the base product's IRIs (the ontology IRI and its
    versionIRI with their last segment replaced by the base file: :func:`bbao.artifacts.product_iri`).

    An import module's triple that holds a blank node (a restriction, a property chain list) stays in the
    base: the shipped base has always been made so (``bbao.export.base_graph`` read the import modules
    afresh, whose new blank nodes never matched the ontology's), and the release files must not change.
    The exception is an axiom an import module annotates with ``owl:Axiom`` (GO's part of and regulates
    edges of ``go-relations.tsv``, with their source): it is left out with its annotation and its
    restriction, matched by what it says (:func:`_annotated_axioms`), so no annotation dangles and GO's
    own edges stay out of the base as its named parents do.

    Both arguments are rdflib Graphs or any iterables of triples."""
    ontology = list(ontology)
    imported = list(imported)
    left_out = {t for t in imported if not any(isinstance(x, BNode) for x in t)}
    import_axioms = set(_annotated_axioms(imported))
    for what, triples in _annotated_axioms(ontology).items():
        if what in import_axioms:
            left_out |= triples
    ontologies = {s for s, p, o in ontology if p == RDF.type and o == OWL.Ontology}
    declarations: dict[Node, list[URIRef]] = {}
    for s, p, o in left_out:
        if p == RDF.type and o in BASE_DECLARATIONS:
            declarations.setdefault(s, []).append(BASE_DECLARATIONS[o])
    base: set[Triple] = set()
    for s, p, o in ontology:
        if (s, p, o) in left_out:
            continue
        if s in ontologies:
            s = URIRef(product_iri({"iri": str(s)}, "base"))
            o = URIRef(product_iri({"iri": str(o)}, "base")) if p == OWL.versionIRI else o
        base.add((s, p, o))
    used = {x for triple in base for x in triple if isinstance(x, URIRef)}
    for entity in used:
        for kind in declarations.get(entity, ()):
            base.add((entity, RDF.type, kind))
    return base
