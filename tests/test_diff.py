"""bbao diff: terms and claims added, removed and changed, between files and between git revisions."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from bbao import paths
from bbao.build import build
from bbao.cli import main
from bbao.diff import TSV_COLUMNS, claims, diff, format_report, format_tsv, read_release
from bbao.errors import BBAOError
from bbao.model import CLAIM_CLASS, FIELD_PROPERTY, iri
from bbao.source import CLAIM_COLUMNS

SHIPPED = paths.ontology_dir() / "bbao.nt"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_release(tmp_path_factory) -> bytes:
    """bbao.nt built from a source with one definition changed, one claim removed, one added, one edited."""
    root = tmp_path_factory.mktemp("release")
    src = root / "ontology" / "src"
    shutil.copytree(paths.source_dir(), src)
    shutil.copytree(paths.imports_dir(), root / "ontology" / "imports")
    terms, claims = src / "terms.tsv", src / "claims.tsv"
    term = next(line for line in terms.read_text(encoding="utf-8").splitlines() if line.startswith("BBAO:0000012\t"))
    definition = term.split("\t")[4]
    edit(terms, definition, definition + " Changed for the test.")
    rows = claims.read_text(encoding="utf-8").splitlines()
    removed = next(r for r in rows if r.startswith("BBAC:0000030\t"))
    added = removed.replace("BBAC:0000030\t", "BBAC:0000999\t", 1)
    edited = next(r for r in rows if r.startswith("BBAC:0000009\t"))
    cells = edited.split("\t")
    cells[CLAIM_COLUMNS.index("comment")] = "A comment added for the test."
    rows = [added if r == removed else "\t".join(cells) if r == edited else r for r in rows]
    claims.write_text("\n".join(rows) + "\n", encoding="utf-8")
    coverage = src / "coverage.tsv"  # the new claim encodes the statement the removed one did
    coverage.write_text(coverage.read_text(encoding="utf-8").replace("BBAC:0000030", "BBAC:0000999"), encoding="utf-8")
    out = root / "ontology" / "out"
    _, files, _ = build(src, out, write=False, validate=False)
    return files[out / "bbao.nt"]


def test_the_same_release_has_no_changes(graph):
    assert diff(graph, graph) == []
    assert "terms: 0 added, 0 removed, 0 changed" in format_report([], "a", "b")


def test_changes_are_found_field_by_field(graph, changed_release):
    new = Graph().parse(data=changed_release, format="nt")
    changes = diff(graph, new)
    by_id = {(c.kind, c.id, c.change, c.field): c for c in changes}
    definition = by_id[("term", "BBAO:0000012", "changed", "definition")]
    assert definition.new == definition.old + " Changed for the test." and definition.label == "fracture healing"
    assert ("claim", "BBAC:0000030", "removed", "") in by_id
    assert ("claim", "BBAC:0000999", "added", "") in by_id
    comment = by_id[("claim", "BBAC:0000009", "changed", "rdfs:comment")]
    assert comment.new == "A comment added for the test."
    assert {c.id for c in changes} == {"BBAO:0000012", "BBAC:0000030", "BBAC:0000999", "BBAC:0000009"}


def test_report_and_tsv(graph, changed_release):
    changes = diff(graph, Graph().parse(data=changed_release, format="nt"))
    report = format_report(changes, "old", "new")
    assert "terms: 0 added, 0 removed, 1 changed" in report
    assert "claims: 1 added, 1 removed, 1 changed" in report
    assert "  + BBAC:0000999 " in report and "  - BBAC:0000030 " in report and "      definition: " in report
    rows = list(csv.DictReader(io.StringIO(format_tsv(changes)), delimiter="\t"))
    assert len(rows) == len(changes)
    added = rows[[r["id"] for r in rows].index("BBAC:0000999")]
    assert {"kind": "claim", "change": "added", "id": "BBAC:0000999"}.items() <= added.items()


def test_cli_compares_two_files_and_writes_tsv(tmp_path, changed_release, capsys):
    new = tmp_path / "new.nt"
    new.write_bytes(changed_release)
    tsv = tmp_path / "changes.tsv"
    assert main(["diff", str(SHIPPED), str(new), "--tsv", str(tsv)]) == 0
    assert "claims: 1 added, 1 removed, 1 changed" in capsys.readouterr().out
    assert tsv.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(TSV_COLUMNS)
    assert TSV_COLUMNS == ("kind", "change", "id", "label", "field", "old", "new")


def test_reads_turtle_and_rdfxml_releases_alike(graph):
    ttl = read_release(str(paths.ontology_dir() / "bbao.ttl"))
    owl = read_release(str(paths.ontology_dir() / "bbao.owl"))
    assert diff(graph, ttl) == [] and diff(graph, owl) == []


@needs_git
def test_git_revisions_are_read_from_their_ontology_nt(tmp_path, changed_release):
    repo = tmp_path / "repo"
    (repo / "ontology").mkdir(parents=True)
    git = ["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    for content in (SHIPPED.read_bytes(), changed_release):
        (repo / "ontology" / "bbao.nt").write_bytes(content)
        subprocess.run([*git, "add", "ontology/bbao.nt"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "release"], check=True)
    changes = diff(read_release("HEAD~1", repo), read_release("HEAD", repo))
    assert {c.id for c in changes} == {"BBAO:0000012", "BBAC:0000030", "BBAC:0000999", "BBAC:0000009"}


@needs_git
def test_an_unknown_revision_exits_2(capsys):
    assert main(["diff", "no-such-revision-xyz", str(SHIPPED)]) == 2
    assert "neither a file nor a git revision" in capsys.readouterr().err


def test_an_option_like_revision_never_reaches_git(tmp_path):
    with pytest.raises(BBAOError, match="neither a file nor a git revision"):
        read_release(f"--output={tmp_path / 'x'}")
    assert not (tmp_path / "x").exists()


def lab_graph(site: str, note: str | None = None) -> Graph:
    """One claim of a lab built by hand (real BBAC, ChEBI, RO and GO IRIs), with a site and an optional note."""
    g = Graph()
    node = iri("BBAC:0000901")
    g.add((node, RDF.type, CLAIM_CLASS))
    g.add((node, RDFS.label, Literal("noradrenaline inhibits osteoblast differentiation")))
    g.add((node, FIELD_PROPERTY["subject"], iri("CHEBI:33569")))
    g.add((node, FIELD_PROPERTY["relation"], iri("RO:0002597")))
    g.add((node, FIELD_PROPERTY["object"], iri("GO:0001649")))
    g.add((node, FIELD_PROPERTY["site"], Literal(site)))
    if note is not None:
        g.add((node, URIRef("https://lab.example.org/note"), Literal(note)))
    return g


def test_claims_of_a_hand_built_graph_are_compared_statement_by_statement():
    old, new = lab_graph("peripheral"), lab_graph("central", note="seen twice")
    assert claims(old) == {"BBAC:0000901": {
        "label": ("noradrenaline inhibits osteoblast differentiation",), "subject": ("CHEBI:33569",),
        "relation": ("RO:0002597",), "object": ("GO:0001649",), "site": ("peripheral",)}}
    changes = diff(old, new)
    assert [(c.id, c.change, c.field, c.old, c.new) for c in changes] == [
        ("BBAC:0000901", "changed", "https://lab.example.org/note", "", "seen twice"),
        ("BBAC:0000901", "changed", "site", "peripheral", "central"),
    ]


def test_a_file_of_no_rdf_syntax_is_refused(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(SHIPPED.read_bytes())
    with pytest.raises(BBAOError, match=r"cannot tell the RDF syntax of 'release\.txt'"):
        read_release(str(path))


# ---------------------------------------------------------------- releases through the one reader (issue 17)

def test_a_jsonld_release_with_a_remote_context_is_refused_without_opening_a_socket(tmp_path, capsys, no_network):
    # rdflib fetched the @context, and waited forever on a host that did not answer
    release = tmp_path / "release.jsonld"
    release.write_text('{"@context": "https://w3id.org/bbao/bbao.context.jsonld",\n'
                       ' "@id": "BBAO:0000012", "rdfs:label": "fracture healing"}\n', encoding="utf-8")
    assert main(["diff", str(SHIPPED), str(release)]) == 2
    assert "release.jsonld:1: the JSON-LD @context 'https://w3id.org/bbao/bbao.context.jsonld' is a reference, " \
           "not fetched" in capsys.readouterr().err


def test_the_jsonld_release_is_the_same_release(graph):
    assert diff(graph, read_release(str(paths.ontology_dir() / "bbao.jsonld"))) == []


@needs_git
def test_a_revision_is_read_strictly_too(tmp_path):
    repo = tmp_path / "repo"
    (repo / "ontology").mkdir(parents=True)
    git = ["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (repo / "ontology" / "bbao.nt").write_text(
        "<http://purl.obolibrary.org/obo/CHEBI_33569> <http://purl.obolibrary.org/obo/RO_0002597> <GO:0001649> .\n",
        encoding="utf-8")
    subprocess.run([*git, "add", "ontology/bbao.nt"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "release"], check=True)
    with pytest.raises(BBAOError, match=r"HEAD:ontology/bbao\.nt:1: CURIE used as an IRI: 'GO:0001649'"):
        read_release("HEAD", repo)
