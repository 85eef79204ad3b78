"""Comparisons with the verified reference in ../shared (skipped, with a message, where it is absent)."""

from __future__ import annotations

import csv
import filecmp

from rdflib import URIRef
from rdflib.namespace import RDFS

from bbao import paths
from bbao.imports import refresh_imports
from bbao.source import load_source, normalize_text


def test_every_external_iri_has_its_verified_label(graph, reference):
    with (reference / "terms.tsv").open(encoding="utf-8", newline="") as handle:
        verified = {row["iri"]: row["label"] for row in csv.DictReader(handle, delimiter="\t")}
    checked = 0
    for iri, label in verified.items():
        labels = {str(x) for x in graph.objects(URIRef(iri), RDFS.label)}
        if labels:
            assert labels == {label}, f"{iri}: {labels} != {label!r}"
            checked += 1
    assert checked >= 100


def test_every_public_identifier_used_is_verified(reference):
    """Each CURIE of the curated source is in terms.tsv, a fragment or the RO/BFO subset, or in the source's
    verified-terms.tsv (terms confirmed in a public OBO repository's release or import file, named there)."""
    from bbao.imports import VERIFIED_TERMS, read_verified_terms

    known = (reference / "terms.tsv").read_text(encoding="utf-8")
    known += "".join(p.read_text(encoding="utf-8") for p in reference.rglob("*.ttl"))
    source = load_source(paths.source_dir())
    problems: list = []
    verified = read_verified_terms(paths.source_dir() / VERIFIED_TERMS, problems)
    assert problems == []
    for curie in sorted(source.used_curies()):
        prefix, local = curie.split(":", 1)
        if prefix in ("BBAO", "BBAC", "BBAM") or curie in verified:
            continue
        assert curie in known or f"{prefix}_{local}" in known or f"/{prefix.lower()}/{local}" in known, curie


def test_terms_verified_outside_the_reference_name_their_file_and_commit_and_keep_their_label(graph):
    """verified-terms.tsv: each row names the repository file and the 40-hex commit its label was read in, is used
    by the source, and reaches the release with exactly that label (the PR proteins the reference lacks)."""
    import re

    from bbao.imports import VERIFIED_TERMS, read_verified_terms
    from bbao.prefixes import expand

    problems: list = []
    verified = read_verified_terms(paths.source_dir() / VERIFIED_TERMS, problems)
    assert problems == [] and {"PR:000030444", "PR:000007493", "PR:000001175", "PR:000001177"} <= set(verified)
    used = load_source(paths.source_dir()).used_curies()
    for curie, term in verified.items():
        assert re.search(r"\b[0-9a-f]{40}\b", term.source) and "/" in term.source, term
        assert curie in used, f"{curie} is verified but not used"
        assert {str(x) for x in graph.objects(URIRef(expand(curie)), RDFS.label)} == {term.label}


def test_every_excerpt_is_verbatim_in_the_review(review_text):
    haystack = normalize_text(review_text)
    for claim in load_source(paths.source_dir()).claims:
        assert normalize_text(claim.excerpt) in haystack, (claim.id, claim.excerpt)


def test_shipped_review_copy_is_the_review(review_text):
    assert (paths.source_dir() / "review.txt").read_text(encoding="utf-8") == review_text


def test_import_modules_are_up_to_date_with_the_reference(reference, tmp_path):
    source = load_source(paths.source_dir())
    refresh_imports(source, reference, tmp_path)
    shipped = sorted(p.name for p in paths.imports_dir().glob("*_import.ttl"))
    assert sorted(p.name for p in tmp_path.glob("*_import.ttl")) == shipped
    for name in shipped:
        assert filecmp.cmp(tmp_path / name, paths.imports_dir() / name, shallow=False), f"{name}: run `bbao imports`"
