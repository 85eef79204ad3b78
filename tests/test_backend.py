"""What every query backend shares (bbao.backend): the term builder, the VALUES clause that carries bindings
to engines without substitution, the protocol each engine meets, and no import cycle between the engines."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest

from bbao.backend import Backend, RenderingBackend, bound_text, make_term, values_clause
from bbao.errors import BBAOError

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_make_term_builds_every_kind_of_cell():
    assert make_term("iri", "http://x/1") == pyoxigraph.NamedNode("http://x/1")
    assert make_term("bnode", "b0") == pyoxigraph.BlankNode("b0")
    assert make_term("literal", "chat", language="fr") == pyoxigraph.Literal("chat", language="fr")
    assert make_term("literal", "2", datatype=XSD + "integer") == pyoxigraph.Literal(
        "2", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    # a plain literal and an xsd:string are the same literal in RDF 1.1
    assert make_term("literal", "x") == make_term("literal", "x", datatype=XSD + "string") == pyoxigraph.Literal("x")
    with pytest.raises(ValueError):
        make_term("iri", "not an iri")


def test_values_clause_writes_validated_iris_only():
    assert values_clause({}) == ""
    assert values_clause({"a": "http://x/1", "b": "urn:y"}) == "\nVALUES (?a ?b) { (<http://x/1> <urn:y>) }\n"
    with pytest.raises(BBAOError, match="not a SPARQL variable name"):
        values_clause({"a } DROP ALL {": "http://x/1"})
    with pytest.raises(ValueError):
        values_clause({"a": "http://x/> } DROP ALL { <http://y/"})


def test_every_engine_meets_the_protocol_and_only_the_columnar_one_renders():
    from bbao.store import EndpointBackend, OxigraphBackend, RdflibBackend

    for backend in (OxigraphBackend(pyoxigraph.Store()), EndpointBackend("http://127.0.0.1:1/query")):
        assert isinstance(backend, Backend) and not isinstance(backend, RenderingBackend)
    assert not isinstance(RdflibBackend.__new__(RdflibBackend), RenderingBackend)
    pytest.importorskip("maplib", reason="the columnar engine is optional: pip install 'bbao[columnar]'")
    from bbao.columnar import MaplibBackend

    assert isinstance(MaplibBackend.__new__(MaplibBackend), RenderingBackend)


def test_the_columnar_engine_does_not_import_the_store():
    code = "import sys, bbao.columnar; print('bbao.store' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- reading a query before any engine runs it (bbao.backend.read_query, check_query)

PREFIX = "PREFIX ex: <https://example.org/lab/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def test_what_a_query_uses_is_read_from_its_algebra_not_its_text():
    from bbao.backend import read_query

    words = read_query(PREFIX + '# SERVICE <https://x.example/> { } GRAPH FROM AVG\n'
                       'SELECT ?s ?n WHERE { ?s ex:SERVICE ?n ; <https://x.example/GRAPH> "FROM ?g / 2 SERVICE" '
                       'FILTER (?n != "GRAPH ?g { }") ?s rdfs:subClassOf/rdfs:subClassOf ?super }')
    assert (words.services, words.graph, words.dataset, words.division, words.aggregates) == (
        (), False, False, False, frozenset())
    used = read_query(PREFIX + "SELECT ?g (AVG(?n / 2) AS ?mean) (GROUP_CONCAT(?s) AS ?all) FROM ex:g1 WHERE { "
                      "GRAPH ?g { ?s ex:n ?n } OPTIONAL { SERVICE ?endpoint { ?s ?p ?o } } "
                      "SERVICE SILENT <https://sparql.example.org/sparql> { ?s ?p ?o } } GROUP BY ?g")
    assert set(used.services) == {"?endpoint", "<https://sparql.example.org/sparql>"}
    assert used.graph and used.dataset and used.division
    assert used.aggregates == {"AVG", "GROUP_CONCAT", "SAMPLE"}  # rdflib reads a GROUP BY variable as a SAMPLE


def test_the_order_of_an_answer_is_read_with_each_conditions_kind():
    from bbao.backend import OrderKey, read_query

    shape = read_query(PREFIX + "SELECT ?s ?label (COUNT(?o) AS ?n) WHERE { ?s rdfs:label ?label ; ex:p ?o } "
                       "GROUP BY ?s ?label ORDER BY DESC(?n) STR(?label) LCASE(?label) ?s LIMIT 5 OFFSET 2")
    assert [(k.variable, k.descending, k.kind) for k in shape.order] == [
        ("n", True, None), (None, False, "string"), (None, False, None), ("s", False, None)]
    assert shape.order[2] == OrderKey(None, False, None, frozenset({"label"}))  # the group key, through SAMPLE
    assert shape.cut == (2, 5) and shape.projected == ("s", "label", "n")
    inner = read_query("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?o STR(?p) LIMIT 1 } { SELECT ?x { ?x ?y ?z } "
                       "ORDER BY ?z } }")
    assert [(k.variable, k.kind) for k in inner.inner_orders] == [("o", None), (None, "string")]  # a cut one only
    assert inner.order == () and inner.cut is None


@pytest.mark.parametrize(("query", "engine", "message"), [
    ("SELECT * { SERVICE <https://sparql.example.org/sparql> { ?s ?p ?o } }", "oxigraph", "SERVICE <https://sparql"),
    ("SELECT * { SERVICE ?where { ?s ?p ?o } }", "rdflib", r"SERVICE \?where"),
    ("SELECT * { SERVICE <https://sparql.example.org/sparql> { ?s ?p ?o } }", "endpoint", "the endpoint would send"),
    ("SELECT ?s FROM <https://example.org/g> { ?s ?p ?o }", "oxigraph", "FROM / FROM NAMED"),
    ("SELECT ?s { GRAPH ?g { ?s ?p ?o } }", "rdflib", "GRAPH: the rdflib engine"),
    ("SELECT ?s { GRAPH ?g { ?s ?p ?o } }", "maplib", "GRAPH: the maplib engine"),
    ("SELECT (1/2 AS ?half) {}", "maplib", "'/': maplib 0.20 divides in floating point"),
    ("SELECT (MAX(?o) AS ?m) { ?s ?p ?o }", "maplib", "MAX: maplib 0.20 gives no value"),
    ("SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(?o) IN (2, 3))", "maplib", "COUNT compared"),
    ("SELECT ?s { VALUES ?s { <urn:a> } OPTIONAL { ?s ?p ?o } }", "rdflib", "VALUES before an OPTIONAL"),
    ("SELECT ?s { ?s a ?c FILTER (isIRI(?s)) OPTIONAL { ?s ?p ?o } }", "maplib", "FILTER beside an OPTIONAL"),
    ("SELECT ?s { ?s ?p ?o } ORDER BY ?o", "rdflib", r"ORDER BY \?o: .* not projected"),
    ("SELECT ?s { ?s ?p ?o } ORDER BY LCASE(?o)", "maplib", "ORDER BY condition 1: .* not projected"),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?o LIMIT 1 } }", "maplib", "ORDER BY in a subquery with LIMIT"),
])
def test_what_an_engine_must_not_or_cannot_do_is_refused(query, engine, message):
    from bbao.backend import check_query

    with pytest.raises(BBAOError, match=message) as refusal:
        check_query(query, engine, "mine.rq")
    assert all(problem.file == "mine.rq" for problem in refusal.value.problems)


@pytest.mark.parametrize(("query", "engines"), [
    ("SELECT ?s FROM <https://example.org/g> { ?s ?p ?o }", ["endpoint"]),  # the endpoint chooses its graphs
    ("SELECT ?s { GRAPH ?g { ?s ?p ?o } }", ["oxigraph", "endpoint"]),
    ("SELECT (1/2 AS ?half) (AVG(?o) AS ?mean) (GROUP_CONCAT(?o) AS ?all) { ?s ?p ?o }", ["oxigraph", "rdflib"]),
    ("SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(?o) >= 2)", ["maplib"]),
    ("SELECT ?s { ?s ?p ?o } ORDER BY STR(?o) ?s", ["rdflib", "maplib"]),
    ("SELECT ?s ?o { ?s ?p ?o } ORDER BY LCASE(?o) LIMIT 3", ["rdflib", "maplib"]),  # cut after the reorder
    ("SELECT ?s { ?s a ?c OPTIONAL { ?s ?p ?o } }", ["maplib"]),
])
def test_what_an_engine_can_do_is_not_refused(query, engines):
    from bbao.backend import check_query

    for engine in engines:
        check_query(query, engine)


def test_a_refusal_names_the_line_of_the_keyword():
    from bbao.backend import check_query, keyword_lines

    query = ('# "SERVICE" in a comment\nSELECT ?s ?o WHERE {\n  ?s <http://x/SERVICE> "SERVICE" .\n'
             '  OPTIONAL { SERVICE <https://sparql.example.org/sparql> { ?s ?p ?o } }\n}\n')
    assert keyword_lines(query, ["SERVICE", "OPTIONAL"]) == {"SERVICE": [4], "OPTIONAL": [4]}
    with pytest.raises(BBAOError) as refusal:
        check_query(query, "oxigraph", "mine.rq")
    assert str(refusal.value).startswith("mine.rq:4: SERVICE <https://sparql.example.org/sparql>")


def test_a_query_is_refused_when_it_cannot_be_read_before_it_runs():
    from bbao.backend import read_query
    from bbao.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError) as both:  # neither parser reads it: Oxigraph's message and place
        read_query("SELECT ?x\nWHRE { ?x ?p ?o }")
    with pytest.raises(SyntaxError) as oxigraph:
        pyoxigraph.Store().query("SELECT ?x\nWHRE { ?x ?p ?o }")
    assert f"error at {both.value.line}:{both.value.column}" in str(oxigraph.value) and both.value.line == 2
    with pytest.raises(QuerySyntaxError, match=r"rdflib's SPARQL 1\.1 parser") as only_oxigraph:  # SPARQL 1.2
        read_query("SELECT * WHERE {\n  <<( ?s ?p ?o )>> ?q ?r }")
    assert only_oxigraph.value.line == 2


def test_literals_are_written_as_oxigraph_writes_them():
    from bbao.backend import as_oxigraph_writes, oxigraph_lexical

    assert oxigraph_lexical("2.50", XSD + "decimal") == "2.5"
    assert oxigraph_lexical("-0.0", XSD + "decimal") == "0"
    rdflib_quotient = "0.3272727272727272727272727273"  # 36/110 as rdflib computes it; Oxigraph keeps 18 digits
    assert oxigraph_lexical(rdflib_quotient, XSD + "decimal") == "0.327272727272727272"
    assert oxigraph_lexical("1.0E2", XSD + "double") == "100"
    assert oxigraph_lexical("007", XSD + "integer") == "7"
    assert oxigraph_lexical("1", XSD + "boolean") == "true"
    assert oxigraph_lexical("2.50", XSD + "string") == "2.50"
    assert oxigraph_lexical("twelve", XSD + "integer") == "twelve"  # not an integer: kept as it is
    assert as_oxigraph_writes(pyoxigraph.Literal("2.50", datatype=pyoxigraph.NamedNode(XSD + "decimal"))) == \
        pyoxigraph.Literal("2.5", datatype=pyoxigraph.NamedNode(XSD + "decimal"))
    assert as_oxigraph_writes(pyoxigraph.Literal("2.50", language="en")).value == "2.50"


def test_an_answer_of_mixed_terms_is_put_in_oxigraphs_order():
    from bbao.backend import answer_order, evaluated_text, needs_oxigraph_order, read_query

    iri, blank = pyoxigraph.NamedNode("https://w3id.org/bbao/BBAC_0000005"), pyoxigraph.BlankNode("b")
    decimal = make_term("literal", "2.5", datatype=XSD + "decimal")
    values = [make_term("literal", "b"), make_term("literal", "a", language="en"),
              make_term("literal", "10", datatype=XSD + "integer"), iri, None, decimal, blank]
    query = "SELECT ?v ?n WHERE { ?s ?p ?v } ORDER BY ?v"
    shape = read_query(query)
    columns = ["v", "n"]

    def column(name):
        return values if name == "v" else [make_term("literal", str(n), datatype=XSD + "integer")
                                           for n in range(len(values))]

    assert needs_oxigraph_order(shape, column)
    order = answer_order(query, shape, columns, column, len(values))
    assert [values[i] for i in order] == [None, blank, iri, decimal, values[2], values[1], values[0]]
    assert not needs_oxigraph_order(shape, lambda name: [values[0], None, make_term("literal", "c")])
    assert answer_order(query, shape, columns, lambda name: [values[0], None], 2) is None  # one kind: as it is
    cut = "SELECT ?v ?n WHERE { ?s ?p ?v } ORDER BY DESC(?v)\nLIMIT 2 OFFSET 1 # the answer's\n"
    assert evaluated_text(cut, read_query(cut)) == cut.replace("LIMIT 2 OFFSET 1", "")
    assert [values[i] for i in answer_order(cut, read_query(cut), columns, column, len(values))] == [
        values[1], values[2]]
    by_text = "SELECT ?v WHERE { ?s ?p ?v } ORDER BY STR(?v) LIMIT 2"
    assert evaluated_text(by_text, read_query(by_text)) == by_text  # one kind of key: the engine cuts it


@pytest.mark.parametrize(("query", "bound"), [
    # the IRI in place wherever the variable is in scope, and a BIND for the projection
    ("SELECT ?x WHERE { ?x ?p ?o FILTER NOT EXISTS { ?o ?q ?x } } ORDER BY ?x",
     "SELECT ?x WHERE { <urn:a> ?p ?o FILTER NOT EXISTS { ?o ?q <urn:a> }  BIND (<urn:a> AS ?x) } ORDER BY ?x"),
    # in an OPTIONAL too: the optional part matches only with the IRI, and every row carries it
    ("SELECT ?x { ?s ?p ?o OPTIONAL { ?o ?q ?x } }",
     "SELECT ?x { ?s ?p ?o OPTIONAL { ?o ?q <urn:a> }  BIND (<urn:a> AS ?x) }"),
    # MINUS removes only solutions that share a variable: it stays one, bound on both sides
    ("SELECT ?x { ?x ?p ?o MINUS { ?x ?q ?o } }",
     "SELECT ?x { BIND (<urn:a> AS ?x)  <urn:a> ?p ?o MINUS { BIND (<urn:a> AS ?x)  <urn:a> ?q ?o } }"),
    # a subquery projecting it is bound inside, before its LIMIT; one that does not has a variable of its own
    ("SELECT ?x { { SELECT ?x { ?x ?p ?o } LIMIT 1 } }",
     "SELECT ?x { BIND (<urn:a> AS ?x)  { SELECT ?x { <urn:a> ?p ?o  BIND (<urn:a> AS ?x) } LIMIT 1 } }"),
    ("SELECT ?x ?s { ?x ?p ?s { SELECT ?s { ?s ?p ?x } } }",
     "SELECT ?x ?s { <urn:a> ?p ?s { SELECT ?s { ?s ?p ?x } }  BIND (<urn:a> AS ?x) }"),
    # BOUND takes a variable: it is always bound
    ("SELECT ?x { ?s ?p ?o OPTIONAL { ?o ?q ?x } FILTER(!BOUND( ?x )) }",
     "SELECT ?x { ?s ?p ?o OPTIONAL { ?o ?q <urn:a> } FILTER(!true)  BIND (<urn:a> AS ?x) }"),
    # the query computes it: joined as a trailing VALUES clause
    ("SELECT ?x { ?s ?p ?o BIND (?o AS ?x) }", "SELECT ?x { ?s ?p ?o BIND (?o AS ?x) }\nVALUES (?x) { (<urn:a>) }\n"),
])
def test_bindings_are_substituted_wherever_the_variable_is_in_scope(query, bound):
    assert bound_text(query, {"x": "urn:a"}) == bound


#: A small dataset and query shapes on which a binding can mean different things (issue 18: a parameter first
#: bound in an OPTIONAL gave 167 rows embedded and 3 over an endpoint): OPTIONAL, MINUS, FILTER (NOT) EXISTS,
#: subqueries cut by LIMIT or OFFSET, projecting the variable or not, grouping, BIND, VALUES, BOUND, paths, GRAPH.
BINDING_DATA = """<urn:a> <urn:p> <urn:b1> .
<urn:a> <urn:p> <urn:b2> .
<urn:a> <urn:p> <urn:b3> .
<urn:c> <urn:p> <urn:b1> .
<urn:b1> <urn:q> <urn:x1> .
<urn:b2> <urn:q> <urn:x2> .
<urn:b3> <urn:q> <urn:x1> .
<urn:b3> <urn:q> <urn:x2> .
<urn:x1> <urn:r> <urn:a> .
<urn:x2> <urn:r> <urn:c> .
"""
BINDING_SHAPES = [
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?a ?b ?x { OPTIONAL { ?b <urn:q> ?x } ?a <urn:p> ?b }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x OPTIONAL { ?x <urn:r> ?a } } }"),
    ("b", "SELECT ?a ?b { { SELECT ?a ?b { ?a <urn:p> ?b } ORDER BY ?a ?b LIMIT 2 } }"),
    ("b", "SELECT ?a ?b { { SELECT ?a ?b { ?a <urn:p> ?b } ORDER BY ?a ?b OFFSET 1 } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b { SELECT ?b ?x { ?b <urn:q> ?x } ORDER BY ?b ?x LIMIT 2 } }"),
    ("x", "SELECT DISTINCT ?a ?x { ?a <urn:p> ?b { SELECT ?a { ?a <urn:p> ?x } } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b MINUS { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b FILTER NOT EXISTS { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b FILTER EXISTS { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b BIND(?b AS ?x) }"),
    ("x", "SELECT ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y FILTER(?y = ?x) } }"),
    ("x", "SELECT ?b ?x { ?a <urn:p> ?b . ?b <urn:q> ?x OPTIONAL { ?x <urn:r> ?y FILTER(?y = ?a) } }"),
    ("x", "SELECT ?b ?x { { ?a <urn:p> ?b } UNION { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?b ?x { { ?a <urn:p> ?b FILTER(?x = <urn:x1>) } UNION { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?b ?x { ?b <urn:q> ?x { ?a <urn:p> ?b FILTER(?x = <urn:x1>) } }"),
    ("x", "SELECT ?x (COUNT(?b) AS ?n) { ?b <urn:q> ?x } GROUP BY ?x"),
    ("a", "SELECT ?a ?n { { SELECT ?a (COUNT(?b) AS ?n) { ?a <urn:p> ?b } GROUP BY ?a } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } FILTER(!BOUND(?x)) }"),
    ("x", "SELECT ?b ?x { VALUES ?x { <urn:x1> <urn:x2> } ?b <urn:q> ?x }"),
    ("x", "SELECT ?a ?x { ?a (<urn:p>/<urn:q>)+ ?x }"),
    ("g", "SELECT ?g ?s { GRAPH ?g { ?s <urn:p> <urn:b1> } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { { ?b <urn:q> ?x } UNION { ?b <urn:q> ?y } } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { { SELECT ?b ?x { ?b <urn:q> ?x } LIMIT 1 } } }"),
    ("x", "SELECT * { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } MINUS { ?x <urn:r> <urn:c> } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b FILTER NOT EXISTS { ?b <urn:q> ?y FILTER(?y = ?x) } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y BIND(?y AS ?x) } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b { SELECT ?b (SAMPLE(?y) AS ?x) { ?b <urn:q> ?y } GROUP BY ?b } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x MINUS { ?x <urn:r> <urn:c> } } }"),
    ("x", "SELECT ?a ?x { { SELECT ?a ?x { { SELECT ?a ?x { ?a <urn:p>/<urn:q> ?x } ORDER BY ?a LIMIT 3 } } } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { SELECT ?b ?x { ?b <urn:q> ?x } ORDER BY ?x LIMIT 1 } }"),
    ("x", "SELECT ?x ?n { { SELECT ?x (COUNT(?b) AS ?n) { ?b <urn:q> ?x } GROUP BY ?x ORDER BY DESC(?n) LIMIT 1 } }"),
    ("x", "SELECT * { { SELECT * { ?b <urn:q> ?x } LIMIT 2 } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b FILTER EXISTS { { SELECT ?b ?x { ?b <urn:q> ?x } } } }"),
    ("g", "SELECT ?s ?g { GRAPH ?g { ?s <urn:p> ?o } OPTIONAL { GRAPH ?g { ?o <urn:q> ?z } } }"),
    ("x", "SELECT ?a ?b ?x { ?a <urn:p> ?b MINUS { ?b <urn:q> ?y OPTIONAL { ?y <urn:r> ?x } } }"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { { SELECT ?b ?x { ?b <urn:q> ?x } } MINUS { ?x <urn:r> <urn:a> } }}"),
    ("x", "SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y } BIND(COALESCE(?x, ?y) AS ?z) FILTER(?z = ?x) }"),
    ("x", "SELECT ?x (COUNT(*) AS ?n) { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } } GROUP BY ?x ORDER BY ?x"),
]
BINDING_VALUES = {"x": ("urn:x1", "urn:x2", "urn:zz"), "b": ("urn:b1", "urn:b3"), "a": ("urn:a",),
                  "g": ("urn:g1", "urn:g2")}


def _binding_store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(BINDING_DATA.encode(), pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode("urn:g1"))
    store.load(b"<urn:c> <urn:p> <urn:b1> .\n", pyoxigraph.RdfFormat.N_TRIPLES, to_graph=pyoxigraph.NamedNode("urn:g2"))
    return store


def _solutions(result: pyoxigraph.QuerySolutions) -> list[tuple[tuple[str, str], ...]]:
    """Each solution as its bound (variable, term) pairs, sorted: comparable across engines and column orders."""
    return sorted(tuple(sorted((v.value, solution[v].value) for v in result.variables if solution[v] is not None))
                  for solution in result)


@pytest.mark.parametrize(("name", "query"), BINDING_SHAPES, ids=[q for _, q in BINDING_SHAPES])
def test_a_binding_written_into_the_text_means_what_oxigraphs_substitution_means(name, query):
    """Over an endpoint (and on maplib) a binding is written into the query's text by ``bound_text``; embedded,
    Oxigraph substitutes it itself: the same solutions, on every shape and value, duplicates included."""
    store = _binding_store()
    for value in BINDING_VALUES[name]:
        native = store.query(query, use_default_graph_as_union=True,
                             substitutions={pyoxigraph.Variable(name): pyoxigraph.NamedNode(value)})
        written = store.query(bound_text(query, {name: value}), use_default_graph_as_union=True)
        assert _solutions(native) == _solutions(written), value  # type: ignore[arg-type]


def test_rdflib_gets_the_binding_as_oxigraph_substitutes_it():
    """rdflib's own ``initBindings`` bind a variable inside a subquery that does not project it and let a BIND
    overwrite it; the rdflib backend evaluates the substituted text instead, and answers as Oxigraph does."""
    from rdflib import Graph

    from bbao.backend import check_query
    from bbao.store import RdflibBackend

    backend = RdflibBackend(Graph().parse(data=BINDING_DATA, format="nt"))
    store = pyoxigraph.Store()
    store.load(BINDING_DATA.encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    compared = 0
    for name, query in BINDING_SHAPES:
        if "GRAPH" in query or "GROUP BY" in query:  # rdflib: no named graphs; rdflib gives one group over no solution
            continue
        try:
            check_query(query, "rdflib")
        except BBAOError:  # what bbao refuses to run on rdflib (ORDER BY in a cut subquery)
            continue
        for value in BINDING_VALUES[name]:
            native = store.query(query, substitutions={pyoxigraph.Variable(name): pyoxigraph.NamedNode(value)})
            columns, rows = backend.select(query, {name: value})
            rdflib = sorted(tuple(sorted((c, t.value) for c, t in zip(columns, row, strict=True) if t is not None))
                            for row in rows)
            assert rdflib == _solutions(native), (query, value)  # type: ignore[arg-type]
            compared += 1
    assert compared > 80
    # what initBindings got wrong: a subquery's own ?x was bound too (4 rows), and a BIND overwrote it (4 rows)
    own = "SELECT ?a ?x { ?a <urn:p> ?b { SELECT ?a { ?a <urn:p> ?x } } }"
    assert len(backend.select(own, {"x": "urn:b1"})[1]) == 10
    assert len(backend.select("SELECT ?a ?x { ?a <urn:p> ?b BIND(?b AS ?x) }", {"x": "urn:b1"})[1]) == 2


def test_every_bundled_query_gives_with_its_bindings_in_the_text_what_oxigraph_gives_with_substitutions():
    """``bound_text`` (endpoints, maplib) against Oxigraph's own substitution, on the shipped release, for every
    bundled query with its example parameters: the same rows, and each form of the text parses."""
    from bbao.query import bundled, example_bindings
    from bbao.store import load_store

    store = load_store()
    checked = 0
    for query in bundled().values():
        example = example_bindings(query)
        if not example:
            continue
        native = store.query(query.text, use_default_graph_as_union=True, substitutions={
            pyoxigraph.Variable(name): pyoxigraph.NamedNode(iri) for name, iri in example.items()})
        text = store.query(bound_text(query.text, example), use_default_graph_as_union=True)
        assert sorted(map(str, native)) == sorted(map(str, text)), query.name  # type: ignore[arg-type]
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("query", [
    "SELECT ?x { { VALUES ?x { <urn:a> <urn:b> } ?s ?p ?x } }",  # a VALUES block binds it
    "SELECT ?x { ?s ?p ?x VALUES (?x) { (<urn:a>) } }",
])
def test_a_variable_that_must_stay_a_variable_is_not_substituted(query):
    bound = bound_text(query, {"x": "urn:a"})
    assert "BIND (<urn:a> AS ?x)" not in bound and "VALUES (?x) { (<urn:a>) }" in bound
    assert pyoxigraph.Store().query(bound) is not None  # Oxigraph parses it


#: Shapes a fresh tester found (issue 18) where a binding went wrong, each against Oxigraph's substitution, which
#: is right on them: a SELECT * subquery whose ?x is only in an expression has a ?x of its own; a language tag @as
#: is no AS; a comparison `<...>` is no IRI; escaped characters in prefixed names (`:p\#q`, `:p\?x`).
TESTER_SHAPES = [
    "SELECT ?x ?y { { SELECT * { ?y <urn:p> ?z FILTER(?z != ?x) } } }",
    'SELECT ?x ?v { ?s <urn:name> "Bee"@as . ?x <urn:p> ?s { SELECT ?x ?v { ?x <urn:p> ?o . ?o <urn:q> ?v } LIMIT 1 }}',
    'SELECT ?x ?o ?v { <urn:a> <urn:p> ?o OPTIONAL { ?o <urn:q> ?v FILTER(STR(?o)<STR(?x)&&STR(?o)>"") } }',
    'PREFIX : <urn:> SELECT ?x ?o ?v { :a :p ?o OPTIONAL { ?o :q ?v FILTER(?o != :p\\#q && STR(?x) > "")\n} }',
    'PREFIX : <urn:> SELECT ?x ?o ?v { :a :p ?o OPTIONAL { ?o :q ?v FILTER(?o != :p\\#q && STR(?x) > "") } }',
    "PREFIX : <urn:> SELECT ?x ?o { :a :p ?o OPTIONAL { ?o :p\\?x ?x } }",
]
TESTER_DATA = BINDING_DATA + '<urn:s> <urn:name> "Bee"@as .\n<urn:a> <urn:p> <urn:s> .\n<urn:b1> <urn:p?x> <urn:x1> .\n'


@pytest.mark.parametrize("query", TESTER_SHAPES)
def test_scope_language_tags_comparisons_and_escapes_are_read_as_sparql_reads_them(query):
    store = pyoxigraph.Store()
    store.load(TESTER_DATA.encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    for value in ("urn:a", "urn:x1", "urn:z", "urn:b1"):
        native = store.query(query, substitutions={pyoxigraph.Variable("x"): pyoxigraph.NamedNode(value)})
        written = store.query(bound_text(query, {"x": value}))
        assert _solutions(native) == _solutions(written), value  # type: ignore[arg-type]


def test_a_parameter_read_only_in_an_expression_is_bound_there_on_every_engine():
    """The optional-parameter idiom ``FILTER(!BOUND(?x) || ?c = ?x)``: bound, the parameter restricts the answer on
    every engine (Oxigraph's own substitutions left BOUND(?x) false there and answered every row, issue 18)."""
    from rdflib import Graph

    from bbao.store import OxigraphBackend, RdflibBackend

    store = pyoxigraph.Store()
    store.load(BINDING_DATA.encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=BINDING_DATA, format="nt")
    idiom = "SELECT ?x ?c { ?c <urn:p> ?o FILTER(!BOUND(?x) || ?c = ?x) }"
    copy = "SELECT ?x ?w { <urn:a> <urn:p> <urn:b1> BIND(?x AS ?w) }"
    for backend in (OxigraphBackend(store), RdflibBackend(graph)):
        assert sorted(str(row[1]) for row in backend.select(idiom, {"x": "urn:c"})[1]) == ["<urn:c>"]
        assert len(backend.select(idiom, {})[1]) == 4
        assert backend.select(copy, {"x": "urn:c"})[1] == [[pyoxigraph.NamedNode("urn:c")] * 2]
    assert _solutions(store.query(bound_text(idiom, {"x": "urn:c"}))) == [(("c", "urn:c"), ("x", "urn:c"))]
