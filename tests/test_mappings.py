"""The SSSOM mapping set: valid SSSOM, complete, and generated from the same rows as the ontology."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from bbao import paths
from bbao.artifacts import ARTIFACT
from bbao.build import build
from bbao.mappings import CONFIDENCE, JUSTIFICATION, collect, metadata, render_sssom
from bbao.prefixes import PREFIX_MAP, compress, expand
from bbao.source import load_source

SKOS = "http://www.w3.org/2004/02/skos/core#"
MAPPINGS = ARTIFACT["bbao.sssom.tsv"]
SHIPPED = MAPPINGS.path()


def table(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """The metadata lines and the rows of an SSSOM/TSV file."""
    lines = data.decode("utf-8").splitlines()
    meta = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    return meta, rows


def test_sssom_parses_and_validates_with_the_sssom_package():
    from sssom.parsers import parse_sssom_table  # a dev dependency; slow to import
    from sssom.validators import validate

    msdf = parse_sssom_table(SHIPPED)
    reports = validate(msdf, fail_on_error=False)
    assert reports and all(not report.results for report in reports.values()), reports
    meta = msdf.metadata
    source = load_source(paths.source_dir())
    assert meta["mapping_set_version"] == source.ontology["version"]
    assert meta["license"] == source.ontology["license"]
    assert meta["creator_label"] == list(source.ontology["creators"])
    assert meta["creator_id"] == ["bbao:bbao.owl"]
    assert len(msdf.df) == len(table(SHIPPED.read_bytes())[1]) > 0
    assert set(msdf.df["mapping_justification"]) == {"semapv:ManualMappingCuration"}


def test_every_minted_class_is_mapped_with_its_curated_predicates():
    source = load_source(paths.source_dir())
    _, rows = table(SHIPPED.read_bytes())
    mapped = {r["subject_id"] for r in rows}
    classes = {t.id for t in source.terms if t.type == "class"}
    assert classes <= mapped
    curated = {(t.id, p, o) for t in source.terms if t.type != "external" for p, o in t.mappings}
    assert {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows} == curated
    for r in rows:
        assert r["mapping_justification"] == JUSTIFICATION == "semapv:ManualMappingCuration"
        assert float(r["confidence"]) == CONFIDENCE[r["predicate_id"]]
        assert r["predicate_id"].startswith("skos:")


def test_rows_agree_with_the_ontologys_skos_triples_and_labels(graph):
    _, rows = table(SHIPPED.read_bytes())
    in_ontology = {
        (compress(str(s)), "skos:" + str(p).removeprefix(SKOS), compress(str(o)))
        for s, p, o in graph
        if str(p).startswith(SKOS) and str(s).startswith("https://w3id.org/bbao/BBAO_")
    }
    assert {(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows} == in_ontology
    for r in rows:
        assert r["subject_label"] == str(graph.value(URIRef(expand(r["subject_id"])), RDFS.label))
        assert r["object_label"] == str(graph.value(URIRef(expand(r["object_id"])), RDFS.label))
    assert ("BBAO:0000012", "skos:broadMatch", "GO:1990523") in in_ontology  # fracture healing -> bone regeneration


def test_curie_map_is_the_one_prefix_map():
    meta, rows = table(SHIPPED.read_bytes())
    entries = {}
    for line in meta:
        if line.startswith("#  ") and ": " in line and not line.startswith("#  -"):
            key, value = line[3:].split(": ", 1)
            entries[key] = value.strip('"')
    used = {c.split(":", 1)[0] for r in rows for c in (r["subject_id"], r["object_id"])}
    assert used and all(entries[p] == PREFIX_MAP[p] for p in used)
    assert entries["semapv"] == "https://w3id.org/semapv/vocab/"
    assert entries["skos"] == SKOS


def test_render_is_deterministic_and_sorted(graph):
    source = load_source(paths.source_dir())
    first, second = render_sssom(source, graph), render_sssom(source, graph)
    assert first == second == SHIPPED.read_bytes()
    rows = collect(source, graph)
    assert rows == sorted(rows)


def test_a_curated_mapping_change_reaches_ontology_and_mapping_set(source_copy, tmp_path):
    terms = source_copy / "terms.tsv"
    text = terms.read_text(encoding="utf-8")
    assert "skos:broadMatch GO:1990523" in text
    terms.write_text(text.replace("skos:broadMatch GO:1990523", "skos:closeMatch GO:1990523"), encoding="utf-8")
    out = tmp_path / "release" / "ontology"
    _, files, _ = build(source_copy, out, write=False, validate=False, fresh_prefixes=False)
    _, rows = table(files[out.parent / MAPPINGS.folder / MAPPINGS.file])
    row = next(r for r in rows if r["subject_id"] == "BBAO:0000012")
    assert (row["predicate_id"], row["object_id"], row["confidence"]) == ("skos:closeMatch", "GO:1990523", "0.9")
    ontology = Graph().parse(data=files[out / "bbao.nt"], format="nt")
    assert (URIRef(expand("BBAO:0000012")), URIRef(SKOS + "closeMatch"), URIRef(expand("GO:1990523"))) in ontology


def test_the_mapping_set_iri_is_the_mappings_product_beside_the_ontology():
    source = load_source(paths.source_dir())
    meta = metadata(source, collect(source, Graph()))
    assert meta["mapping_set_id"] == "https://w3id.org/bbao/bbao.sssom.tsv"
    assert meta["creator_id"] == ["bbao:bbao.owl"] and meta["creator_label"] == source.creators
    source.ontology = {**source.ontology, "iri": "https://example.org/bbao.owl"}
    with pytest.raises(ValueError, match=r"outside https://w3id\.org/bbao/"):
        metadata(source, [])
