"""The shipped files open in the OBO tools: pronto reads the RDF/XML products and the OBO Graphs JSON, oaklib
reads bbao.owl and bbao.json, and each gives every BBAO term's label, parents and synonyms as the source graph
has them. The RDF/XML is written as the OWL API writes it (typed node elements), which pronto needs.

pronto and oaklib come with the dev extra; without them the tests that call them skip, except under CI, where
they must run."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from bbao import paths
from bbao.artifacts import ARTIFACTS
from bbao.serialize import canonical_triples, render_all

OIO = "http://www.geneontology.org/formats/oboInOwl#"
SCOPES = {URIRef(f"{OIO}has{scope}Synonym"): scope.upper() for scope in ("Exact", "Related", "Broad", "Narrow")}
BBAO = "https://w3id.org/bbao/BBAO_"
HGNC = "http://identifiers.org/hgnc/"
#: The prefixes oaklib needs for BBAO's and HGNC's IRIs (its default map has neither): README, "OBO tools".
OAK_PREFIXES = {"BBAO": BBAO, "HGNC": HGNC}
RDF_XML = [a for a in ARTIFACTS if a.syntax is not None and a.syntax.rdflib == "xml"]


def need(module: str) -> ModuleType:
    """Import ``module``; skip when it is missing, unless under CI, where a missing dev dependency fails."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"{module} is not installed (pip install -e '.[dev]'); CI runs this test")


def shipped(file: str) -> Path:
    path = paths.ontology_dir() / file
    if not path.is_file():
        pytest.skip(f"{file} is not in the checkout (`bbao reason` writes it)")
    return path


def obo_id(iri: str, prefixes: dict[str, str] = OAK_PREFIXES) -> str:
    """An IRI as pronto (``prefixes={}``) and oaklib name it: OBO PURLs as CURIEs, the IRIs of ``prefixes`` (default:
    BBAO's and HGNC's, which the README gives oaklib) with their prefixes, any other as itself."""
    found = re.match(r"^http://purl\.obolibrary\.org/obo/([^#_]+)_(.*)$", iri)
    if found:
        return ":".join(found.groups())
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri


@pytest.fixture(scope="module")
def source() -> Graph:
    return Graph().parse(paths.ontology_dir() / "bbao.nt", format="nt")


@pytest.fixture(scope="module")
def terms(source: Graph) -> dict[str, tuple[set[str], set[str], set[tuple[str, str]]]]:
    """Every BBAO class: IRI -> (labels, named parents' IRIs, synonyms as (scope, text)), from bbao.nt."""
    out = {}
    for term in source.subjects(RDF.type, OWL.Class):
        if str(term).startswith(BBAO):
            out[str(term)] = (
                {str(label) for label in source.objects(term, RDFS.label)},
                {str(p) for p in source.objects(term, RDFS.subClassOf) if isinstance(p, URIRef)},
                {(scope, str(text)) for p, scope in SCOPES.items() for text in source.objects(term, p)},
            )
    assert len(out) > 40
    assert any(parents for _, parents, _ in out.values()) and any(syns for _, _, syns in out.values())
    return out


# --- the RDF/XML as the OWL API writes it ---------------------------------------------------------------------


@pytest.mark.parametrize("artifact", RDF_XML, ids=lambda a: a.file)
def test_rdf_xml_products_have_typed_node_elements(artifact):
    root = ET.parse(shipped(artifact.file)).getroot()
    top = [child.tag for child in root]
    assert top.count(f"{{{OWL}}}Ontology") == 1  # what pronto looks for first
    assert f"{{{RDF}}}Description" not in top or top.count(f"{{{RDF}}}Description") < 5
    classes = {child.get(f"{{{RDF}}}about") for child in root if child.tag == f"{{{OWL}}}Class"}
    assert f"{BBAO}0000030" in classes and f"{HGNC}1043" in classes
    properties = {child.get(f"{{{RDF}}}about") for child in root if child.tag == f"{{{OWL}}}ObjectProperty"}
    assert "http://purl.obolibrary.org/obo/RO_0000052" in properties  # functional too: still an ObjectProperty


@pytest.mark.parametrize("artifact", RDF_XML, ids=lambda a: a.file)
def test_rdf_xml_products_hold_the_triples_of_their_turtle_twin(artifact):
    path = shipped(artifact.file)
    twin = path.with_suffix(".ttl")
    assert twin.is_file()
    assert canonical_triples(Graph().parse(path, format="xml")) == canonical_triples(Graph().parse(twin))


def test_rdf_xml_writer_keeps_every_triple_of_awkward_graphs(tmp_path):
    ex = "http://example.org/"
    g = Graph()
    shared, cycle_a, cycle_b, literal_list, rest = BNode(), BNode(), BNode(), BNode(), BNode()
    g.add((URIRef(ex + "a"), RDF.type, OWL.Class))
    g.add((URIRef(ex + "a"), RDF.type, OWL.NamedIndividual))
    g.add((URIRef(ex + "a"), URIRef(ex + "p"), shared))  # a blank node used twice: rdf:nodeID
    g.add((URIRef(ex + "b"), URIRef(ex + "p"), shared))
    g.add((shared, RDFS.label, Literal('<&> "quoted"\r\n', lang="en")))
    g.add((cycle_a, URIRef(ex + "next"), cycle_b))  # blank nodes only in a cycle: never reached from an IRI
    g.add((cycle_b, URIRef(ex + "next"), cycle_a))
    g.add((URIRef(ex + "c"), URIRef(ex + "items"), literal_list))  # a list of literals: not a Collection
    g.add((literal_list, RDF.first, Literal(1)))
    g.add((literal_list, RDF.rest, rest))
    g.add((rest, RDF.first, Literal("2026-01-01", datatype=XSD.date)))
    g.add((rest, RDF.rest, RDF.nil))
    g.add((URIRef(ex + "c"), URIRef("http://other.example/vocab#q"), Literal("plain", datatype=XSD.string)))
    out = tmp_path / "x.owl"
    data = render_all(g, [out])[out]
    back = Graph().parse(data=data, format="xml")
    # xsd:string is written as a plain literal, the same literal in RDF 1.1; everything else as it was
    g.remove((None, None, Literal("plain", datatype=XSD.string)))
    g.add((URIRef(ex + "c"), URIRef("http://other.example/vocab#q"), Literal("plain")))
    assert len(back) == len(g) and isomorphic(back, g)  # (canonical names are not canonical on cycles)
    assert b"<owl:Class rdf:about=\"http://example.org/a\">" in data  # the owl:Class type names the element
    assert b'xmlns:ns1="http://example.org/"' in data and b'xmlns:ns2="http://other.example/vocab#"' in data


# --- pronto -----------------------------------------------------------------------------------------------------


def pronto_terms(ontology, iris):
    found = {}
    for iri in iris:
        term = ontology.get(iri)
        assert term is not None, iri
        found[iri] = ({term.name} if term.name else set(),
                      {p.id for p in term.superclasses(distance=1, with_self=False)},
                      {(s.scope, s.description) for s in term.synonyms})
    return found


@pytest.mark.parametrize("file", ["bbao.owl", "bbao-base.owl", "bbao-inferred.owl", "bbao.json"])
def test_pronto_opens_the_shipped_file(file):
    pronto = need("pronto")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pronto warns on every OWL axiom it has no OBO form for
        ontology = pronto.Ontology(str(shipped(file)))
    term = ontology[f"{BBAO}0000030"]
    assert term.name == "bone-derived hormone"
    assert "BFO:0000040" in {p.id for p in term.superclasses(distance=1, with_self=False)}
    if file != "bbao-base.owl":  # the base product declares HGNC:1043 but leaves its label to the import module
        assert ontology[f"{HGNC}1043"].name == "BGLAP"


@pytest.mark.parametrize("file", ["bbao.owl", "bbao.json"])
def test_pronto_reads_every_bbao_term_as_the_source_has_it(file, terms):
    pronto = need("pronto")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ontology = pronto.Ontology(str(shipped(file)))
    assert pronto_terms(ontology, terms) == {
        iri: (labels, {obo_id(p, {}) for p in parents}, synonyms) for iri, (labels, parents, synonyms) in terms.items()}


# --- oaklib -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("selector", ["obograph:{dir}/bbao.json", "{dir}/bbao.owl"])
def test_oaklib_reads_every_bbao_term_as_the_source_has_it(selector, terms):
    oaklib = need("oaklib")
    adapter = oaklib.get_adapter(selector.format(dir=paths.ontology_dir()))
    adapter.prefix_map().update(OAK_PREFIXES)
    got = {}
    for iri in terms:
        curie = obo_id(iri)
        aliases = adapter.entity_alias_map(curie)
        got[iri] = (
            {adapter.label(curie)},
            {parent for _, parent in adapter.outgoing_relationships(curie, predicates=["rdfs:subClassOf"])},
            {(pred.split(":")[-1].removeprefix("has").removesuffix("Synonym").upper(), text)
             for pred, texts in aliases.items() if pred != "rdfs:label" for text in texts},
        )
    assert got == {iri: (labels, {obo_id(p) for p in parents}, synonyms)
                   for iri, (labels, parents, synonyms) in terms.items()}


def runoak() -> str:
    need("oaklib")
    beside = Path(sys.executable).with_name("runoak")
    found = str(beside) if beside.is_file() else shutil.which("runoak")
    assert found, "oaklib is installed but its runoak command is not on PATH"
    return found


@pytest.mark.parametrize("file", ["bbao.owl", "bbao.json"])
def test_runoak_answers_the_readme_command(file):
    # README, "OBO tools": the command as written there, run in the project folder
    prefixes = [arg for prefix, ns in OAK_PREFIXES.items() for arg in ("--prefix", f"{prefix}={ns}")]
    done = subprocess.run([runoak(), *prefixes, "-i", f"ontology/{file}", "labels", "BBAO:0000030", "HGNC:1043"],
                          capture_output=True, text=True, cwd=paths.ontology_dir().parent, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert ["BBAO:0000030", "bone-derived hormone"] in rows
    assert ["HGNC:1043", "BGLAP"] in rows


def test_without_the_prefixes_oaklib_knows_no_bbao_curie():
    # why the README gives runoak --prefix: oaklib's default prefix map has no BBAO and another HGNC namespace
    # (asked of oaklib in this process: the runoak command line is the same code, and 2 s of import slower)
    oaklib = need("oaklib")
    selector = f"obograph:{paths.ontology_dir() / 'bbao.json'}"
    plain = oaklib.get_adapter(selector)
    assert plain.label("BBAO:0000030") is None and plain.label("HGNC:1043") is None
    told = oaklib.get_adapter(selector)  # a fresh adapter: one caches its index at the first question
    told.prefix_map().update(OAK_PREFIXES)
    assert (told.label("BBAO:0000030"), told.label("HGNC:1043")) == ("bone-derived hormone", "BGLAP")
