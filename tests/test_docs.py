"""The documentation site: every term has a section, every claim a page, every link a target, offline."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from bbao.claims import read_claims
from bbao.cli import main
from bbao.docs import (
    _ontpub_class,
    claim_page,
    claims_page,
    documented_terms,
    fragment,
    index_page,
    load_documented_graph,
)
from bbao.model import CLAIM_CLASS, DEFINITION, iri
from bbao.prefixes import BBAO_NS
from labclaims import add_claim


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["docs", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def ontology_html(site) -> str:
    return (site / "ontology.html").read_text(encoding="utf-8")


def section(html: str, fragment: str) -> str:
    """The HTML of one term's section in ontology.html."""
    start = html.index(f'id="{fragment}"')
    end = html.find('class="property entity"', start + 1)
    return html[start:end if end != -1 else len(html)]


def test_term_section_has_label_definition_synonyms_mappings_and_parents(graph, ontology_html):
    ucoc = section(ontology_html, "BBAO_0000010")
    assert "undercarboxylated osteocalcin" in ucoc
    definition = str(graph.value(URIRef(BBAO_NS + "BBAO_0000010"), DEFINITION))
    assert ">Definition<" in ucoc and definition in ucoc
    assert ">Exact Synonym<" in ucoc and "ucOC" in ucoc
    assert ">Related Match<" in ucoc and 'href="#HGNC_1043"' in ucoc
    assert ">Sub Class Of<" in ucoc and 'href="#PR_000000001"' in ucoc
    assert "spatial memory" in ucoc  # a claim, shown as the restriction it states


def test_every_class_and_property_has_a_section(ontology_html):
    terms = documented_terms(load_documented_graph())
    ids = set(re.findall(r'id="([^"]+)"', ontology_html))
    assert [str(t) for t in terms if fragment(t) not in ids] == []
    assert set(terms.values()) == {"class", "object property", "annotation property"}
    assert len([t for t in terms if str(t).startswith(BBAO_NS + "BBAO_")]) > 30


def test_every_link_between_pages_has_a_target(site):
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    ids = {name: set(re.findall(r'\bid="([^"]+)"', html)) for name, html in pages.items()}
    broken = []
    for name, html in pages.items():
        for href in re.findall(r'href="([^"]+)"', html):
            if re.match(r"[a-z]+:", href):
                continue
            target, _, fragment = href.partition("#")
            path = os.path.normpath(os.path.join(os.path.dirname(name), target)) if target else name
            if not (site / path).is_file() or (fragment and path in ids and fragment not in ids[path]):
                broken.append(f"{name}: {href}")
    assert not broken, broken[:10]
    assert sum(html.count('href="../ontology.html#') for html in pages.values()) > 500


def test_claim_page_shows_subject_relation_object_context_evidence_excerpt_and_section(site):
    page = (site / "claims" / "BBAC_0000005.html").read_text(encoding="utf-8")
    for text in ("noradrenaline (CHEBI:33569)", "capable of negatively regulating (RO:0002597)",
                 "osteoblast differentiation (GO:0001649)", 'class="sign-negative"',
                 "beta-2 adrenergic receptor (PR:000001193)", "osteoblast (CL:0000062)", "peripheral",
                 "(ECO:0000304)", "NE inhibits osteoblast differentiation by activating",
                 "The Core Regulatory Role of the Sympathetic Nervous System"):
        assert text in page, text
    assert 'href="../ontology.html#CHEBI_33569"' in page


def test_claims_table_lists_every_claim(site, graph):
    table = (site / "claims.html").read_text(encoding="utf-8")
    claims = set(graph.subjects(RDF.type, CLAIM_CLASS))
    assert len(set(re.findall(r'href="claims/(BBAC_\d{7})\.html"', table))) == len(claims)
    assert len(list((site / "claims").glob("BBAC_*.html"))) == len(claims)


def test_terms_page_lists_every_documented_term(site):
    page = (site / "terms.html").read_text(encoding="utf-8")
    terms = documented_terms(load_documented_graph())
    assert len(set(re.findall(r'<td>\s*<a href="ontology.html#([^"]+)"', page))) == len(terms)


def test_pages_load_nothing_from_the_network(site):
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|img|iframe)[^>]*\bsrc="(https?:)?//', html), page
        assert not re.search(r'<link[^>]*href="(https?:)?//', html), page


def test_site_is_byte_identical_across_processes(site, tmp_path):
    code = "import sys; from pathlib import Path; from bbao.docs import generate; generate(Path(sys.argv[1]))"
    again = tmp_path / "again"
    subprocess.run([sys.executable, "-c", code, str(again)], check=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_index_embeds_the_diagram_when_graphviz_is_there(site):
    from programs import program

    program("dot", "graphviz")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'src="bbao-diagram.svg"' in index
    svg = (site / "bbao-diagram.svg").read_text(encoding="utf-8")
    assert 'href="claims/BBAC_0000005.html"' in svg and 'href="ontology.html#BBAO_0000010"' in svg
    for direction in ("top-down", "bottom-up", "disease", "therapy"):
        assert (site / f"bbao-diagram-{direction}.svg").is_file()


def test_index_without_graphviz_says_how_to_get_the_diagram():
    graph = load_documented_graph()
    page = index_page(graph, documented_terms(graph), read_claims(graph), [])
    assert "<img" not in page and "Graphviz" in page
    assert f"All {len(read_claims(graph))} claims" in page


def test_pylode_import_leaves_the_root_logger_alone():
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    _ontpub_class()
    assert (root.level, list(root.handlers)) == before


def hand_built_claims() -> Graph:
    """Two claims of a lab (real BBAC, ChEBI, RO, GO, CL and ECO IRIs), the second without an object."""
    g = Graph()
    g.add((iri("CHEBI:33569"), RDFS.label, Literal("noradrenaline")))
    g.add((iri("RO:0002597"), RDFS.label, Literal("capable of negatively regulating")))
    for curie, obj in (("BBAC:0000901", "GO:0001649"), ("BBAC:0000902", None)):
        add_claim(g, curie, subject="CHEBI:33569", relation="RO:0002597", object=obj, sign="negative",
                  cell_context="CL:0000062", site="peripheral", evidence="ECO:0000304", section="Lab results",
                  direction="top-down", excerpt=f"excerpt of {curie}")
    return g


def test_pages_of_hand_built_claims():
    g = hand_built_claims()
    terms = {iri("CHEBI:33569"): "class"}
    first, second = read_claims(g)
    page = " ".join(claim_page(g, terms, first, (None, second)).split())
    assert "<strong>noradrenaline</strong> capable of negatively regulating <strong>GO:0001649</strong>" in page
    assert '<a href="../ontology.html#CHEBI_33569">noradrenaline (CHEBI:33569)</a>' in page
    assert '<a href="http://purl.obolibrary.org/obo/CL_0000062">CL:0000062 (CL:0000062)</a>' in page
    assert "<code>BBAO:0000111</code> </dt> <dd> <span>peripheral</span> </dd>" in page
    assert "CHEBI:33569 SubClassOf RO:0002597 some GO:0001649" in page
    assert '<a href="BBAC_0000902.html">BBAC:0000902 →</a>' in page and "←" not in page
    missing = " ".join(claim_page(g, terms, second, (first, None)).split())
    assert "<strong>(none)</strong>" in missing and "In OWL" not in missing
    table = claims_page(g, terms, [first, second])
    assert "2 claims." in table and "Axis direction: top-down; 2 claims." in table
    assert table.count('href="claims/BBAC_000090') == 2
