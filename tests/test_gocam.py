"""The mechanisms as GO-CAM models (``bbao-gocam.ttl``, :mod:`bbao.gocam`): every step is an edge with the RO
relation and sign its claim gives, the steps of a chain meet in shared individuals, every edge names its claim
and evidence, the product reads back with rdflib and owlready2, and HermiT finds it consistent with bbao.owl."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDF

from bbao import paths
from bbao.artifacts import ARTIFACT, product_iri, product_version_iri
from bbao.gocam import GOCAM_BASE, GOCAM_RELATIONS, LEGO, gocam_graph, gocam_models, model_iri, render_gocam
from bbao.mechanisms import read_mechanisms
from bbao.model import ALLOWED_RELATIONS, FIELD_PROPERTY
from bbao.prefixes import compress, expand
from bbao.source import Claim, Source, load_source

F = FIELD_PROPERTY
GOCAM = ARTIFACT["bbao-gocam.ttl"]


def u(curie: str) -> URIRef:
    return URIRef(expand(curie))


#: The step edge each kind of claim becomes (written out here, apart from bbao.gocam): relation, and whether the
#: edge runs from the claim's side of the object (True) or of the subject.
CAUSAL = {"positive": "RO:0002304", "negative": "RO:0002305", "none": "RO:0002411"}
PATTERN = {
    "RO:0002596": "activity", "RO:0002597": "activity", "RO:0002598": "activity",  # -> causal effect by sign
    "RO:0000056": "RO:0002233",  # participates in -> the process has input the entity
    "RO:0002436": "RO:0002233",  # molecularly interacts with -> an activity of the protein has input the other
    "RO:0003001": "RO:0002234",  # produced by -> a process in the producer has output the product
}
#: The sign each relation of a step edge carries.
SIGN = {**ALLOWED_RELATIONS, "RO:0002304": "positive", "RO:0002305": "negative", "RO:0002411": "none",
        "RO:0002233": "none", "RO:0002234": "none"}
@pytest.fixture(scope="module")
def source() -> Source:
    return load_source(paths.source_dir())


@pytest.fixture(scope="module")
def claims(source: Source) -> dict[str, Claim]:
    return {c.id: c for c in source.claims}


@pytest.fixture(scope="module")
def mechanisms(source: Source):
    return read_mechanisms(source, []) or []


@pytest.fixture(scope="module")
def shipped() -> Graph:
    """The release product, read back with rdflib."""
    return Graph().parse(GOCAM.path(), format="turtle")


@pytest.fixture(scope="module")
def built(source: Source, graph: Graph) -> Graph:
    """The product as the shipped source compiles to it now (``graph``: bbao.owl with its imports)."""
    return gocam_graph(source, graph)


def test_the_class_edges_a_build_has_already_give_the_same_product(source: Source, graph: Graph, built: Graph):
    """A build hands gocam_graph the class edges it computed for the closure; the product is the same."""
    from bbao.closure import class_edges

    assert render_gocam(gocam_graph(source, graph, class_edges(graph))) == render_gocam(built)


def axioms(g: Graph) -> dict[BNode, tuple[URIRef, URIRef, URIRef]]:
    return {a: (g.value(a, OWL.annotatedSource), g.value(a, OWL.annotatedProperty), g.value(a, OWL.annotatedTarget))
            for a in g.subjects(RDF.type, OWL.Axiom)}  # type: ignore[misc]


def in_model(node: URIRef, mechanism: str) -> bool:
    return str(node).startswith(f"{model_iri(mechanism)}/")


def typed(g: Graph, node: URIRef, curie: str) -> bool:
    return (node, RDF.type, u(curie)) in g


def step_edge(g: Graph, mechanism: str, claim: str) -> tuple[BNode, tuple[URIRef, URIRef, URIRef]]:
    """The one step edge of ``claim`` in the model of ``mechanism``: the axiom that names the claim and its sign."""
    found = [(a, e) for a, e in axioms(g).items()
             if (a, F["claim"], u(claim)) in g and (a, F["sign"], None) in g and in_model(e[0], mechanism)]
    assert len(found) == 1, f"{mechanism} {claim}: {len(found)} step edges"
    return found[0]


def claim_edges(g: Graph, mechanism: str, claim: str) -> list[tuple[URIRef, URIRef, URIRef]]:
    return [e for a, e in axioms(g).items() if (a, F["claim"], u(claim)) in g and in_model(e[0], mechanism)]


# --- the product --------------------------------------------------------------------------------------------


def test_the_shipped_product_is_what_the_source_compiles_to_every_time(built, source, graph):
    first = render_gocam(built)
    assert render_gocam(gocam_graph(source, graph)) == first  # byte-identical across runs
    assert GOCAM.path().read_bytes() == first, "bbao-gocam.ttl is out of date: run `bbao build`"
    assert b"@prefix lego: <http://geneontology.org/lego/>" in first and b"ns1:" not in first


def test_the_product_is_the_same_whatever_the_hash_seed(built):
    """rdflib names unbound namespaces in hash order, and sets iterate in it: other seeds, other processes."""
    code = ("import hashlib; from bbao import paths; from bbao.gocam import gocam_graph, render_gocam; "
            "from bbao.source import load_source; from bbao.store import load_graph; "
            "g = gocam_graph(load_source(paths.source_dir()), load_graph()); "
            "print(hashlib.sha256(render_gocam(g)).hexdigest())")
    want = hashlib.sha256(render_gocam(built)).hexdigest()
    for seed in ("1", "12"):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.stdout.strip() == want, f"PYTHONHASHSEED={seed}"


def test_the_product_header_has_the_product_iri_and_one_part_per_mechanism(shipped, source, mechanisms):
    meta = source.ontology
    assert list(shipped.subjects(RDF.type, OWL.Ontology)) == [URIRef(product_iri(meta, "gocam"))]
    header = URIRef(product_iri(meta, "gocam"))
    assert shipped.value(header, OWL.versionIRI) == URIRef(product_version_iri(meta, "gocam"))
    assert set(shipped.objects(header, DCTERMS.hasPart)) == {model_iri(m.id) for m in mechanisms}
    assert mechanisms
    for m in mechanisms:
        assert shipped.value(model_iri(m.id), DC.title) == Literal(m.label)
        assert (model_iri(m.id), DCTERMS.source, u(m.id)) in shipped


def test_each_model_alone_is_a_go_cam_ontology_of_its_own_individuals(source, graph, mechanisms):
    models = gocam_models(source, graph)
    assert list(models) == [m.id for m in mechanisms]
    for mid, g in models.items():
        assert list(g.subjects(RDF.type, OWL.Ontology)) == [model_iri(mid)]
        assert g.value(model_iri(mid), LEGO.modelstate) == Literal("development")
        individuals = set(g.subjects(RDF.type, OWL.NamedIndividual))
        assert individuals and all(in_model(i, mid) for i in individuals), mid
        again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
        assert len(again) == len(g)


# --- every step, with its relation and sign ----------------------------------------------------------------


def test_every_step_is_an_edge_with_the_relation_and_sign_of_its_claim(shipped, mechanisms, claims):
    for m in mechanisms:
        for step in m.steps:
            c = claims[step.claim]
            axiom, (s, p, o) = step_edge(shipped, m.id, c.id)
            assert (s, p, o) in shipped
            assert shipped.value(axiom, F["sign"]) == Literal(c.sign)
            pattern = PATTERN.get(c.relation, c.relation)
            relation = CAUSAL[c.sign] if pattern == "activity" else pattern
            assert compress(str(p)) == relation, f"{m.id} {c.id}: {compress(str(p))} for {c.relation}"
            assert SIGN[relation] == c.sign, f"{c.id}: {relation} does not carry {c.sign}"
            if pattern == "activity":  # an activity (or process) of the claim, upstream of the object
                assert typed(shipped, o, c.object) and str(s).endswith(("-activity", "-process"))
            elif relation in ("RO:0002233", "RO:0002234") and c.relation != "RO:0002436":
                assert typed(shipped, o, c.subject)
            elif c.relation == "RO:0002436":
                assert typed(shipped, o, c.subject) or typed(shipped, o, c.object)
            else:  # the claim's own relation between the subject and object individuals
                assert typed(shipped, s, c.subject) and typed(shipped, o, c.object), c.id


def test_an_activity_is_enabled_by_the_receptor_and_has_the_ligand_as_input(shipped):
    # BBAC:0000005: noradrenaline inhibits osteoblast differentiation via the beta-2 adrenergic receptor on osteoblasts
    _, (activity, p, target) = step_edge(shipped, "BBAM:0000001", "BBAC:0000005")
    base = f"{model_iri('BBAM:0000001')}/"
    assert typed(shipped, activity, "GO:0003674") and p == u("RO:0002305")
    assert target == URIRef(base + "GO_0001649")
    assert (activity, u("RO:0002333"), URIRef(base + "PR_000001193")) in shipped
    assert (activity, u("RO:0002233"), URIRef(base + "CHEBI_33569")) in shipped
    assert (activity, u("BFO:0000066"), URIRef(base + "CL_0000062")) in shipped


def test_relations_are_go_cam_ones_or_the_claims_own_and_none_is_invented(shipped, mechanisms, claims, source):
    individuals = set(shipped.subjects(RDF.type, OWL.NamedIndividual))
    used = {p for s, p, o in shipped if s in individuals and o in individuals}
    own = {u(claims[s.claim].relation) for m in mechanisms for s in m.steps if claims[s.claim].relation not in PATTERN}
    # outside GO-CAM's relations: only the claims' own (no GO-CAM pattern for them) and 'has participant' (mediators)
    assert used - GOCAM_RELATIONS <= own | {u("RO:0000057")}
    assert u("RO:0000057") in used
    assert not used & {u(r) for r in PATTERN if r != "RO:0002436"}  # never an entity as subject of these
    declared = Graph().parse(paths.imports_dir() / "ro_import.ttl")
    minted = {u(t.id) for t in source.terms if t.type == "object_property"}
    for p in used:
        assert (p, RDF.type, OWL.ObjectProperty) in declared or p in minted, p
        assert (p, RDF.type, OWL.ObjectProperty) in shipped


# --- the chains meet in shared individuals -----------------------------------------------------------------


def test_noradrenaline_rankl_osteoclast_differentiation_meet_in_one_rankl(shipped):
    base = f"{model_iri('BBAM:0000001')}/"
    rankl = URIRef(base + "PR_000002107")
    assert [s for s in shipped.subjects(RDF.type, u("PR:000002107")) if in_model(s, "BBAM:0000001")] == [rankl]
    _, first = step_edge(shipped, "BBAM:0000001", "BBAC:0000007")
    assert first == (URIRef(base + "CHEBI_33569"), u("RO:0003003"), rankl)
    _, (activity, p, target) = step_edge(shipped, "BBAM:0000001", "BBAC:0000157")
    assert (p, target) == (u("RO:0002304"), URIRef(base + "GO_0030316"))
    assert (activity, u("RO:0002333"), rankl) in shipped


def connected(edges: list[tuple[URIRef, URIRef, URIRef]]) -> set[frozenset[URIRef]]:
    """The connected components of the individuals that ``edges`` link (undirected)."""
    parent: dict[URIRef, URIRef] = {}

    def root(x: URIRef) -> URIRef:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for s, _, o in edges:
        parent[root(s)] = root(o)
    groups: dict[URIRef, set[URIRef]] = defaultdict(set)
    for x in list(parent):
        groups[root(x)].add(x)
    return {frozenset(g) for g in groups.values()}


def test_the_leptin_resistance_chain_is_connected(shipped):
    mid = "BBAM:0000013"
    edges = [e for c in ("BBAC:0000159", "BBAC:0000133", "BBAC:0000015") for e in claim_edges(shipped, mid, c)]
    parts = connected(edges)
    assert len(parts) == 1, parts
    base = f"{model_iri(mid)}/"
    nodes = next(iter(parts))
    assert {URIRef(base + x) for x in ("BBAO_0000018", "GO_0033210", "PR_000009758", "GO_0007218", "PR_000011387",
                                       "GO_0001503")} <= nodes
    # leptin resistance lowers leptin signalling, in which leptin takes part (the mediator), and so on to NPY
    assert (URIRef(base + "GO_0033210"), u("RO:0000057"), URIRef(base + "PR_000009758")) in shipped
    assert (URIRef(base + "GO_0007218"), u("RO:0000057"), URIRef(base + "PR_000011387")) in shipped


def test_every_link_between_two_steps_is_an_individual_both_share(shipped, mechanisms, claims):
    for m in mechanisms:
        for step in m.steps:
            down = {x for s, _, o in claim_edges(shipped, m.id, step.claim) for x in (s, o)}
            for up in step.upstream:
                shared = down & {x for s, _, o in claim_edges(shipped, m.id, up) for x in (s, o)}
                assert shared, f"{m.id}: {up} and {step.claim} share no individual"
                assert u(claims[step.claim].subject) in {o for x in shared for o in shipped.objects(x, RDF.type)}


# --- every edge names its claim, evidence and knowledge level ---------------------------------------------


def test_every_edge_names_its_claim_evidence_and_knowledge_level(shipped, mechanisms, claims, source):
    steps = {(m.id, s.claim) for m in mechanisms for s in m.steps}
    found = axioms(shipped)
    assert len(found) >= len(steps)
    for axiom, (s, p, o) in found.items():
        assert (s, p, o) in shipped
        names = list(shipped.objects(axiom, F["claim"]))
        assert len(names) == 1, (s, p, o)
        c = claims[compress(str(names[0]))]
        mechanism = str(s)[len(GOCAM_BASE):].split("/")[0].replace("_", ":")
        assert (mechanism, c.id) in steps, (mechanism, c.id)
        assert shipped.value(axiom, F["knowledge_level"]) == Literal(c.knowledge_level)
        assert {compress(str(e)) for e in shipped.objects(axiom, F["evidence"])} == set(c.evidence)
        evidence = list(shipped.objects(axiom, LEGO.evidence))  # GO-CAM's evidence individuals, one per ECO class
        assert {compress(str(t)) for e in evidence for t in shipped.objects(e, RDF.type) if t != OWL.NamedIndividual} \
            == set(c.evidence)
        assert all(shipped.value(e, DC.source) == Literal(f"DOI:{source.ontology['source_doi']}") for e in evidence)
    individuals = set(shipped.subjects(RDF.type, OWL.NamedIndividual))
    edges = {(s, p, o) for s, p, o in shipped if s in individuals and o in individuals}
    assert edges == set(found.values())  # no edge without its axiom


# --- loaded back with owlready2 and reasoned over with HermiT, once --------------------------------------------


@pytest.fixture(scope="module")
def hermit(shipped: Graph, graph: Graph) -> tuple[int, str, set[tuple[str, str, str]]]:
    """bbao.owl (with its import modules) and the product loaded into one owlready2 world, saved, and checked for
    consistency by the HermiT that owlready2 ships: (exit code, output, the edges owlready2 read). Property
    chains that can fire neither on a restriction nor on an edge of the product are left out first, as
    ``bbao reason`` does (they entail nothing here; HermiT takes 5 s instead of 13 s)."""
    import owlready2
    from owlready2.reasoning import _HERMIT_CLASSPATH

    from bbao.jvm import java_options, require_java
    from bbao.pruning import inert_chains
    from bbao.serialize import canonical, render

    merged = Graph()
    for triple in (*graph, *shipped):
        merged.add(triple)
    probe = Graph()
    for triple in merged:
        probe.add(triple)
    individuals = set(shipped.subjects(RDF.type, OWL.NamedIndividual))
    live = {p for s, p, o in shipped if s in individuals and o in individuals}
    while True:  # a chain that can fire makes its property hold: let chains over it fire too
        for p in live:
            probe.add((BNode(), OWL.onProperty, p))
        inert = inert_chains(probe)
        heads = {p for p, _ in probe.subject_objects(OWL.propertyChainAxiom)} - {p for p, _ in inert}
        if heads <= live:
            break
        live |= heads  # type: ignore[arg-type]
    for prop, chain in inert:
        merged.remove((prop, OWL.propertyChainAxiom, chain))
    with tempfile.TemporaryDirectory() as tmp:
        given, saved = Path(tmp) / "merged.nt", Path(tmp) / "owlready.nt"
        given.write_bytes(render(canonical(merged), "nt"))
        world = owlready2.World()
        onto = world.get_ontology(given.as_uri()).load()
        read = {(i.iri, prop.iri, value.iri)  # the edges between the models' individuals, as owlready2 reads them
                for i in world.individuals() if i.iri.startswith(GOCAM_BASE)
                for prop in i.get_properties() if isinstance(prop, owlready2.ObjectPropertyClass)
                for value in prop[i] if isinstance(value, owlready2.Thing)}
        onto.save(str(saved), format="ntriples")
        run = subprocess.run([require_java(), *java_options(), "-Xmx2000M", "-cp", _HERMIT_CLASSPATH,
                              "org.semanticweb.HermiT.cli.CommandLine", "-k", saved.as_uri()],
                             capture_output=True, text=True, timeout=300)
    return run.returncode, run.stdout + run.stderr, read


def test_hermit_finds_bbao_with_the_models_consistent(hermit, shipped):
    code, output, read = hermit
    assert code == 0 and "owl#Thing is satisfiable" in output, output[-2000:]
    individuals = set(shipped.subjects(RDF.type, OWL.NamedIndividual))
    edges = {(str(s), str(p), str(o)) for s, p, o in shipped if s in individuals and o in individuals}
    assert edges <= read  # owlready2 also answers each edge's inverse, where RO names one
