"""The documentation site: every term has a section, every claim a page, every link a target, offline."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from bbao.claims import read_claims
from bbao.docs import (
    LISTED_FIELDS,
    _ontpub_class,
    claim_page,
    claims_page,
    documented_terms,
    fragment,
    index_page,
    load_documented_graph,
    mechanism_page,
    terms_page,
)
from bbao.mechanism_diagrams import mechanism_file, read_drawn_mechanisms
from bbao.model import (
    CLAIM_CLASS,
    CLAIM_FIELDS,
    DEFINITION,
    ESTABLISHED,
    KNOWLEDGE_LEVEL_MEANING,
    KNOWLEDGE_LEVELS,
    iri,
)
from bbao.prefixes import BBAO_NS, compress
from labclaims import add_claim


@pytest.fixture(scope="module")
def site(docs_site) -> Path:
    return docs_site


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
    assert ">Sub Class Of<" in ucoc and 'href="#PR_000030444"' in ucoc  # a form of the protein osteocalcin
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
    assert "2 claims: 0 established, 2 not established." in table
    assert "Axis direction: top-down; 2 claims: 0 established, 2 not established." in table
    assert table.count('href="claims/BBAC_000090') == 2
    no_level = '<span class="level level-none" title="the claim gives no knowledge level">not given</span>'
    assert table.count(no_level) == 3  # a lab's claims without a level, and the legend's row for them


def claims_at_each_level(graph) -> dict[str, list]:
    """The shipped claims by knowledge level (read, not assumed: the curated claims change)."""
    by_level: dict[str, list] = {}
    for claim in read_claims(graph):
        by_level.setdefault(claim.knowledge_level, []).append(claim)
    return by_level


def badge(level: str) -> str:
    """The HTML of a knowledge level's badge."""
    meaning = escape(KNOWLEDGE_LEVEL_MEANING[level])
    return f'<span class="level level-{level}" title="{meaning}">{level.replace("_", " ")}</span>'


def test_every_knowledge_level_has_a_meaning_and_every_field_a_place_on_the_claim_page():
    assert tuple(KNOWLEDGE_LEVEL_MEANING) == KNOWLEDGE_LEVELS
    assert sorted(LISTED_FIELDS) == sorted(set(CLAIM_FIELDS) - {"claim", "excerpt"})
    assert LISTED_FIELDS.index("knowledge_level") == LISTED_FIELDS.index("sign") + 1
    assert LISTED_FIELDS.index("example") == LISTED_FIELDS.index("subject") + 1


def test_every_claim_page_shows_its_knowledge_level(site, graph):
    for claim in read_claims(graph):
        page = (site / "claims" / f"{fragment(claim.node)}.html").read_text(encoding="utf-8")
        assert claim.knowledge_level in KNOWLEDGE_LEVELS, claim.id
        assert page.count(f'class="level level-{claim.knowledge_level}"') == 2, claim.id  # the line and the field
        assert ("In OWL: " in page) == (claim.knowledge_level == ESTABLISHED), claim.id
        assert ("bbao-tentative-relation-graph.ttl" in page) == (claim.knowledge_level != ESTABLISHED), claim.id


def test_the_claim_page_of_a_hypothesis_says_hypothesis_and_that_it_is_no_axiom(site, graph):
    hypotheses = claims_at_each_level(graph).get("hypothesis")
    assert hypotheses, "the review states some claims as hypotheses"
    claim = hypotheses[0]
    page = " ".join((site / "claims" / f"{fragment(claim.node)}.html").read_text(encoding="utf-8").split())
    assert f"Knowledge level: {badge('hypothesis')} — {escape(KNOWLEDGE_LEVEL_MEANING['hypothesis'])}." in page
    triple = " ".join(compress(str(term)) for term in (claim.subject, claim.relation, claim.object))
    assert f"Not an OWL axiom: BBAO states only established claims as axioms, so the reasoner classifies nothing " \
           f"from this hypothesis. It is the triple <code>{triple}</code> of bbao-tentative-relation-graph.ttl" in page
    assert "<dt>Biolink knowledge level <code>biolink:knowledge_level</code> </dt> <dd>prediction</dd>" in page
    assert 'href="../claims.html#knowledge-levels"' in page


def test_the_claims_table_gives_every_claim_its_level_and_a_legend_says_what_each_means(site, graph):
    table = " ".join((site / "claims.html").read_text(encoding="utf-8").split())
    counts = {level: len(members) for level, members in claims_at_each_level(graph).items()}
    assert 'id="knowledge-levels"' in table
    for level in KNOWLEDGE_LEVELS:  # one badge per claim of the level in the tables, one in the legend
        assert table.count(badge(level)) == counts.get(level, 0) + 1, level
        assert f"<td> {badge(level)} </td> <td>{escape(KNOWLEDGE_LEVEL_MEANING[level])}</td>" in table
    assert sum(counts.values()) == len(read_claims(graph))
    assert "<th>knowledge level</th>" in table


def test_a_term_section_lists_the_claims_naming_it_with_their_levels(site, graph, ontology_html):
    claim = next(c for c in read_claims(graph) if c.knowledge_level != ESTABLISHED)
    subject = section(ontology_html, fragment(claim.subject))
    item = " ".join(subject.split())
    assert "<th>Claims</th>" in item
    assert f'<a href="claims/{fragment(claim.node)}.html">{claim.id}</a> {badge(claim.knowledge_level)}' in item
    naming = [c for c in read_claims(graph) if claim.subject in {v for f in CLAIM_FIELDS if f != "claim"
                                                                   for v in c.values(f)}]
    assert subject.count('<a href="claims/BBAC_') == len(naming)
    assert ".level-hypothesis" in ontology_html[:ontology_html.index("</head>")]  # the badges' style
    named = {v for c in read_claims(graph) for f in CLAIM_FIELDS if f != "claim" for v in c.values(f)}
    terms = documented_terms(load_documented_graph())
    assert ontology_html.count("<th>Claims</th>") == len([term for term in terms if term in named]) > 100


def test_the_index_says_what_each_level_means(site):
    index = " ".join((site / "index.html").read_text(encoding="utf-8").split())
    for level in KNOWLEDGE_LEVELS:
        assert f"<td> {badge(level)} </td> <td>{escape(KNOWLEDGE_LEVEL_MEANING[level])}</td>" in index
    assert "dotted lines hypotheses and future directions" in index


def lab_claims_with_every_field() -> Graph:
    """A lab's claims with the newer fields: a hypothesis whose subject is a class of drugs with an example
    (real ChEBI, RO, GO, PR, CL and ECO IRIs), its receptor on osteoblasts and a reported knockout-mouse
    experiment; an association; and a claim with a level BBAO does not define."""
    g = Graph()
    g.add((iri("CHEBI:35530"), RDFS.label, Literal("beta-adrenergic antagonist")))
    g.add((iri("CHEBI:8499"), RDFS.label, Literal("propranolol")))
    g.add((iri("BBAO:0000120"), RDFS.label, Literal("has example")))
    g.add((iri("BBAO:0000121"), RDFS.label, Literal("receptor located in")))
    g.add((iri("BBAO:0000119"), RDFS.label, Literal("has reported evidence type")))
    fields = {"subject": "CHEBI:35530", "relation": "RO:0002598", "object": "GO:0001503", "sign": "positive",
              "section": "Lab results", "direction": "therapy", "evidence": "ECO:0000304"}
    add_claim(g, "BBAC:0000901", **fields, knowledge_level="hypothesis", example="CHEBI:8499",
              receptor="PR:000001193", receptor_location="CL:0000062", reported_evidence="ECO:0001091",
              excerpt="may promote bone formation")
    add_claim(g, "BBAC:0000902", **fields, knowledge_level="association", excerpt="is associated")
    add_claim(g, "BBAC:0000903", **fields, knowledge_level="rumour", excerpt="they say")
    return g


def test_pages_show_examples_receptor_location_and_reported_evidence():
    g = lab_claims_with_every_field()
    terms = {iri("CHEBI:35530"): "class", iri("CHEBI:8499"): "class"}
    hypothesis, association, unknown = read_claims(g)
    page = " ".join(claim_page(g, terms, hypothesis, (None, association)).split())
    for text in ("<dt>has example <code>BBAO:0000120</code> </dt> <dd> "
                 '<a href="../ontology.html#CHEBI_8499">propranolol (CHEBI:8499)</a> </dd>',
                 "<dt>receptor located in <code>BBAO:0000121</code> </dt> <dd> "
                 '<a href="http://purl.obolibrary.org/obo/CL_0000062">CL:0000062 (CL:0000062)</a>',
                 "<dt>has reported evidence type <code>BBAO:0000119</code> </dt> <dd> "
                 '<a href="http://purl.obolibrary.org/obo/ECO_0001091">ECO:0001091 (ECO:0001091)</a>',
                 f"Knowledge level: {badge('hypothesis')}", "from this hypothesis. It is the triple "
                 "<code>CHEBI:35530 RO:0002598 GO:0001503</code>"):
        assert text in page, text
    assert page.index("has example") < page.index("<code>BBAO:0000101</code>")  # by the subject, before the relation
    assert page.index("receptor located in") < page.index("<code>BBAO:0000113</code>")  # by the receptor
    table = " ".join(claims_page(g, terms, [hypothesis, association, unknown]).split())
    for text in ('<em>has example: </em> <a href="ontology.html#CHEBI_8499">propranolol (CHEBI:8499)</a>',
                 "<em>receptor located in: </em>", "<em>has reported evidence type: </em>",
                 f"<td> {badge('hypothesis')} </td>", f"<td> {badge('association')} </td>",
                 '<td> <span class="level level-none" title="a knowledge level BBAO does not define">rumour</span>',
                 "3 claims: 0 established, 3 not established."):
        assert text in table, text
    odd = " ".join(claim_page(g, terms, unknown, (association, None)).split())
    assert "Knowledge level: " in odd and ">rumour</span> — <a" in odd
    used = " ".join(terms_page(g, terms, [hypothesis, association, unknown]).split())
    assert "<td>3 (3 not established)</td>" in used and "<td>1 (1 not established)</td>" in used


def test_every_mechanism_has_a_page_with_its_description_panel_and_steps_in_causal_order(site, graph):
    from programs import program

    program("dot", "graphviz")
    mechanisms = read_drawn_mechanisms(graph)
    assert sorted(p.name for p in (site / "mechanisms").glob("*.html")) == sorted(
        mechanism_file(m.id, "html") for m in mechanisms)
    page = (site / "mechanisms" / "BBAM_0000001.html").read_text(encoding="utf-8")
    flat = " ".join(page.split())
    assert "<h1>Mechanism BBAM:0000001: noradrenaline from sympathetic nerves on bone remodeling</h1>" in flat
    assert "Sympathetic nerves release noradrenaline" in page and "<strong>Axis direction: </strong>top-down" in flat
    assert '<div class="panel"><svg' in page and "<?xml" not in page  # the panel inline: its links work here
    assert 'xlink:href="../claims/BBAC_0000005.html"' in page and 'xlink:href="../ontology.html#CHEBI_33569"' in page
    assert (site / "mechanisms" / "BBAM_0000001.svg").read_text(encoding="utf-8").startswith("<?xml")
    rows = re.findall(r'<td>(\d+)</td> <td> <a href="../claims/(BBAC_\d{7}).html">', flat)
    (noradrenaline,) = [m for m in mechanisms if m.id == "BBAM:0000001"]
    assert rows == [(str(i), fragment(s.node)) for i, s in enumerate(noradrenaline.steps, 1)]
    position = [claim for _, claim in rows]
    assert position.index("BBAC_0000007") < position.index("BBAC_0000157")  # NE raises RANKL, then RANKL acts
    assert '<span class="sign-positive">positive</span>' in flat
    assert "NE inhibits osteoblast differentiation by activating" in page  # the excerpt
    ends = ('href="../ontology.html#GO_0030316">osteoclast differentiation (GO:0030316)</a> <span> (<span '
            'class="sign-positive">positive</span>, weakest level established)</span>')
    assert ends in flat  # where it ends, with the chain's sign
    leptin = " ".join((site / "mechanisms" / "BBAM_0000013.html").read_text(encoding="utf-8").split())
    order = [leptin.index(f'href="../claims/{c}.html">{c.replace("_", ":")}</a>')
             for c in ("BBAC_0000087", "BBAC_0000159", "BBAC_0000133", "BBAC_0000015")]
    assert order == sorted(order)


def test_the_index_draws_the_overview_and_links_every_mechanism(site, graph):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="mechanisms"' in index and '<div class="panel"><svg' in index
    for m in read_drawn_mechanisms(graph):
        page = f"mechanisms/{mechanism_file(m.id, 'html')}"
        assert f'<a href="{page}">{m.id} {m.label}</a>' in index
        assert f'xlink:href="{page}"' in index  # its box in the overview
    assert (site / "bbao-mechanisms.svg").is_file()


def test_the_claim_page_of_a_step_links_back_to_its_mechanisms(site, graph):
    npy = " ".join((site / "claims" / "BBAC_0000015.html").read_text(encoding="utf-8").split())
    number = {m.id: [s.id for s in m.steps].index("BBAC:0000015") + 1 for m in read_drawn_mechanisms(graph)
              if "BBAC:0000015" in {s.id for s in m.steps}}
    assert number.keys() == {"BBAM:0000004", "BBAM:0000013"}  # NPY centrally; and where leptin resistance leads
    assert (f'<span>Step {number["BBAM:0000004"]} of mechanism </span> <a href="../mechanisms/BBAM_0000004.html">'
            "BBAM:0000004 ") in npy
    assert (f'<span>; step {number["BBAM:0000013"]} of mechanism </span> '
            '<a href="../mechanisms/BBAM_0000013.html">BBAM:0000013 ') in npy
    alone = (site / "claims" / "BBAC_0000002.html").read_text(encoding="utf-8")
    assert "../mechanisms/" not in alone


def test_a_mechanism_page_without_graphviz_says_how_to_get_its_picture(graph):
    (mechanism,) = [m for m in read_drawn_mechanisms(graph) if m.id == "BBAM:0000008"]
    page = mechanism_page(graph, {}, mechanism, "")
    assert "<svg" not in page and "Graphviz" in page and "BBAC:0000049" in page
