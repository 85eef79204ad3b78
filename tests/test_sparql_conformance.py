"""Users' own SPARQL on every embedded engine: a small conformance set of queries over a data file of
BBAO-shaped claims (real IRIs, literals of several kinds, two named graphs), run through the API the CLI
uses (bbao.store.open_backend with data=[file], then bbao.query.run). On each engine, every query gives
exactly Oxigraph's rows, or is refused with a BBAOError naming the query file before the engine evaluates
anything (the engine's store, graph or model is replaced by one that fails when touched)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bbao.errors import BBAOError
from bbao.query import parse_query, run
from bbao.store import open_backend

#: Three lab claims in BBAO's shape (subject, relation, object, sign, site, evidence) with real OBO IRIs,
#: a fourth with none of the numbers, labels or comments, literals of several kinds (integer, decimal,
#: double, boolean, date, plain, language-tagged), and two named graphs of reviewers.
DATA = """@prefix BBAC: <https://w3id.org/bbao/BBAC_> .
@prefix BBAO: <https://w3id.org/bbao/BBAO_> .
@prefix CHEBI: <http://purl.obolibrary.org/obo/CHEBI_> .
@prefix GO: <http://purl.obolibrary.org/obo/GO_> .
@prefix RO: <http://purl.obolibrary.org/obo/RO_> .
@prefix ECO: <http://purl.obolibrary.org/obo/ECO_> .
@prefix PR: <http://purl.obolibrary.org/obo/PR_> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/lab/> .

BBAC:9000001 a owl:NamedIndividual, BBAO:0000001 ;
    rdfs:label "noradrenaline inhibits osteoblast differentiation (lab)" ;
    BBAO:0000100 CHEBI:33569 ; BBAO:0000101 RO:0002597 ; BBAO:0000102 GO:0001649 ;
    BBAO:0000103 "negative" ; BBAO:0000111 "peripheral" ; BBAO:0000113 ECO:0000304 ;
    ex:mice 12 ; ex:effect 0.5 ; ex:score 1.5e0 ; ex:replicated true ; ex:observed "2026-01-15"^^xsd:date ;
    rdfs:comment "inhibits"@en, "hemmt"@de, "inhibe" .

BBAC:9000002 a owl:NamedIndividual, BBAO:0000001 ;
    rdfs:label "noradrenaline promotes osteoclast differentiation (lab)"@en ;
    BBAO:0000100 CHEBI:33569 ; BBAO:0000101 RO:0002213 ; BBAO:0000102 GO:0030316 ;
    BBAO:0000103 "positive" ; BBAO:0000111 "peripheral" ;
    ex:mice 7 ; ex:effect 2.25 ; ex:score 2 ; ex:replicated false ;
    rdfs:comment "promotes"@en-GB, "Promotes" .

BBAC:9000003 a owl:NamedIndividual, BBAO:0000001 ;
    rdfs:label "leptin acts on bone (lab)" ;
    BBAO:0000100 PR:000009758 ; BBAO:0000101 RO:0002211 ; BBAO:0000102 GO:0001503 ;
    BBAO:0000103 "none" ;
    ex:mice 36 ; ex:effect 110 ; ex:score _:unscored ;
    rdfs:seeAlso BBAC:9000001 .

BBAC:9000004 a owl:NamedIndividual, BBAO:0000001 ;
    BBAO:0000100 PR:000009758 ; BBAO:0000103 "none" .

ex:graph1 {
    BBAC:9000001 ex:reviewedBy ex:alice .
    BBAC:9000002 ex:reviewedBy ex:bob .
}
ex:graph2 {
    BBAC:9000001 ex:reviewedBy ex:carol .
}
"""

PREFIXES = """PREFIX BBAC: <https://w3id.org/bbao/BBAC_>
PREFIX BBAO: <https://w3id.org/bbao/BBAO_>
PREFIX GO: <http://purl.obolibrary.org/obo/GO_>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ex: <https://example.org/lab/>
"""
#: The lab claims only (the shipped ontology has claims of its own).
LAB = 'FILTER (STRSTARTS(STR(?claim), "https://w3id.org/bbao/BBAC_9"))'
#: Every value of the lab claims that is a number, a string or an IRI, and an unbound one (BBAC:9000004).
MIXED = (f"?claim a BBAO:0000001 {LAB} OPTIONAL {{ {{ ?claim ex:mice ?value }} "
         "UNION { ?claim ex:effect ?value } UNION { ?claim ex:score ?value FILTER (!isBlank(?value)) } "
         "UNION { ?claim rdfs:comment ?value } UNION { ?claim rdfs:label ?value } "
         "UNION { ?claim rdfs:seeAlso ?value } }")


@dataclass(frozen=True)
class Case:
    """A query of the set, the engines that must refuse it (with a pattern of their message) and, for some,
    the rows Oxigraph must give (which makes the comparison able to fail on Oxigraph too)."""

    name: str
    text: str
    refused: dict[str, str] = field(default_factory=dict)
    oxigraph: list[list[str]] | None = None


CASES = [
    Case("integer-division",
         "SELECT ?a ?b (?a / ?b AS ?q) WHERE { VALUES (?a ?b) { (1 2) (7 2) (36 110) } } ORDER BY ?a",
         {"maplib": r"'/': maplib 0\.20 divides in floating point"},
         [["1", "2", "0.5"], ["7", "2", "3.5"], ["36", "110", "0.327272727272727272"]]),
    Case("integer-division-of-data", f"SELECT ?claim (?mice / 2 AS ?half) WHERE {{ ?claim ex:mice ?mice {LAB} }} "
         "ORDER BY ?claim", {"maplib": "'/'"},
         [["BBAC:9000001", "6"], ["BBAC:9000002", "3.5"], ["BBAC:9000003", "18"]]),
    Case("integer-arithmetic", f"SELECT ?claim (?mice + 1 AS ?more) (?mice - 10 AS ?less) (?mice * 3 AS ?times) "
         f"WHERE {{ ?claim ex:mice ?mice {LAB} }} ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "13", "2", "36"], ["BBAC:9000002", "8", "-3", "21"],
                   ["BBAC:9000003", "37", "26", "108"]]),
    Case("decimal-arithmetic", f"SELECT ?claim (?effect + 0.25 AS ?plus) (?effect * 2 AS ?twice) (0.1 + 0.2 AS ?sum) "
         f"WHERE {{ ?claim ex:effect ?effect {LAB} }} ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "0.75", "1", "0.3"], ["BBAC:9000002", "2.5", "4.5", "0.3"],
                   ["BBAC:9000003", "110.25", "220", "0.3"]]),
    Case("average", f"SELECT (AVG(?mice) AS ?mean) WHERE {{ ?claim ex:mice ?mice {LAB} }}",
         {"maplib": "AVG: maplib 0.20 averages in floating point"}, [["18.333333333333333333"]]),
    Case("order-by-mixed-terms", f"SELECT ?claim ?value WHERE {{ {MIXED} }} ORDER BY ?value ?claim",
         oxigraph=[["BBAC:9000004", ""], ["BBAC:9000003", "BBAC:9000001"], ["BBAC:9000001", "0.5"],
                   ["BBAC:9000001", "1.5"], ["BBAC:9000002", "2"], ["BBAC:9000002", "2.25"], ["BBAC:9000002", "7"],
                   ["BBAC:9000001", "12"], ["BBAC:9000003", "36"], ["BBAC:9000003", "110"],
                   ["BBAC:9000002", "Promotes"], ["BBAC:9000001", "hemmt"], ["BBAC:9000001", "inhibe"],
                   ["BBAC:9000001", "inhibits"], ["BBAC:9000003", "leptin acts on bone (lab)"],
                   ["BBAC:9000001", "noradrenaline inhibits osteoblast differentiation (lab)"],
                   ["BBAC:9000002", "noradrenaline promotes osteoclast differentiation (lab)"],
                   ["BBAC:9000002", "promotes"]]),
    Case("order-by-mixed-terms-descending", f"SELECT ?claim ?value WHERE {{ {MIXED} }} ORDER BY DESC(?value) ?claim"),
    Case("order-by-mixed-terms-with-limit", f"SELECT ?claim ?value WHERE {{ {MIXED} }} ORDER BY ?value ?claim "
         "LIMIT 4 OFFSET 1", oxigraph=[["BBAC:9000003", "BBAC:9000001"], ["BBAC:9000001", "0.5"],
                                       ["BBAC:9000001", "1.5"], ["BBAC:9000002", "2"]]),
    Case("order-by-plain-and-tagged-labels", f"SELECT ?label ?claim WHERE {{ ?claim rdfs:label ?label {LAB} }} "
         "ORDER BY DESC(?label)", oxigraph=[
             ["noradrenaline promotes osteoclast differentiation (lab)", "BBAC:9000002"],
             ["noradrenaline inhibits osteoblast differentiation (lab)", "BBAC:9000001"],
             ["leptin acts on bone (lab)", "BBAC:9000003"]]),
    Case("order-by-an-expression", f"SELECT ?claim ?comment WHERE {{ ?claim rdfs:comment ?comment {LAB} }} "
         "ORDER BY LCASE(?comment) ?claim"),
    Case("order-by-a-variable-not-projected",
         f"SELECT ?claim WHERE {{ ?claim rdfs:label ?label {LAB} }} ORDER BY ?label",
         {"rdflib": r"ORDER BY \?label: rdflib orders terms of different kinds .* not projected",
          "maplib": r"ORDER BY \?label: maplib orders terms of different kinds .* not projected"}),
    Case("graph", "SELECT ?claim ?who WHERE { GRAPH ?g { ?claim ex:reviewedBy ?who } } ORDER BY ?who",
         {"rdflib": "GRAPH: the rdflib engine holds BBAO and your --data as one graph",
          "maplib": "GRAPH: the maplib engine holds BBAO and your --data as one graph"},
         [["BBAC:9000001", "https://example.org/lab/alice"], ["BBAC:9000002", "https://example.org/lab/bob"],
          ["BBAC:9000001", "https://example.org/lab/carol"]]),
    Case("from", "SELECT ?claim FROM ex:graph1 WHERE { ?claim ex:reviewedBy ?who } ORDER BY ?claim",
         dict.fromkeys(("oxigraph", "rdflib", "maplib"), "FROM / FROM NAMED: the embedded engines")),
    Case("optional", f"SELECT ?claim ?site WHERE {{ ?claim a BBAO:0000001 {LAB} "
         "OPTIONAL { ?claim BBAO:0000111 ?site } } ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "peripheral"], ["BBAC:9000002", "peripheral"], ["BBAC:9000003", ""],
                   ["BBAC:9000004", ""]]),
    Case("values-before-an-optional", "SELECT ?claim ?site WHERE { VALUES ?claim { BBAC:9000001 BBAC:9000003 } "
         "OPTIONAL { ?claim BBAO:0000111 ?site } } ORDER BY ?claim",
         {"rdflib": r"VALUES before an OPTIONAL: rdflib 7 drops the rows .* #2332"},
         [["BBAC:9000001", "peripheral"], ["BBAC:9000003", ""]]),
    Case("filter-beside-an-optional-with-a-variable-predicate",
         f"SELECT ?claim ?value WHERE {{ ?claim a BBAO:0000001 {LAB} OPTIONAL {{ ?claim ?p ?value "
         "FILTER (?p = ex:mice) } } ORDER BY ?claim",
         {"maplib": "FILTER beside an OPTIONAL with a variable predicate"},
         [["BBAC:9000001", "12"], ["BBAC:9000002", "7"], ["BBAC:9000003", "36"], ["BBAC:9000004", ""]]),
    Case("property-path",
         "SELECT ?super WHERE { GO:0030316 rdfs:subClassOf+ ?super FILTER isIRI(?super) } ORDER BY ?super"),
    Case("property-path-sequence", "SELECT ?claim ?object WHERE { ?claim rdfs:seeAlso/BBAO:0000102 ?object } "
         "ORDER BY ?claim", oxigraph=[["BBAC:9000003", "GO:0001649"]]),
    Case("count-and-sum", f"SELECT ?subject (COUNT(?claim) AS ?claims) (SUM(?mice) AS ?mice_total) WHERE {{ "
         f"?claim BBAO:0000100 ?subject ; ex:mice ?mice {LAB} }} GROUP BY ?subject ORDER BY ?subject",
         oxigraph=[["CHEBI:33569", "2", "19"], ["PR:000009758", "1", "36"]]),
    Case("count-equals", f"SELECT ?subject (COUNT(?claim) AS ?claims) WHERE {{ ?claim BBAO:0000100 ?subject {LAB} }} "
         "GROUP BY ?subject HAVING (COUNT(?claim) = 2) ORDER BY ?subject",
         {"maplib": "COUNT compared with =, !=, IN or NOT IN"}, [["CHEBI:33569", "2"], ["PR:000009758", "2"]]),
    # SPARQL leaves the order of GROUP_CONCAT's values to the engine: here it is the subquery's on each engine
    Case("group-concat", f"SELECT ?subject (GROUP_CONCAT(?sign; separator='|') AS ?signs) WHERE {{ {{ SELECT ?subject "
         f"?sign WHERE {{ ?claim BBAO:0000100 ?subject ; BBAO:0000103 ?sign {LAB} }} ORDER BY ?sign }} }} "
         "GROUP BY ?subject ORDER BY ?subject", {"maplib": "GROUP_CONCAT: maplib 0.20 joins"},
         [["CHEBI:33569", "negative|positive"], ["PR:000009758", "none|none"]]),
    Case("min-and-max",
         f"SELECT (MIN(?effect) AS ?least) (MAX(?effect) AS ?most) WHERE {{ ?claim ex:effect ?effect {LAB} }}",
         {"maplib": "MIN: maplib 0.20 gives no value"}, [["0.5", "110"]]),
    Case("bind", f"SELECT ?claim ?tag WHERE {{ ?claim BBAO:0000103 ?sign {LAB} "
         "BIND (CONCAT('sign:', ?sign) AS ?tag) } ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "sign:negative"], ["BBAC:9000002", "sign:positive"],
                   ["BBAC:9000003", "sign:none"], ["BBAC:9000004", "sign:none"]]),
    Case("values", "SELECT ?claim ?sign WHERE { VALUES ?claim { BBAC:9000001 BBAC:9000003 } "
         "?claim BBAO:0000103 ?sign } ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "negative"], ["BBAC:9000003", "none"]]),
    Case("lang-matches", f"SELECT ?claim ?comment WHERE {{ ?claim rdfs:comment ?comment {LAB} "
         "FILTER (langMatches(lang(?comment), 'en')) } ORDER BY ?claim",
         oxigraph=[["BBAC:9000001", "inhibits"], ["BBAC:9000002", "promotes"]]),
    Case("regex", f"SELECT ?claim WHERE {{ ?claim rdfs:label ?label {LAB} FILTER (regex(?label, '^NORADRENALINE .* "
         "osteo', 'i')) } ORDER BY ?claim", oxigraph=[["BBAC:9000001"], ["BBAC:9000002"]]),
    Case("service-mentioned-in-a-comment-and-a-string", "# no SERVICE <https://sparql.example.org/> { } here\n"
         f"SELECT ?claim WHERE {{ ?claim BBAO:0000103 ?sign {LAB} FILTER (?sign != 'SERVICE <x> {{ }}') }} "
         "ORDER BY ?claim", oxigraph=[["BBAC:9000001"], ["BBAC:9000002"], ["BBAC:9000003"], ["BBAC:9000004"]]),
    Case("service", "SELECT ?claim ?label WHERE { ?claim BBAO:0000103 ?sign OPTIONAL {\n"
         "  SERVICE <https://sparql.example.org/sparql> { ?claim rdfs:label ?label } } }",
         dict.fromkeys(("oxigraph", "rdflib", "maplib"), r"SERVICE <https://sparql\.example\.org/sparql>: the query "
                                                         "asks another SPARQL server")),
]
ENGINES = ("oxigraph", "rdflib", "maplib")
#: What each engine evaluates with, replaced by :class:`Untouchable` to show that a refusal comes first.
EVALUATOR = {"oxigraph": "store", "rdflib": "graph", "maplib": "model"}


class Untouchable:
    """Stands for an engine's store, graph or model: any use fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the engine was asked to evaluate the query (.{name})")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conformance") / "lab-claims.trig"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def backends(data):
    made = {}

    def backend(engine: str):
        if engine not in made:
            if engine == "maplib":
                pytest.importorskip("maplib", reason="the columnar engine is optional: pip install 'bbao[columnar]'")
            made[engine] = open_backend(engine=engine, data=[data])
        return made[engine]

    return backend


@pytest.fixture(scope="module")
def oxigraph_rows(backends, tmp_path_factory):
    folder = tmp_path_factory.mktemp("queries")
    answers: dict[str, tuple[list[str], list[list[str]]]] = {}

    def rows(case: Case) -> tuple[list[str], list[list[str]]]:
        if case.name not in answers:
            answers[case.name] = run(query(folder, case), backends("oxigraph"))
        return answers[case.name]

    return rows


def query(folder: Path, case: Case):
    return parse_query(folder / f"{case.name}.rq", f"# {case.name}?\n{PREFIXES}{case.text}\n")


def test_the_set_covers_what_users_write():
    names = " ".join(case.name for case in CASES)
    for kind in ("integer-division", "decimal-arithmetic", "order-by-mixed-terms", "graph", "optional", "property-path",
                 "count-and-sum", "group-concat", "bind", "values", "lang-matches", "regex", "service"):
        assert kind in names
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_engine_gives_oxigraphs_rows_or_refuses_before_evaluating(backends, oxigraph_rows, tmp_path, monkeypatch,
                                                                       case, engine):
    backend = backends(engine)
    user_query = query(tmp_path, case)
    if engine in case.refused:
        monkeypatch.setattr(backend, EVALUATOR[engine], Untouchable())
        with pytest.raises(BBAOError, match=case.refused[engine]) as refusal:
            run(user_query, backend)
        assert all(problem.file == str(user_query.path) for problem in refusal.value.problems)
        return
    expected = oxigraph_rows(case)
    if engine == "oxigraph" and case.oxigraph is not None:
        assert expected[1] == case.oxigraph
    assert run(user_query, backend) == expected


def test_a_refusal_says_on_which_line(backends, tmp_path):
    case = next(c for c in CASES if c.name == "service")
    service_line = (PREFIXES + case.text).splitlines().index(
        "  SERVICE <https://sparql.example.org/sparql> { ?claim rdfs:label ?label } } }") + 2  # the question is line 1
    for engine in ENGINES:
        with pytest.raises(BBAOError) as refusal:
            run(query(tmp_path, case), backends(engine))
        assert [problem.line for problem in refusal.value.problems] == [service_line]
