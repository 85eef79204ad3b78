"""The question library: every bundled query gives its stored expected rows on rdflib and on pyoxigraph,
parameters are bound safely, and bad input gives a clear message and exit code 2."""

from __future__ import annotations

import re
import shutil

import pytest
from rdflib import Graph

from bbao import paths
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.query import (
    Query,
    bind,
    bundled,
    example_bindings,
    expected_runs,
    format_rows,
    parse_query,
    read_expected,
    resolve,
    run,
    show,
    to_iri,
    update_expected,
)
from bbao.store import OxigraphBackend, RdflibBackend, load_store

QUERIES = bundled()
RUNS = [(query, path) for query in QUERIES.values() for path in expected_runs(query)]


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture(scope="module")
def engines(store):
    return {"oxigraph": OxigraphBackend(store), "rdflib": RdflibBackend()}


@pytest.fixture(scope="module")
def maplib_engine():
    pytest.importorskip("maplib", reason="the columnar engine is optional: pip install 'bbao[columnar]'")
    from bbao.columnar import MaplibBackend

    return MaplibBackend()


def test_the_library_states_at_least_25_questions_with_their_parameters():
    assert len(QUERIES) >= 25
    for query in QUERIES.values():
        header = [line for line in query.text.splitlines() if line.startswith("#")]
        assert query.question.endswith("?"), query.name
        assert any(line.startswith("# Parameters: none.") for line in header) != bool(query.parameters), query.name
        for parameter in query.parameters:
            select = query.text.split("WHERE", 1)[0]
            assert f"?{parameter.name} " in select, f"{query.name}: ?{parameter.name} must be projected"
            to_iri(parameter.example)


def test_the_questions_the_issue_asks_for_are_there():
    wanted = {"bone-process-regulators", "bone-to-brain", "barrier-crossing", "ligand-receptor-pairs",
              "brain-and-bone-diseases", "disease-mechanisms", "drug-targets-and-effects", "mouse-only-claims",
              "brain-to-bone-paths", "evidence-types", "claims-by-evidence", "claims-by-section", "aligned-to-go",
              "aligned-to-chebi", "opposite-sign-claims"}
    assert wanted <= set(QUERIES)


def test_expected_files_are_exactly_the_stored_runs():
    stored = set((paths.queries_dir() / "expected").glob("*.tsv"))
    assert stored == {path for _, path in RUNS}


#: Every run on both engines, none of them a long cross-check: rdflib, the slow reference engine, answers
#: mechanism-paths and brain-to-bone-paths in under 1 s since their rewrite (14 s and 8.5 s before).
ENGINE_RUNS = [pytest.param(engine, query, path, id=f"{path.stem}-{engine}")
               for query, path in RUNS for engine in ("oxigraph", "rdflib")]


@pytest.mark.parametrize(("engine", "query", "path"), ENGINE_RUNS)
def test_every_query_gives_the_expected_rows(engines, engine, query, path):
    bindings = expected_runs(query)[path]
    assert run(query, engines[engine], bindings) == read_expected(path)


@pytest.mark.parametrize(("query", "path"), RUNS, ids=[path.stem for _, path in RUNS])
def test_every_query_gives_the_expected_rows_on_the_columnar_engine(maplib_engine, query, path):
    """maplib renders its columns itself (``rendered``); its terms (``select``) must print the same."""
    bindings = expected_runs(query)[path]
    expected = read_expected(path)
    assert run(query, maplib_engine, bindings) == expected
    columns, rows = maplib_engine.select(query.text, bindings)
    assert (columns, [[show(term) for term in row] for row in rows]) == expected


def test_expected_rows_are_not_empty():
    for _, path in RUNS:
        assert read_expected(path)[1], path.name


def test_top_down_regulation_answers(store):
    columns, rows = run(resolve("top-down-regulation"), store)
    table = {(r[columns.index("regulatorLabel")], r[columns.index("targetLabel")], r[columns.index("sign")],
              r[columns.index("site")]) for r in rows}
    assert ("noradrenaline", "osteoblast differentiation", "negative", "peripheral") in table
    assert ("leptin", "osteoblast proliferation", "negative", "central") in table
    assert ("leptin", "osteoblast differentiation", "positive", "peripheral") in table
    assert ("neuropeptide Y", "ossification", "negative", "central") in table


def test_a_parameter_narrows_the_answer(store):
    query = resolve("bone-process-regulators")
    columns, rows = run(query, store, bind(query, ["process=GO:0030316"]))
    assert {(r[columns.index("regulatorLabel")], r[columns.index("sign")]) for r in rows} == {
        ("noradrenaline", "positive"), ("D(2) dopamine receptor", "negative"),
        ("tumor necrosis factor ligand superfamily member 11", "positive")}
    assert {r[0] for r in rows} == {"GO:0030316"}


def test_parameter_values_are_curies_or_absolute_iris():
    query = resolve("bone-process-regulators")
    iri = "http://purl.obolibrary.org/obo/GO_0001649"
    assert bind(query, ["process=GO:0001649"]) == {"process": iri}
    assert bind(query, [f"process=<{iri}>"]) == {"process": iri}
    assert bind(query, [f"?process={iri}"]) == {"process": iri}


@pytest.mark.parametrize(("assignment", "message"), [
    ("process=GO:12x", "malformed local identifier"),
    ("process=XX:1", "unknown prefix 'XX'"),
    ("process=<http://a b>", "not a valid absolute IRI"),
    ("process=<http://x/> } ; DROP ALL ; {", "malformed CURIE"),
    ("process=<http://x/> } DROP ALL { <http://y/>", "not a valid absolute IRI"),
    ("process=GO:0001649> } SELECT", "malformed"),
    ("process=<relative/iri>", "not a valid absolute IRI"),
    ("process", "takes NAME=CURIE"),
    ("colour=GO:0001649", "has no parameter 'colour' \\(parameters: process\\)"),
])
def test_bad_parameters_are_refused(assignment, message):
    with pytest.raises(BBAOError, match=message):
        bind(resolve("bone-process-regulators"), [assignment])


def test_a_required_parameter_must_be_given():
    query = resolve("claims-by-evidence")
    with pytest.raises(BBAOError, match=r"needs --param evidence=CURIE \(e.g. ECO:0001091\)"):
        bind(query, [])
    assert example_bindings(query) == {"evidence": "http://purl.obolibrary.org/obo/ECO_0001091"}


def test_header_parsing(tmp_path):
    path = tmp_path / "q.rq"
    text = ("# What does X do?\n# Parameter ?x (required, example GO:0001649): the thing.\n"
            "# Parameter ?y (optional, example <http://example.org/y>): another.\nSELECT ?x ?y WHERE { ?x ?p ?y }\n")
    query = parse_query(path, text)
    assert query.question == "What does X do?"
    assert [(p.name, p.required, p.example) for p in query.parameters] == [
        ("x", True, "GO:0001649"), ("y", False, "<http://example.org/y>")]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_syntax_error_names_file_line_and_column(tmp_path, engines, engine):
    bad = tmp_path / "bad.rq"
    bad.write_text("# broken?\nSELECT ?x\nWHRE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(BBAOError) as info:
        run(resolve(str(bad)), engines[engine])
    problem = info.value.problems[0]
    assert problem.file == str(bad) and problem.message.startswith("SPARQL syntax error")
    assert problem.line == 3 and problem.column is not None


def test_a_declared_parameter_the_query_does_not_project_is_an_error(tmp_path, store):
    user = tmp_path / "user.rq"
    user.write_text("# Which labels?\n# Parameter ?x (optional, example GO:0001649): a term.\n"
                    "SELECT ?label WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n")
    query = resolve(str(user))
    with pytest.raises(BBAOError, match=r"user\.rq: \?x is not a variable the query projects") as refused:
        run(query, store, bind(query, ["x=GO:0001649"]))
    with pytest.raises(BBAOError, match="is not a variable the query projects"):  # on every engine, before it runs
        run(query, RdflibBackend(Graph()), bind(query, ["x=GO:0001649"]))
    assert len(refused.value.problems) == 1
    computed = tmp_path / "computed.rq"
    computed.write_text("# Which labels?\n# Parameter ?x (optional, example GO:0001649): a term.\n"
                        "SELECT ?x WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l BIND (?c AS ?x) }\n")
    query = resolve(str(computed))
    with pytest.raises(BBAOError, match=r"computed\.rq: \?x is given its value by the query itself"):
        run(query, store, bind(query, ["x=GO:0001649"]))


def test_unknown_query_lists_the_names():
    with pytest.raises(BBAOError, match=r"unknown query 'nope'; bundled queries: .*top-down-regulation"):
        resolve("nope")


def test_only_select_queries_run(tmp_path, store):
    ask = tmp_path / "ask.rq"
    ask.write_text("# Is there anything?\nASK { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(BBAOError, match="only SELECT"):
        run(resolve(str(ask)), store)


def test_formats():
    assert format_rows(["a", "b"], [["x", "y"]], "tsv") == "a\tb\nx\ty"
    assert format_rows(["a"], [["x,y"]], "csv") == 'a\n"x,y"'
    assert format_rows(["a"], [["x"]], "json") == '[\n {\n  "a": "x"\n }\n]'
    assert format_rows(["a"], [["x"]], "table").endswith("(1 row)")


def test_table_cuts_long_cells_and_counts_rows():
    # the one formatter (bbao.tables): padded columns, a rule, no trailing blanks, then the row count
    long = "x" * 70
    table = format_rows(["id", "label", "note"], [["a", long, ""], ["bb", "short", "n"]], "table")
    assert table.splitlines() == [
        "id  label" + " " * 57 + "note",
        "--  " + "-" * 60 + "  ----",
        "a   " + "x" * 59 + "…",
        "bb  short" + " " * 57 + "n",
        "(2 rows)",
    ]
    assert format_rows(["a"], [], "table") == "a\n-\n(0 rows)"
    with pytest.raises(ValueError, match="unknown table format 'xml'"):
        format_rows(["a"], [], "xml")


def test_cli_lists_questions_and_parameters(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "top-down-regulation" in out and "--param process=CURIE (optional, e.g. GO:0001649)" in out
    assert main(["query"]) == 0
    assert capsys.readouterr().out == out


def test_cli_runs_a_question_with_a_parameter(capsys):
    assert main(["query", "drug-targets-and-effects", "--param", "drug=BBAO:0000049", "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("drug\tdrugLabel") and len(lines) == 3
    assert all(line.startswith("BBAO:0000049\tbeta-adrenergic antagonist drug\t") for line in lines[1:])
    assert all("\tpropranolol\t" in line for line in lines[1:])  # the review's example of the class


@pytest.mark.parametrize(("argv", "message"), [
    (["query", "no-such-question"], "unknown query 'no-such-question'; bundled queries: aligned-to-chebi"),
    (["query", "bone-process-regulators", "--param", "process=NOT A CURIE"], "malformed CURIE"),
    (["query", "claims-by-evidence"], "needs --param evidence=CURIE"),
    (["query", "top-down-regulation", "--graph", "https://w3id.org/bbao/graph/ontology"], "--graph only applies"),
])
def test_cli_bad_input_exits_2_without_traceback(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_syntax_error_exits_2_with_line_and_column(tmp_path, capsys):
    bad = tmp_path / "bad.rq"
    bad.write_text("# broken?\nSELECT ?x\nWHRE { ?x ?p ?o }\n", encoding="utf-8")
    assert main(["query", str(bad)]) == 2
    assert re.search(r"bad\.rq:3:\d+: SPARQL syntax error", capsys.readouterr().err)


def test_query_dataclass_reports_unknown_parameter():
    query = Query("q", paths.queries_dir() / "q.rq", "Q?", "SELECT * {}")
    with pytest.raises(BBAOError, match=r"parameters: none"):
        query.parameter("x")


def test_update_expected_rewrites_only_stale_files(tmp_path, monkeypatch, store):
    original = paths.queries_dir()
    copy = tmp_path / "queries"
    shutil.copytree(original, copy)
    monkeypatch.setattr(paths, "queries_dir", lambda: copy)
    (copy / "expected" / "evidence-types.tsv").unlink()
    (copy / "expected" / "mouse-only-claims.tsv").write_text("stale\n", encoding="utf-8")
    changed = update_expected(OxigraphBackend(store))
    assert sorted(p.name for p in changed) == ["evidence-types.tsv", "mouse-only-claims.tsv"]
    for name in ("evidence-types.tsv", "mouse-only-claims.tsv"):
        assert (copy / "expected" / name).read_bytes() == (original / "expected" / name).read_bytes()
    assert update_expected(OxigraphBackend(store)) == []


#: A user's question whose labels would come from another SPARQL server (SERVICE on line 4).
SERVICE_QUERY = """# Which regulators of osteoblast differentiation, with labels from a remote server?
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?regulator ?label WHERE {
  ?regulator <http://purl.obolibrary.org/obo/RO_0002597> <http://purl.obolibrary.org/obo/GO_0001649> .
  OPTIONAL { SERVICE <https://sparql.example.org/sparql> { ?regulator rdfs:label ?label } }
}
"""


@pytest.fixture
def nothing_evaluated(monkeypatch):
    """Every engine's evaluation and every HTTP request fail the test."""
    from bbao import store

    def evaluated(*args, **kwargs):
        raise AssertionError("the query was evaluated or sent")

    for backend in (store.OxigraphBackend, store.RdflibBackend, store.EndpointBackend):
        monkeypatch.setattr(backend, "select", evaluated)
    monkeypatch.setattr(store, "http_request", evaluated)
    try:
        from bbao.columnar import MaplibBackend
    except ImportError:
        return
    monkeypatch.setattr(MaplibBackend, "select", evaluated)
    monkeypatch.setattr(MaplibBackend, "rendered", evaluated)


@pytest.mark.parametrize("where", [["--engine", "oxigraph"], ["--engine", "rdflib"], ["--engine", "maplib"],
                                   ["--endpoint", "http://127.0.0.1:9/sparql"]], ids=lambda w: w[1])
def test_cli_refuses_a_service_clause_before_evaluating_on_every_engine(tmp_path, capsys, nothing_evaluated, where):
    if where[1] == "maplib":
        pytest.importorskip("maplib", reason="the columnar engine is optional: pip install 'bbao[columnar]'")
    user = tmp_path / "labels.rq"
    user.write_text(SERVICE_QUERY, encoding="utf-8")
    assert main(["query", str(user), *where]) == 2
    err = capsys.readouterr().err
    assert f"{user}:4: SERVICE <https://sparql.example.org/sparql>: " in err and "Traceback" not in err
    assert ("the endpoint would send part of this query" if where[0] == "--endpoint" else
            "the query asks another SPARQL server, over the network, and bbao fetches nothing") in err


def test_a_service_mentioned_in_a_comment_or_a_string_is_no_service_clause(tmp_path, store):
    user = tmp_path / "mentions.rq"
    user.write_text("# Which claims quote no SERVICE <https://sparql.example.org/sparql> { } clause?\n"
                    'SELECT ?claim WHERE { ?claim <https://w3id.org/bbao/BBAO_0000115> ?quote '
                    'FILTER (CONTAINS(?quote, "SERVICE <https://sparql.example.org/sparql> { }")) }\n',
                    encoding="utf-8")
    assert run(resolve(str(user)), store) == (["claim"], [])


def test_rdflib_prints_computed_literals_as_oxigraph_writes_them(tmp_path, engines):
    user = tmp_path / "arithmetic.rq"
    user.write_text("# What do these make?\nSELECT (2.25 + 0.25 AS ?sum) (1.5 * 2 AS ?product) (36 / 110 AS ?quotient) "
                    "(2 / 3 AS ?third) WHERE {}\n", encoding="utf-8")
    query = resolve(str(user))
    expected = (["sum", "product", "quotient", "third"], [["2.5", "3", "0.327272727272727272", "0.666666666666666666"]])
    assert run(query, engines["oxigraph"]) == expected
    assert run(query, engines["rdflib"]) == expected  # rdflib computes 2.50, 3.0 and 28 digits


def test_rdflib_failing_on_a_query_is_a_clear_error(tmp_path, capsys):
    user = tmp_path / "unbound.rq"
    user.write_text("# Which claims, by the text of an optional value?\nSELECT ?claim ?value WHERE { "
                    "?claim a <https://w3id.org/bbao/BBAO_0000001> "
                    "OPTIONAL { ?claim <https://example.org/none> ?value } } ORDER BY STR(?value) STR(?claim)\n",
                    encoding="utf-8")
    assert main(["query", str(user), "--engine", "oxigraph", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("claim\tvalue\nBBAC:0000001\t\n")
    assert main(["query", str(user), "--engine", "rdflib"]) == 2
    err = capsys.readouterr().err
    assert f"{user}: the rdflib engine failed on this query (TypeError: " in err and "--engine oxigraph" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_bone_process_regulators_follows_part_of_down_to_osteoblast_differentiation(engines, engine):
    """GO states osteoblast differentiation part_of ossification: asking for ossification also gives the
    claims on osteoblast differentiation (noradrenaline BBAC:0000005, leptin BBAC:0000022, DRD1 BBAC:0000033),
    with the process each acts on."""
    query = resolve("bone-process-regulators")
    columns, rows = run(query, engines[engine], bind(query, ["process=GO:0001503"]))
    assert {r[columns.index("process")] for r in rows} == {"GO:0001503"}
    on = {r[columns.index("claim")]: (r[columns.index("target")], r[columns.index("regulatorLabel")],
                                      r[columns.index("sign")]) for r in rows}
    assert on["BBAC:0000005"] == ("GO:0001649", "noradrenaline", "negative")
    assert on["BBAC:0000022"] == ("GO:0001649", "leptin", "positive")
    target, regulator, sign = on["BBAC:0000033"]  # DRD1: the gene, or its product where BBAO mints one
    assert (target, sign) == ("GO:0001649", "positive") and "D(1A)" in regulator
    assert on["BBAC:0000015"][0] == "GO:0001503"  # the claims on ossification itself stay


def test_bone_process_regulators_without_a_process_lists_each_claim_under_its_own_target(store):
    query = resolve("bone-process-regulators")
    columns, rows = run(query, store)
    own = {(r[columns.index("claim")], r[columns.index("target")]) for r in rows
           if r[columns.index("process")] == r[columns.index("target")]}
    assert {claim for claim, _ in own} == {r[columns.index("claim")] for r in rows}
    assert ("BBAC:0000005", "GO:0001649") in own


# --- filtering by knowledge level ----------------------------------------------------------------------------


def claim_levels(store) -> dict[str, str]:
    """Claim CURIE -> knowledge level, read straight from the store."""
    from bbao.prefixes import compress

    rows = store.query("PREFIX bbao: <https://w3id.org/bbao/> "
                       "SELECT ?c ?l WHERE { ?c a bbao:BBAO_0000001 ; bbao:BBAO_0000118 ?l }",
                       use_default_graph_as_union=True)
    return {compress(r["c"].value): r["l"].value for r in rows}


EVERY_CLAIM = """# Every claim, with its subject.
# Parameters: none.
PREFIX bbao: <https://w3id.org/bbao/>
SELECT ?claim ?subject WHERE { ?claim a bbao:BBAO_0000001 ; bbao:BBAO_0000100 ?subject . } ORDER BY ?claim
"""


@pytest.mark.parametrize("levels", [["established"], ["hypothesis", "future_direction"], ["experimental_finding"]])
def test_level_keeps_exactly_the_rows_whose_claim_has_one_of_the_levels(store, capsys, tmp_path, levels):
    level_of = claim_levels(store)
    path = tmp_path / "every-claim.rq"
    path.write_text(EVERY_CLAIM, encoding="utf-8")
    repeated = [f"--level={level}" for level in levels[1:]]
    assert main(["query", str(path), "--format", "tsv", "--level", levels[0], *repeated]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "claim\tsubject"
    expected = sorted(claim for claim, level in level_of.items() if level in levels)
    assert [line.split("\t")[0] for line in lines[1:]] == expected and expected
    capsys.readouterr()
    assert main(["query", "top-down-regulation", "--format", "tsv", "--level", ",".join(levels)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(level_of[line.split("\t")[0]] in levels for line in lines[1:])


def test_every_claim_has_one_known_knowledge_level(store, graph):
    from bbao.model import CLAIM_CLASS, KNOWLEDGE_LEVELS

    level_of = claim_levels(store)
    assert len(level_of) == len(set(graph.subjects(object=CLAIM_CLASS)))
    assert set(level_of.values()) <= set(KNOWLEDGE_LEVELS)
    assert {"established", "hypothesis"} <= set(level_of.values())


@pytest.mark.parametrize("argv, message", [
    (["query", "top-down-regulation", "--level", "probable"],
     "unknown knowledge level 'probable' (choose among established, association, clinical_observation"),
    (["query", "aligned-to-go", "--level", "established"],
     "query 'aligned-to-go' projects no ?claim column: --level keeps the rows whose claim has"),
])
def test_a_level_filter_that_cannot_apply_exits_2(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_parameter_naming_nothing_in_the_store_exits_2_as_bbao_path_does(tmp_path, capsys):
    """A mistyped CURIE answers nothing; it must not read as "no rows" (exit 0). A term of the user's own data
    passed with --data is a term."""
    assert main(["query", "mechanism-paths", "--param", "from=GO:9999999", "--param", "to=GO:0001649"]) == 2
    err = capsys.readouterr().err
    assert "--param from=GO:9999999: nothing in the oxigraph store is said about it" in err and "Traceback" not in err
    mine = tmp_path / "mine.ttl"
    mine.write_text("<https://lab.example.org/Mine> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                    "<http://purl.obolibrary.org/obo/GO_0001503> .\n", encoding="utf-8")
    assert main(["query", "mechanism-paths", "--param", "from=<https://lab.example.org/Mine>", "--param",
                 "to=GO:0001503", "--data", str(mine), "--quiet"]) == 0


def test_a_term_used_only_as_object_predicate_or_graph_name_is_a_known_parameter_value():
    """``is_known`` (the check behind "nothing in the store is said about it") looks at every position: owl:Class
    is only ever an object, rdfs:subClassOf a predicate, a graph IRI a graph name (issue 18: all three were refused)."""
    from rdflib import Graph

    from bbao.artifacts import graph_iri
    from bbao.query import is_known

    store = OxigraphBackend(load_store())
    owl_class, sub_class_of = "http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    assert is_known(owl_class, store) and is_known(sub_class_of, store) and is_known(graph_iri("closure"), store)
    assert not is_known("http://purl.obolibrary.org/obo/GO_9999999", store)
    small = RdflibBackend(Graph().parse(data="<urn:a> <urn:p> <urn:b> .", format="nt"))
    assert is_known("urn:b", small) and is_known("urn:p", small) and not is_known("urn:c", small)


def test_a_query_file_that_is_not_there_is_named_as_missing(tmp_path, capsys):
    assert main(["query", str(tmp_path / "missing.rq")]) == 2
    assert capsys.readouterr().err == f"bbao query: error: {tmp_path / 'missing.rq'}: no such query file\n"
    assert main(["query", "no-such-question"]) == 2  # a name: the bundled ones are listed
    err = capsys.readouterr().err
    assert err.startswith("bbao query: error: unknown query 'no-such-question'; bundled queries: ")
    assert len(err.splitlines()) == 1


def test_update_expected_writes_its_files_as_one_set_and_only_in_a_project(tmp_path, monkeypatch):
    """``--update-expected`` rewrites only the files whose answer changed, staged and renamed (bbao.release), and
    refuses outside a project (a wheel's own files are never written)."""
    from bbao import query as query_module

    expected = tmp_path / "expected"
    expected.mkdir()
    runs = {expected / "a.tsv": {}, expected / "b.tsv": {}}
    (expected / "a.tsv").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(query_module, "bundled", lambda: {"q": None})
    monkeypatch.setattr(query_module, "expected_runs", lambda query: runs)
    monkeypatch.setattr(query_module, "run", lambda query, backend, bindings: (["x"], [["1"]]))
    monkeypatch.setattr(paths, "writable_root", lambda instead="": tmp_path)
    assert query_module.update_expected(None) == [expected / "a.tsv", expected / "b.tsv"]  # type: ignore[arg-type]
    assert (expected / "a.tsv").read_text(encoding="utf-8") == "x\n1\n" and not list(expected.glob(".*partial"))
    assert query_module.update_expected(None) == []  # type: ignore[arg-type]
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BBAO_PROJECT", raising=False)
    monkeypatch.setattr(paths, "_REPO", tmp_path / "site-packages-parent")
    with pytest.raises(BBAOError, match=r"is not in a BBAO project.*--format tsv"):
        query_module.update_expected(None)  # type: ignore[arg-type]
