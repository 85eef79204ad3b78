"""The bundled queries, `bbao query --endpoint` and `bbao load` against a real Virtuoso (Debian's
virtuoso-opensource, 7.2), started on 127.0.0.1 at free ports with an ini of its own, loaded as the README's
"Bulk loading" section says, and always stopped. Without `virtuoso-t` the module skips, except under CI
(.ci/run installs it), where it fails."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bbao.artifacts import NAMED_GRAPHS, graph_iri
from bbao.cli import main
from bbao.paths import project_root
from bbao.query import bundled, expected_runs, read_expected, run
from bbao.store import EndpointBackend
from bbao.tables import read_tsv
from programs import program
from servers import stop, wait_until_up
from test_load import free_port, local_sizes

#: Every run; Virtuoso 7.2.5 answers each right. brain-to-bone-paths did not (issue 18): 48 rows for 49 without
#: ?start, a 3-step path back to its start despite the FILTER that its nodes differ, and two paths missing, until
#: that FILTER moved inside the path subqueries and the last node's bone check into a subquery of its own.
RUNS = [(query, path) for query in bundled().values() for path in expected_runs(query)]
README = project_root() / "README.md"
#: The Virtuoso section of the README's "Bulk loading" list: its isql script.
LOAD_SCRIPT = re.compile(r"Virtuoso.*?```sql\n(.*?)```", re.S)
LD_DIR = re.compile(r"ld_dir\('([^']*)', '([^']*)', '([^']*)'\);")
#: What the fixture adds to a fresh database: the Graph Store endpoint's user (dba) may update the store.
GRANTS = "GRANT SPARQL_UPDATE TO \"dba\";\n"
STALE = "<urn:bbao:test:stale> <urn:bbao:test:p> <urn:bbao:test:o>"
INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
DirsAllowed        = ., {ontology}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
CheckpointInterval = 0
ThreadsPerQuery    = 1

[HTTPServer]
ServerPort         = 127.0.0.1:{http}
ServerThreads      = 4

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 120
"""


def readme_script() -> str:
    """The isql script of the README's Virtuoso section."""
    found = LOAD_SCRIPT.search(README.read_text(encoding="utf-8").split("Bulk loading", 1)[1])
    assert found, "README.md has no Virtuoso isql script under 'Bulk loading'"
    return found.group(1)


def isql(command: str, port: int, script: str, folder: Path) -> str:
    """Run ``script`` in isql as dba; fails the test on an error."""
    path = folder / "script.sql"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run([command, f"127.0.0.1:{port}", "dba", "dba", str(path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Base URL of a fresh Virtuoso holding BBAO's named graphs, loaded with the README's isql script;
    yields (base URL, SQL port, isql command, scratch folder)."""
    server_command = program("virtuoso-t", "virtuoso-opensource")
    isql_command = program("isql-vt", "virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    ontology = NAMED_GRAPHS["ontology"].path().parent
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(db=folder, sql=sql, http=http, ontology=ontology), encoding="utf-8")
    base = f"http://127.0.0.1:{http}"
    server = subprocess.Popen([server_command, "+configfile", str(ini), "+foreground"], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        log = folder / "virtuoso.log"
        wait_until_up(base + "/sparql", server, "virtuoso-t",
                      lambda: log.read_text(errors="replace") if log.exists() else "", seconds=60)
        isql(isql_command, sql, readme_script().replace("/path/to/ontology", str(ontology)) + GRANTS, folder)
        yield base, sql, isql_command, folder
    finally:
        stop(server, seconds=30)


def test_the_readme_loads_what_bbao_load_loads():
    loaded = [(Path(file).name, graph) for _, file, graph in LD_DIR.findall(readme_script())]
    assert loaded == [(artifact.path().name, graph_iri(name)) for name, artifact in NAMED_GRAPHS.items()]


def graph_sizes(base: str) -> dict[str, int]:
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "
             "'https://w3id.org/bbao/graph/')) } GROUP BY ?g")
    _, rows = EndpointBackend(base + "/sparql", graphs=()).select(query, {})
    return {g.value: int(n.value) for g, n in rows}  # type: ignore[union-attr]


def test_the_bulk_load_holds_every_triple_once(virtuoso):
    base, *_ = virtuoso
    assert graph_sizes(base) == local_sizes()


@pytest.mark.parametrize(("query", "path"), RUNS, ids=[path.stem for _, path in RUNS])
def test_every_query_through_the_command_line_gives_the_expected_rows(virtuoso, capsys, query, path):
    base, *_ = virtuoso
    params = [f"--param={p.name}={p.example}" for p in query.parameters] if path.stem.endswith(".example") else []
    assert main(["query", query.name, "--endpoint", base + "/sparql", "--format", "tsv", *params]) == 0
    assert read_tsv(capsys.readouterr().out) == read_expected(path)


def test_a_parameter_bound_inside_a_subquery_gives_one_process(virtuoso, capsys):
    base, *_ = virtuoso
    argv = ["query", "opposite-regulators", "--endpoint", base + "/sparql", "--param", "process=GO:0001649",
            "--format", "tsv"]
    assert main(argv) == 0
    processes = {row[0] for row in read_tsv(capsys.readouterr().out)[1]}
    assert processes == {"GO:0001649"}


#: The runs of tests/test_backend.py's binding shapes on which Virtuoso 7.2.5 answers the text ``bound_text`` writes
#: otherwise than Oxigraph answers the same text (which is Oxigraph's own substitution there): Virtuoso's defects,
#: each seen on this text, not what a binding means. (shape, value) -> what Virtuoso does.
VIRTUOSO_DIFFERS = {
    ("SELECT ?a ?b ?x { OPTIONAL { ?b <urn:q> ?x } ?a <urn:p> ?b }", "urn:zz"):
        "an OPTIONAL first in its group that matches nothing empties the group",
    ("SELECT ?a ?x { ?a <urn:p> ?b BIND(?b AS ?x) }", "urn:x1"): "a trailing VALUES does not restrict a BIND",
    ("SELECT ?a ?x { ?a <urn:p> ?b BIND(?b AS ?x) }", "urn:x2"): "a trailing VALUES does not restrict a BIND",
    ("SELECT ?a ?x { ?a <urn:p> ?b BIND(?b AS ?x) }", "urn:zz"): "a trailing VALUES does not restrict a BIND",
    ("SELECT ?a ?x { ?a (<urn:p>/<urn:q>)+ ?x }", "urn:x1"): "a path with + gives each pair once per route",
    ("SELECT ?a ?x { ?a (<urn:p>/<urn:q>)+ ?x }", "urn:x2"): "a path with + gives each pair once per route",
    ("SELECT ?a ?b ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?x } MINUS { ?x <urn:r> <urn:c> } }", "urn:x2"):
        "MINUS ignores a variable that a BIND gives both sides",
    ("SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y BIND(?y AS ?x) } }", "urn:x1"):
        "a trailing VALUES does not restrict a BIND",
    ("SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y BIND(?y AS ?x) } }", "urn:x2"):
        "a trailing VALUES does not restrict a BIND",
    ("SELECT ?a ?x { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?y BIND(?y AS ?x) } }", "urn:zz"):
        "a trailing VALUES does not restrict a BIND",
}


def test_a_binding_over_virtuoso_means_what_it_means_embedded_but_where_virtuoso_errs(virtuoso):
    """Each binding shape of tests/test_backend.py, bound over Virtuoso's endpoint, gives Oxigraph's substitution's
    solutions, except the runs of :data:`VIRTUOSO_DIFFERS`, which still differ (so that a fix in bbao or in
    Virtuoso is seen). GRAPH shapes are left out: the endpoint reads the two graphs as its default graph."""
    import pyoxigraph

    from test_backend import BINDING_DATA, BINDING_SHAPES, BINDING_VALUES, _binding_store, _solutions

    base, sql, isql_command, folder = virtuoso
    isql(isql_command, sql, f"SPARQL INSERT DATA {{ GRAPH <urn:g1> {{ {BINDING_DATA} }} }};\n"
                            "SPARQL INSERT DATA { GRAPH <urn:g2> { <urn:c> <urn:p> <urn:b1> . } };\n", folder)
    endpoint = EndpointBackend(base + "/sparql", graphs=("urn:g1", "urn:g2"))
    store = _binding_store()
    differ, runs = set(), 0
    for name, query in BINDING_SHAPES:
        if "GRAPH" in query:
            continue
        for value in BINDING_VALUES[name]:
            native = _solutions(store.query(query, use_default_graph_as_union=True, substitutions={
                pyoxigraph.Variable(name): pyoxigraph.NamedNode(value)}))  # type: ignore[arg-type]
            columns, rows = endpoint.select(query, {name: value})
            answer = sorted(tuple(sorted((c, t.value) for c, t in zip(columns, row, strict=True) if t is not None))
                            for row in rows)
            runs += 1
            if answer != native:
                differ.add((query, value))
    assert runs == 110
    assert differ == set(VIRTUOSO_DIFFERS)


def test_graph_queries_see_the_same_named_graphs_on_virtuoso_as_embedded(virtuoso):
    from bbao.store import OxigraphBackend, load_store
    from test_load import GRAPHS_QUERY

    base, *_ = virtuoso
    columns, rows = EndpointBackend(base + "/sparql").select(GRAPHS_QUERY, {})
    embedded = OxigraphBackend(load_store()).select(GRAPHS_QUERY, {})
    assert (columns, [[str(t) for t in row] for row in rows]) == (embedded[0], [[str(t) for t in row]
                                                                                for row in embedded[1]])


def test_bbao_load_with_digest_authentication_replaces_the_graphs(virtuoso, monkeypatch, tmp_path, capsys):
    base, sql, isql_command, folder = virtuoso
    isql(isql_command, sql, f"SPARQL INSERT DATA {{ GRAPH <{graph_iri('ontology')}> {{ {STALE} }} }};\n", folder)
    assert graph_sizes(base)[graph_iri("ontology")] == local_sizes()[graph_iri("ontology")] + 1
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.delenv("BBAO_USER", raising=False)
    monkeypatch.setenv("BBAO_PASSWORD", "dba")
    assert main(["load", "--endpoint", base + "/sparql-graph-crud-auth", "--user", "dba"]) == 0
    out = capsys.readouterr().out
    assert f"{len(NAMED_GRAPHS)} named graphs replaced" in out
    assert graph_sizes(base) == local_sizes()  # replaced: the stale triple is gone, nothing doubled
    backend = EndpointBackend(base + "/sparql")
    for query, path in RUNS:
        assert run(query, backend, expected_runs(query)[path]) == read_expected(path), path.name


def test_a_wrong_password_exits_2_and_is_never_printed(virtuoso, monkeypatch, tmp_path, capsys):
    base, *_ = virtuoso
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("BBAO_USER", "dba")
    monkeypatch.setenv("BBAO_PASSWORD", "not-the-Password-7")
    assert main(["load", "--endpoint", base + "/sparql-graph-crud-auth"]) == 2
    captured = capsys.readouterr()
    assert "HTTP 401" in captured.err and "Traceback" not in captured.err
    assert "not-the-Password-7" not in captured.out + captured.err
    assert graph_sizes(base) == local_sizes()
